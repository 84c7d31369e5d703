// The pure side of the DirSync upgrade playbooks: the recommended path, the scope that keeps
// each problem on one path, the sync-account verdicts and the deletion-gap verdicts.
import { describe, expect, it } from 'vitest';
import { gapClear, syncAccountInUsers } from './checks';
import { computeScope, EMPTY_RECORDS, recommendPath, type ToolFacts } from './facts';
import { planSyncAccountFix } from './fixes';

const tool = (over: Partial<ToolFacts>): ToolFacts => ({
  generation: 'dirsync', label: 'DirSync', displayName: 'Windows Azure Active Directory Sync tool', version: '1.0.7020.0',
  bitness: '64', registryView: '64', productCode: null, uninstallString: null, windowsInstaller: true, ...over,
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
  it('judges the newest MSOL_ account, plans the exact DN change back to CN=Users', () => {
    const probe = {
      scope, connected: true, expectedParentDn: users, recycleBinEnabled: false, problem: null, deleted: [],
      accounts: [
        { sAMAccountName: 'MSOL_3f9a1c0b7d2e', dn: 'CN=MSOL_3f9a1c0b7d2e,OU=Svc\\, old,DC=lab,DC=example,DC=com', parentDn: 'OU=Svc\\, old,DC=lab,DC=example,DC=com', moved: true },
        { sAMAccountName: 'MSOL_AD_SYNC', dn: `CN=MSOL_AD_SYNC,${users}`, parentDn: users, moved: false },
      ],
    };
    expect(syncAccountInUsers(probe)).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^MSOL_3f9a1c0b7d2e was moved/) });
    expect(planSyncAccountFix(probe)?.changes).toEqual([
      { target: 'Account MSOL_3f9a1c0b7d2e', property: 'distinguishedName', from: probe.accounts[0]!.dn, to: `CN=MSOL_3f9a1c0b7d2e,${users}` },
    ]);
    // An older account left elsewhere by a reinstall is listed, not judged.
    const older = { ...probe, accounts: [...probe.accounts].reverse() };
    expect(syncAccountInUsers(older).status).toBe('pass');
    expect(planSyncAccountFix(older)).toBeNull();
  });
  it('offers the restore only when no MSOL_ account is left; says unknown without a directory', () => {
    const deleted = [{ sAMAccountName: 'MSOL_AD_SYNC', dn: 'CN=MSOL_AD_SYNC\\0ADEL:x,CN=Deleted Objects,DC=lab,DC=example,DC=com', lastKnownParent: users, whenChanged: null }];
    const probe = { scope, connected: true, expectedParentDn: users, recycleBinEnabled: true, problem: null, accounts: [], deleted };
    expect(syncAccountInUsers(probe).summary).toMatch(/was deleted; it can be restored/);
    expect(planSyncAccountFix(probe)).toMatchObject({ actionId: 'upgrade.restore-sync-account', args: { parentDn: users } });
    expect(syncAccountInUsers({ ...probe, connected: false, problem: null }).status).toBe('unknown');
  });
});

describe('the deletion gap verdict', () => {
  const snapshot = { file: '/data/gap.jsonl', takenAt: '2026-11-22T03:00:00.000Z', count: 3 };
  const row = { objectGuid: '00000000-0000-4000-8000-000000000001', dn: 'CN=a,DC=x', objectClass: 'user' as const, upn: 'a@x', mail: null, deletedAt: '2026-11-22T04:00:00.000Z', lastKnownParent: 'DC=x' };
  it('fails without a snapshot, passes with no deletions, lists deletions until the cloud clean-up is recorded after them', () => {
    expect(gapClear({ scope, snapshot: null, deleted: null, problem: null, cleanupAttestedAt: null }).status).toBe('fail');
    expect(gapClear({ scope, snapshot, deleted: [], problem: null, cleanupAttestedAt: null }).status).toBe('pass');
    const open = gapClear({ scope, snapshot, deleted: [row], problem: null, cleanupAttestedAt: null });
    expect(open.status).toBe('fail');
    expect(open.evidence.map((e) => e.value).join('\n')).toContain(row.objectGuid);
    expect(gapClear({ scope, snapshot, deleted: [row], problem: null, cleanupAttestedAt: '2026-11-22T03:30:00.000Z' }).status).toBe('fail');
    expect(gapClear({ scope, snapshot, deleted: [row], problem: null, cleanupAttestedAt: '2026-11-22T04:30:00.000Z' }).status).toBe('pass');
    expect(gapClear({ scope, snapshot, deleted: null, problem: 'no directory', cleanupAttestedAt: null })).toMatchObject({ status: 'unknown', summary: 'no directory' });
  });
});
