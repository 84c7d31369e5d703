// LabHost simulates each KB 2882421 Method 1-2 cause faithfully: scheduler states, staging, per
// connector completed runs, the deletion threshold with pending deletes, TLS values and the
// endpoint, logon kinds and logon changes, the local SAM, and a sync cycle run to its end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppSession } from '../app/session';
import type { HostPort } from '../ports/host-port';

async function hostFor(scenarioId: string): Promise<HostPort> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-labhost-'));
  const session = await createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1 });
  return session.ports().host;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A lab host on a shipped scenario changed by `change`. */
async function changed(scenarioId: string, change: (s: Json) => void): Promise<HostPort> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-labhost-'));
  const s = JSON.parse(fs.readFileSync(path.resolve('assets/scenarios', `${scenarioId}.json`), 'utf8')) as Json;
  change(s);
  fs.writeFileSync(path.join(dir, 's.json'), JSON.stringify(s));
  const session = await createAppSession({ dataDir: dir, mode: 'lab', labScenarioFile: path.join(dir, 's.json'), appVersion: 'test', labTransitionMs: 1 });
  return session.ports().host;
}

const latest = async (host: HostPort, type: 'ad' | 'entra', profile: string) =>
  (await host.connectorRuns()).connectors.find((c) => c.type === type)!.latestRuns.find((r) => r.profile === profile);

describe('sync tool, version and scheduler', () => {
  it('reports the tool with its version, services by key name and the scheduler', async () => {
    const host = await hostFor('healthy-entra-connect');
    expect(await host.syncTool()).toMatchObject({ generation: 'entra-connect', version: '2.6.84.0', evidence: ['uninstall-entry', 'service', 'registry'] });
    expect((await host.syncTool()).services.map((s) => s.name)).toEqual(['ADSync']);
    expect(await host.scheduler()).toMatchObject({
      available: true,
      syncCycleEnabled: true,
      schedulerSuspended: false,
      stagingModeEnabled: false,
      syncCycleInProgress: false,
      intervalMinutes: 30,
    });
  });

  it('DirSync has no built-in scheduler', async () => {
    const host = await hostFor('dirsync-local-account-disabled');
    expect(await host.scheduler()).toMatchObject({ available: false, syncCycleEnabled: null });
    await expect(host.setSchedulerEnabled(true)).rejects.toMatchObject({ code: 'not-supported' });
  });

  it('a disabled scheduler is enabled and reads back enabled', async () => {
    const host = await hostFor('scheduler-disabled');
    expect((await host.scheduler()).syncCycleEnabled).toBe(false);
    expect((await host.setSchedulerEnabled(true)).syncCycleEnabled).toBe(true);
    expect((await host.syncEngineStatus()).schedulerEnabled).toBe(true);
  });

  it('a suspended scheduler refuses a cycle; staging mode runs one that exports nothing', async () => {
    await expect((await hostFor('scheduler-suspended')).runSyncCycle('delta')).rejects.toMatchObject({ code: 'scheduler-suspended' });
    const staging = await hostFor('staging-mode');
    const outcome = await staging.runSyncCycle('delta');
    expect(outcome.succeeded).toBe(true);
    expect(outcome.runs.some((r) => r.profile === 'Export')).toBe(false);
  });
});

