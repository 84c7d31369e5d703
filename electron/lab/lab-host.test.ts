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
    await expect(host.uninstallProgram(tool!.productCode!)).rejects.toMatchObject({ code: 'uninstall-blocked' });
    expect((await host.installedPrograms()).some((p) => p.productCode === tool!.productCode)).toBe(true);
  });

  it('uninstalls the 32-bit tool when idle: program, services gone, MsiInstaller event written', async () => {
    const { host } = await hostFor('dirsync-32bit-event-109');
    const [tool] = await host.installedPrograms();
    expect(tool!.registryView).toBe('32');
    const r = await host.uninstallProgram(tool!.productCode!);
    expect(r.exitCode).toBe(0);
    expect(await host.installedPrograms()).toEqual([]);
    expect(await host.getServices(['FIMSynchronizationService', 'MSOnlineSyncScheduler'])).toEqual([]);
    expect((await host.syncEngineStatus()).generation).toBe('none');
    const [ev] = await host.queryEvents({ log: 'Application', sources: ['MsiInstaller'], ids: [11724] });
    expect(ev!.message).toMatch(/Removal completed successfully/);
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
