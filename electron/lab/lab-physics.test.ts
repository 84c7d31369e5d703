// The lab's physics, row by row: for each cause in lab-physics.ts, a lab server with that fact
// set fails the operation with the row's result, and the same server without it (the fact changed
// back, or fixed through the host as an admin would) succeeds. A last test proves every row of
// the table is covered here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tlsEnforcement } from '../../shared/domain/connect-requirements';
import type { SyncCycleOutcome } from '../../shared/domain/host';
import { runSyncCycle } from '../actions/method1';
import { createAppSession } from '../app/session';
import type { HostPort } from '../ports/host-port';
import { tls12Ready } from './lab-network';
import { CERTIFICATE_ROTATION, CYCLE_FAILURES, CYCLE_REFUSALS, judgeCycle, START_FAILURES, type CycleFacts } from './lab-physics';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A lab host on a shipped scenario, changed by `change` (the fact the row is about). */
async function host(scenarioId: string, change: (s: Json) => void = () => {}, now?: Date): Promise<HostPort> {
  const s = JSON.parse(fs.readFileSync(path.resolve('assets/scenarios', `${scenarioId}.json`), 'utf8')) as Json;
  change(s);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-physics-'));
  const file = path.join(dir, `${scenarioId}.json`);
  fs.writeFileSync(file, JSON.stringify(s));
  const session = await createAppSession({
    dataDir: dir,
    mode: 'lab',
    labScenarioFile: file,
    appVersion: 'test',
    labTransitionMs: 1,
    ...(now ? { now: () => now } : {}),
  });
  return session.ports().host;
}

/** The Entra connector's runs that talk to Entra ID (its import and export; synchronization is local). */
const entra = (o: SyncCycleOutcome) => o.runs.filter((r) => r.connectorType === 'entra' && /Import|Export/.test(r.profile)).map((r) => r.result);
const every = (o: SyncCycleOutcome) => [...new Set(o.runs.map((r) => r.result))];
const covered = new Set<string>();
const row = (id: string) => {
  covered.add(id);
  return id;
};

describe('a sync cycle: refused before it starts', () => {
  it(`${row('no-tool')}: no sync tool, no cycle`, async () => {
    await expect((await host('no-sync-tool')).runSyncCycle('delta')).rejects.toMatchObject({ code: 'sync-unavailable' });
  });

  it(`${row('engine-stopped')}: refused while the sync service is stopped; runs once it is started`, async () => {
    const h = await host('sync-service-stopped');
    await expect(h.runSyncCycle('delta')).rejects.toMatchObject({ code: 'sync-unavailable', message: /not running/ });
    await h.startService('ADSync');
    expect((await h.runSyncCycle('delta')).succeeded).toBe(true);
  });

  it(`${row('busy')}: refused while a run is in progress; runs once it ended`, async () => {
    let t = Date.parse('2026-12-06T12:00:00Z');
    const s = JSON.parse(fs.readFileSync(path.resolve('assets/scenarios/healthy-entra-connect.json'), 'utf8')) as Json;
    s.sync.runInProgress = true;
    s.sync.runEndsAfterSeconds = 60;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-physics-'));
    fs.writeFileSync(path.join(dir, 'busy.json'), JSON.stringify(s));
    const session = await createAppSession({
      dataDir: dir,
      mode: 'lab',
      labScenarioFile: path.join(dir, 'busy.json'),
      appVersion: 'test',
      labTransitionMs: 1,
      now: () => new Date(t),
    });
    const h = session.ports().host;
    await expect(h.runSyncCycle('delta')).rejects.toMatchObject({ code: 'sync-busy' });
    t += 120_000;
    expect((await h.runSyncCycle('delta')).succeeded).toBe(true);
  });

  it(`${row('scheduler-suspended')}: refused with its own reason (not "the module could not be loaded") while suspended; runs once resumed`, async () => {
    const h = await host('scheduler-suspended');
    await expect(h.runSyncCycle('initial')).rejects.toMatchObject({ code: 'scheduler-suspended', message: /scheduler is suspended/ });
    // The action that runs a cycle tells the admin the scheduler's reason (it said "the PowerShell module could not be loaded").
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-physics-'));
    const session = await createAppSession({ dataDir: dir, mode: 'lab', scenarioId: 'scheduler-suspended', appVersion: 'test', labTransitionMs: 1 });
    const r = await runSyncCycle(session.ports(), { kind: 'initial' });
    expect(r).toMatchObject({ ok: false, errorCode: 'scheduler-suspended' });
    expect(r.summary).toMatch(/scheduler is suspended/);
    expect(r.summary).not.toMatch(/module could not be loaded/);
    const resumed = await host('scheduler-suspended', (s) => (s.sync.scheduler.suspended = false));
    expect((await resumed.runSyncCycle('initial')).succeeded).toBe(true);
  });
});

