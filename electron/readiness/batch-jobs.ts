// Batches of changes run in the background (progress, cancel, the result kept for the window to
// poll), and the undo files each applied batch leaves in the data folder, listed and previewed.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BatchResult } from '../../shared/readiness/batch';
import type { BatchListing, BatchPoll, PreviewResult } from '../../shared/readiness/ipc';
import type { UndoBatch } from '../../shared/readiness/undo-ldif';
import type { AuditLog } from '../audit/audit-log';
import { readBoundedTextSync } from '../files/bounded-file';
import { RequestError } from '../ipc/dispatch';
import type { PreviewStore, StoredPreview } from './preview-store';
import type { ReadinessStore } from './readiness-store';
import { applyBatch, undoBatch, type BatchOptions } from './run-batch';
import { readOwnUndoFile, UndoFileRefused } from './undo-files';

interface Job {
  kind: 'apply' | 'undo';
  done: number;
  total: number;
  controller: AbortController;
  result: BatchResult | null;
  error: string | null;
}

export interface BatchJobsDeps {
  undoDir: string;
  audit: AuditLog;
  actor: string;
  host: () => Promise<string>;
  previews: PreviewStore;
}

export class BatchJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly deps: BatchJobsDeps) {}

  list(): BatchListing[] {
    const { undoDir } = this.deps;
    if (!fs.existsSync(undoDir)) return [];
    const out: BatchListing[] = [];
    for (const name of fs.readdirSync(undoDir)) {
      if (!name.endsWith('.ldif')) continue;
      const file = path.join(undoDir, name);
      try {
        // Only the app's own files (recorded in the audit log, unchanged) are offered as batches.
        const b = readOwnUndoFile(file, undoDir, this.deps.audit);
        out.push({
          batchId: b.batchId,
          createdAt: b.createdAt,
          origin: b.origin,
          changes: b.restores.length - (b.notApplied?.length ?? 0),
          file,
          undoneAt: this.undoneAt(b.batchId),
        });
      } catch {
        // A file someone edited into something unreadable is not offered; undo-preview would say why.
      }
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Where the mark of an undone batch lives: beside its undo file. */
  private undoneFile(batchId: string): string {
    return path.join(this.deps.undoDir, `${batchId}.undone`);
  }

  /** When the batch was undone (its undo ran to the end with nothing failed), or null. */
  private undoneAt(batchId: string): string | null {
    try {
      const at = String((JSON.parse(readBoundedTextSync(this.undoneFile(batchId), 'progress')) as { undoneAt?: unknown }).undoneAt ?? '');
      return Number.isNaN(Date.parse(at)) ? null : at;
    } catch {
      return null;
    }
  }

  previewUndo(batchId: string): PreviewResult {
    const file = path.join(this.deps.undoDir, `${batchId}.ldif`);
    if (!fs.existsSync(file)) throw new RequestError('not-found', `No undo file for batch ${batchId}.`);
    const undone = this.undoneAt(batchId);
    if (undone) throw new RequestError('conflict', `Batch ${batchId} was undone already (${undone}); there is nothing left to undo.`);
    let batch: UndoBatch;
    try {
      batch = readOwnUndoFile(file, this.deps.undoDir, this.deps.audit);
    } catch (e) {
      if (e instanceof UndoFileRefused) throw new RequestError('conflict', e.message);
      throw new RequestError('conflict', `The undo file ${file} cannot be read: ${(e as Error).message}`);
    }
    const skipped = new Set((batch.notApplied ?? []).map((n) => n.index));
    const changes = batch.restores.filter((_, i) => !skipped.has(i));
    return this.deps.previews.save({ kind: 'undo', changes, undo: batch, origin: `undo of ${batchId}` }, [], []);
  }

  /** Runs a preview taken from the store in the background; the batch id names it for poll and cancel. */
  async start(p: StoredPreview, store: ReadinessStore): Promise<string> {
    const host = await this.deps.host().catch(() => 'unknown');
    const batchId = p.kind === 'apply' ? randomUUID() : `${p.undo!.batchId}-undo-${Date.now().toString(36)}`.slice(0, 64);
    const job: Job = { kind: p.kind, done: 0, total: p.changes.length, controller: new AbortController(), result: null, error: null };
    this.jobs.set(batchId, job);
    const options: BatchOptions = {
      store,
      audit: this.deps.audit,
      actor: this.deps.actor,
      host,
      origin: p.origin,
      signal: job.controller.signal,
      onProgress: (done) => {
        job.done = done;
      },
    };
    const run = p.kind === 'apply' ? applyBatch(p.changes, path.join(this.deps.undoDir, `${batchId}.ldif`), options, batchId) : undoBatch(p.undo!, options);
    run.then(
      (r) => {
        job.result = p.kind === 'undo' ? { ...r, batchId } : r;
        job.done = job.total;
        // An undo that ran to the end with nothing failed leaves a mark: the batch is not offered again.
        if (p.kind === 'undo' && r.counts.failed === 0 && r.counts.cancelled === 0) {
          try {
            fs.writeFileSync(this.undoneFile(p.undo!.batchId), JSON.stringify({ undoneAt: new Date().toISOString(), by: batchId }), { flag: 'w', mode: 0o600 });
          } catch {
            // The mark is a convenience: without it the batch stays listed, and undoing it again changes nothing.
          }
        }
      },
      (e: unknown) => {
        job.error = e instanceof Error ? e.message : String(e);
      },
    );
    return batchId;
  }

  poll(batchId: string): BatchPoll {
    const job = this.jobs.get(batchId);
    if (!job) throw new RequestError('not-found', `No batch ${batchId} is running or finished in this session.`);
    return {
      batchId,
      kind: job.kind,
      done: job.done,
      total: job.total,
      finished: job.result !== null || job.error !== null,
      result: job.result,
      error: job.error,
    };
  }

  cancel(batchId: string): boolean {
    const job = this.jobs.get(batchId);
    if (!job || job.result || job.error) return false;
    job.controller.abort();
    return true;
  }

  close(): void {
    for (const j of this.jobs.values()) j.controller.abort();
  }
}
