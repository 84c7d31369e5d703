// The December 2026 facts as the KB 2882421 checks apply them: the 7 April 2027 stop, the cloud
// account that still signs in as the Sync_ user.
import { describe, expect, it } from 'vitest';
import type { ConnectorAccounts } from '../domain/host';
import { checkCloudAccount, checkEndpoint, checkServicesRunning, checkTls, isLogonFailureEvent } from './checks-method1';
import { checkPasswordCurrent } from './checks-method2';
import { FIXES } from './fixes';
import type { CloudAccountProbe, LogonAccountProbe } from './probes';

const entra = (
  identityType: 'service-account' | 'application' | null,
  userName: string | null = 'Sync_SYNC01_5f3a9c0e1b2d@contoso.onmicrosoft.com',
): ConnectorAccounts => ({
  ad: [{ connector: 'lab.example.com', user: 'MSOL_5f3a9c0e1b2d', domain: 'LAB' }],
  entra: { connector: 'contoso.onmicrosoft.com - AAD', userName, identityType },
  dirsyncCloudUser: null,
});
const cloud = (over: Partial<CloudAccountProbe> = {}): CloudAccountProbe => ({
  generation: 'entra-connect',
  accounts: entra('service-account'),
  entraRuns: [],
  credentialEvents: [],
  toolRetired: false,
  schedulerSuspended: false,
  version: '2.6.92.0',
  now: '2026-12-06T12:00:00.000Z',
  ...over,
});

/** A domain user whose password expired, on the given tool and build. */
function logonProbe(over: Partial<LogonAccountProbe>): LogonAccountProbe {
  const service = {
    name: 'ADSync',
    displayName: 'Microsoft Azure AD Sync',
    state: 'stopped' as const,
    startType: 'automatic' as const,
    logonAccount: 'LAB\\svc-adsync',
    processId: null,
  };
  const engine = { service, logon: { service: 'ADSync', account: 'LAB\\svc-adsync', kind: 'domain-user' as const, original: null } };
  const account = {
    dn: 'CN=svc-adsync,CN=Users,DC=lab,DC=example,DC=com',
    sAMAccountName: 'svc-adsync',
    userPrincipalName: null,
    displayName: null,
    objectGuid: 'g',
    userAccountControl: 512,
    flags: { disabled: false, lockedOut: false, passwordExpired: true, passwordNeverExpires: false, mustChangePassword: false },
    pwdLastSet: '2026-01-01T00:00:00.000Z',
    accountExpires: null,
    lockoutTime: null,
    parentDn: 'CN=Users,DC=lab,DC=example,DC=com',
  };
  return {
    generation: 'entra-connect',
    version: '2.6.92.0',
    computerName: 'SYNC01',
    engine,
    sameAccount: [engine],
    logonFailures: [],
    domain: { ok: true, value: { account, deleted: [], recycleBinEnabled: false } },
    local: null,
    ...over,
  };
}

describe('the cloud account and the 7 April 2027 stop', () => {
  it('does not pass a server that still signs in as the Sync_ user: a warning with the date and the wizard task', () => {
    const v = checkCloudAccount(cloud());
    expect(v.status).toBe('warn');
    expect(v.cause).toBe('application-auth-required');
    expect(v.severity).toBe('warning');
    expect(v.summary).toMatch(/7 April 2027/);
    expect(v.summary).toMatch(/Configure application-based authentication/);
  });

  it('says the build must be upgraded first below 2.6.84.0', () => {
    expect(checkCloudAccount(cloud({ version: '2.6.3.0' })).summary).toMatch(/2\.6\.3\.0, must be upgraded first/);
  });

  it('is critical from 7 April 2027 on', () => {
    const v = checkCloudAccount(cloud({ now: '2027-04-07T00:00:00.000Z' }));
    expect(v).toMatchObject({ status: 'fail', cause: 'application-auth-required', severity: 'critical' });
  });

  it('passes a server that signs in as an application, before and after the day', () => {
    expect(checkCloudAccount(cloud({ accounts: entra('application', null) })).status).toBe('pass');
    expect(checkCloudAccount(cloud({ accounts: entra('application', null), now: '2027-05-01T00:00:00.000Z' })).status).toBe('pass');
  });

  it('a refused sign-in is still reported as such, not as the coming stop', () => {
    const run = {
      connector: 'contoso.onmicrosoft.com - AAD',
      connectorType: 'entra' as const,
      profile: 'Export',
      result: 'stopped-extension-dll-exception',
      startTime: '2026-12-06T11:00:00.000Z',
      endTime: '2026-12-06T11:01:00.000Z',
      counts: { adds: null, updates: null, deletes: null, pendingDeletes: null, exportErrors: null, syncErrors: null },
    };
    expect(checkCloudAccount(cloud({ entraRuns: [run] })).cause).toBe('cloud-account-sign-in-failed');
  });

  it('offers to open the wizard for it, saying which task to choose', () => {
    const plan = FIXES['open-configuration-wizard'].plan(cloud() as never);
    expect(plan?.title).toMatch(/application-based authentication/);
    expect(plan?.warnings?.join(' ')).toMatch(/Configure application-based authentication/);
    expect(FIXES['open-configuration-wizard'].plan(cloud({ accounts: entra('application', null) }) as never)).toBeNull();
  });
});