describe('run history and the sync cycle', () => {
  it('a failed export is not hidden by a newer successful import', async () => {
    const host = await hostFor('export-failed-behind-import');
    expect((await host.syncEngineStatus()).lastRun).toMatchObject({ profile: 'Delta Import', result: 'success' });
    expect(await latest(host, 'entra', 'Export')).toMatchObject({ result: 'completed-export-errors', counts: { exportErrors: 40 } });
  });

  it('a cycle runs to its end, reports progress and appends every connector run to history', async () => {
    const host = await hostFor('healthy-entra-connect');
    const progress: number[] = [];
    const outcome = await host.runSyncCycle('delta', { onProgress: (p) => progress.push(p.completedRuns) });
    expect(outcome.succeeded).toBe(true);
    expect(outcome.runs.map((r) => `${r.connectorType} ${r.profile}`)).toEqual([
      'ad Delta Import',
      'entra Delta Import',
      'ad Delta Synchronization',
      'entra Delta Synchronization',
      'entra Export',
      'ad Export',
    ]);
    expect(progress).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await latest(host, 'entra', 'Export'))!.startTime).toBe(outcome.runs[4]!.startTime);
    expect((await host.scheduler()).syncCycleInProgress).toBe(false);
  });

  it('cancelling a cycle rejects and leaves no cycle in progress', async () => {
    const host = await hostFor('healthy-entra-connect');
    const abort = new AbortController();
    const p = host.runSyncCycle('delta', { signal: abort.signal, onProgress: (x) => x.completedRuns === 2 && abort.abort() });
    await expect(p).rejects.toMatchObject({ code: 'service-timeout' });
    expect((await host.syncEngineStatus()).runInProgress).toBe(false);
  });

  it('after more than 7 days only an initial cycle gets the Entra connector through', async () => {
    const host = await hostFor('last-success-over-7-days');
    expect((await host.scheduler()).nextSyncCyclePolicyType).toBe('initial');
    const delta = await host.runSyncCycle('delta');
    expect(delta.succeeded).toBe(false);
    expect(delta.runs.find((r) => r.connectorType === 'entra' && r.profile === 'Delta Import')!.result).toBe('stopped-server-down');
    const initial = await host.runSyncCycle('initial');
    expect(initial.succeeded).toBe(true);
    expect((await host.runSyncCycle('delta')).succeeded).toBe(true);
  });

  it('a retired build is refused by Entra ID; a full database stops every run', async () => {
    const retired = await (await hostFor('retired-build-2-4-18')).runSyncCycle('delta');
    expect(retired.runs.filter((r) => r.connectorType === 'entra').map((r) => r.result)).toContain('stopped-server-down');
    const full = await (await hostFor('database-disk-full')).runSyncCycle('delta');
    expect(new Set(full.runs.map((r) => r.result))).toEqual(new Set(['stopped-database-disk-full']));
  });
});

describe('deletion threshold', () => {
  it('holds pending deletes back until the threshold is turned off with a cloud credential', async () => {
    const host = await hostFor('deletion-threshold-exceeded');
    expect((await host.connectorRuns()).deletionThreshold).toEqual({ enabled: true, value: 500 });
    expect(await latest(host, 'entra', 'Export')).toMatchObject({ result: 'stopped-deletion-threshold-exceeded', counts: { pendingDeletes: 812 } });

    const again = await host.runSyncCycle('delta');
    expect(again.runs.find((r) => r.profile === 'Export' && r.connectorType === 'entra')).toMatchObject({
      result: 'stopped-deletion-threshold-exceeded',
      counts: { pendingDeletes: 812 },
    });
    const [warning] = await host.queryEvents({ log: 'Application', ids: [116], maxEvents: 1 });
    expect(warning!.message).toContain('812');

    await expect(host.setDeletionThreshold({ enabled: false })).rejects.toMatchObject({ code: 'cloud-sign-in-required' });
    expect(await host.setDeletionThreshold({ enabled: false, credential: { userName: 'admin@contoso.onmicrosoft.com', password: 'x' } })).toEqual({
      enabled: false,
      value: 500,
    });
    const through = await host.runSyncCycle('delta');
    expect(through.runs.find((r) => r.profile === 'Export' && r.connectorType === 'entra')).toMatchObject({
      result: 'success',
      counts: { deletes: 812, pendingDeletes: 0 },
    });
    expect(await host.setDeletionThreshold({ enabled: true, value: 500, credential: { userName: 'admin@contoso.onmicrosoft.com', password: 'x' } })).toEqual({
      enabled: true,
      value: 500,
    });
    expect((await host.runSyncCycle('delta')).succeeded).toBe(true);
  });
});

