import { describe, expect, it } from 'vitest';
import type { ConnectorRun, ServiceInfo } from '../domain/host';
import { CHECKS } from './checks';
import { checkDeletionThreshold, checkScheduler, checkServicesRunning, checkSyncRuns, checkTls } from './checks-method1';
import { checkAccountExists, checkEnabled, checkLogonKind, checkPasswordCurrent } from './checks-method2';
import { FIXES } from './fixes';
import { PLAYBOOKS, findStep } from './index';
import { KB } from './kb-articles';
import { KB2882421_ID, STEP } from './kb2882421-ids';
import type { LogonAccountProbe, SyncRunsProbe, SyncServiceProbe } from './probes';
import { KbCitation } from './types';

const NOW = '2026-11-22T03:00:00.000Z';
const ago = (min: number) => new Date(Date.parse(NOW) - min * 60_000).toISOString();
const svc = (state: ServiceInfo['state'], name = 'ADSync', logonAccount = 'LAB\\svc-adsync'): ServiceInfo => ({
  name,
  displayName: name === 'ADSync' ? 'Microsoft Azure AD Sync' : name,
  state,
  startType: 'automatic',
  logonAccount,
  processId: null,
});
const serviceProbe = (state: ServiceInfo['state'] | null, events: SyncServiceProbe['logonFailures'] = []): SyncServiceProbe => ({
  generation: 'entra-connect',
  expected: { name: 'ADSync', displayName: 'Microsoft Azure AD Sync' },
  service: state && svc(state),
  services: state ? [svc(state)] : [],
  logonFailures: events,
  keyFailures: [],
});
const scm = (id: number, message: string) => ({ log: 'System', source: 'Service Control Manager', id, level: 'error' as const, timeCreated: ago(5), message });

const account = (
  flags: Partial<{ disabled: boolean; lockedOut: boolean; passwordExpired: boolean; passwordNeverExpires: boolean; mustChangePassword: boolean }> = {},
) => ({
  dn: 'CN=svc-adsync,CN=Users,DC=lab,DC=example,DC=com',
  sAMAccountName: 'svc-adsync',
  userPrincipalName: null,
  displayName: null,
  objectGuid: 'g',
  userAccountControl: 66048,
  flags: { disabled: false, lockedOut: false, passwordExpired: false, passwordNeverExpires: true, mustChangePassword: false, ...flags },
  pwdLastSet: ago(100000),
  accountExpires: null,
  lockoutTime: null,
  parentDn: 'CN=Users,DC=lab,DC=example,DC=com',
});
function logonProbe(
  over: Partial<LogonAccountProbe> = {},
  kind: 'domain-user' | 'virtual' | 'local-system' = 'domain-user',
  state: ServiceInfo['state'] = 'stopped',
): LogonAccountProbe {
  const accountName = kind === 'virtual' ? 'NT SERVICE\\ADSync' : kind === 'local-system' ? 'LocalSystem' : 'LAB\\svc-adsync';
  const engine = { service: svc(state, 'ADSync', accountName), logon: { service: 'ADSync', account: accountName, kind, original: null } };
  return {
    generation: 'entra-connect',
    version: '2.6.84.0',
    computerName: 'SYNC01',
    engine,
    sameAccount: [engine],
    logonFailures: [],
    domain: kind === 'domain-user' ? { ok: true, value: { account: account(), deleted: [], recycleBinEnabled: false } } : null,
    local: null,
    ...over,
  };
}

describe('playbooks as data', () => {
  it('every step cites one of the articles, with a public address, and its fix reads the probe its check reads', () => {
    const articles = new Set<string>(Object.values(KB).map((a) => `${a.title}|${a.read.url}`));
    for (const p of PLAYBOOKS) {
      for (const s of p.steps) {
        expect(KbCitation.safeParse(s.cite).success).toBe(true);
        expect(articles.has(`${s.cite.title}|${s.cite.read.url}`)).toBe(true);
        expect(s.cite.method && s.cite.step).toBeTruthy();
        // The step names only its check; its fix plans from the same probe the check reads.
        if (s.fix) expect(FIXES[s.fix].probe, `${p.id}/${s.id}`).toBe(CHECKS[s.check].probe);
      }
      expect(new Set(p.steps.map((s) => s.id)).size).toBe(p.steps.length);
    }
  });

  it('every step id the code routes to or links exists in the playbook', () => {
    for (const id of Object.values(STEP)) expect(findStep(KB2882421_ID, id), id).toBeTruthy();
  });
});

