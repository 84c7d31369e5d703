// The sync cycle fix, followed: the wait says which run profile on which connector runs as the
// cycle goes on, and Cancel stops the waiting only: the cycle runs on to its end in the engine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppSession } from '../app/session';
import { createRunWaits } from '../app/run-wait';
import { runSyncCycle } from './method1';

async function lab(scenarioId: string, labRunMs: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-cycle-'));
  return createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1, labRunMs });
}

describe('run a sync cycle, followed', () => {
  it('reports each run profile and connector as it goes, then the result', async () => {
    const session = await lab('scheduler-disabled', 5);
    const waits = createRunWaits();
    const wait = waits.begin('the sync cycle to start');
    const seen: string[] = [];
    const r = await runSyncCycle(session.ports(), { kind: 'delta' }, undefined, {
      update: (w) => {
        seen.push(w);
        wait.update(w);
      },
      cancelled: wait.cancelled,
    });
    expect(r).toMatchObject({ ok: true, errorCode: null });
    expect(seen[0]).toMatch(/^the delta cycle: \S.* on \S.* \(0 runs done\)$/);
    expect(seen.some((w) => /Export on .* \(\d runs? done\)/.test(w))).toBe(true);
    expect(seen.at(-1)).toMatch(/to finish \(\d+ runs done\)/);
    expect(waits.status().what).toBe(seen.at(-1));
    await session.close();
  });

  it('Cancel stops the waiting, says the cycle goes on, and the cycle really ends on its own', async () => {
    const session = await lab('scheduler-disabled', 150);
    const { host } = session.ports();
    const before = (await host.connectorRuns()).connectors
      .flatMap((c) => c.latestRuns)
      .map((r) => r.endTime)
      .sort()
      .at(-1)!;
    const waits = createRunWaits();
    const wait = waits.begin('the sync cycle to start');
    let updates = 0;
    const result = runSyncCycle(session.ports(), { kind: 'delta' }, undefined, {
      update: (w) => {
        wait.update(w);
        if (++updates === 2) waits.cancel(); // while the second run of the cycle is under way
      },
      cancelled: wait.cancelled,
    });
    const r = await result;
    expect(r).toMatchObject({ ok: false, errorCode: 'cancelled' });
    expect(r.summary).toMatch(/Stopped waiting\. The delta cycle was not stopped: it goes on/);
    // The engine is still running the cycle: cancelling never killed it.
    expect((await host.syncEngineStatus()).runInProgress).toBe(true);
    for (let i = 0; i < 100 && (await host.syncEngineStatus()).runInProgress; i++) await new Promise((res) => setTimeout(res, 50));
    expect((await host.syncEngineStatus()).runInProgress).toBe(false);
    const after = (await host.connectorRuns()).connectors
      .flatMap((c) => c.latestRuns)
      .map((r) => r.endTime)
      .sort()
      .at(-1)!;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
    await session.close();
  });
});