describe('connector accounts', () => {
  it('application sign-in has no Sync_ user; a service-account install names it', async () => {
    expect((await (await hostFor('application-auth-no-sync-user')).connectorAccounts()).entra).toEqual({
      connector: 'contoso.onmicrosoft.com - AAD',
      userName: null,
      identityType: 'application',
    });
    const accounts = await (await hostFor('sync-user-before-hard-stop')).connectorAccounts();
    expect(accounts.ad).toEqual([{ connector: 'lab.example.com', user: 'MSOL_5f3a9c0e1b2d', domain: 'lab.example.com' }]);
    expect(accounts.entra).toMatchObject({ identityType: 'service-account', userName: expect.stringMatching(/^Sync_SYNC01_/) });
    expect((await (await hostFor('dirsync-local-account-disabled')).connectorAccounts()).dirsyncCloudUser).toBe('dirsync-admin@contoso.onmicrosoft.com');
  });

  it('a rejected cloud credential fails the Entra connector runs', async () => {
    const outcome = await (await hostFor('cloud-credential-invalid')).runSyncCycle('delta');
    expect(outcome.runs.find((r) => r.connectorType === 'entra' && r.profile === 'Export')!.result).toBe('stopped-extension-dll-exception');
  });
});

describe('the application sign-in certificate', () => {
  it('is found in the store of the account the service was installed with, with its dates; under another logon it is not', async () => {
    const host = await hostFor('app-certificate-expiring');
    const state = await host.appCertificate('ADSync');
    expect(state).toMatchObject({ identityType: 'application', problem: null, certificate: { store: 'service-account', account: 'NT SERVICE\\ADSync' } });
    const { notBefore, notAfter } = state.certificate!;
    expect(Math.round((Date.parse(notAfter) - Date.parse(notBefore)) / 86_400_000)).toBe(400);
    // The service now logs on as another account than it was installed with (and, here, still runs).
    const moved = await (
      await changed('app-certificate-expiring', (sc) => {
        sc.accounts.push({
          sAMAccountName: 'svc-adsync',
          displayName: 'Entra Connect sync service',
          container: 'CN=Users',
          state: 'enabled',
          passwordNeverExpires: true,
        });
        sc.services[0].logon = { kind: 'domain', sAMAccountName: 'svc-adsync', password: 'current' };
        sc.services[0].originalLogon = { kind: 'builtin', account: 'NT SERVICE\\ADSync' };
      })
    ).appCertificate('ADSync');
    expect(moved.certificate).toBeNull();
    expect(moved.problem ?? '').toMatch(/neither the personal store of/);
  });

  it('a Sync_ user sign-in has no certificate; a scenario whose connector names none says why', async () => {
    expect(await (await hostFor('sync-user-before-hard-stop')).appCertificate('ADSync')).toMatchObject({ identityType: 'service-account', certificate: null });
    const unnamed = await changed('app-certificate-expiring', (sc) => {
      sc.cloud.certificate.unreadable = 'Get-ADSyncEntraConnectorCredential names no certificate thumbprint or SHA256 hash on this build.';
    });
    expect(await unnamed.appCertificate('ADSync')).toMatchObject({ certificate: null, problem: expect.stringMatching(/names no certificate/) });
  });
});

describe('service logon kinds and changes', () => {
  it('a virtual account replaced by a domain account: logs on, then 6028; putting back the original starts it', async () => {
    const host = await hostFor('virtual-account-replaced');
    expect(await host.serviceLogon('ADSync')).toMatchObject({
      account: 'LAB\\svc-adsync',
      kind: 'domain-user',
      original: { account: 'NT SERVICE\\ADSync', kind: 'virtual' },
    });
    await expect(host.startService('ADSync')).rejects.toMatchObject({ code: 'service-failed', details: { event: 6028 } });
    const [key] = await host.queryEvents({ log: 'Application', sources: ['ADSync'], ids: [6028], maxEvents: 1 });
    expect(Date.parse(key!.timeCreated)).toBeGreaterThan(Date.now() - 60_000);
    await expect(host.setServiceLogon('ADSync', 'NT SERVICE\\ADSync', 'some-password')).rejects.toMatchObject({ code: 'bad-input' });
    expect(await host.setServiceLogon('ADSync', 'NT SERVICE\\ADSync')).toMatchObject({ account: 'NT SERVICE\\ADSync', kind: 'virtual' });
    expect((await host.startService('ADSync')).state).toBe('running');
  });

  it('LocalSystem is never accepted as a new logon; the original one cures a LocalSystem install', async () => {
    const host = await hostFor('localsystem-logon');
    expect((await host.serviceLogon('ADSync')).kind).toBe('local-system');
    await expect(host.setServiceLogon('ADSync', 'LocalSystem')).rejects.toMatchObject({ code: 'bad-input' });
    await expect(host.startService('ADSync')).rejects.toMatchObject({ code: 'service-failed' });
    await host.setServiceLogon('ADSync', 'NT SERVICE\\ADSync');
    expect((await host.startService('ADSync')).state).toBe('running');
  });

  it('a missing "Log on as a service" right fails with 7041 and 1069, and stays until policy changes', async () => {
    const host = await hostFor('logon-right-missing');
    await expect(host.startService('ADSync')).rejects.toMatchObject({ code: 'service-logon-failed', details: { win32: 1069, event: 7041 } });
    await expect(host.startService('ADSync')).rejects.toMatchObject({ details: { event: 7041 } });
    expect((await host.queryEvents({ log: 'System', ids: [7041] })).length).toBeGreaterThanOrEqual(3);
  });

  it('an unreadable key with the original logon has no logon fix', async () => {
    const host = await hostFor('encryption-key-unreadable');
    expect((await host.serviceLogon('ADSync')).original?.account).toBe('NT SERVICE\\ADSync');
    await host.setServiceLogon('ADSync', 'NT SERVICE\\ADSync');
    await expect(host.startService('ADSync')).rejects.toMatchObject({ details: { event: 6028 } });
  });
});

