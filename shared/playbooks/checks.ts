// Pure pass/fail decisions over probe output. No I/O, no clock: the caller stamps the time.
import { syncToolProfile } from '../domain/sync-tools';
import type { ProbeOutput } from './probes';
import type { CheckId, Evidence, ProbeId, Verdict } from './types';
import { gapClear, gapSnapshotTaken, outOfScope, PATH_CHECKS, pathStepInScope, syncAccountInUsers, UPGRADE_CHECKS } from './upgrade/checks';
import type { UpgradeCheckId, UpgradePathId } from './types';

export type CheckResult = Omit<Verdict, 'checkedAt'>;

interface CheckDef<P extends ProbeId> {
  probe: P;
  run(output: ProbeOutput<P>): CheckResult;
}

/** One check for one probe, stored type-erased: the handler feeds each check its own probe's output. */
function check<P extends ProbeId>(probe: P, run: (output: ProbeOutput<P>) => CheckResult): CheckDef<ProbeId> {
  return { probe, run } as unknown as CheckDef<ProbeId>;
}

function serviceEvidence(o: ProbeOutput<'sync-service'>): Evidence[] {
  const tool = syncToolProfile(o.generation)?.label ?? 'none';
  const ev: Evidence[] = [{ label: 'Sync tool found', value: tool, source: 'installed programs and services' }];
  if (o.expected) {
    ev.push({ label: 'Service looked for', value: `${o.expected.displayName} (${o.expected.name})`, source: null });
  }
  if (o.service) {
    const src = `service ${o.service.name}`;
    ev.push({ label: 'State', value: o.service.state, source: src });
    ev.push({ label: 'Start type', value: o.service.startType, source: src });
    ev.push({ label: 'Logs on as', value: o.service.logonAccount, source: src });
  }
  for (const e of o.logonFailures.slice(0, 3)) {
    ev.push({ label: `Event ${e.id} (${e.source})`, value: `${e.timeCreated}: ${e.message}`, source: `${e.log} event log` });
  }
  return ev;
}

export const CHECKS: { [C in CheckId]: CheckDef<ProbeId> } = {
  'sync-service-running': check('sync-service', (o) => {
    const evidence = serviceEvidence(o);
    if (o.generation === 'none' || !o.expected) {
      return { status: 'not-applicable', summary: 'No directory sync tool is installed on this server.', evidence };
    }
    if (!o.service) {
      return {
        status: 'fail',
        summary: `The ${o.expected.displayName} service is not installed.`,
        evidence,
      };
    }
    if (o.service.state === 'running') {
      return { status: 'pass', summary: `${o.service.displayName} is running.`, evidence };
    }
    return {
      status: 'fail',
      summary: `${o.service.displayName} is ${o.service.state}: nothing syncs while it is not running.`,
      evidence,
    };
  }),
  ...upgradeChecks(),
};

/** The upgrade playbooks' checks, once per path: outside the active path a step is not-applicable. */
function upgradeChecks(): Record<UpgradeCheckId, CheckDef<ProbeId>> {
  const paths: UpgradePathId[] = ['in-place', 'uninstall-reinstall', 'parallel'];
  const out: Partial<Record<UpgradeCheckId, CheckDef<ProbeId>>> = {};
  for (const path of paths) {
    out[`upgrade-path@${path}`] = check('dirsync-upgrade', (o) => pathStepInScope(o.scope, path, () => PATH_CHECKS[path](o)));
    for (const [id, run] of Object.entries(UPGRADE_CHECKS)) {
      out[`${id as keyof typeof UPGRADE_CHECKS}@${path}`] = check('dirsync-upgrade', (o) => outOfScope(o.scope, path) ?? run(o));
    }
    out[`sync-account-in-users@${path}`] = check('sync-account', (o) => outOfScope(o.scope, path) ?? syncAccountInUsers(o));
    out[`gap-snapshot-taken@${path}`] = check('deletion-gap', (o) => outOfScope(o.scope, path) ?? gapSnapshotTaken(o));
    out[`gap-deletions-handled@${path}`] = check('deletion-gap', (o) => outOfScope(o.scope, path) ?? gapClear(o));
  }
  return out as Record<UpgradeCheckId, CheckDef<ProbeId>>;
}
