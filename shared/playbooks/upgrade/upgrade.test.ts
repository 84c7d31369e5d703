// The pure side of the DirSync upgrade playbooks: the recommended path, the scope that keeps
// each problem on one path, the sync-account verdicts and the deletion-gap verdicts.
import { describe, expect, it } from 'vitest';
import { accountInUse, gapClear, syncAccountInUsers } from './checks';
import { computeScope, EMPTY_RECORDS, recommendPath, serverCannotRunConnect, type SyncAccountProbe, type ToolFacts } from './facts';
import { planSyncAccountFix } from './fixes';

const tool = (over: Partial<ToolFacts>): ToolFacts => ({
  generation: 'dirsync',
  label: 'DirSync',
  displayName: 'Windows Azure Active Directory Sync tool',
  version: '1.0.7020.0',
  bitness: '64',
  registryView: '64',
  productCode: null,
  uninstallString: null,
  windowsInstaller: true,
  ...over,
});
const count = (total: number) => ({ users: total, groups: 0, contacts: 0, total, source: 'directory' as const });

describe('recommendPath', () => {
  it('the 32-bit tool: uninstall and a new server, whatever the size', () => {
    expect(recommendPath(tool({ bitness: '32' }), count(10), false).path).toBe('uninstall-reinstall');
    expect(recommendPath(tool({ bitness: '32' }), null, false).path).toBe('uninstall-reinstall');
  });
  it('64-bit: in place below 50,000 objects, a different computer from 50,000 on, none without a count', () => {
    expect(recommendPath(tool({}), count(49_999), false).path).toBe('in-place');
    expect(recommendPath(tool({}), count(50_000), false).path).toBe('parallel');
    expect(recommendPath(tool({}), null, false)).toMatchObject({ path: null, why: expect.stringMatching(/connect to Active Directory/) });
  });
  it('AD FS on this server: the new tool goes on a second computer, whatever the size; the 32-bit tool still leaves', () => {
    expect(recommendPath(tool({}), count(10), true)).toMatchObject({ path: 'parallel', why: expect.stringMatching(/AD FS runs on this server/) });
    expect(recommendPath(tool({}), null, true).path).toBe('parallel');
    expect(recommendPath(tool({ generation: 'aadsync' }), count(10), true).path).toBe('parallel');
    expect(recommendPath(tool({ bitness: '32' }), count(10), true).path).toBe('uninstall-reinstall');
  });
  it('nothing for Connect or no tool', () => {
    expect(recommendPath(tool({ generation: 'entra-connect' }), count(5), false).path).toBeNull();
    expect(recommendPath(tool({ generation: 'none' }), count(5), false).path).toBeNull();
  });
});

describe('computeScope', () => {
  it('the recorded choice wins over the recommendation, and stays after the tool is gone', () => {
    const choice = { path: 'parallel' as const, at: '2026-11-22T03:00:00.000Z', by: 'LAB\\admin' };
    expect(computeScope(tool({}), count(10), EMPTY_RECORDS, false).active).toBe('in-place');
    expect(computeScope(tool({}), count(10), { ...EMPTY_RECORDS, choice }, false).active).toBe('parallel');
    expect(computeScope(tool({ generation: 'none' }), null, { ...EMPTY_RECORDS, choice }, false)).toMatchObject({ deprecated: false, active: 'parallel' });
    expect(computeScope(tool({ generation: 'entra-connect' }), null, EMPTY_RECORDS, false)).toMatchObject({ deprecated: false, active: null });
  });
  it('AD FS here rules the in-place path out, even when chosen earlier (the choice stays, the fit does not)', () => {
    const scope = computeScope(tool({}), count(10), EMPTY_RECORDS, true);
    expect(scope).toMatchObject({ active: 'parallel', fits: { 'in-place': false, 'uninstall-reinstall': true, parallel: true } });
    const choice = { path: 'in-place' as const, at: '2026-11-22T03:00:00.000Z', by: 'LAB\\admin' };
    expect(computeScope(tool({}), count(10), { ...EMPTY_RECORDS, choice }, true)).toMatchObject({ active: 'in-place', fits: { 'in-place': false } });
  });
  it('the in-place path fits only a 64-bit tool with a count under the limit', () => {
    expect(computeScope(tool({ bitness: '32' }), count(10), EMPTY_RECORDS, false).fits['in-place']).toBe(false);
    expect(computeScope(tool({}), null, EMPTY_RECORDS, false).fits['in-place']).toBe(false);
    expect(computeScope(tool({}), count(60_000), EMPTY_RECORDS, false).fits).toEqual({ 'in-place': false, 'uninstall-reinstall': true, parallel: true });
  });
});

