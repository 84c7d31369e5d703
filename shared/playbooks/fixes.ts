// Pure fix planning: from probe output to the exact list of changes a fix would make.
// The main process executes the named action; the plan is what the admin confirms.
import type { ProbeOutput } from './probes';
import type { FixId, PlannedChange, ProbeId } from './types';
import { planGapCleanup, planGapSnapshot, planSyncAccountFix, UPGRADE_FIXES } from './upgrade/fixes';

export type FixPlanDraft = Pick<PlannedChange, 'actionId' | 'title' | 'changes' | 'destructive' | 'reversible' | 'input' | 'warnings'> & {
  /** What the executor needs: validated again by the main process before it acts. */
  args: Record<string, string>;
};

interface FixDef<P extends ProbeId> {
  probe: P;
  /** null when there is nothing to change (the check already passes or the fix does not apply). */
  plan(output: ProbeOutput<P>): FixPlanDraft | null;
}

/** One fix for one probe, stored type-erased: the handler feeds each plan its own probe's output. */
function fix<P extends ProbeId>(probe: P, plan: (output: ProbeOutput<P>) => FixPlanDraft | null): FixDef<ProbeId> {
  return { probe, plan } as unknown as FixDef<ProbeId>;
}

export const FIXES: { [F in FixId]: FixDef<ProbeId> } = {
  ...(Object.fromEntries(
    Object.entries(UPGRADE_FIXES).map(([id, plan]) => [id, fix('dirsync-upgrade', plan)]),
  ) as Record<keyof typeof UPGRADE_FIXES, FixDef<ProbeId>>),
  'fix-sync-account': fix('sync-account', planSyncAccountFix),
  'take-gap-snapshot': fix('deletion-gap', planGapSnapshot),
  'record-cloud-cleanup': fix('deletion-gap', planGapCleanup),
  'start-sync-service': fix('sync-service', (o) => {
    if (!o.service || o.service.state === 'running') return null;
    return {
      actionId: 'service.start',
      title: `Start ${o.service.displayName}`,
      changes: [
        {
          target: `Service ${o.service.name} (${o.service.displayName})`,
          property: 'state',
          from: o.service.state,
          to: 'running',
        },
      ],
      destructive: false,
      reversible: true,
      args: { service: o.service.name },
    };
  }),
};
