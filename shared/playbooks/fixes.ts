// Pure fix planning: from probe output to the exact list of changes a fix would make.
// The main process executes the named action; the plan is what the admin confirms.
import { accountShortName } from './logon-kind';
import { checkAccountExists, checkEnabled, checkLogonKind, checkNeverExpires, checkPasswordCurrent } from './checks-method2';
import { checkCloudAccount, checkScheduler, checkServicesRunning, checkSyncRuns, checkTls, lastSuccessAge, tlsProblems } from './checks-method1';
import { passwordResetGuard } from './build-guards';
import { checkAdConnectorAccount } from './checks-server';
import type { LogonAccountProbe, ProbeOutput } from './probes';
import { FULL_SYNC_AFTER_DAYS } from './run-results';
import type { FixPlanDraft } from './fix-plan';
import { checkPasswordHashSync, silentConnectors } from './checks-password-sync';
import type { FixId, PlannedChangeItem, ProbeId, StepInput } from './types';
export type { FixPlanDraft } from './fix-plan';
import { planGapCleanup, planGapSnapshot, planSyncAccountFix, UPGRADE_FIXES } from './upgrade/fixes';
import { blockingCause, type HeldCause } from '../findings/causes';

export interface FixDef<P extends ProbeId = ProbeId> {
  probe: P;
  /** null when there is nothing to change (the check already passes or the fix does not apply). */
  plan(output: ProbeOutput<P>): FixPlanDraft | null;
}

function fix<P extends ProbeId>(probe: P, plan: (o: ProbeOutput<P>) => FixPlanDraft | null): FixDef {
  return { probe, plan } as unknown as FixDef;
}

const NEW_PASSWORD: StepInput = {
  kind: 'secret',
  label: 'a new password for the service account',
  purpose: 'It is set on the account and on every sync service that logs on with it. Let the app generate a long random one unless you must choose it.',
  canGenerate: true,
  minLength: 16,
};

const failing = (r: { status: string; fixable?: boolean }) => (r.status === 'fail' || r.status === 'warn') && r.fixable !== false;

/** The services that log on with the account, with the change "start" for those not running. */
function startChanges(o: LogonAccountProbe): PlannedChangeItem[] {
  return o.sameAccount.map((s) => ({
    target: `Service ${s.service.name} (${s.service.displayName})`,
    property: 'state',
    from: s.service.state,
    to: 'running (restarted)',
  }));
}

function accountTarget(o: LogonAccountProbe): { kind: 'domain'; dn: string; label: string } | { kind: 'local'; name: string; label: string } | null {
  if (!o.engine) return null;
  if (o.engine.logon.kind === 'domain-user' && o.domain?.ok && o.domain.value.account) {
    return { kind: 'domain', dn: o.domain.value.account.dn, label: `Account ${o.domain.value.account.dn}` };
  }
  if (o.engine.logon.kind === 'local-user' && o.local?.ok && o.local.value.user) {
    return { kind: 'local', name: o.local.value.user.name, label: `Local account ${o.local.value.user.name} on ${o.computerName}` };
  }
  return null;
}

const serviceNames = (o: LogonAccountProbe) => o.sameAccount.map((s) => s.service.name);

