// The default lab's in-memory directory holds the planted readiness problems, and the workbench can
// be practised on it end to end through the app's own IPC handlers: a scan finds each problem, the
// fixes applied make them go away (a re-scan no longer finds them), and the undo brings each back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanFinding } from '../../shared/readiness/scan/finding';
import type { BatchPoll, PreviewResult, ScanPollResult } from '../../shared/readiness/ipc';
import { createAppSession, DEFAULT_SCENARIO } from '../app/session';
import { dispatch } from '../ipc/dispatch';
import { PRACTICE_OU, practiceProblems } from './readiness-practice';

async function defaultLab() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-practice-'));
  const session = await createAppSession({ dataDir, mode: 'lab', scenarioId: DEFAULT_SCENARIO, appVersion: 'test', labTransitionMs: 5, actor: 'LAB\\tester' });
  const value = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = await dispatch(session.handlers, channel as never, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  return { session, dataDir, value };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the default lab: readiness problems to practise on', () => {
  it('a scan finds each planted problem; applying the fixes clears them; undo brings them back', async () => {
    const { session, value } = await defaultLab();
    const { domain } = await session.ports().directory!.info();
    const planted = practiceProblems(domain);
    const scan = async (incremental: boolean) => {
      const { scanId } = await value<{ scanId: string }>('scan:start', { incremental });
      const rows = new Map<string, ScanFinding>();
      let cursor = 0;
      for (;;) {
        const p = await value<ScanPollResult>('scan:poll', { scanId, cursor, limit: 5000 });
        if (p.reset) rows.clear();
        for (const f of p.findings) rows.set(f.id, f);
        for (const id of p.removed) rows.delete(id);
        cursor = p.cursor;
        if (p.done) {
          expect(p.error).toBeNull();
          return [...rows.values()];
        }
        await sleep(10);
      }
    };
    const find = (rows: ScanFinding[], p: (typeof planted)[number]) =>
      rows.find((f) => f.dn.startsWith(`CN=${p.cn},OU=${PRACTICE_OU},`) && f.attribute === p.attribute && f.value === p.value);
    const batch = async (preview: PreviewResult) => {
      const { batchId } = await value<{ batchId: string }>('readiness:apply', { previewId: preview.previewId });
      for (;;) {
        const b = await value<BatchPoll>('readiness:batch-poll', { batchId });
        if (b.finished) {
          expect(b.error).toBeNull();
          return b.result!;
        }
        await sleep(10);
      }
    };

    const before = await scan(false);
    for (const p of planted) expect(find(before, p)?.errors, p.what).toContain(p.error);

    const edits = planted.map((p) => {
      const f = find(before, p)!;
      return { findingId: f.id, action: p.fix.action, proposedValue: p.fix.action === 'edit' ? (p.fix.value ?? f.proposedValue) : null };
    });
    const preview = await value<PreviewResult>('readiness:preview', { edits });
    expect(preview.refused).toEqual([]);
    expect(preview.preview.changes).toHaveLength(planted.length);
    const applied = await batch(preview);
    expect(applied.counts).toMatchObject({ applied: planted.length, skipped: 0, failed: 0 });

    const after = await scan(true);
    for (const p of planted) expect(find(after, p), `${p.what}: fixed`).toBeUndefined();
    // Nothing new in the practice OU either (each fix is itself clean, and the duplicate's partner is free).
    expect(after.filter((f) => f.dn.includes(`OU=${PRACTICE_OU},`))).toEqual([]);

    const undo = await value<PreviewResult>('readiness:undo-preview', { batchId: applied.batchId });
    const undone = await batch(undo);
    expect(undone.counts).toMatchObject({ applied: planted.length, failed: 0 });
    // An undone batch is listed as undone and offers no second undo.
    const listed = await value<{ batchId: string; undoneAt: string | null }[]>('readiness:batches', {});
    expect(listed.find((b) => b.batchId === applied.batchId)?.undoneAt).toEqual(expect.any(String));
    const twice = await dispatch(session.handlers, 'readiness:undo-preview', { batchId: applied.batchId });
    expect(twice).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/undone already/) } });
    const again = await scan(true);
    for (const p of planted) expect(find(again, p)?.errors, `${p.what}: back after undo`).toContain(p.error);
    await session.close();
  });
});
