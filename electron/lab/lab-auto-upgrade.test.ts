// The lab's automatic upgrade: the scenario states it (state and reason, any text), the lab
// answers Get-ADSyncAutoUpgrade -Detail as a server would (only Connect from 1.1.105.0, only while
// the sync service runs), and the simulated admin's next action settles it the way the step says.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppSession } from '../app/session';
import type { LabHost } from './lab-host';
import { parseScenario } from './scenario';

async function hostFor(scenarioId: string): Promise<LabHost> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-labau-'));
  const session = await createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1 });
  return session.ports().host as LabHost;
}
const scenarioText = (id: string) => fs.readFileSync(path.resolve('assets/scenarios', `${id}.json`), 'utf8');
const withAutoUpgrade = (autoUpgrade: unknown, tool?: Record<string, unknown>) => {
  const s = JSON.parse(scenarioText('auto-upgrade-suspended')) as Record<string, unknown>;
  s.autoUpgrade = autoUpgrade;
  if (tool) s.tool = { ...(s.tool as object), ...tool };
  return JSON.stringify(s);
};

describe('automatic upgrade in the lab', () => {
  it('answers the scenario’s state and reason; scenarios that say nothing have it on', async () => {
    expect(await (await hostFor('auto-upgrade-suspended')).autoUpgrade()).toEqual({
      available: true,
      state: 'suspended',
      suspensionReason: 'UpgradeAbortedAdSyncExeInUse',
      problem: null,
    });
    expect(await (await hostFor('current-build-defaults')).autoUpgrade()).toMatchObject({ available: true, state: 'enabled', suspensionReason: null });
  });

  it('has no cmdlet on DirSync, and none while the sync service is stopped', async () => {
    expect(await (await hostFor('dirsync-64bit-small')).autoUpgrade()).toMatchObject({ available: false, state: null });
    expect(await (await hostFor('sync-service-stopped')).autoUpgrade()).toMatchObject({
      available: true,
      state: null,
      problem: expect.stringMatching(/not running/),
    });
  });

  it('the scenario accepts any one-line reason, only with Suspended', () => {
    expect(parseScenario(withAutoUpgrade({ state: 'suspended', reason: 'SomethingMicrosoftAddsNextYear-Detail' }), 'x.json').autoUpgrade.reason).toBe(
      'SomethingMicrosoftAddsNextYear-Detail',
    );
    expect(() => parseScenario(withAutoUpgrade({ state: 'enabled', reason: 'UpgradeAbortedSyncExeInUse' }), 'x.json')).toThrow(/reason/);
    expect(() => parseScenario(withAutoUpgrade({ state: 'suspended', reason: 'two\nlines' }), 'x.json')).toThrow(/reason/);
    expect(() => parseScenario(withAutoUpgrade({ state: 'paused' }), 'x.json')).toThrow(/state/);
  });

  it("the admin's next action: the window closed, upgraded by hand to the latest build, automatic upgrade on again", async () => {
    const host = await hostFor('auto-upgrade-suspended');
    const done = await host.simulateAdminAction('settle-auto-upgrade');
    expect(done.join(' ')).toMatch(/Close Synchronization Service Manager/);
    expect((await host.syncTool()).version).toBe('2.6.92.0');
    expect(await host.autoUpgrade()).toMatchObject({ state: 'enabled', suspensionReason: null });
  });

  it('a reason that is how the server is set up is recorded as Disabled (manual upgrades from now on)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-labau-'));
    const file = path.join(dataDir, 'sql.json');
    fs.writeFileSync(
      file,
      withAutoUpgrade({ state: 'suspended', reason: 'UpgradeNotSupportedNonLocalDbInstall' }).replace('"auto-upgrade-suspended"', '"sql-install"'),
    );
    const session = await createAppSession({ dataDir, mode: 'lab', labScenarioFile: file, appVersion: 'test', labTransitionMs: 1 });
    const host = session.ports().host as LabHost;
    await host.simulateAdminAction('settle-auto-upgrade');
    expect(await host.autoUpgrade()).toMatchObject({ state: 'disabled' });
  });
});
