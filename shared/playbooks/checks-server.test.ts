import { describe, expect, it } from 'vitest';
import { CHECKS } from './checks';
import { checkAdConnectorAccount, checkAdfsApart, checkToolInstalled } from './checks-server';
import { FIXES } from './fixes';
import type { AdConnectorAccountProbe, SyncToolProbe } from './probes';
import { SYNC_ACCOUNT_NAME } from './upgrade/facts';

const NOW = '2026-11-22T03:00:00.000Z';
const support = { status: 'supported' as const, reason: 'r', source: 's', minimumVersion: null };
const toolProbe = (generation: SyncToolProbe['install']['generation'], rejectEvents: SyncToolProbe['rejectEvents'] = []): SyncToolProbe => ({
  install: {
    generation,
    version: generation === 'none' ? null : '2.6.84.0',
    displayName: generation === 'none' ? null : 'Microsoft Entra Connect Sync',
    registryView: null,
    installLocation: null,
    connectVersion: null,
    evidence: [],
    services: [],
  },
  support,
  rejectEvents,
});
const rejected = {
  log: 'Application',
  source: 'Directory Synchronization',
  id: 109,
  level: 'error' as const,
  timeCreated: NOW,
  message: 'This version of the Directory Sync tool is no longer supported.',
};

const USERS = 'CN=Users,DC=lab,DC=example,DC=com';
const account = (dn: string, moved: boolean) => ({
  sAMAccountName: 'MSOL_5f3a9c0e1b2d',
  dn,
  parentDn: dn.slice(dn.indexOf(',') + 1),
  moved,
  whenCreated: null,
  pwdLastSet: null,
  lastLogonTimestamp: null,
});
function adProbe(over: Partial<AdConnectorAccountProbe> = {}): AdConnectorAccountProbe {
  return {
    generation: 'entra-connect',
    inUse: { user: 'MSOL_5f3a9c0e1b2d', domain: 'lab.example.com', source: 'adsync-connector' },
    inUseProblem: null,
    connected: true,
    problem: null,
    expectedParentDn: USERS,
    accounts: [account(`CN=MSOL_5f3a9c0e1b2d,${USERS}`, false)],
    deleted: [],
    recycleBinEnabled: true,
    ...over,
  };
}

describe('a sync tool is installed', () => {
  it('passes with any tool; without one it fails as no-sync-tool, or as the rejected events when they are there', () => {
    expect(checkToolInstalled(toolProbe('entra-connect')).status).toBe('pass');
    expect(checkToolInstalled(toolProbe('dirsync')).status).toBe('pass');
    expect(checkToolInstalled(toolProbe('none'))).toMatchObject({ status: 'fail', cause: 'no-sync-tool', severity: 'warning' });
    const withEvents = checkToolInstalled(toolProbe('none', [rejected]));
    expect(withEvents).toMatchObject({ status: 'fail', cause: 'dirsync-rejected-events', severity: 'error' });
    expect(withEvents.evidence.map((e) => e.label)).toContain('Event 109 (Directory Synchronization)');
  });

  it('the tool step applies where the install step fails: the supported-build step is not-applicable then', () => {
    expect(CHECKS['sync-tool-supported'].run(toolProbe('none')).status).toBe('not-applicable');
    expect(CHECKS['sync-tool-installed'].run(toolProbe('none')).status).toBe('fail');
  });
});

describe('AD FS beside Entra Connect', () => {
  it('is no finding beside Connect (only the DirSync-era rule kept them apart), and leaves DirSync/AADSync to the upgrade prerequisites', () => {
    const v = checkAdfsApart({ generation: 'entra-connect', adfs: true });
    expect(v.status).toBe('pass');
    expect(v.cause).toBeUndefined();
    expect(v.summary).toMatch(/allowed for Entra Connect/);
    expect(checkAdfsApart({ generation: 'entra-connect', adfs: false }).status).toBe('pass');
    expect(checkAdfsApart({ generation: 'dirsync', adfs: true }).status).toBe('not-applicable');
    expect(checkAdfsApart({ generation: 'none', adfs: true }).status).toBe('not-applicable');
  });
});

