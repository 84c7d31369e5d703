// Recorded outputs of the KB 2882421 Method 1-2 scripts (sync tool, scheduler, connector runs,
// connector accounts, service logon, local users, TLS, endpoint, deletion threshold), parsed as
// WindowsHost parses them: good shapes map to the domain types, bad ones are refused naming the field.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseScriptOutput, type ScriptName } from '../../electron/host/windows/powershell-runner';
import {
  AdConnectorAccountOutput,
  ConnectorAccountsOutput,
  ConnectorOuFilteringOutput,
  ConnectorRunsOutput,
  DeletionThresholdOutput,
  EndpointOutput,
  LocalUserOutput,
  LocalUsersOutput,
  SchedulerOutput,
  ServiceLogonOutput,
  SyncCycleOutput,
  SyncToolOutput,
  TlsSettingsOutput,
  TlsWriteOutput,
  WizardOutput,
  endpointOutcome,
} from '../../electron/host/windows/script-outputs';
import { HostError } from '../../electron/ports/errors';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const parse = <T>(script: ScriptName, file: string, schema: z.ZodType<T>): T => parseScriptOutput(script, fixture(file), schema);

function refusal(fn: () => unknown): HostError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HostError);
    return e as HostError;
  }
  throw new Error('expected a HostError, nothing was thrown');
}

describe('Get-DsdSyncTool', () => {
  it('reads generation, version, evidence and the services by key name', () => {
    const tool = parse('Get-DsdSyncTool', 'synctool.entra-connect.json', SyncToolOutput);
    expect(tool).toMatchObject({
      generation: 'entra-connect',
      version: '2.6.84.0',
      connectVersion: '2.6.84.0',
      registryView: '64',
      evidence: ['uninstall-entry', 'service', 'registry'],
    });
    expect(tool.services.map((s) => [s.name, s.logonAccount, s.startType])).toEqual([
      ['ADSync', 'NT SERVICE\\ADSync', 'automatic'],
      ['AzureADConnectAgentUpdater', 'LocalSystem', 'automatic-delayed'],
    ]);
  });

  it('keeps a discovered SQL service that ConvertTo-Json wrote as a single object', () => {
    const tool = parse('Get-DsdSyncTool', 'synctool.dirsync-single-service.json', SyncToolOutput);
    expect(tool.generation).toBe('dirsync');
    expect(tool.services.map((s) => s.name)).toEqual(['MSSQL$DIRSYNCDB']);
  });

  it("refuses 'none' that comes with evidence, naming Generation", () => {
    const e = refusal(() => parse('Get-DsdSyncTool', 'synctool.none-with-evidence.json', SyncToolOutput));
    expect(e.code).toBe('bad-output');
    expect(e.message).toMatch(/data\.Generation/);
  });
});

describe('Get-DsdScheduler', () => {
  it('reads staging mode, next cycle and interval', () => {
    expect(parse('Get-DsdScheduler', 'scheduler.staging.json', SchedulerOutput)).toEqual({
      available: true,
      syncCycleEnabled: true,
      schedulerSuspended: false,
      stagingModeEnabled: true,
      syncCycleInProgress: false,
      nextSyncCycleStartTime: '2026-11-22T03:30:12.0000000+00:00',
      nextSyncCyclePolicyType: 'delta',
      intervalMinutes: 30,
    });
  });

  it('an older build without SchedulerSuspended / SyncCycleInProgress gives null, and a /Date()/ time', () => {
    const s = parse('Get-DsdScheduler', 'scheduler.old-build.json', SchedulerOutput);
    expect(s).toMatchObject({ syncCycleEnabled: false, schedulerSuspended: null, syncCycleInProgress: null, nextSyncCyclePolicyType: null });
    expect(s.nextSyncCycleStartTime).toBe(new Date(1763782212000).toISOString());
  });

  it('a tool without the scheduler answers available: false with nothing else', () => {
    expect(parse('Get-DsdScheduler', 'scheduler.unavailable.json', SchedulerOutput).available).toBe(false);
  });

  it('refuses a string where a boolean belongs, naming SyncCycleEnabled', () => {
    expect(refusal(() => parse('Get-DsdScheduler', 'scheduler.bad-enabled.json', SchedulerOutput)).message).toMatch(/data\.SyncCycleEnabled/);
  });
});