const scope = computeScope(tool({}), count(10), EMPTY_RECORDS, false);
const users = 'CN=Users,DC=lab,DC=example,DC=com';

describe('the sync account', () => {
  const dc = 'DC=lab,DC=example,DC=com';
  const account = (sam: string, over: Partial<SyncAccountProbe['accounts'][number]> = {}): SyncAccountProbe['accounts'][number] => ({
    sAMAccountName: sam,
    dn: `CN=${sam},${users}`,
    parentDn: users,
    moved: false,
    whenCreated: null,
    pwdLastSet: null,
    lastLogonTimestamp: null,
    ...over,
  });
  const leftover = account('MSOL_3f9a1c0b7d2e', {
    dn: `CN=MSOL_3f9a1c0b7d2e,OU=Svc\\, old,${dc}`,
    parentDn: `OU=Svc\\, old,${dc}`,
    moved: true,
    whenCreated: '2026-11-22T05:00:00.000Z',
    pwdLastSet: '2026-11-22T05:00:00.000Z',
  });
  const inUseAdSync = account('MSOL_AD_SYNC', {
    whenCreated: '2014-03-01T10:00:00.000Z',
    pwdLastSet: '2014-03-01T10:00:00.000Z',
    lastLogonTimestamp: '2026-11-20T08:00:00.000Z',
  });
  const base: SyncAccountProbe = {
    scope,
    connected: true,
    expectedParentDn: users,
    recycleBinEnabled: false,
    problem: null,
    deleted: [],
    inUse: null,
    inUseProblem: null,
    accounts: [leftover, inUseAdSync],
  };
  const configured = (user: string): SyncAccountProbe['inUse'] => ({ user, domain: 'LAB', source: 'sync-engine-database' });

  it('judges the account the tool is configured with, not the newest: a newer moved leftover is listed, not judged', () => {
    const probe = { ...base, inUse: configured('MSOL_AD_SYNC') };
    const v = syncAccountInUsers(probe);
    expect(v).toMatchObject({ status: 'pass', summary: 'MSOL_AD_SYNC is in the Users container.' });
    expect(v.evidence.find((e) => e.label === 'Account in use')).toEqual({
      label: 'Account in use',
      value: 'LAB\\MSOL_AD_SYNC',
      source: expect.stringMatching(/DirSync's sync engine database/),
    });
    expect(v.evidence.map((e) => e.label)).toContain('MSOL_3f9a1c0b7d2e');
    expect(planSyncAccountFix(probe)).toBeNull();
  });

  it('the configured account moved: the exact DN change back to CN=Users, with no guess to warn about', () => {
    const probe = { ...base, inUse: configured('msol_3F9A1C0B7D2E') };
    expect(syncAccountInUsers(probe)).toMatchObject({
      status: 'fail',
      summary: 'MSOL_3f9a1c0b7d2e was moved out of the Users container; sync fails until it is back.',
    });
    const plan = planSyncAccountFix(probe)!;
    expect(plan.changes).toEqual([
      { target: 'Account MSOL_3f9a1c0b7d2e', property: 'distinguishedName', from: leftover.dn, to: `CN=MSOL_3f9a1c0b7d2e,${users}` },
    ]);
    expect(plan.warnings).toBeUndefined();
  });

  it('the configured account deleted: its restore is offered even though other MSOL_ accounts live; missing altogether: no fix', () => {
    const gone = {
      sAMAccountName: 'MSOL_0a1b2c3d4e5f',
      dn: `CN=MSOL_0a1b2c3d4e5f\\0ADEL:x,CN=Deleted Objects,${dc}`,
      lastKnownParent: users,
      whenChanged: '2026-11-21T00:00:00.000Z',
    };
    const probe = { ...base, inUse: configured('MSOL_0a1b2c3d4e5f'), deleted: [gone] };
    expect(syncAccountInUsers(probe).summary).toBe("The sync tool's account MSOL_0a1b2c3d4e5f was deleted; it can be restored from the deleted objects.");
    expect(planSyncAccountFix(probe)).toMatchObject({ actionId: 'upgrade.restore-sync-account', args: { dn: gone.dn, parentDn: users } });
    const missing = { ...base, inUse: configured('MSOL_0a1b2c3d4e5f') };
    expect(syncAccountInUsers(missing)).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/^The sync tool is configured with MSOL_0a1b2c3d4e5f, which is not in the directory/),
    });
    expect(planSyncAccountFix(missing)).toBeNull();
  });

  it('an account chosen at install (AADSync custom): judged on being there, wherever it lives; deleted: restored where it was', () => {
    const svc = account('svc-aadsync', { dn: `CN=svc-aadsync,OU=Service Accounts,${dc}`, parentDn: `OU=Service Accounts,${dc}` });
    const probe = { ...base, inUse: { user: 'svc-aadsync', domain: 'LAB', source: 'adsync-connector' as const }, accounts: [leftover, svc] };
    expect(syncAccountInUsers(probe)).toMatchObject({
      status: 'pass',
      summary: `svc-aadsync, the account chosen at install, exists (${svc.dn}); only the tool's own MSOL_ accounts must stay in the Users container.`,
    });
    expect(planSyncAccountFix(probe)).toBeNull();
    const tomb = {
      sAMAccountName: 'svc-aadsync',
      dn: `CN=svc-aadsync\\0ADEL:y,CN=Deleted Objects,${dc}`,
      lastKnownParent: `OU=Service Accounts,${dc}`,
      whenChanged: null,
    };
    const gone = { ...probe, accounts: [leftover], deleted: [tomb] };
    expect(planSyncAccountFix(gone)).toMatchObject({ actionId: 'upgrade.restore-sync-account', args: { dn: tomb.dn, parentDn: `OU=Service Accounts,${dc}` } });
    expect(planSyncAccountFix(gone)!.changes[0]!.to).toBe(`CN=svc-aadsync,OU=Service Accounts,${dc}`);
  });

  it('unreadable: every candidate with its dates, the most likely named with the reason (latest sign-in first)', () => {
    const probe = { ...base, inUseProblem: "DirSync's sync engine database could not be read: Login failed" };
    const v = syncAccountInUsers(probe);
    expect(v.status).toBe('pass');
    expect(v.summary).toBe(
      'MSOL_AD_SYNC is in the Users container. The account in use could not be read on the server, so the app judged the most likely of 2 MSOL_ accounts: MSOL_AD_SYNC, because it signed in most recently (lastLogonTimestamp 2026-11-20, a value AD updates only every week or two): the tool signs in with its account at every sync.',
    );
    expect(v.evidence.find((e) => e.label === 'Account in use')!.value).toBe(
      "not readable on the server: DirSync's sync engine database could not be read: Login failed",
    );
    expect(v.evidence.find((e) => e.label === 'MSOL_3f9a1c0b7d2e')!.value).toBe(
      `${leftover.dn}; created 2026-11-22, password set 2026-11-22, last sign-in never recorded`,
    );
    expect(v.evidence.find((e) => e.label === 'MSOL_AD_SYNC')!.value).toBe(
      `CN=MSOL_AD_SYNC,${users}; created 2014-03-01, password set 2014-03-01, last sign-in 2026-11-20`,
    );
  });

  it('unreadable and no sign-ins: the latest password set, then the newest; a guessed move says so before it is confirmed', () => {
    const quiet = { ...inUseAdSync, lastLogonTimestamp: null };
    const byPassword = { ...base, accounts: [leftover, quiet] };
    expect(accountInUse(byPassword)).toMatchObject({
      account: { sAMAccountName: 'MSOL_3f9a1c0b7d2e' },
      how: 'likely',
      why: expect.stringMatching(/^its password was set most recently \(pwdLastSet 2026-11-22\)/),
    });
    expect(syncAccountInUsers(byPassword).status).toBe('fail');
    expect(planSyncAccountFix(byPassword)!.warnings![0]).toMatch(
      /^The account in use could not be read on the server; this is the most likely one because its password was set most recently/,
    );
    const samePassword = {
      ...base,
      accounts: [
        { ...leftover, pwdLastSet: null },
        { ...quiet, pwdLastSet: null },
      ],
    };
    expect(accountInUse(samePassword).why).toMatch(/^it was created most recently \(whenCreated 2026-11-22\)/);
    const alike = { ...base, accounts: [account('MSOL_AD_SYNC'), account('MSOL_0a1b2c3d4e5f')] };
    expect(accountInUse(alike).why).toMatch(/^nothing in the directory tells these accounts apart/);
  });

  it('a single MSOL_ account is the one, without a guess; the restore only when none is left; unknown without a directory', () => {
    const one = { ...base, accounts: [inUseAdSync] };
    expect(syncAccountInUsers(one).summary).toBe('MSOL_AD_SYNC is in the Users container.');
    const deleted = [{ sAMAccountName: 'MSOL_AD_SYNC', dn: `CN=MSOL_AD_SYNC\\0ADEL:x,CN=Deleted Objects,${dc}`, lastKnownParent: users, whenChanged: null }];
    const probe = { ...base, recycleBinEnabled: true, accounts: [], deleted };
    expect(syncAccountInUsers(probe).summary).toMatch(/was deleted; it can be restored/);
    expect(planSyncAccountFix(probe)).toMatchObject({ actionId: 'upgrade.restore-sync-account', args: { parentDn: users } });
    expect(syncAccountInUsers({ ...probe, connected: false, problem: null }).status).toBe('unknown');
  });
});