describe("the AD connector's account (Connect)", () => {
  it('knows both installer names: MSOL_AD_SYNC and MSOL_ with 12 hex digits', () => {
    for (const n of ['MSOL_AD_SYNC', 'MSOL_7ff5a7f81acc', 'msol_0123456789AB']) expect(SYNC_ACCOUNT_NAME.test(n)).toBe(true);
    for (const n of ['MSOL_', 'MSOL_12345', 'MSOL_7ff5a7f81accX', 'Sync_SERVER_7ff5a7f81acc']) expect(SYNC_ACCOUNT_NAME.test(n)).toBe(false);
  });

  it('passes where it is, and moved too: Connect signs in by name, so a moved MSOL_ account is no finding and no move is offered', () => {
    expect(checkAdConnectorAccount(adProbe()).status).toBe('pass');
    const movedDn = 'CN=MSOL_5f3a9c0e1b2d,OU=Service Accounts,DC=lab,DC=example,DC=com';
    const moved = adProbe({ accounts: [account(movedDn, true)] });
    const v = checkAdConnectorAccount(moved);
    expect(v.status).toBe('pass');
    expect(v.cause).toBeUndefined();
    expect(v.summary).toMatch(/does not affect sync/);
    expect(FIXES['fix-ad-connector-account'].plan(moved)).toBeNull();
    expect(FIXES['fix-ad-connector-account'].plan(adProbe())).toBeNull();
  });

  it("deleted → restored from the deleted objects by the same action as DirSync's; gone for good → no fix, the wizard named instead", () => {
    const tomb = {
      sAMAccountName: 'svc-connector',
      dn: 'CN=svc-connector\\0ADEL:1234,CN=Deleted Objects,DC=lab,DC=example,DC=com',
      lastKnownParent: 'OU=Service Accounts,DC=lab,DC=example,DC=com',
      whenChanged: NOW,
    };
    const deleted = adProbe({
      inUse: { user: 'svc-connector', domain: 'lab.example.com', source: 'adsync-connector' },
      accounts: [],
      deleted: [tomb],
      expectedParentDn: tomb.lastKnownParent,
      recycleBinEnabled: false,
    });
    expect(checkAdConnectorAccount(deleted)).toMatchObject({ status: 'fail', cause: 'sync-account-missing', severity: 'critical' });
    const plan = FIXES['fix-ad-connector-account'].plan(deleted);
    expect(plan).toMatchObject({ actionId: 'upgrade.restore-sync-account', args: { dn: tomb.dn, parentDn: tomb.lastKnownParent } });
    expect(plan!.warnings!.join(' ')).toMatch(/Recycle Bin/);
    const gone = adProbe({ accounts: [], deleted: [] });
    expect(checkAdConnectorAccount(gone)).toMatchObject({ status: 'fail', cause: 'sync-account-missing', fixable: false });
    expect(checkAdConnectorAccount(gone).summary).toMatch(/configuration wizard/);
    expect(FIXES['fix-ad-connector-account'].plan(gone)).toBeNull();
  });

  it("unknown (never a guess) without the directory or the connector's name; not-applicable off Connect", () => {
    expect(
      checkAdConnectorAccount(
        adProbe({ connected: false, problem: 'the domain controller did not answer [unreachable]. Check again when it is back.', accounts: [] }),
      ),
    ).toMatchObject({ status: 'unknown', summary: expect.stringContaining('did not answer') });
    const unread = checkAdConnectorAccount(adProbe({ inUse: null, inUseProblem: 'the ADSync module could not be loaded' }));
    expect(unread).toMatchObject({ status: 'unknown', summary: expect.stringContaining('the ADSync module could not be loaded') });
    expect(checkAdConnectorAccount(adProbe({ generation: 'dirsync' })).status).toBe('not-applicable');
  });
});