describe('local accounts (DirSync AAD_)', () => {
  it('an expired local password: reset it, set it on both services, never-expires on, both start; the password is in no event', async () => {
    const host = await hostFor('dirsync-local-account-expired');
    await expect(host.startService('FIMSynchronizationService')).rejects.toMatchObject({ code: 'service-logon-failed' });
    const [user] = await host.localUsers('AAD_');
    expect(user).toMatchObject({ name: 'AAD_1f2e3d4c5b6a', passwordExpired: true, passwordNeverExpires: false, enabled: true });
    expect((await host.serviceLogon('FIMSynchronizationService')).kind).toBe('local-user');

    const password = 'N3w-L0cal-Passw0rd!';
    await expect(host.resetLocalUserPassword('AAD_1f2e3d4c5b6a', 'short')).rejects.toMatchObject({ code: 'password-rejected' });
    expect(await host.resetLocalUserPassword('AAD_1f2e3d4c5b6a', password)).toMatchObject({ passwordExpired: false });
    expect(await host.setLocalUser('AAD_1f2e3d4c5b6a', { passwordNeverExpires: true })).toMatchObject({ passwordNeverExpires: true });
    // Still the old password on the services: the start fails until each service has the new one.
    await expect(host.startService('FIMSynchronizationService')).rejects.toMatchObject({ code: 'service-logon-failed' });
    for (const name of ['FIMSynchronizationService', 'MSOnlineSyncScheduler']) await host.setServiceLogonPassword(name, password);
    expect((await host.startService('FIMSynchronizationService')).state).toBe('running');
    expect((await host.startService('MSOnlineSyncScheduler')).state).toBe('running');
    const everything = [...(await host.queryEvents({ log: 'System', maxEvents: 1000 })), ...(await host.queryEvents({ log: 'Application', maxEvents: 1000 }))];
    expect(JSON.stringify(everything)).not.toContain(password);
  });

  it('a disabled local account: enabled, then the services start; an unknown account is named', async () => {
    const host = await hostFor('dirsync-local-account-disabled');
    await expect(host.startService('MSOnlineSyncScheduler')).rejects.toMatchObject({ code: 'service-logon-failed' });
    expect(await host.setLocalUser('AAD_1f2e3d4c5b6a', { enabled: true })).toMatchObject({ enabled: true });
    expect((await host.startService('MSOnlineSyncScheduler')).state).toBe('running');
    await expect(host.setLocalUser('AAD_nobody', { enabled: true })).rejects.toMatchObject({ code: 'account-not-found' });
    await expect(host.setLocalUser('AAD_1f2e3d4c5b6a', {})).rejects.toMatchObject({ code: 'bad-input' });
  });
});