describe('Method 1 step 2: the sync services', () => {
  it('passes only when every service runs; not-applicable without a tool', () => {
    expect(checkServicesRunning(serviceProbe('running')).status).toBe('pass');
    expect(checkServicesRunning(serviceProbe('stopped'))).toMatchObject({ status: 'fail', cause: 'sync-service-stopped' });
    expect(checkServicesRunning(serviceProbe(null))).toMatchObject({ status: 'fail', cause: 'sync-service-missing', fixable: false });
    expect(checkServicesRunning({ ...serviceProbe(null), generation: 'none', expected: null }).status).toBe('not-applicable');
  });

  it('a logon failure (7038/1069) routes to Method 2 and offers no start bound to fail', () => {
    const v = checkServicesRunning(
      serviceProbe('stopped', [scm(7038, 'The ADSync service was unable to log on as LAB\\svc-adsync with the currently configured password')]),
    );
    expect(v).toMatchObject({ status: 'fail', cause: 'service-logon-failed', fixable: false, route: { stepId: STEP.logonKind } });
    expect(FIXES['start-sync-service'].plan(serviceProbe('stopped', [scm(7038, 'The ADSync service was unable to log on')]))).toBeNull();
  });

  it('7041 names the "Log on as a service" policy and how to see it; 6028 names the key', () => {
    const v = checkServicesRunning(
      serviceProbe('stopped', [
        scm(7041, 'The ADSync service was unable to log on as LAB\\svc-adsync: the user has not been granted the requested logon type'),
      ]),
    );
    expect(v).toMatchObject({ cause: 'service-logon-right-missing', fixable: false });
    expect(v.summary).toMatch(/Log on as a service/);
    expect(v.summary).toMatch(/gpresult \/H/);
    const key = checkServicesRunning({
      ...serviceProbe('stopped'),
      keyFailures: [{ ...scm(6028, 'The server encryption key cannot be accessed.'), log: 'Application', source: 'ADSync' }],
    });
    // No route to Method 2 (whose steps do not apply to an unchanged virtual account): the step's own next action says what to do.
    expect(key).toMatchObject({ cause: 'sync-key-unreadable', fixable: false });
    expect(key.route).toBeUndefined();
  });

  it('start plans one change per stopped service, and nothing for running ones', () => {
    const plan = FIXES['start-sync-service'].plan(serviceProbe('stopped'));
    expect(plan?.changes).toEqual([{ target: 'Service ADSync (Microsoft Azure AD Sync)', property: 'state', from: 'stopped', to: 'running' }]);
    expect(plan?.args).toEqual({ services: ['ADSync'] });
    expect(FIXES['start-sync-service'].plan(serviceProbe('running'))).toBeNull();
  });
});