describe('password resets go through the strict guard', () => {
  const guardCases = [
    ['aadsync', '1.0.494.0'],
    ['entra-connect', null],
    ['entra-connect', '1.1.380.0'],
  ] as const;
  it.each(guardCases)('%s %s: the check says why and no reset is planned', (generation, version) => {
    const probe = logonProbe({ generation, version });
    const verdict = checkPasswordCurrent(probe);
    expect(verdict.status).toBe('fail');
    expect(verdict.fixable).toBe(false);
    expect(verdict.evidence.map((e) => e.label)).toContain('Why the app will not reset it');
    expect(FIXES['reset-logon-password'].plan(probe as never)).toBeNull();
  });

  it('a current build still gets the reset', () => {
    expect(FIXES['reset-logon-password'].plan(logonProbe({ generation: 'entra-connect', version: '2.6.92.0' }) as never)).not.toBeNull();
  });
});

describe('TLS 1.2 registry values only where the build needs them', () => {
  const absent = { schUseStrongCrypto: null, systemDefaultTlsVersions: null };
  const defaults = {
    netFramework64: absent,
    netFramework32: absent,
    schannelClient: { enabled: null, disabledByDefault: null },
    schannelServer: { enabled: null, disabledByDefault: null },
  };

  it('a current build with Windows defaults passes, and no registry change is planned', () => {
    const probe = { generation: 'entra-connect' as const, tls: defaults, version: '2.6.92.0' };
    expect(checkTls(probe).status).toBe('pass');
    expect(FIXES['enable-tls12'].plan(probe as never)).toBeNull();
  });

  it('a build of 2.3.20.0-2.4.129.0 with the values absent fails and is offered the values', () => {
    const probe = { generation: 'entra-connect' as const, tls: defaults, version: '2.4.129.0' };
    expect(checkTls(probe)).toMatchObject({ status: 'fail', cause: 'tls12-not-enforced' });
    expect(FIXES['enable-tls12'].plan(probe as never)?.warnings?.join(' ')).toMatch(/restart/);
  });

  it('TLS 1.2 turned off in SCHANNEL fails on any build', () => {
    const off = { ...defaults, schannelClient: { enabled: 0, disabledByDefault: 1 } };
    expect(checkTls({ generation: 'entra-connect', tls: off, version: '2.6.92.0' })).toMatchObject({ status: 'fail', cause: 'tls12-disabled-in-windows' });
  });
});

describe('misleading advice, corrected', () => {
  const svc = {
    name: 'ADSync',
    displayName: 'Microsoft Azure AD Sync',
    state: 'stopped' as const,
    startType: 'automatic' as const,
    logonAccount: 'NT SERVICE\\ADSync',
    processId: null,
  };
  const scm = (id: number, message: string) => ({
    log: 'System',
    source: 'Service Control Manager',
    id,
    level: 'error' as const,
    timeCreated: '2026-12-06T11:00:00.000Z',
    message,
  });
  const serviceProbe = (events: ReturnType<typeof scm>[]) => ({
    generation: 'entra-connect' as const,
    expected: { name: 'ADSync', displayName: 'Microsoft Azure AD Sync' },
    service: svc,
    services: [svc],
    logonFailures: events,
    keyFailures: [],
  });

  it('event 7000 is a logon failure only with the 1069 text', () => {
    expect(
      isLogonFailureEvent(
        scm(7000, 'The Microsoft Azure AD Sync service failed to start due to the following error: The system cannot find the file specified.'),
      ),
    ).toBe(false);
    expect(
      isLogonFailureEvent(
        scm(7000, 'The Microsoft Azure AD Sync service failed to start due to the following error: The service did not start due to a logon failure.'),
      ),
    ).toBe(true);
    expect(
      checkServicesRunning(
        serviceProbe([scm(7000, 'The Microsoft Azure AD Sync service failed to start due to the following error: The system cannot find the file specified.')]),
      ).cause,
    ).toBe('sync-service-stopped');
    expect(
      checkServicesRunning(
        serviceProbe([
          scm(7000, 'The Microsoft Azure AD Sync service failed to start due to the following error: The service did not start due to a logon failure.'),
        ]),
      ).cause,
    ).toBe('service-logon-failed');
  });

  it('the 32-bit DirSync is not told its services are missing', () => {
    const probe = {
      generation: 'dirsync' as const,
      expected: { name: 'MSOnlineSyncScheduler', displayName: 'Windows Azure Active Directory Sync Service' },
      service: null,
      services: [],
      logonFailures: [],
      keyFailures: [],
      toolBitness: '32' as const,
    };
    expect(checkServicesRunning(probe).status).toBe('not-applicable');
    expect(checkServicesRunning({ ...probe, toolBitness: '64' }).cause).toBe('sync-service-missing');
  });

  it('the endpoint test says whose proxy it used and that the service uses machine.config', () => {
    const v = checkEndpoint({
      generation: 'entra-connect',
      test: { url: 'https://adminwebservice.microsoftonline.com/ProvisioningService.svc', proxy: null, statusCode: 200, outcome: 'ok', message: 'OK' },
    });
    expect(v.status).toBe('pass');
    expect(v.summary).toMatch(/machine\.config/);
    expect(v.summary).toMatch(/ran as you/);
  });

  it('switching the scheduler warns that the setting reaches a staging server too', () => {
    const sched = {
      available: true,
      syncCycleEnabled: false,
      schedulerSuspended: false,
      stagingModeEnabled: false,
      syncCycleInProgress: false,
      nextSyncCycleStartTime: null,
      nextSyncCyclePolicyType: null,
      intervalMinutes: 30,
    };
    const plan = FIXES['enable-scheduler'].plan({ generation: 'entra-connect', scheduler: sched } as never);
    expect(plan?.warnings?.join(' ')).toMatch(/staging server/);
  });
});