describe("a sync cycle: runs, and its runs end with the cause's result", () => {
  it(`${row('database-full')}: every run stops at the full database; runs with room`, async () => {
    const full = await host('healthy-entra-connect', (s) => (s.sync.databaseFull = true));
    expect(every(await full.runSyncCycle('delta'))).toEqual(['stopped-database-disk-full']);
    expect((await (await host('healthy-entra-connect')).runSyncCycle('delta')).succeeded).toBe(true);
  });

  it(`${row('retired-connect')}: a retired Connect build's Entra runs end stopped-server-down; the current build syncs`, async () => {
    for (const id of ['retired-build-1-6', 'retired-build-2-4-18']) {
      const o = await (await host(id)).runSyncCycle('delta');
      expect(o.succeeded).toBe(false);
      expect(new Set(entra(o))).toEqual(new Set(['stopped-server-down']));
    }
    const upgraded = await host('retired-build-2-4-18', (s) => (s.tool.version = '2.6.84.0'));
    expect((await upgraded.runSyncCycle('initial')).succeeded).toBe(true);
  });

  it(`${row('retired-tool')}: DirSync's Entra runs end stopped-extension-dll-exception (it can only be replaced)`, async () => {
    const o = await (await host('dirsync-64bit-small')).runSyncCycle('delta');
    expect(new Set(entra(o))).toEqual(new Set(['stopped-extension-dll-exception']));
    expect(judgeCycle({ ...FACTS, generation: 'dirsync', retired: false }).refused).toBeNull();
    expect(judgeCycle({ ...FACTS, generation: 'dirsync', retired: false })).toMatchObject({ failure: null });
  });

  it(`${row('tls-not-ready')}: TLS 1.2 off: no-start-connection; written on through the host, the cycle runs`, async () => {
    const h = await host('tls12-disabled');
    expect(new Set(entra(await h.runSyncCycle('delta')))).toEqual(new Set(['no-start-connection']));
    await h.enableTls12();
    expect((await h.runSyncCycle('delta')).succeeded).toBe(true);
  });

  it('tls-not-ready: the .NET values matter only for the builds that need them (2.3.20.0 to 2.4.129.0)', () => {
    const netOff = {
      netFramework64: { schUseStrongCrypto: 0, systemDefaultTlsVersions: 0 },
      netFramework32: { schUseStrongCrypto: 0, systemDefaultTlsVersions: 0 },
      schannelClient: { enabled: null, disabledByDefault: null },
      schannelServer: { enabled: null, disabledByDefault: null },
    };
    const needs = tls12Ready(netOff, tlsEnforcement('entra-connect', '2.4.129.0'));
    const newer = tls12Ready(netOff, tlsEnforcement('entra-connect', '2.4.131.0'));
    expect([needs, newer]).toEqual([false, true]);
    expect(judgeCycle({ ...FACTS, tls12Ready: needs })).toMatchObject({ failure: { id: 'tls-not-ready', result: { result: 'no-start-connection' } } });
    expect(judgeCycle({ ...FACTS, tls12Ready: newer })).toMatchObject({ failure: null });
  });

  it.each(['blocked', 'proxy-auth', 'unreachable'])(`${row('endpoint-blocked')}: endpoint %s: no-start-connection; open, the cycle runs`, async (endpoint) => {
    const h = await host('endpoint-blocked', (s) => (s.network.endpoint = endpoint));
    expect(new Set(entra(await h.runSyncCycle('delta')))).toEqual(new Set(['no-start-connection']));
    const open = await host('endpoint-blocked', (s) => (s.network.endpoint = 'ok'));
    // Its last Entra success is the scenario's history: a full cycle brings it back.
    expect((await open.runSyncCycle('initial')).succeeded).toBe(true);
  });

  it(`${row('cloud-credential-invalid')}: invalid or expired: stopped-extension-dll-exception; valid, the cycle runs`, async () => {
    for (const credential of ['invalid', 'expired']) {
      const h = await host('cloud-credential-invalid', (s) => (s.cloud.credential = credential));
      expect(new Set(entra(await h.runSyncCycle('initial')))).toEqual(new Set(['stopped-extension-dll-exception']));
    }
    const valid = await host('cloud-credential-invalid', (s) => (s.cloud.credential = 'valid'));
    expect((await valid.runSyncCycle('initial')).succeeded).toBe(true);
  });

  it(`${row('application-auth-required')}: after 7 April 2027 the Sync_ user no longer syncs; an application does`, async () => {
    const after = new Date('2027-04-10T12:00:00Z');
    const asUser = await host('cloud-credential-invalid', (s) => (s.cloud.credential = 'valid'), after);
    expect(new Set(entra(await asUser.runSyncCycle('initial')))).toEqual(new Set(['stopped-extension-dll-exception']));
    const asApp = await host('cloud-credential-invalid', (s) => Object.assign(s.cloud, { credential: 'valid', authentication: 'application' }), after);
    expect(entra(await asApp.runSyncCycle('initial'))).not.toContain('stopped-extension-dll-exception');
  });

  it(`${row('app-certificate-expired')}: an expired sign-in certificate stops the Entra runs (1012); renewed in the wizard, the cycle runs`, async () => {
    const h = await host('app-certificate-expired');
    expect(new Set(entra(await h.runSyncCycle('delta')))).toEqual(new Set(['stopped-extension-dll-exception']));
    // A cycle does not renew an expired certificate by itself; the wizard's rotation (the simulated admin) does.
    expect(new Set(entra(await h.runSyncCycle('delta')))).toEqual(new Set(['stopped-extension-dll-exception']));
    await h.simulateAdminAction!('renew-app-certificate');
    expect((await h.runSyncCycle('delta')).succeeded).toBe(true);
  });

  it(`${row(CERTIFICATE_ROTATION.id)}: a due certificate Connect manages is renewed by a cycle, not while the scheduler is suspended, not one the admin brought`, async () => {
    const notAfter = async (h: HostPort) => (await h.appCertificate('ADSync')).certificate!.notAfter;
    const due = await host('app-certificate-expiring');
    const before = await notAfter(due);
    expect((await due.runSyncCycle('delta')).succeeded).toBe(true);
    expect(Date.parse(await notAfter(due))).toBeGreaterThan(Date.parse(before));
    const suspended = await host('app-certificate-expiring', (s) => (s.sync.scheduler = { ...s.sync.scheduler, suspended: true }));
    const suspendedBefore = await notAfter(suspended);
    await expect(suspended.runSyncCycle('delta')).rejects.toMatchObject({ code: 'scheduler-suspended' });
    expect(await notAfter(suspended)).toBe(suspendedBefore);
    const brought = await host('app-certificate-expiring', (s) => (s.cloud.certificate.store = 'local-machine'));
    const broughtBefore = await notAfter(brought);
    expect((await brought.runSyncCycle('delta')).succeeded).toBe(true);
    expect(await notAfter(brought)).toBe(broughtBefore);
  });

  it(`${row('delta-after-7-days')}: a delta after 7 days without success stops; a full cycle runs, then deltas again`, async () => {
    const h = await host('last-success-over-7-days');
    expect(new Set(entra(await h.runSyncCycle('delta')))).toEqual(new Set(['stopped-server-down']));
    expect((await h.runSyncCycle('initial')).succeeded).toBe(true);
    expect((await h.runSyncCycle('delta')).succeeded).toBe(true);
  });
});

