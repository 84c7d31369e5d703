import { describe, expect, it } from 'vitest';
import type { AccountState, DeletedAccount } from '../domain/account';
import type { InstalledProgram, ServiceInfo } from '../domain/host';
import { detectSyncTool } from './sync-tool';
import { diagnose, isDomainLogonAccount, needsAttention, type TriageSnapshot } from './triage';

const ok = <T,>(value: T) => ({ ok: true as const, value });
const NOW = '2026-06-01T12:00:00.000Z';
const minutesAgo = (m: number) => new Date(Date.parse(NOW) - m * 60_000).toISOString();
const entra: InstalledProgram = { displayName: 'Microsoft Entra Connect Sync', version: '2.4.18.0', publisher: 'Microsoft', productCode: '{6E3A46C8-9BEE-4E0F-9D4A-2F4B3C1D7E21}', uninstallString: null, registryView: '64', installLocation: null };
const adsync = (state: ServiceInfo['state']): ServiceInfo => ({ name: 'ADSync', displayName: 'Microsoft Azure AD Sync', state, startType: 'automatic', logonAccount: 'LAB\\svc-adsync', processId: null });
const account = (flags: Partial<AccountState['flags']> = {}): AccountState => ({
  dn: 'CN=svc-adsync,CN=Users,DC=lab,DC=example,DC=com', sAMAccountName: 'svc-adsync', userPrincipalName: null, displayName: null, objectGuid: 'g', userAccountControl: 66048,
  flags: { disabled: false, lockedOut: false, passwordExpired: false, passwordNeverExpires: true, mustChangePassword: false, ...flags },
  pwdLastSet: minutesAgo(100000), accountExpires: null, parentDn: 'CN=Users,DC=lab,DC=example,DC=com',
});

function snapshot(over: Partial<TriageSnapshot> = {}): TriageSnapshot {
  return {
    checkedAt: NOW,
    os: ok({ computerName: 'SYNC01', domain: 'lab.example.com', caption: 'Windows Server 2019', version: '10.0', is64Bit: true, isServer: true, isElevated: true }),
    programs: ok([entra]),
    services: ok([adsync('running')]),
    adfs: ok(false),
    syncStatus: ok({ generation: 'entra-connect', runInProgress: false, schedulerEnabled: true, lastRun: { connector: 'c', profile: 'Export', result: 'success', startTime: minutesAgo(30), endTime: minutesAgo(28) } }),
    dirsyncEvents: ok([]),
    scmEvents: ok([]),
    logonAccounts: ok([{ service: 'ADSync', logonAccount: 'LAB\\svc-adsync', account: account(), deleted: [] }]),
    syncAccount: ok(null),
    ...over,
  };
}
const ids = (s: TriageSnapshot) => diagnose(s).map((f) => f.id);

