import { describe, expect, it } from 'vitest';
import type { InstalledProgram, ServiceInfo } from '../domain/host';
import { detectSyncTool } from './sync-tool';
import { MSOL_ACCOUNT_NAME, diagnose, isDomainLogonAccount, needsAttention, type TriageSnapshot } from './triage';

const ok = <T,>(value: T) => ({ ok: true as const, value });
const NOW = '2026-06-01T12:00:00.000Z';
const minutesAgo = (m: number) => new Date(Date.parse(NOW) - m * 60_000).toISOString();
const entra: InstalledProgram = { displayName: 'Microsoft Entra Connect Sync', version: '2.4.18.0', publisher: 'Microsoft', productCode: '{6E3A46C8-9BEE-4E0F-9D4A-2F4B3C1D7E21}', uninstallString: null, registryView: '64', installLocation: null };
const adsync = (state: ServiceInfo['state']): ServiceInfo => ({ name: 'ADSync', displayName: 'Microsoft Azure AD Sync', state, startType: 'automatic', logonAccount: 'LAB\\svc-adsync', processId: null });
function snapshot(over: Partial<TriageSnapshot> = {}): TriageSnapshot {
  return {
    checkedAt: NOW,
    os: ok({ computerName: 'SYNC01', domain: 'lab.example.com', caption: 'Windows Server 2019', version: '10.0', is64Bit: true, isServer: true, isElevated: true }),
    programs: ok([entra]),
    services: ok([adsync('running')]),
    adfs: ok(false),
    syncStatus: ok({ generation: 'entra-connect', runInProgress: false, schedulerEnabled: true, lastRun: { connector: 'c', profile: 'Export', result: 'success', startTime: minutesAgo(30), endTime: minutesAgo(28) } }),
    dirsyncEvents: ok([]),
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

  it('restates no playbook step: a stopped service or an old run is left to the steps\' own checks', () => {
    expect(diagnose(snapshot({ services: ok([adsync('stopped')]) }))).toEqual([]);
    const old = snapshot({ syncStatus: ok({ generation: 'entra-connect', runInProgress: false, schedulerEnabled: true, lastRun: { connector: 'c', profile: 'Export', result: 'success', startTime: minutesAgo(2000), endTime: minutesAgo(1990) } }) });
    expect(diagnose(old)).toEqual([]);
  });

  it('events 0 and 109 mean "no longer supported" only with that text (they are generic on Connect)', () => {
    const e109 = (message: string) => ({ log: 'Application', source: 'Directory Synchronization', id: 109, level: 'error' as const, timeCreated: minutesAgo(10), message });
    expect(ids(snapshot({ dirsyncEvents: ok([e109('Error Code: 78 An internal error has occurred.')]) }))).toEqual([]);
    expect(ids(snapshot({ dirsyncEvents: ok([e109('This version of the Directory Sync tool is no longer supported.')]) }))).toEqual(['dirsync-rejected-events']);
  });

  it('knows both names of the DirSync directory account: MSOL_AD_SYNC and MSOL_ with 12 hex digits', () => {
    for (const n of ['MSOL_AD_SYNC', 'MSOL_7ff5a7f81acc', 'msol_0123456789AB']) expect(MSOL_ACCOUNT_NAME.test(n)).toBe(true);
    for (const n of ['MSOL_', 'MSOL_12345', 'MSOL_7ff5a7f81accX', 'Sync_SERVER_7ff5a7f81acc']) expect(MSOL_ACCOUNT_NAME.test(n)).toBe(false);
  });

  it('leaves a DirSync or AADSync install (and its AD FS and account facts) to the upgrade playbooks: nothing restated', () => {
    const dirsync: InstalledProgram = { ...entra, displayName: 'Microsoft Online Services Directory Synchronization Tool', registryView: '32' };
    const e109 = { log: 'Application', source: 'Directory Synchronization', id: 109, level: 'error' as const, timeCreated: minutesAgo(10), message: 'no longer supported' };
    const moved = { sAMAccountName: 'MSOL_AD_SYNC', expectedParentDn: 'CN=Users,DC=x', dn: 'CN=MSOL_AD_SYNC,OU=x,DC=x', currentParentDn: 'OU=x,DC=x', moved: true, deleted: [] };
    const dirsyncStatus = ok({ generation: 'dirsync' as const, runInProgress: false, schedulerEnabled: true, lastRun: null });
    expect(ids(snapshot({ programs: ok([dirsync]), services: ok([]), dirsyncEvents: ok([e109]), adfs: ok(true), syncAccount: ok(moved), syncStatus: dirsyncStatus }))).toEqual([]);
    const aadsync: InstalledProgram = { ...entra, displayName: 'Microsoft Azure AD Sync Services', version: '1.0.8667.0' };
    expect(detectSyncTool([aadsync]).generation).toBe('aadsync');
    expect(ids(snapshot({ programs: ok([aadsync]), adfs: ok(true), syncAccount: ok(moved) }))).toEqual([]);
    // The same facts beside Entra Connect, which no upgrade playbook covers, are reported here.
    expect(ids(snapshot({ adfs: ok(true), syncAccount: ok(moved) })).sort()).toEqual(['adfs-on-sync-server', 'sync-account-moved']);
  });

  it('a probe that failed or timed out is reported, not ignored', () => {
    const f = diagnose(snapshot({ adfs: { ok: false, error: 'no answer within 10 ms', timedOut: true } }));
    expect(f).toEqual([expect.objectContaining({ id: 'probe-failed-adfs', title: expect.stringContaining('timed out') })]);
  });

  it('AD FS on the sync server is reported', () => {
    expect(ids(snapshot({ adfs: ok(true) }))).toContain('adfs-on-sync-server');
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
    const f = diagnose(snapshot({ adfs: ok(true), syncAccount: ok({ sAMAccountName: 'MSOL_AD_SYNC', expectedParentDn: 'CN=Users,DC=x', dn: null, currentParentDn: null, moved: false, deleted: [] }) }));
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
