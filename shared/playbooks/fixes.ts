// Pure fix planning: from probe output to the exact list of changes a fix would make.
// The main process executes the named action; the plan is what the admin confirms.
import type { ProbeOutput } from './probes';
import type { FixId, PlannedChange, ProbeId } from './types';

export type FixPlanDraft = Pick<PlannedChange, 'actionId' | 'title' | 'changes' | 'destructive' | 'reversible' | 'input' | 'warnings'> & {
  /** What the executor needs: validated again by the main process before it acts. */
  args: Record<string, string>;
};

interface FixDef<P extends ProbeId> {
  probe: P;
  /** null when there is nothing to change (the check already passes or the fix does not apply). */
  plan(output: ProbeOutput<P>): FixPlanDraft | null;
}

export const FIXES: { [F in FixId]: FixDef<ProbeId> } = {
  'start-sync-service': {
    probe: 'sync-service',
    plan(o) {
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
    },
  },
};