describe('a service start', () => {
  it(`${row('start-type-disabled')}: a disabled service does not start (1058); set to automatic it does`, async () => {
    const h = await host('sync-service-stopped', (s) => (s.services[0].startType = 'disabled'));
    await expect(h.startService('ADSync')).rejects.toMatchObject({ code: 'service-failed', details: { win32: 1058 } });
    expect((await (await host('sync-service-stopped')).startService('ADSync')).state).toBe('running');
  });

  it(`${row('logon-right-missing')}: 1069 with event 7041; with the right, it starts`, async () => {
    const h = await host('logon-right-missing');
    const before = (await h.queryEvents({ log: 'System', ids: [7041] })).length;
    await expect(h.startService('ADSync')).rejects.toMatchObject({ code: 'service-logon-failed', details: { win32: 1069, event: 7041 } });
    expect((await h.queryEvents({ log: 'System', ids: [7041] })).length).toBe(before + 1);
    const granted = await host('logon-right-missing', (s) => delete s.services[0].startFailure);
    expect((await granted.startService('ADSync')).state).toBe('running');
  });

  it.each([
    ['dirsync-local-account-disabled', { enabled: true }],
    ['dirsync-local-account-locked', { unlock: true }],
    ['dirsync-local-account-expired', { passwordNeverExpires: true }],
  ] as const)(`${row('logon-cannot-sign-in')}: %s: 1069 with event 7038 for every service; the account fixed, they start`, async (scenario, change) => {
    const h = await host(scenario);
    const before = (await h.queryEvents({ log: 'System', ids: [7038] })).length;
    for (const name of ['FIMSynchronizationService', 'MSOnlineSyncScheduler']) {
      await expect(h.startService(name)).rejects.toMatchObject({ code: 'service-logon-failed', details: { win32: 1069 } });
    }
    expect((await h.queryEvents({ log: 'System', ids: [7038] })).length).toBe(before + 2);
    const [user] = await h.localUsers('AAD_');
    await h.setLocalUser(user!.name, change);
    for (const name of ['FIMSynchronizationService', 'MSOnlineSyncScheduler']) expect((await h.startService(name)).state).toBe('running');
  });

  it('logon-cannot-sign-in: a disabled domain account (Entra Connect): 1069; enabled, the service starts', async () => {
    await expect((await host('service-account-disabled')).startService('ADSync')).rejects.toMatchObject({
      code: 'service-logon-failed',
      details: { win32: 1069 },
    });
    const enabled = await host('service-account-disabled', (s) => {
      for (const a of s.accounts) if (a.sAMAccountName === 'svc-adsync') a.state = 'enabled';
    });
    expect((await enabled.startService('ADSync')).state).toBe('running');
  });

  it(`${row('key-unreadable')}: as another account than installed: event 6028; the original back, it starts`, async () => {
    const h = await host('virtual-account-replaced');
    await expect(h.startService('ADSync')).rejects.toMatchObject({ code: 'service-failed', details: { event: 6028 } });
    const original = (await h.serviceLogon('ADSync')).original!;
    await h.setServiceLogon('ADSync', original.account);
    expect((await h.startService('ADSync')).state).toBe('running');
  });
});