describe('the deletion gap verdict', () => {
  const snapshot = { file: '/data/gap.jsonl', takenAt: '2026-11-22T03:00:00.000Z', count: 3 };
  const row = {
    objectGuid: '00000000-0000-4000-8000-000000000001',
    dn: 'CN=a,DC=x',
    objectClass: 'user' as const,
    upn: 'a@x',
    mail: null,
    deletedAt: '2026-11-22T04:00:00.000Z',
    lastKnownParent: 'DC=x',
  };
  it('fails without a snapshot, passes with no deletions, lists deletions until the cloud clean-up is recorded after them', () => {
    expect(gapClear({ scope, snapshot: null, deleted: null, problem: null, cleanupAttestedAt: null }).status).toBe('fail');
    expect(gapClear({ scope, snapshot, deleted: [], problem: null, cleanupAttestedAt: null }).status).toBe('pass');
    const open = gapClear({ scope, snapshot, deleted: [row], problem: null, cleanupAttestedAt: null });
    expect(open.status).toBe('fail');
    expect(open.evidence.map((e) => e.value).join('\n')).toContain(row.objectGuid);
    expect(gapClear({ scope, snapshot, deleted: [row], problem: null, cleanupAttestedAt: '2026-11-22T03:30:00.000Z' }).status).toBe('fail');
    expect(gapClear({ scope, snapshot, deleted: [row], problem: null, cleanupAttestedAt: '2026-11-22T04:30:00.000Z' }).status).toBe('pass');
    expect(gapClear({ scope, snapshot, deleted: null, problem: 'no directory', cleanupAttestedAt: null })).toMatchObject({
      status: 'unknown',
      summary: 'no directory',
    });
  });
});

describe('a server that cannot run current Entra Connect (NOTES-windows §12.5)', () => {
  const old = { version: '6.3.9600', is64Bit: true, isServer: true };
  it('is never recommended the in-place upgrade, whatever its size', () => {
    expect(serverCannotRunConnect(old)).toBe(true);
    expect(serverCannotRunConnect({ version: '10.0.14393', is64Bit: true, isServer: true })).toBe(false);
    expect(serverCannotRunConnect({ version: '10.0.17763', is64Bit: false, isServer: true })).toBe(true);
    expect(recommendPath(tool({}), count(10), false, true)).toMatchObject({ path: 'parallel', why: expect.stringMatching(/Windows Server 2016/) });
    expect(computeScope(tool({}), count(10), EMPTY_RECORDS, false, true)).toMatchObject({ active: 'parallel', fits: { 'in-place': false } });
  });
});