describe('triage rules', () => {
  it('a healthy server has no findings', () => {
    expect(diagnose(snapshot())).toEqual([]);
    expect(needsAttention([])).toBe(false);
  });

  it('a stopped sync service points at KB 2882421 Method 1 step 2', () => {
    const [f] = diagnose(snapshot({ services: ok([adsync('stopped')]) }));
    expect(f).toMatchObject({ id: 'sync-service-stopped', severity: 'error', cite: { kb: '2882421', method: 'Method 1', step: '2' }, fixedBy: { playbookId: 'kb2882421', stepId: 'm1-s2-sync-service-running' } });
  });

  it('tells disabled, expired, deleted and stale-password logon accounts apart', () => {
    const with_ = (acc: AccountState | null, deleted: DeletedAccount[] = []) =>
      snapshot({ logonAccounts: ok([{ service: 'ADSync', logonAccount: 'LAB\\svc-adsync', account: acc, deleted }]) });
    expect(ids(with_(account({ disabled: true })))).toContain('service-account-disabled');
    expect(ids(with_(account({ mustChangePassword: true, passwordNeverExpires: false })))).toEqual(expect.arrayContaining(['service-account-password-expired', 'service-account-password-can-expire']));
    expect(ids(with_(null))).toContain('service-account-deleted');
    const logon7038 = { log: 'System', source: 'Service Control Manager', id: 7038, level: 'error' as const, timeCreated: minutesAgo(5), message: 'The ADSync service was unable to log on as LAB\\svc-adsync with the currently configured password due to the following error: bad password' };
    expect(ids({ ...with_(account()), scmEvents: ok([logon7038]) })).toContain('service-account-password-mismatch');
    // Without the logon failure events an enabled, current account is not blamed.
    expect(ids(with_(account()))).not.toContain('service-account-password-mismatch');
  });

  it('flags the 32-bit DirSync tool, citing the event-109 article when that event is logged', () => {
    const dirsync: InstalledProgram = { ...entra, displayName: 'Microsoft Online Services Directory Synchronization Tool', registryView: '32' };
    const e109 = { log: 'Application', source: 'Directory Synchronization', id: 109, level: 'error' as const, timeCreated: minutesAgo(10), message: 'no longer supported' };
    const [f] = diagnose(snapshot({ programs: ok([dirsync]), services: ok([]), dirsyncEvents: ok([e109]), syncStatus: ok({ generation: 'dirsync', runInProgress: false, schedulerEnabled: true, lastRun: null }), logonAccounts: ok([]) }));
    expect(f).toMatchObject({ id: 'dirsync-32bit-unsupported', severity: 'critical', cite: { file: '001_444b531341506a89.txt' } });
    const e0 = { ...e109, id: 0 };
    const [g] = diagnose(snapshot({ programs: ok([dirsync]), services: ok([]), dirsyncEvents: ok([e0]), logonAccounts: ok([]) }));
    expect(g!.cite.file).toBe('000_69d9a707ba6b4da7.txt');
  });

  it('a probe that failed or timed out is reported, not ignored', () => {
    const f = diagnose(snapshot({ adfs: { ok: false, error: 'no answer within 10 ms', timedOut: true } }));
    expect(f).toEqual([expect.objectContaining({ id: 'probe-failed-adfs', title: expect.stringContaining('timed out') })]);
  });

  it('AD FS on the sync server and an old last run are reported', () => {
    expect(ids(snapshot({ adfs: ok(true) }))).toContain('adfs-on-sync-server');
    const old = snapshot({ syncStatus: ok({ generation: 'entra-connect', runInProgress: false, schedulerEnabled: true, lastRun: { connector: 'c', profile: 'Export', result: 'success', startTime: minutesAgo(2000), endTime: minutesAgo(1990) } }) });
    expect(ids(old)).toContain('no-recent-successful-sync');
  });

  it("reports DirSync's MSOL_AD_SYNC account moved out of CN=Users, or gone", () => {
    const base = { sAMAccountName: 'MSOL_AD_SYNC', expectedParentDn: 'CN=Users,DC=lab,DC=example,DC=com', deleted: [] };
    const moved = diagnose(snapshot({ syncAccount: ok({ ...base, dn: 'CN=MSOL_AD_SYNC,OU=Service Accounts,DC=lab,DC=example,DC=com', currentParentDn: 'OU=Service Accounts,DC=lab,DC=example,DC=com', moved: true }) }));
    expect(moved).toEqual([expect.objectContaining({ id: 'sync-account-moved', cite: expect.objectContaining({ file: '003_4ab44e418844b1eb.txt' }) })]);
    expect(moved[0]!.evidence.map((e) => e.value)).toContain('OU=Service Accounts,DC=lab,DC=example,DC=com');
    expect(ids(snapshot({ syncAccount: ok({ ...base, dn: null, currentParentDn: null, moved: false }) }))).toEqual(['sync-account-missing']);
    expect(ids(snapshot({ syncAccount: ok({ ...base, dn: 'CN=MSOL_AD_SYNC,CN=Users,DC=lab,DC=example,DC=com', currentParentDn: base.expectedParentDn, moved: false }) }))).toEqual([]);
  });

  it('orders findings worst first', () => {
    const f = diagnose(snapshot({ adfs: ok(true), services: ok([adsync('stopped')]), logonAccounts: ok([{ service: 'ADSync', logonAccount: 'LAB\\svc-adsync', account: account({ disabled: true }), deleted: [] }]) }));
    const order = { critical: 0, error: 1, warning: 2, info: 3 };
    expect(f.map((x) => order[x.severity])).toEqual([...f.map((x) => order[x.severity])].sort());
  });
});

describe('sync tool detection', () => {
  it('prefers the newest generation and tells 32-bit installs', () => {
    expect(detectSyncTool([entra]).generation).toBe('entra-connect');
    const d = detectSyncTool([{ ...entra, displayName: 'Windows Azure Active Directory Sync tool', registryView: '32' }]);
    expect(d).toMatchObject({ generation: 'dirsync', bitness: '32', supported: false });
    expect(detectSyncTool([{ ...entra, displayName: 'Windows Azure Active Directory Sync tool', registryView: '64' }], [], { is64Bit: false }).bitness).toBe('32');
    expect(detectSyncTool([], [adsync('stopped')]).generation).toBe('entra-connect');
    expect(detectSyncTool([]).generation).toBe('none');
  });

  it('knows built-in and local logon accounts have no AD password', () => {
    expect(isDomainLogonAccount('LAB\\svc', 'SYNC01')).toBe(true);
    expect(isDomainLogonAccount('svc@lab.example.com', 'SYNC01')).toBe(true);
    for (const a of ['LocalSystem', 'NT SERVICE\\ADSync', 'NT AUTHORITY\\NetworkService', '.\\local', 'SYNC01\\AAD_x']) expect(isDomainLogonAccount(a, 'SYNC01')).toBe(false);
  });
});