describe('the scheduler and the runs', () => {
  const sched = (over: object) => ({
    generation: 'entra-connect' as const,
    scheduler: {
      available: true,
      syncCycleEnabled: true,
      schedulerSuspended: false,
      stagingModeEnabled: false,
      syncCycleInProgress: false,
      nextSyncCycleStartTime: NOW,
      nextSyncCyclePolicyType: 'delta' as const,
      intervalMinutes: 30,
      ...over,
    },
  });
  it('disabled is fixable; suspended and staging are explained, never switched', () => {
    expect(checkScheduler(sched({ syncCycleEnabled: false })).cause).toBe('scheduler-disabled');
    expect(FIXES['enable-scheduler'].plan(sched({ syncCycleEnabled: false }))?.actionId).toBe('scheduler.enable');
    expect(checkScheduler(sched({ stagingModeEnabled: true }))).toMatchObject({ status: 'warn', cause: 'staging-mode', fixable: false });
    expect(FIXES['enable-scheduler'].plan(sched({ stagingModeEnabled: true }))).toBeNull();
    expect(checkScheduler(sched({ schedulerSuspended: true }))).toMatchObject({ cause: 'scheduler-suspended', fixable: false });
    expect(checkScheduler(sched({ available: false })).status).toBe('not-applicable');
  });

  const run = (connector: string, type: 'ad' | 'entra', profile: string, result: string, endMin: number, pending: number | null = null): ConnectorRun => ({
    connector,
    connectorType: type,
    profile,
    result,
    startTime: ago(endMin + 2),
    endTime: ago(endMin),
    counts: { adds: 0, updates: 0, deletes: 0, pendingDeletes: pending, exportErrors: 0, syncErrors: 0 },
  });
  const runs = (latest: ConnectorRun[], threshold = { enabled: true, value: 500 }): SyncRunsProbe => ({
    generation: 'entra-connect',
    stagingMode: false,
    engineRunning: true,
    now: NOW,
    history: {
      source: 'adsync',
      deletionThreshold: threshold,
      connectors: [
        { name: 'lab.example.com', type: 'ad', latestRuns: latest.filter((r) => r.connectorType === 'ad') },
        { name: 'contoso - AAD', type: 'entra', latestRuns: latest.filter((r) => r.connectorType === 'entra') },
      ],
    },
  });

  it('a failed export is not hidden by a newer successful import', () => {
    const v = checkSyncRuns(
      runs([
        run('contoso - AAD', 'entra', 'Delta Import', 'success', 5),
        run('contoso - AAD', 'entra', 'Export', 'stopped-server-down', 40),
        run('lab.example.com', 'ad', 'Delta Import', 'success', 6),
      ]),
    );
    expect(v).toMatchObject({ status: 'fail', cause: 'sync-run-failed' });
    expect(v.summary).toMatch(/Export: stopped-server-down/);
  });

  it('deletion threshold: its own manual step reports the count and why it exists; no fix the app cannot carry out is offered', () => {
    const probe = runs([
      run('contoso - AAD', 'entra', 'Export', 'stopped-deletion-threshold-exceeded', 10, 742),
      run('lab.example.com', 'ad', 'Delta Import', 'success', 12),
    ]);
    const v = checkDeletionThreshold(probe);
    expect(v).toMatchObject({ status: 'fail', cause: 'deletion-threshold-exceeded', severity: 'critical' });
    expect(v.summary).toMatch(/742/);
    expect(v.summary).toMatch(/so that a mistake on-premises/);
    expect(v.evidence).toContainEqual(expect.objectContaining({ label: 'Deletions pending export', value: '742' }));
    // The runs step leaves it to that step (one finding), and plans nothing for it.
    expect(checkSyncRuns(probe)).toMatchObject({ status: 'unknown', cause: 'waits-for-earlier-step' });
    expect(FIXES['run-sync-cycle'].plan(probe)).toBeNull();
    const step = findStep('kb2882421', 'm1-s5-deletion-threshold')!;
    expect(step.fix).toBeNull();
    expect(step.manual!.instructions.join(' ')).toMatch(/-AADUserName and open Microsoft's interactive sign-in window; they accept no credential/);
  });

  it('deletion threshold after the admin attests: proved by a successful export and the threshold on again', () => {
    const after = [run('contoso - AAD', 'entra', 'Export', 'success', 2), run('lab.example.com', 'ad', 'Delta Import', 'success', 3)];
    expect(checkDeletionThreshold(runs(after)).status).toBe('pass');
    // Deletions went through but the protection was left off: not done yet.
    expect(checkDeletionThreshold(runs(after, { enabled: false, value: 500 }))).toMatchObject({ status: 'warn', cause: 'deletion-threshold-off' });
    // Still stopped: the attestation is not believed.
    expect(checkDeletionThreshold(runs([run('contoso - AAD', 'entra', 'Export', 'stopped-deletion-threshold-exceeded', 1, 742)])).status).toBe('fail');
  });

  it('older than 7 days asks for one initial cycle; older than a day a delta', () => {
    const old = runs([run('contoso - AAD', 'entra', 'Export', 'success', 8 * 24 * 60)]);
    expect(checkSyncRuns(old).cause).toBe('no-recent-successful-sync');
    expect(FIXES['run-sync-cycle'].plan(old)?.args).toEqual({ kind: 'initial' });
    const day = runs([run('contoso - AAD', 'entra', 'Export', 'success', 2 * 24 * 60)]);
    expect(FIXES['run-sync-cycle'].plan(day)?.args).toEqual({ kind: 'delta' });
    expect(checkSyncRuns(runs([run('contoso - AAD', 'entra', 'Export', 'success', 20)])).status).toBe('pass');
  });

  it('TLS: missing values fail, a plan writes them and says the reboot first', () => {
    const good = { schUseStrongCrypto: 1, systemDefaultTlsVersions: 1 };
    const tls = {
      netFramework64: good,
      netFramework32: { schUseStrongCrypto: null, systemDefaultTlsVersions: 1 },
      schannelClient: { enabled: null, disabledByDefault: null },
      schannelServer: { enabled: 1, disabledByDefault: 0 },
    };
    expect(checkTls({ generation: 'entra-connect', tls })).toMatchObject({ status: 'fail', cause: 'tls12-not-enforced' });
    const plan = FIXES['enable-tls12'].plan({ generation: 'entra-connect', tls })!;
    expect(plan.warnings?.[0]).toMatch(/restarted/);
    expect(checkTls({ generation: 'entra-connect', tls: { ...tls, netFramework32: good } }).status).toBe('pass');
  });
});

describe('Method 2: the logon account per kind', () => {
  it('LocalSystem is unsupported and never offered; a changed virtual account is put back', () => {
    const ls = checkLogonKind(logonProbe({}, 'local-system'));
    expect(ls).toMatchObject({ status: 'fail', cause: 'service-logon-localsystem', fixable: false });
    const changed = logonProbe();
    changed.engine!.logon.original = { account: 'NT SERVICE\\ADSync', kind: 'virtual', installedAt: null };
    expect(checkLogonKind(changed)).toMatchObject({ status: 'fail', cause: 'service-logon-changed' });
    const plan = FIXES['restore-original-logon'].plan(changed)!;
    expect(plan.args).toEqual({ services: ['ADSync'], account: 'NT SERVICE\\ADSync' });
    expect(JSON.stringify(plan)).not.toMatch(/LocalSystem/);
    expect(checkLogonKind(logonProbe({}, 'virtual', 'running')).status).toBe('pass');
  });

  it('user-account steps are for user accounts only; a virtual account has no password to reset', () => {
    expect(checkPasswordCurrent(logonProbe({}, 'virtual')).status).toBe('not-applicable');
    expect(FIXES['reset-logon-password'].plan(logonProbe({}, 'virtual'))).toBeNull();
  });

  it('an unreachable directory is "unknown" with the reason in words, and no fix is planned', () => {
    const down = logonProbe({
      domain: {
        ok: false,
        reason: 'the domain controller did not answer (it may be stopped, or the network to it is down) [unreachable]. Check again when it is back.',
      },
    });
    for (const c of [checkAccountExists, checkEnabled, checkPasswordCurrent]) {
      const v = c(down);
      expect(v.status).toBe('unknown');
      expect(v.summary).toMatch(/did not answer/);
      expect(v.summary).not.toMatch(/ECONNREFUSED/);
    }
    expect(FIXES['enable-logon-account'].plan(down)).toBeNull();
    expect(FIXES['reset-logon-password'].plan(down)).toBeNull();
  });

  it('deleted → restore plan asks for the new password and says what a restore without the Recycle Bin loses', () => {
    const deleted = logonProbe({
      domain: {
        ok: true,
        value: {
          account: null,
          recycleBinEnabled: false,
          deleted: [
            {
              dn: 'CN=svc-adsync\\0ADEL:x,CN=Deleted Objects,DC=lab',
              sAMAccountName: 'svc-adsync',
              objectGuid: 'g',
              lastKnownParent: 'CN=Users,DC=lab',
              whenChanged: null,
            },
          ],
        },
      },
    });
    expect(checkAccountExists(deleted).cause).toBe('service-account-deleted');
    const plan = FIXES['restore-logon-account'].plan(deleted)!;
    expect(plan.input?.kind).toBe('secret');
    expect(plan.warnings?.join(' ')).toMatch(/Recycle Bin is not enabled/);
    expect(checkAccountExists(logonProbe({ domain: { ok: true, value: { account: null, deleted: [], recycleBinEnabled: true } } }))).toMatchObject({
      cause: 'service-account-missing',
      fixable: false,
    });
  });

  it('disabled: enable and restart; the password check waits for it instead of blaming the password', () => {
    const disabled = logonProbe({
      domain: { ok: true, value: { account: account({ disabled: true }), deleted: [], recycleBinEnabled: false } },
      logonFailures: [scm(7038, 'The ADSync service was unable to log on as LAB\\svc-adsync')],
    });
    expect(checkEnabled(disabled).cause).toBe('service-account-disabled');
    expect(FIXES['enable-logon-account'].plan(disabled)?.args).toMatchObject({ kind: 'domain', services: ['ADSync'] });
    expect(checkPasswordCurrent(disabled)).toMatchObject({ status: 'unknown', cause: 'waits-for-earlier-step' });
  });

  it('expired or changed in AD only → reset with a secret; old builds are guarded', () => {
    const mismatch = logonProbe({ logonFailures: [scm(7038, 'The ADSync service was unable to log on as LAB\\svc-adsync')] });
    expect(checkPasswordCurrent(mismatch).cause).toBe('service-account-password-mismatch');
    expect(FIXES['reset-logon-password'].plan(mismatch)?.input?.canGenerate).toBe(true);
    // A running service logged on since: old failure events alone prove nothing.
    expect(checkPasswordCurrent(logonProbe({ logonFailures: mismatch.logonFailures }, 'domain-user', 'running')).status).toBe('pass');
    const old = { ...mismatch, version: '1.1.380.0' };
    expect(checkPasswordCurrent(old)).toMatchObject({ cause: 'service-account-password-mismatch', fixable: false });
    expect(FIXES['reset-logon-password'].plan(old)).toBeNull();
    const expired = logonProbe({ domain: { ok: true, value: { account: account({ mustChangePassword: true }), deleted: [], recycleBinEnabled: false } } });
    expect(checkPasswordCurrent(expired).cause).toBe('service-account-password-expired');
  });
});