describe('every DirSync server runs its services as the local AAD_ account', () => {
  it('both services report the same local user; the scheduler restarts only while that account can sign in', async () => {
    const host = await hostFor('dirsync-64bit-small');
    const logons = await Promise.all(['FIMSynchronizationService', 'MSOnlineSyncScheduler'].map((n) => host.serviceLogon(n)));
    expect(logons.map((l) => [l.account, l.kind])).toEqual([
      ['DIRSYNC01\\AAD_1f2e3d4c5b6a', 'local-user'],
      ['DIRSYNC01\\AAD_1f2e3d4c5b6a', 'local-user'],
    ]);
    expect((await host.getServices(['MSOnlineSyncScheduler']))[0]!.logonAccount).toBe('DIRSYNC01\\AAD_1f2e3d4c5b6a');
    // Not LocalSystem: a disabled AAD_ account stops the scheduler from starting again.
    await host.setLocalUser('AAD_1f2e3d4c5b6a', { enabled: false });
    await expect(host.restartService('MSOnlineSyncScheduler')).rejects.toMatchObject({
      code: 'service-logon-failed',
      details: { account: 'DIRSYNC01\\AAD_1f2e3d4c5b6a' },
    });
    await host.setLocalUser('AAD_1f2e3d4c5b6a', { enabled: true });
    expect((await host.startService('MSOnlineSyncScheduler')).state).toBe('running');
  });
});

describe('TLS and the endpoint', () => {
  it('TLS 1.2 off: the endpoint test fails on TLS; writing the values names each one and asks for a reboot', async () => {
    const host = await hostFor('tls12-disabled');
    expect((await host.testEndpoint()).outcome).toBe('tls');
    expect((await host.runSyncCycle('delta')).succeeded).toBe(false);
    const written = await host.enableTls12();
    expect(written.rebootRequired).toBe(true);
    expect(written.changed).toHaveLength(6);
    expect(written.changed).toContain('HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319\\SchUseStrongCrypto');
    expect(await host.tlsSettings()).toEqual(written.settings);
    expect(await host.enableTls12()).toMatchObject({ changed: [], rebootRequired: false });
    expect((await host.testEndpoint()).outcome).toBe('ok');
  });

  it('a current build with the registry values absent (Windows defaults) reaches Entra ID and syncs: only older builds need them', async () => {
    const host = await hostFor('current-build-defaults');
    expect(await host.tlsSettings()).toMatchObject({ netFramework64: { schUseStrongCrypto: null }, schannelClient: { enabled: null } });
    expect((await host.testEndpoint()).outcome).toBe('ok');
    expect((await host.runSyncCycle('delta')).succeeded).toBe(true);
  });

  it.each([
    ['endpoint-blocked', 403, 'blocked'],
    ['proxy-auth-required', 407, 'proxy-auth'],
    ['healthy-entra-connect', 200, 'ok'],
  ] as const)('%s: the endpoint answers %s (%s)', async (id, status, outcome) => {
    expect(await (await hostFor(id)).testEndpoint()).toMatchObject({ statusCode: status, outcome });
  });
});

describe('configuration wizard (Method 1 step 4)', () => {
  it('suspends the scheduler while open; closed, the cloud credential works and the next export verifies it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-labhost-'));
    const session = await createAppSession({ dataDir, mode: 'lab', scenarioId: 'cloud-credential-invalid', appVersion: 'test', labTransitionMs: 1 });
    const host = session.ports().host as HostPort & { wizardFinished(): Promise<void> };
    expect((await host.openConfigurationWizard()).path).toMatch(/AzureADConnect\.exe$/);
    expect((await host.scheduler()).schedulerSuspended).toBe(true);
    await expect(host.runSyncCycle('delta')).rejects.toMatchObject({ code: 'scheduler-suspended' });
    await expect(host.openConfigurationWizard()).rejects.toMatchObject({ code: 'sync-busy' });
    await host.wizardFinished();
    expect((await host.scheduler()).schedulerSuspended).toBe(false);
    expect((await host.runSyncCycle('delta')).succeeded).toBe(true);
    // Reloading the scenario starts from the file again, not from what this server became.
    await session.handlers['lab:load-scenario']({ scenarioId: 'cloud-credential-invalid' }, new AbortController().signal);
    const reloaded = session.ports().host;
    expect(reloaded).not.toBe(host);
    expect((await reloaded.runSyncCycle('delta')).succeeded).toBe(false);
  });

  it('DirSync has no Entra Connect wizard', async () => {
    await expect((await hostFor('dirsync-local-account-expired')).openConfigurationWizard()).rejects.toMatchObject({ code: 'not-supported' });
  });
});