export const FIXES: { readonly [F in FixId]: FixDef } = {
  ...(Object.fromEntries(Object.entries(UPGRADE_FIXES).map(([id, plan]) => [id, fix('dirsync-upgrade', plan)])) as Record<
    keyof typeof UPGRADE_FIXES,
    FixDef<ProbeId>
  >),
  'fix-sync-account': fix('sync-account', planSyncAccountFix),
  // The same move or restore for the account Connect's AD connector signs in with (no second copy).
  'fix-ad-connector-account': fix('ad-connector-account', (o) => (failing(checkAdConnectorAccount(o)) ? planSyncAccountFix(o) : null)),
  'take-gap-snapshot': fix('deletion-gap', planGapSnapshot),
  'record-cloud-cleanup': fix('deletion-gap', planGapCleanup),
  'start-sync-service': fix('sync-service', (o) => {
    if (!failing(checkServicesRunning(o))) return null;
    const stopped = o.services.filter((s) => s.state !== 'running');
    if (!stopped.length) return null;
    return {
      actionId: 'services.start',
      title: stopped.length === 1 ? `Start ${stopped[0]!.displayName}` : `Start the ${stopped.length} stopped sync services`,
      changes: stopped.map((s) => ({ target: `Service ${s.name} (${s.displayName})`, property: 'state', from: s.state, to: 'running' })),
      destructive: false,
      reversible: true,
      args: { services: stopped.map((s) => s.name) },
    };
  }),

  'enable-scheduler': fix('scheduler', (o) => {
    if (checkScheduler(o).cause !== 'scheduler-disabled') return null;
    return {
      actionId: 'scheduler.enable',
      title: 'Turn the sync scheduler on',
      changes: [{ target: 'Sync scheduler (Set-ADSyncScheduler)', property: 'SyncCycleEnabled', from: 'False', to: 'True' }],
      destructive: false,
      reversible: true,
      warnings: [
        'The scheduler setting is kept in Entra ID, not only on this server: a change made here applies to a staging server of the same tenant too. ' +
          'Turning it on is what an active server needs; never turn it off on the active server to quiet a staging server.',
      ],
      args: {},
    };
  }),

  'full-password-sync': fix('password-hash-sync', (o) => {
    const verdict = checkPasswordHashSync(o);
    // Only what the server allows: on, not staging, the engine running, and a connector without a heartbeat.
    if (verdict.cause !== 'password-hash-sync-stalled' || o.engineRunning !== true || o.stagingMode !== false || o.state.enabled !== true) return null;
    const silent = silentConnectors(o);
    if (!silent.length) return null;
    return {
      actionId: 'password-sync.full',
      title: `Start a full password sync for ${silent.join(', ')}`,
      changes: silent.map((c) => ({
        target: `AD connector ${c} (password hash sync)`,
        property: 'Microsoft.Synchronize.ForceFullPasswordSync, then password sync off and on',
        from: 'no heartbeat for more than 3 hours',
        to: 'full password sync started',
      })),
      destructive: false,
      reversible: false,
      warnings: [
        'What it does: the sync engine sends the password hash of every user in scope of this connector to Entra ID again, then carries on with changes as usual. No password is changed, and users do not have to sign in again.',
        "How: the connector's ForceFullPasswordSync setting is set, and password sync from it to Entra ID is turned off and straight back on (the way Microsoft's troubleshooting page does it). On a large directory the full sync takes a while; the heartbeat (event 654) says when it is done.",
      ],
      args: { adConnectors: silent },
    };
  }),

  'run-sync-cycle': fix('sync-runs', (o) => {
    const verdict = checkSyncRuns(o);
    if (!failing(verdict)) return null;
    const initial = lastSuccessAge(o) > FULL_SYNC_AFTER_DAYS * 24 * 3600_000;
    const kind = initial ? 'initial' : 'delta';
    return {
      actionId: 'sync.run-cycle',
      title: initial ? 'Run one full (initial) sync cycle and follow it to its end' : 'Run a delta sync cycle and follow it to its end',
      changes: [{ target: 'Sync engine', property: 'sync cycle', from: 'idle', to: `${kind} cycle run to its end on every connector` }],
      destructive: false,
      reversible: false,
      warnings: initial
        ? [`The last successful run is more than ${FULL_SYNC_AFTER_DAYS} days old: one full cycle reads every object again and takes longer than a delta.`]
        : [],
      args: { kind },
    };
  }),

  // The app cannot reset a cloud password; it can open the wizard where the admin enters the new one.
  'open-configuration-wizard': fix('cloud-account', (o) => {
    const cause = o.generation === 'entra-connect' ? checkCloudAccount(o).cause : undefined;
    if (cause === 'application-auth-required') {
      return {
        actionId: 'connect.open-wizard',
        title: 'Open the configuration wizard on the server to configure application-based authentication',
        changes: [
          { target: 'Microsoft Entra Connect configuration wizard', property: "window on the server's desktop", from: 'closed', to: 'open' },
          { target: 'Sync scheduler', property: 'sync cycles', from: 'on schedule', to: 'suspended until the wizard is closed' },
        ],
        destructive: false,
        reversible: true,
        warnings: [
          'No sync cycle runs while the wizard is open. In it, choose "Configure application-based authentication", sign in as a Hybrid Identity Administrator, and finish: the wizard registers an application and a certificate for this server.',
          'The app cannot see inside the wizard: afterwards it reads how the Entra connector signs in again.',
        ],
        args: {},
      };
    }
    if (cause !== 'cloud-account-sign-in-failed') return null;
    return {
      actionId: 'connect.open-wizard',
      title: 'Open the configuration wizard on the server',
      changes: [
        { target: 'Microsoft Entra Connect configuration wizard', property: "window on the server's desktop", from: 'closed', to: 'open' },
        { target: 'Sync scheduler', property: 'sync cycles', from: 'on schedule', to: 'suspended until the wizard is closed' },
      ],
      destructive: false,
      reversible: true,
      warnings: [
        'No sync cycle runs while the wizard is open. In it, choose to change the Entra ID credentials, enter the password you reset, and finish.',
        'The app cannot see inside the wizard: the next export after it closes proves the new password.',
      ],
      args: {},
    };
  }),

  'enable-tls12': fix('tls', (o) => {
    if (!failing(checkTls(o))) return null;
    return {
      actionId: 'tls.enable',
      title: 'Write the TLS 1.2 registry values',
      // The host writes every value that is not as TLS 1.2 needs it: the plan lists them all.
      changes: tlsProblems(o.tls).map((p) => ({
        target: 'Registry (HKLM)',
        property: p.replace(/ is .*$/, ''),
        from: p.replace(/^.* is (\S+).*$/, '$1'),
        to: p.replace(/^.*\(needs (\d)\)$/, '$1'),
      })),
      destructive: false,
      reversible: true,
      warnings: ['Windows reads these values at startup: the server must be restarted before they take effect. Plan the restart.'],
      args: {},
    };
  }),

  'restore-original-logon': fix('logon-account', (o) => {
    const v = checkLogonKind(o);
    if (!failing(v) || !o.engine?.logon.original) return null;
    const original = o.engine.logon.original;
    return {
      actionId: 'logon.restore-original',
      title: `Put back ${original.account} as the logon account`,
      changes: [
        ...o.sameAccount.map((s) => ({
          target: `Service ${s.service.name} (${s.service.displayName})`,
          property: 'Log on as',
          from: s.logon.account,
          to: original.account,
        })),
        ...startChanges(o),
      ],
      destructive: false,
      reversible: true,
      args: { services: serviceNames(o), account: original.account },
    };
  }),

  'restore-logon-account': fix('logon-account', (o) => {
    if (checkAccountExists(o).cause !== 'service-account-deleted' || !o.domain?.ok || !o.engine) return null;
    const { deleted, recycleBinEnabled } = o.domain.value;
    const d = deleted[0]!;
    return {
      actionId: 'account.restore',
      title: `Restore ${o.engine.logon.account}, give it a new password and set that on the services`,
      changes: [
        { target: `Deleted object ${d.dn}`, property: 'location', from: 'Deleted Objects', to: d.lastKnownParent ?? 'its last known parent' },
        { target: `Account ${o.engine.logon.account}`, property: 'password', from: 'unknown (lost with the deletion)', to: 'new password' },
        ...o.sameAccount.map((s) => ({ target: `Service ${s.service.name}`, property: 'logon password', from: 'old password', to: 'new password' })),
        ...startChanges(o),
      ],
      destructive: false,
      reversible: false,
      input: NEW_PASSWORD,
      warnings: recycleBinEnabled
        ? []
        : [
            'The AD Recycle Bin is not enabled: the restored account comes back from a tombstone without its group memberships, its password and most attributes. The app sets a new password; re-add any group memberships it needs by hand.',
          ],
      args: { deletedDn: d.dn, targetParentDn: d.lastKnownParent ?? null, account: o.engine.logon.account, services: serviceNames(o) },
    };
  }),

  'set-password-never-expires': fix('logon-account', (o) => {
    if (!failing(checkNeverExpires(o))) return null;
    const t = accountTarget(o);
    if (!t) return null;
    return {
      actionId: 'account.set-never-expires',
      title: 'Set "password never expires" on the service account',
      changes: [{ target: t.label, property: 'password never expires', from: 'off', to: 'on' }],
      destructive: false,
      reversible: true,
      args: t.kind === 'domain' ? { kind: 'domain', dn: t.dn } : { kind: 'local', name: t.name },
    };
  }),

  'enable-logon-account': fix('logon-account', (o) => {
    const cause = checkEnabled(o).cause;
    const t = accountTarget(o);
    if (!t) return null;
    if (cause === 'service-account-locked') {
      const since = o.domain?.ok ? (o.domain.value.account?.lockoutTime ?? null) : null;
      return {
        actionId: 'account.unlock',
        title: 'Unlock the service account, then restart the sync services',
        changes: [
          t.kind === 'domain'
            ? { target: t.label, property: 'lockoutTime', from: since ? `${since} (locked out)` : 'locked out', to: '0 (unlocked)' }
            : { target: t.label, property: 'locked out', from: 'yes', to: 'no (unlocked)' },
          ...startChanges(o),
        ],
        destructive: false,
        reversible: false,
        warnings: ['If a service or scheduled task still signs in with an old password, the account locks again: step 5 checks the password next.'],
        args: { ...(t.kind === 'domain' ? { kind: 'domain', dn: t.dn } : { kind: 'local', name: t.name }), services: serviceNames(o) },
      };
    }
    if (cause !== 'service-account-disabled') return null;
    return {
      actionId: 'account.enable',
      title: 'Enable the service account, then restart the sync services',
      changes: [{ target: t.label, property: 'enabled', from: 'disabled', to: 'enabled' }, ...startChanges(o)],
      destructive: false,
      reversible: true,
      args: { ...(t.kind === 'domain' ? { kind: 'domain', dn: t.dn } : { kind: 'local', name: t.name }), services: serviceNames(o) },
    };
  }),

  'reset-logon-password': fix('logon-account', (o) => {
    if (!failing(checkPasswordCurrent(o))) return null;
    if (passwordResetGuard(o.generation, o.version)) return null;
    const t = accountTarget(o);
    if (!t || !o.engine) return null;
    return {
      actionId: 'account.reset-password',
      title: `Reset the password of ${o.engine.logon.account} and set it on every sync service that uses it`,
      changes: [
        { target: t.label, property: 'password', from: 'current password', to: 'new password' },
        ...o.sameAccount.map((s) => ({
          target: `Service ${s.service.name} (${s.service.displayName})`,
          property: 'logon password',
          from: 'old password',
          to: 'new password',
        })),
        ...startChanges(o),
      ],
      destructive: false,
      reversible: false,
      input: NEW_PASSWORD,
      args: { ...(t.kind === 'domain' ? { kind: 'domain', dn: t.dn } : { kind: 'local', name: accountShortName(t.name) }), services: serviceNames(o) },
    };
  }),
};

/**
 * The plan of a step's fix from its probe output and the causes that hold for its verdict now
 * (shared/findings/causes.ts, read by electron/triage/check-step.ts). Never a fix that must fail:
 * while a cause holds that makes it fail (a cycle while the endpoint is blocked, a service start
 * while its logon account cannot sign in), there is no plan; the step routes to the cause.
 */
export function planFix(fixId: FixId, output: ProbeOutput<ProbeId>, held: readonly HeldCause[]): FixPlanDraft | null {
  if (blockingCause(held)) return null;
  return FIXES[fixId].plan(output as never);
}
