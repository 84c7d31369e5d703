// WindowsHost end to end against a stand-in process: what each method sends the script, how the
// answer becomes the port's types and errors, and the rules the host adds (no uninstall mid-run).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostError } from '../../electron/ports/errors';
import { resolveScriptDir } from '../../electron/host/windows/script-dir';
import type { SpawnFn } from '../../electron/host/windows/powershell-runner';
import { WindowsHost, scriptWaitSeconds } from '../../electron/host/windows/windows-host';
import { replyPerScript, replyWith, testWindowsDir } from './node-stand-in';

const SCRIPT_DIR = path.resolve(import.meta.dirname, '../../assets/powershell');
const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const stdinOf = (call: { stdin: () => Buffer }) => JSON.parse(call.stdin().toString('ascii')) as Record<string, unknown>;
const scriptOf = (call: { args: string[] }) => path.basename(call.args[call.args.length - 1]!, '.ps1');

async function hostError(promise: Promise<unknown>): Promise<HostError> {
  const e = await promise.then(
    () => new Error('expected a HostError, the call succeeded'),
    (x: unknown) => x,
  );
  if (!(e instanceof HostError)) throw e;
  return e;
}

const host = (spawn: SpawnFn) => new WindowsHost({ scriptDir: SCRIPT_DIR, spawn, windowsDir: testWindowsDir });

const IDLE_STATUS = JSON.stringify({
  ok: true,
  data: { Generation: 'dirsync', RunInProgress: false, SchedulerEnabled: null, LastRun: null },
});

describe('services', () => {
  it('asks for each service once and keeps only what was asked for', async () => {
    const stand = replyWith(fixture('services.dirsync.json'));
    const services = await host(stand.spawn).getServices(['FIMSynchronizationService', 'msonlinesyncscheduler', 'FIMSynchronizationService']);
    expect(stdinOf(stand.calls[0]!)).toEqual({ names: ['FIMSynchronizationService', 'msonlinesyncscheduler'] });
    // MSSQL$MSONLINE was in the answer but not asked for; the scheduler matched case-insensitively.
    expect(services.map((s) => s.name)).toEqual(['FIMSynchronizationService', 'MSOnlineSyncScheduler']);
  });

  it('does not start PowerShell for an empty list', async () => {
    const stand = replyWith(fixture('services.dirsync.json'));
    expect(await host(stand.spawn).getServices([])).toEqual([]);
    expect(stand.calls).toHaveLength(0);
  });

  it('starts a service with a wait that ends before the runner would kill the script', async () => {
    const stand = replyWith(fixture('services.single-object.json'));
    const service = await host(stand.spawn).startService('ADSync', { timeoutMs: 90_000 });
    expect(service).toMatchObject({ name: 'ADSync', state: 'running' });
    expect(scriptOf(stand.calls[0]!)).toBe('Start-DsdService');
    expect(stdinOf(stand.calls[0]!)).toEqual({ name: 'ADSync', waitSeconds: 80 });
  });

  it('passes a 1069 logon failure on as service-logon-failed', async () => {
    const stand = replyWith(fixture('service.logon-failure.json'));
    const e = await hostError(host(stand.spawn).startService('ADSync'));
    expect(e.code).toBe('service-logon-failed');
    expect(e.details).toMatchObject({ win32: 1069, script: 'Start-DsdService.ps1' });
  });

  it('uses the stop and restart scripts for stop and restart', async () => {
    const stand = replyWith(fixture('services.single-object.json'));
    await host(stand.spawn).stopService('ADSync');
    await host(stand.spawn).restartService('ADSync');
    expect(stand.calls.map(scriptOf)).toEqual(['Stop-DsdService', 'Restart-DsdService']);
    // Default service budget: 180 s, minus startup allowance.
    expect(stdinOf(stand.calls[0]!).waitSeconds).toBe(170);
  });

  it('treats a password change Windows did not accept as an error', async () => {
    const stand = replyWith('{"ok":true,"data":{"Name":"ADSync","StartName":"CONTOSO\\\\svc","ReturnValue":22}}');
    const e = await hostError(host(stand.spawn).setServiceLogonPassword('ADSync', 'pw'));
    expect(e.code).toBe('bad-output');
    expect(e.message).toContain('data.ReturnValue');
  });
});