describe('a service start: the sync database', () => {
  it(`${row('database-full')}: a full LocalDB: the engine starts and stops with 6323; with room, it starts`, async () => {
    const h = await host('localdb-full-service-stopped');
    await expect(h.startService('ADSync')).rejects.toMatchObject({ code: 'service-failed', details: { event: 6323 } });
    const events = await h.queryEvents({
      log: 'Application',
      sources: ['ADSync'],
      ids: [6323],
      since: new Date(Date.now() - 60_000).toISOString(),
      maxEvents: 5,
    });
    expect(events.length).toBeGreaterThan(0);
    const roomy = await host('localdb-full-service-stopped', (s) => (s.sync.databaseFull = false));
    expect((await roomy.startService('ADSync')).state).toBe('running');
  });
});

const FACTS: CycleFacts = {
  generation: 'entra-connect',
  kind: 'delta',
  engineRunning: true,
  busy: false,
  schedulerSuspended: false,
  databaseFull: false,
  retired: false,
  tls12Ready: true,
  endpoint: 'ok',
  cloudAuthentication: 'application',
  cloudCredential: 'valid',
  appAuthRequired: false,
  daysSinceEntraSuccess: 0,
  appCertificate: 'current',
  certificateManaged: true,
};

describe('the table', () => {
  it('every row cites its NOTES-windows.md section and is proven above', () => {
    const rows = [...CYCLE_REFUSALS, ...CYCLE_FAILURES, ...START_FAILURES, CERTIFICATE_ROTATION];
    for (const r of rows) expect(r.notes, r.id).toMatch(/^NOTES-windows\.md §\d+/);
    expect(rows.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('a healthy moment passes every row', () => {
    expect(judgeCycle(FACTS)).toEqual({ refused: null, failure: null });
  });
});