describe('Get-DsdConnectorRuns', () => {
  it('keeps every connector and profile: a failed export is not hidden by a newer successful import', () => {
    const h = parse('Get-DsdConnectorRuns', 'connectorruns.threshold-behind-import.json', ConnectorRunsOutput);
    expect(h.deletionThreshold).toEqual({ enabled: true, value: 500 });
    expect(h.source).toBe('adsync');
    const entra = h.connectors.find((c) => c.type === 'entra')!;
    expect(entra.latestRuns.map((r) => [r.profile, r.result])).toEqual([
      ['Delta Import', 'success'],
      ['Export', 'stopped-deletion-threshold-exceeded'],
    ]);
    expect(entra.latestRuns[1]).toMatchObject({
      connector: 'contoso.onmicrosoft.com - AAD',
      connectorType: 'entra',
      counts: { exportErrors: 0, pendingDeletes: null },
    });
  });

  it('refuses a run without an end (only completed runs belong here), naming EndDate', () => {
    const e = refusal(() => parse('Get-DsdConnectorRuns', 'connectorruns.unfinished-run.json', ConnectorRunsOutput));
    expect(e.message).toMatch(/data\.Connectors\.0\.Runs\.0\.EndDate/);
  });

  it("'none' (no way to read history) is an empty list, not a failure", () => {
    expect(parse('Get-DsdConnectorRuns', 'connectorruns.none.json', ConnectorRunsOutput)).toEqual({
      source: 'none',
      connectors: [],
      deletionThreshold: { enabled: null, value: null },
    });
  });
});

describe('Get-DsdConnectorAccounts', () => {
  it('reads the AD connector account and application-based Entra sign-in', () => {
    expect(parse('Get-DsdConnectorAccounts', 'accounts.application-auth.json', ConnectorAccountsOutput)).toEqual({
      ad: [{ connector: 'contoso.com', user: 'MSOL_5f3a9c0e1b2d', domain: 'contoso.com' }],
      entra: { connector: 'contoso.onmicrosoft.com - AAD', userName: null, identityType: 'application' },
      dirsyncCloudUser: null,
    });
  });

  it('refuses an unknown identity type, naming IdentityType', () => {
    expect(refusal(() => parse('Get-DsdConnectorAccounts', 'accounts.bad-identity.json', ConnectorAccountsOutput)).message).toMatch(
      /data\.Entra\.IdentityType/,
    );
  });
});