describe('waiting budget', () => {
  it.each([
    [180_000, 170],
    [60_000, 50],
    [4_000, 3],
    [1_000, 1],
    [100, 1],
    [10 * 3_600_000, 3600],
  ])('%d ms gives the script %d s', (ms, seconds) => {
    expect(scriptWaitSeconds(ms)).toBe(seconds);
  });
});

describe('events', () => {
  it('sends only the filters given, with the default maximum', async () => {
    const stand = replyWith(fixture('events.logon-failures.json'));
    const events = await host(stand.spawn).queryEvents({ log: 'System', ids: [7000, 7038] });
    expect(stdinOf(stand.calls[0]!)).toEqual({ log: 'System', ids: [7000, 7038], maxEvents: 100 });
    expect(events[0]).toMatchObject({ id: 7038, level: 'error' });
  });

  it('sends sources and a start time when given', async () => {
    const stand = replyWith('{"ok":true,"data":[]}');
    await host(stand.spawn).queryEvents({
      log: 'Application',
      sources: ['ADSync', 'Directory Synchronization'],
      since: '2024-05-01T00:00:00+02:00',
      maxEvents: 5,
    });
    expect(stdinOf(stand.calls[0]!)).toEqual({
      log: 'Application',
      sources: ['ADSync', 'Directory Synchronization'],
      since: '2024-05-01T00:00:00+02:00',
      maxEvents: 5,
    });
  });

  it('refuses a start time without a zone', async () => {
    const e = await hostError(host(replyWith('{"ok":true,"data":[]}').spawn).queryEvents({ log: 'System', since: '2024-05-01 10:00' }));
    expect(e.code).toBe('bad-input');
    expect(e.message).toContain('query.since');
  });
});

describe('uninstall', () => {
  const code = '{4F5A1C2B-3D4E-4F60-8A9B-0C1D2E3F4A5B}';
  const target = (productCode: string | null) => ({
    displayName: 'Microsoft Online Services Directory Synchronization Tool',
    registryView: '32' as const,
    productCode,
  });

  it('refuses while a sync run is in progress, without running the uninstaller', async () => {
    const stand = replyPerScript({
      'Get-DsdSyncEngineStatus': fixture('syncstatus.dirsync-running.json'),
      'Uninstall-DsdProgram': fixture('uninstall.reboot.json'),
    });
    const e = await hostError(host(stand.spawn).uninstallProgram(target(code)));
    expect(e.code).toBe('uninstall-blocked');
    expect(stand.calls.map(scriptOf)).toEqual(['Get-DsdSyncEngineStatus']);
  });

  it('uninstalls when the engine is idle and reports the reboot', async () => {
    const stand = replyPerScript({ 'Get-DsdSyncEngineStatus': IDLE_STATUS, 'Uninstall-DsdProgram': fixture('uninstall.reboot.json') });
    const result = await host(stand.spawn).uninstallProgram(target(code.toLowerCase()), { timeoutMs: 600_000 });
    expect(result).toMatchObject({ productCode: code, exitCode: 3010, outcome: 'removed-restart-required', rebootRequired: true, entryRemoved: true });
    expect(stand.calls.map(scriptOf)).toEqual(['Get-DsdSyncEngineStatus', 'Uninstall-DsdProgram']);
    expect(stdinOf(stand.calls[1]!)).toEqual({
      productCode: code,
      displayName: 'Microsoft Online Services Directory Synchronization Tool',
      view: '32',
      waitSeconds: 590,
    });
  });

  it('refuses an answer about another product', async () => {
    const stand = replyPerScript({ 'Get-DsdSyncEngineStatus': IDLE_STATUS, 'Uninstall-DsdProgram': fixture('uninstall.reboot.json') });
    const e = await hostError(host(stand.spawn).uninstallProgram(target('{00000000-0000-0000-0000-000000000001}')));
    expect(e.code).toBe('bad-output');
    expect(e.message).toContain('data.ProductCode');
  });
});

