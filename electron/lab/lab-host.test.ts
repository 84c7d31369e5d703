// LabHost behaves like Windows where the playbooks depend on it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppSession } from '../app/session';
import { HostError } from '../ports/errors';

async function hostFor(scenarioId: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-labhost-'));
  const session = await createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1 });
  return session.ports();
}

describe('LabHost', () => {
  it('refuses to uninstall the sync tool while a sync run is in progress', async () => {
    const { host } = await hostFor('sync-run-in-progress');
    const [tool] = (await host.installedPrograms()).filter((p) => /Sync tool/.test(p.displayName));
    await expect(host.uninstallProgram(tool!)).rejects.toMatchObject({ code: 'uninstall-blocked' });
    expect((await host.installedPrograms()).some((p) => p.productCode === tool!.productCode)).toBe(true);
  });

  it('uninstalls the 32-bit tool when idle: program, services gone, MsiInstaller event written, restart pending', async () => {
    const { host } = await hostFor('dirsync-32bit-event-109');
    const [tool] = await host.installedPrograms();
    expect(tool!.registryView).toBe('32');
    const r = await host.uninstallProgram(tool!);
    expect(r).toMatchObject({ exitCode: 3010, outcome: 'removed-restart-required', rebootRequired: true, entryRemoved: true, method: 'msiexec' });
    expect(r.logFile).toMatch(/^C:\\Windows\\Logs\\DirSyncDoctor\\uninstall-.*\.log$/);
    expect(await host.installedPrograms()).toEqual([]);
    expect(await host.getServices(['FIMSynchronizationService', 'MSOnlineSyncScheduler'])).toEqual([]);
    expect((await host.syncEngineStatus()).generation).toBe('none');
    const [ev] = await host.queryEvents({ log: 'Application', sources: ['MsiInstaller'], ids: [11724] });
    expect(ev!.message).toMatch(/Removal completed successfully/);
  });

  it.each([
    ['dirsync-uninstall-1618', 1618, 'another-install-running'],
    ['dirsync-uninstall-1603', 1603, 'fatal-error'],
  ])('%s: the uninstall says %i and changes nothing else', async (scenario, code, outcome) => {
    const { host } = await hostFor(scenario);
    const programs = await host.installedPrograms();
    const services = await host.getServices(['FIMSynchronizationService', 'MSOnlineSyncScheduler']);
    const tool = programs.find((p) => p.registryView === '32')!;
    const r = await host.uninstallProgram(tool);
    expect(r).toMatchObject({ exitCode: code, outcome, entryRemoved: false, rebootRequired: false });
    expect(await host.installedPrograms()).toEqual(programs);
    expect(await host.getServices(['FIMSynchronizationService', 'MSOnlineSyncScheduler'])).toEqual(services);
    expect(await host.queryEvents({ log: 'Application', sources: ['MsiInstaller'] })).toEqual([]);
  });

  it('a run in progress ends by itself when the scenario says so; the uninstall is refused before and allowed after', async () => {
    let t = Date.parse('2026-11-22T03:00:00Z');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-labhost-'));
    const session = await createAppSession({
      dataDir,
      mode: 'lab',
      scenarioId: 'dirsync-32bit-run-in-progress',
      appVersion: 'test',
      labTransitionMs: 1,
      now: () => new Date(t),
    });
    const { host } = session.ports();
    const [tool] = await host.installedPrograms();
    expect((await host.syncEngineStatus()).runInProgress).toBe(true);
    await expect(host.uninstallProgram(tool!)).rejects.toMatchObject({ code: 'uninstall-blocked' });
    t += 60 * 60_000;
    expect((await host.syncEngineStatus()).runInProgress).toBe(false);
    expect((await host.uninstallProgram(tool!)).entryRemoved).toBe(true);
  });

  it("reports the scenario's .NET release", async () => {
    expect(await (await hostFor('dirsync-64bit-prerequisite-missing')).host.dotNetRelease()).toBe(394802);
    expect(await (await hostFor('healthy-entra-connect')).host.dotNetRelease()).toBe(528040);
  });

  it('a sync cycle writes run history; a second request while busy or with the service stopped is refused', async () => {
    const { host } = await hostFor('healthy-entra-connect');
    const before = (await host.syncEngineStatus()).lastRun!;
    await host.startSyncCycle('delta');
    const after = (await host.syncEngineStatus()).lastRun!;
    expect(Date.parse(after.startTime)).toBeGreaterThan(Date.parse(before.startTime));
    expect(after).toMatchObject({ profile: 'Export', result: 'success' });
    await host.stopService('ADSync');
    await expect(host.startSyncCycle('delta')).rejects.toBeInstanceOf(HostError);
  });

  it('a service with a good account starts; one whose account is deleted fails with 1069', async () => {
    const ok = await hostFor('sync-service-stopped');
    expect((await ok.host.startService('ADSync')).state).toBe('running');
    const del = await hostFor('service-account-deleted');
    await expect(del.host.startService('ADSync')).rejects.toMatchObject({ code: 'service-logon-failed', details: { win32: 1069 } });
    expect((await del.host.getServices(['ADSync']))[0]!.state).toBe('stopped');
    await expect(del.host.startService('NoSuchService')).rejects.toMatchObject({ code: 'service-not-found' });
  });

  it('filters events by log, source, id, time and count, newest first', async () => {
    const { host, now } = await hostFor('dirsync-32bit-event-109');
    const all = await host.queryEvents({ log: 'Application', sources: ['Directory Synchronization'], ids: [109] });
    expect(all).toHaveLength(3);
    expect(Date.parse(all[0]!.timeCreated)).toBeGreaterThan(Date.parse(all[2]!.timeCreated));
    const recent = await host.queryEvents({ log: 'Application', ids: [109], since: new Date(now().getTime() - 60 * 60_000).toISOString() });
    expect(recent).toHaveLength(1);
    expect(await host.queryEvents({ log: 'Application', ids: [109], maxEvents: 2 })).toHaveLength(2);
    expect(await host.queryEvents({ log: 'System', ids: [109] })).toEqual([]);
  });
});
