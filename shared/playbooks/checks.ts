// The check registry: each CheckId names its probe and a pure decision over that probe's output.
// No I/O, no clock: the caller stamps the time.
import {
  checkCloudAccount,
  checkEndpoint,
  checkScheduler,
  checkServicesRunning,
  checkDeletionThreshold,
  checkSyncDatabase,
  checkSyncRuns,
  checkTls,
  checkToolSupported,
  type CheckResult,
} from './checks-method1';
import { checkPasswordHashSync } from './checks-password-sync';
import { checkAppCertificate } from './checks-app-certificate';
import { checkAutoUpgrade } from './checks-auto-upgrade';
import { checkAccountExists, checkEnabled, checkLogonKind, checkNeverExpires, checkPasswordCurrent } from './checks-method2';
import { checkAdConnectorAccount, checkAdfsApart, checkToolInstalled } from './checks-server';
import type { ProbeOutput } from './probes';
import type { CheckId, ProbeId, UpgradeCheckId, UpgradePathId } from './types';
import { gapClear, gapSnapshotTaken, outOfScope, PATH_CHECKS, pathStepInScope, syncAccountInUsers, UPGRADE_CHECKS } from './upgrade/checks';

export type { CheckResult } from './checks-method1';

export interface CheckDef<P extends ProbeId = ProbeId> {
  probe: P;
  run(output: ProbeOutput<P>): CheckResult;
}

/** One check for one probe, stored type-erased: the handler feeds each check its own probe's output. */
function check<P extends ProbeId>(probe: P, run: (o: ProbeOutput<P>) => CheckResult): CheckDef {
  return { probe, run } as unknown as CheckDef;
}

export const CHECKS: { readonly [C in CheckId]: CheckDef } = {
  'sync-tool-installed': check('sync-tool', checkToolInstalled),
  'sync-tool-supported': check('sync-tool', checkToolSupported),
  'auto-upgrade-not-suspended': check('auto-upgrade', checkAutoUpgrade),
  'sync-service-running': check('sync-service', checkServicesRunning),
  'scheduler-enabled': check('scheduler', checkScheduler),
  'cloud-account-signs-in': check('cloud-account', checkCloudAccount),
  'deletion-threshold-settled': check('sync-runs', checkDeletionThreshold),
  'sync-runs-succeed': check('sync-runs', checkSyncRuns),
  'sync-database-has-room': check('sync-database', checkSyncDatabase),
  'password-hash-sync-healthy': check('password-hash-sync', checkPasswordHashSync),
  'app-certificate-current': check('app-certificate', checkAppCertificate),
  'tls12-enabled': check('tls', checkTls),
  'endpoint-reachable': check('endpoint', checkEndpoint),
  'logon-kind-supported': check('logon-account', checkLogonKind),
  'logon-account-exists': check('logon-account', checkAccountExists),
  'logon-password-never-expires': check('logon-account', checkNeverExpires),
  'logon-account-enabled': check('logon-account', checkEnabled),
  'logon-password-current': check('logon-account', checkPasswordCurrent),
  'ad-connector-account-present': check('ad-connector-account', checkAdConnectorAccount),
  'adfs-apart': check('adfs', checkAdfsApart),
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