describe('sync cycle', () => {
  it('accepts Start-ADSyncSyncCycle answering Success and sends the kind', async () => {
    const stand = replyWith('{"ok":true,"data":{"Generation":"entra-connect","Method":"Start-ADSyncSyncCycle","Result":"Success","Loaded":null}}');
    await host(stand.spawn).startSyncCycle('initial');
    expect(stdinOf(stand.calls[0]!)).toEqual({ kind: 'initial' });
  });

  it('turns any other answer into sync-unavailable', async () => {
    const stand = replyWith('{"ok":true,"data":{"Generation":"entra-connect","Method":"Start-ADSyncSyncCycle","Result":"Failure","Loaded":null}}');
    const e = await hostError(host(stand.spawn).startSyncCycle('delta'));
    expect(e.code).toBe('sync-unavailable');
    expect(e.message).toContain('"Failure"');
  });

  it('passes sync-busy on', async () => {
    const stand = replyWith('{"ok":false,"error":{"code":"sync-busy","message":"A sync cycle is already running; wait for it to finish.","win32":null}}');
    const e = await hostError(host(stand.spawn).startSyncCycle('delta'));
    expect(e.code).toBe('sync-busy');
  });
});

describe('facts', () => {
  it('reads OS facts, AD FS and the sync status through their scripts', async () => {
    const stand = replyPerScript({
      'Get-DsdOsFacts': fixture('osfacts.domain-server.json'),
      'Test-DsdAdfsInstalled': fixture('adfs.adfs20-program.json'),
      'Get-DsdSyncEngineStatus': fixture('syncstatus.entra-connect.json'),
      'Get-DsdInstalledPrograms': fixture('programs.mixed-views.json'),
    });
    const h = host(stand.spawn);
    expect((await h.osFacts()).domain).toBe('contoso.com');
    expect(await h.adfsInstalled()).toBe(true);
    expect((await h.syncEngineStatus()).lastRun?.result).toBe('success');
    expect((await h.installedPrograms()).filter((p) => p.registryView === '32')).toHaveLength(2);
    for (const call of stand.calls) expect(stdinOf(call)).toEqual({});
    expect(h.kind).toBe('windows');
  });
});

describe('script folder', () => {
  it('defaults to the repo assets when not packaged', () => {
    expect(resolveScriptDir()).toBe(SCRIPT_DIR);
    expect(new WindowsHost().runner.scriptDir).toBe(SCRIPT_DIR);
  });

  it('uses the packaged resources folder in an installed app', () => {
    const dir = resolveScriptDir({ resourcesPath: '/opt/dsd/resources', defaultApp: false, searchFrom: ['/nowhere'], exists: () => false });
    expect(dir).toBe(path.join('/opt/dsd/resources', 'assets', 'powershell'));
  });

  it('searches upwards from the module when run as `electron .` from a checkout', () => {
    const marker = path.join('/repo', 'assets', 'powershell', 'DsdCommon.ps1');
    const dir = resolveScriptDir({
      resourcesPath: '/usr/lib/electron/resources',
      defaultApp: true,
      searchFrom: ['/repo/dist/electron'],
      exists: (f) => f === marker,
    });
    expect(dir).toBe(path.join('/repo', 'assets', 'powershell'));
  });

  it('says where it looked when the scripts are nowhere', () => {
    expect(() => resolveScriptDir({ searchFrom: ['/a/b'], exists: () => false })).toThrow(/no assets\/powershell\/DsdCommon.ps1 above \/a\/b/);
  });
});
