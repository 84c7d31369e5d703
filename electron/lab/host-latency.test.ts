// The simulated PowerShell cost: one process per call, or (batched) one per group of read-only
// calls made together; changes always get their own process. Counted, not timed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppSession } from '../app/session';
import { withHostLatency } from './host-latency';

async function labHost() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-latency-'));
  return (await createAppSession({ dataDir, mode: 'lab', scenarioId: 'scheduler-disabled', appVersion: 'test', labTransitionMs: 1 })).ports().host;
}

const questions = (h: Awaited<ReturnType<typeof labHost>>) =>
  Promise.all([h.osFacts(), h.syncTool(), h.scheduler(), h.connectorRuns(), h.tlsSettings(), h.testEndpoint(), h.getServices(['ADSync'])]);

describe('simulated host latency', () => {
  it('one process per call without batching, one per group with it; the answers are the same', async () => {
    const plain = withHostLatency(await labHost(), { perCallMs: 5, batched: false });
    const batched = withHostLatency(await labHost(), { perCallMs: 5, batched: true });
    const a = await questions(plain.host);
    const b = await questions(batched.host);
    expect(plain.stats.processes).toBe(7);
    expect(batched.stats.processes).toBe(1);
    expect({ ...b[2], nextSyncCycleStartTime: null }).toEqual({ ...a[2], nextSyncCycleStartTime: null });
    expect(b[0].computerName).toBe('SYNC01');
    // A second wave after the first has answered is a new process.
    await batched.host.scheduler();
    expect(batched.stats.processes).toBe(2);
  });

  it('changes never share a process, even when made together', async () => {
    const batched = withHostLatency(await labHost(), { perCallMs: 5, batched: true });
    await Promise.all([batched.host.setSchedulerEnabled(true), batched.host.enableTls12(), batched.host.scheduler()]);
    expect(batched.stats.processes).toBe(3);
    expect((await batched.host.scheduler()).syncCycleEnabled).toBe(true);
    expect(batched.host.kind).toBe('lab');
  });
});