describe('Get-DsdAdConnectorAccount', () => {
  it("reads DirSync's AD management agent account from its engine database (one connector, written as a single object)", () => {
    expect(parse('Get-DsdAdConnectorAccount', 'adaccount.dirsync-database.json', AdConnectorAccountOutput)).toEqual({
      source: 'sync-engine-database',
      accounts: [{ connector: 'lab.example.com', user: 'MSOL_AD_SYNC', domain: 'LAB' }],
      problem: null,
    });
  });
  it('keeps every AD connector of a Connect server with two forests', () => {
    const r = parse('Get-DsdAdConnectorAccount', 'adaccount.connect-two-forests.json', AdConnectorAccountOutput);
    expect(r.source).toBe('adsync-connector');
    expect(r.accounts.map((a) => `${a.domain}\\${a.user}`)).toEqual(['contoso.com\\MSOL_5f3a9c0e1b2d', 'FABRIKAM\\svc-aadc-read']);
  });
  it('an unreadable database is no account, with the reason', () => {
    expect(parse('Get-DsdAdConnectorAccount', 'adaccount.database-refused.json', AdConnectorAccountOutput)).toEqual({
      source: null,
      accounts: [],
      problem: expect.stringMatching(/^DirSync's sync engine database .* could not be read: Login failed/),
    });
  });
  it('refuses no account without a reason, naming problem', () => {
    expect(refusal(() => parse('Get-DsdAdConnectorAccount', 'adaccount.no-reason.json', AdConnectorAccountOutput)).message).toMatch(/problem/);
  });
  it('Connect installed but its module not loaded: a sync-unavailable host error saying what to do, not "no sync engine"', () => {
    const e = refusal(() => parse('Get-DsdAdConnectorAccount', 'adaccount.module-not-loaded.json', AdConnectorAccountOutput));
    expect(e.code).toBe('sync-unavailable');
    expect(e.message).toMatch(/ADSync PowerShell module could not be loaded.*account cannot be read.*Run the app as an administrator/);
  });
  it('refuses a blank account name, naming User', () => {
    expect(refusal(() => parse('Get-DsdAdConnectorAccount', 'adaccount.blank-user.json', AdConnectorAccountOutput)).message).toMatch(/data\.Accounts\.0\.User/);
  });
});

describe('Get-DsdConnectorOuFiltering', () => {
  const run = (file: string) => parse('Get-DsdConnectorOuFiltering', file, ConnectorOuFilteringOutput);

  it("reads each partition's DN, selection and container lists; a one-value list ConvertTo-Json wrote as a string and an empty one written as null", () => {
    expect(run('oufilter.connect-filtered.json')).toEqual({
      source: 'adsync-connector',
      tool: 'adsync',
      partitions: [
        {
          connector: 'contoso.com',
          dn: 'DC=contoso,DC=com',
          name: 'contoso.com',
          selected: true,
          inclusions: ['OU=Staff,DC=contoso,DC=com', 'OU=Returning,OU=Leavers,OU=Staff,DC=contoso,DC=com'],
          exclusions: ['OU=Leavers,OU=Staff,DC=contoso,DC=com', 'CN=LostAndFound,DC=contoso,DC=com'],
        },
        {
          connector: 'contoso.com',
          dn: 'DC=DomainDnsZones,DC=contoso,DC=com',
          name: 'DomainDnsZones.contoso.com',
          selected: false,
          inclusions: ['DC=DomainDnsZones,DC=contoso,DC=com'],
          exclusions: [],
        },
      ],
      problem: null,
    });
  });

  it('keeps a single partition written as one object, and a build that does not say whether it is selected (null)', () => {
    const r = run('oufilter.single-partition-object.json');
    expect(r.partitions).toHaveLength(1);
    expect(r.partitions[0]).toMatchObject({
      dn: 'DC=lab,DC=example,DC=com',
      name: null,
      selected: null,
      inclusions: ['DC=lab,DC=example,DC=com'],
      exclusions: [],
    });
  });

  it('DirSync: not readable on this tool, with the reason, no partitions', () => {
    expect(run('oufilter.dirsync.json')).toEqual({
      source: null,
      tool: 'dirsync',
      partitions: [],
      problem: { code: 'not-readable-on-tool', message: expect.stringMatching(/not readable on this tool/) },
    });
  });

  it('a build whose partition has no ConnectorPartitionScope: unexpected-shape naming the property', () => {
    const r = run('oufilter.no-scope-property.json');
    expect(r.problem).toEqual({ code: 'unexpected-shape', message: expect.stringContaining('ConnectorPartitionScope') });
    expect(r.source).toBeNull();
  });

  it.each([
    ['oufilter.bad-selected.json', /data\.Partitions\.0\.Selected/],
    ['oufilter.blank-inclusion.json', /data\.Partitions\.0\.Inclusions\.0/],
    ['oufilter.unknown-code.json', /data\.Problem\.Code/],
    ['oufilter.read-and-problem.json', /problem: read and a problem at once/],
  ])('refuses %s, naming the field', (file, field) => {
    const e = refusal(() => run(file));
    expect(e.code).toBe('bad-output');
    expect(e.message).toMatch(field);
  });

  it('Connect installed but its module not loaded: a sync-unavailable host error saying what to do', () => {
    const e = refusal(() => run('oufilter.module-not-loaded.json'));
    expect(e.code).toBe('sync-unavailable');
    expect(e.message).toMatch(/ADSync PowerShell module could not be loaded.*Run the app as an administrator/);
  });

  it('refuses output cut off mid-document (malformed JSON), with nothing half read', () => {
    const e = refusal(() => run('oufilter.truncated.txt'));
    expect(e.code).toBe('bad-output');
  });
});

describe('Get-DsdServiceLogon', () => {
  it('reads the current and the installed logon', () => {
    expect(parse('Get-DsdServiceLogon', 'logon.replaced-virtual.json', ServiceLogonOutput)).toEqual({
      Name: 'ADSync',
      StartName: 'CONTOSO\\svc-adsync',
      Original: { AccountName: 'NT SERVICE\\ADSync', TimeCreated: '2025-03-02T10:11:12.0000000+01:00' },
    });
  });

  it('refuses an empty logon account, naming StartName', () => {
    expect(refusal(() => parse('Get-DsdServiceLogon', 'logon.empty-account.json', ServiceLogonOutput)).message).toMatch(/data\.StartName/);
  });
});

describe('local users', () => {
  it('reads the flags of a DirSync AAD_ account', () => {
    expect(parse('Get-DsdLocalUsers', 'localusers.expired.json', LocalUsersOutput)).toEqual([
      {
        name: 'AAD_4f3a1b2c9d8e',
        fullName: null,
        enabled: true,
        lockedOut: false,
        passwordNeverExpires: false,
        passwordExpired: true,
        passwordLastSet: '2025-08-01T09:00:00.0000000+00:00',
      },
    ]);
  });

  it('refuses 1 for a boolean, naming Enabled', () => {
    expect(refusal(() => parse('Set-DsdLocalUser', 'localusers.bad-enabled.json', LocalUserOutput)).message).toMatch(/data\.Enabled/);
  });
});

describe('TLS', () => {
  it('keeps absent values as null', () => {
    expect(parse('Get-DsdTlsSettings', 'tls.partly-set.json', TlsSettingsOutput)).toEqual({
      netFramework64: { schUseStrongCrypto: 1, systemDefaultTlsVersions: 1 },
      netFramework32: { schUseStrongCrypto: null, systemDefaultTlsVersions: null },
      schannelClient: { enabled: null, disabledByDefault: null },
      schannelServer: { enabled: 0, disabledByDefault: 1 },
    });
  });

  it('refuses a write that changed values but claims no reboot is needed', () => {
    expect(refusal(() => parse('Set-DsdTls12', 'tls.write-without-reboot.json', TlsWriteOutput)).message).toMatch(/data\.RebootRequired/);
  });
});

describe('Test-DsdEndpoint', () => {
  it('407 through the proxy means proxy authentication', () => {
    expect(parse('Test-DsdEndpoint', 'endpoint.proxy-auth.json', EndpointOutput)).toMatchObject({
      outcome: 'proxy-auth',
      statusCode: 407,
      proxy: 'http://proxy.contoso.com:8080/',
    });
  });

  it('a failed handshake is a TLS failure without a status', () => {
    expect(parse('Test-DsdEndpoint', 'endpoint.tls.json', EndpointOutput)).toMatchObject({ outcome: 'tls', statusCode: null });
  });

  it('refuses a status and a failure together', () => {
    expect(refusal(() => parse('Test-DsdEndpoint', 'endpoint.both.json', EndpointOutput)).message).toMatch(/data\.StatusCode/);
  });

  it.each([
    [200, null, 'ok'],
    [404, null, 'ok'],
    [403, null, 'blocked'],
    [407, null, 'proxy-auth'],
    [502, null, 'other'],
    [null, 'unreachable', 'unreachable'],
  ] as const)('status %s / failure %s is %s', (status, failure, outcome) => {
    expect(endpointOutcome(status, failure)).toBe(outcome);
  });
});

describe('Set-DsdDeletionThreshold', () => {
  it('an interactive-only build is cloud-sign-in-required, as the script reports it', () => {
    const e = refusal(() => parse('Set-DsdDeletionThreshold', 'threshold.sign-in-required.json', DeletionThresholdOutput));
    expect(e.code).toBe('cloud-sign-in-required');
  });
});

describe('Start-DsdSyncCycle', () => {
  it('DirSync says where Start-OnlineCoexistenceSync came from: the module, or the snap-in of builds before 6862', () => {
    expect(parse('Start-DsdSyncCycle', 'synccycle.dirsync-snap-in.json', SyncCycleOutput)).toEqual({
      Generation: 'dirsync',
      Method: 'Start-OnlineCoexistenceSync',
      Result: null,
      Loaded: 'snap-in',
    });
    expect(parse('Start-DsdSyncCycle', 'synccycle.dirsync-module.json', SyncCycleOutput).Loaded).toBe('module');
    expect(parse('Start-DsdSyncCycle', 'synccycle.entra-connect.json', SyncCycleOutput)).toMatchObject({
      Method: 'Start-ADSyncSyncCycle',
      Result: 'Success',
      Loaded: null,
    });
  });

  it('refuses a DirSync answer that does not say what it loaded, naming Loaded', () => {
    expect(refusal(() => parse('Start-DsdSyncCycle', 'synccycle.dirsync-without-loaded.json', SyncCycleOutput)).message).toMatch(/data\.Loaded/);
  });

  it('a snap-in registered for 32-bit PowerShell only is sync-unavailable, pointing at the DirSync shell', () => {
    const e = refusal(() => parse('Start-DsdSyncCycle', 'synccycle.snap-in-32-bit-only.json', SyncCycleOutput));
    expect(e.code).toBe('sync-unavailable');
    expect(e.message).toMatch(/32-bit PowerShell only.*DirSyncConfigShell\.psc1/);
  });
});

describe('Start-DsdConfigurationWizard', () => {
  it('reports the wizard it started', () => {
    expect(parse('Start-DsdConfigurationWizard', 'wizard.started.json', WizardOutput)).toEqual({
      path: 'C:\\Program Files\\Microsoft Azure Active Directory Connect\\AzureADConnect.exe',
    });
  });

  it('refuses a wizard path on a share, naming Path', () => {
    expect(refusal(() => parse('Start-DsdConfigurationWizard', 'wizard.unc-path.json', WizardOutput)).message).toMatch(/data\.Path/);
  });
});
