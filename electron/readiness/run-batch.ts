// Runs an apply or undo batch, one value change at a time: re-read the object, skip it (with the
// reason) when it no longer holds what the change expects, audit before, write, audit after. The
// re-reads are made a chunk of rows ahead in one search (the store's readMany) rather than one
// read per row; a row read ahead whose attribute a change before it in the chunk wrote, or that
// the search did not find, is read again alone just before its write.
// Before any write (and before an apply's undo file), the whole batch is held to the write policy
// (write-guard.ts): one change outside it refuses the batch. Cancel stops between writes; a write in flight finishes (one modify per attribute, so nothing is
// half-written). For an apply, the undo file is written and fsynced before the first write.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { countOutcomes, type BatchResult, type RowOutcome } from '../../shared/readiness/batch';
import { formatNotApplied, formatUndoLdif, type UndoBatch } from '../../shared/readiness/undo-ldif';
import { checkPrecondition, describeChange, inverseChange, type ValueChange } from '../../shared/readiness/value-change';
import type { AuditLog } from '../audit/audit-log';
import { readKey, type ObjectValues, type ReadinessStore } from './readiness-store';
import { recordUndoFile } from './undo-files';
import { guardWrites } from './write-guard';

export interface BatchOptions {
  store: ReadinessStore;
  audit: AuditLog;
  actor: string;
  host: string;
  /** "scan apply changes.csv", "workbench", "undo of <batch>". */
  origin: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, last: RowOutcome) => void;
  /** Rows re-read together ahead of their writes (one search a chunk); 1 reads each row alone. */
  readAhead?: number;
}

/** Rows a read-ahead covers: a search of 200 DNs, and what it read is at most that many writes old. */
export const READ_AHEAD = 200;

/** Writes the undo file atomically (temp file, fsync, rename) and refuses to overwrite one. */
export function writeUndoFile(file: string, batch: UndoBatch): void {
  if (fs.existsSync(file)) throw new Error(`the undo file ${file} already exists; choose a new name so no earlier batch's undo is lost`);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, formatUndoLdif(batch));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

async function runOne(change: ValueChange, kind: 'apply' | 'undo', o: BatchOptions, ahead: Map<string, ObjectValues>): Promise<RowOutcome> {
  const outcome = (status: RowOutcome['status'], reason: string | null): RowOutcome => ({ change, status, reason });
  let now;
  const key = readKey(change.dn, change.attribute);
  try {
    // A value read ahead is used once: a later change of the same attribute reads it again.
    now = ahead.get(key) ?? (await o.store.read(change.dn, change.attribute, o.signal));
    ahead.delete(key);
  } catch (e) {
    // Stopped during the re-read: nothing was written, so the row was not started rather than failed.
    if (o.signal?.aborted) return outcome('cancelled', 'cancelled before this change was written');
    return outcome('failed', `could not re-read the object: ${(e as Error).message}`);
  }
  if (!now) return outcome('skipped', 'the object no longer exists at this DN');
  if (change.objectGuid && now.objectGuid && change.objectGuid.toLowerCase() !== now.objectGuid.toLowerCase()) {
    return outcome('skipped', `another object (objectGUID ${now.objectGuid}) now has this DN`);
  }
  const pre = checkPrecondition(change, now.values);
  if (pre === 'done') {
    return kind === 'undo'
      ? outcome('unchanged', 'already as before the batch (it was not applied, or was undone already)')
      : outcome('skipped', `changed since the scan: the directory already shows ${describeChange(change)}`);
  }
  if (pre !== null) return outcome('skipped', kind === 'undo' ? `changed again since the batch: ${pre}` : `changed since the scan: ${pre}`);

  const text = describeChange(change);
  const auditId = o.audit.begin({
    actor: o.actor,
    host: o.host,
    action: kind === 'apply' ? 'readiness-apply' : 'readiness-undo',
    target: change.dn,
    planned: [{ target: change.dn, property: change.attribute, from: change.remove.join(', ') || '(empty)', to: change.add.join(', ') || '(empty)' }],
    origin: `${o.origin} (${change.source})`,
  });
  try {
    await o.store.write(change);
  } catch (e) {
    const reason = (e as Error).message;
    o.audit.end(auditId, { result: 'failed', summary: `${text}: ${reason}`, errorCode: (e as { code?: string }).code ?? 'exception', recheck: null });
    return outcome('failed', reason);
  }
  o.audit.end(auditId, { result: 'succeeded', summary: text, errorCode: null, recheck: null });
  return outcome('applied', null);
}

async function run(changes: readonly ValueChange[], kind: 'apply' | 'undo', batchId: string, undoFile: string | null, o: BatchOptions): Promise<BatchResult> {
  const rows: RowOutcome[] = [];
  const chunk = Math.max(1, Math.floor(o.readAhead ?? READ_AHEAD));
  let ahead = new Map<string, ObjectValues>();
  for (const [i, change] of changes.entries()) {
    if (!o.signal?.aborted && i % chunk === 0 && chunk > 1 && o.store.readMany) {
      try {
        ahead = await o.store.readMany(changes.slice(i, i + chunk), o.signal);
      } catch {
        // Stopped (the rows below say so) or the search failed: each row is then read alone, and a
        // read that fails fails its row with the reason.
        ahead = new Map();
      }
    }
    if (o.signal?.aborted) {
      rows.push({ change, status: 'cancelled', reason: 'cancelled before this change was written' });
      continue;
    }
    const r = await runOne(change, kind, o, ahead);
    rows.push(r);
    o.onProgress?.(rows.length, changes.length, r);
  }
  return { batchId, kind, rows, counts: countOutcomes(rows), undoFile };
}

async function withObjectGuids(changes: readonly ValueChange[], o: BatchOptions): Promise<readonly ValueChange[]> {
  const missing = changes.filter((c) => !c.objectGuid);
  if (!missing.length) return changes;
  try {
    const ahead = o.store.readMany ? await o.store.readMany(missing, o.signal) : new Map<string, ObjectValues>();
    const out: ValueChange[] = [];
    for (const c of changes) {
      if (c.objectGuid) {
        out.push(c);
        continue;
      }
      const now = ahead.get(readKey(c.dn, c.attribute)) ?? (await o.store.read(c.dn, c.attribute, o.signal));
      if (!now?.objectGuid) throw new Error(`${c.source}: ${c.dn} was not found or has no objectGUID; nothing was changed`);
      out.push({ ...c, objectGuid: now.objectGuid });
    }
    return out;
  } catch (e) {
    // Stopped while reading: every row is then cancelled before its write, so nothing is written.
    if (o.signal?.aborted) return changes;
    throw e;
  }
}

/** Applies the changes after writing their undo file. */
export async function applyBatch(asGiven: readonly ValueChange[], undoFile: string, o: BatchOptions, batchId: string = randomUUID()): Promise<BatchResult> {
  // The write policy first: a batch with one change outside it is refused whole, no undo file written.
  await guardWrites(asGiven, o.store, o.signal);
  // Every change names its object's objectGUID (read now where the file did not say), so each
  // write and each undo record is bound to that object, not to whatever later has its DN.
  const changes = await withObjectGuids(asGiven, o);
  // Restores run in reverse order, so two changes of one attribute unwind correctly.
  writeUndoFile(undoFile, {
    batchId,
    createdAt: new Date().toISOString(),
    server: o.store.server,
    origin: o.origin,
    restores: [...changes].reverse().map(inverseChange),
  });
  // Its SHA-256 in the audit log before the first write: only a file the app wrote can be undone.
  recordUndoFile(o.audit, undoFile, batchId, o);
  const result = await run(changes, 'apply', batchId, path.resolve(undoFile), o);
  // Mark what was not written, so undo leaves those objects alone instead of calling them changed.
  const trailer = result.rows
    .map((r, i) => (r.status === 'applied' ? '' : formatNotApplied(changes.length - 1 - i, `${r.status}: ${r.reason ?? ''}`)))
    .join('');
  if (trailer) {
    fs.appendFileSync(undoFile, trailer);
    recordUndoFile(o.audit, undoFile, batchId, o);
  }
  return result;
}

/** Applies an undo file's restores; each refuses an object changed again since the batch. */
export async function undoBatch(batch: UndoBatch, o: BatchOptions): Promise<BatchResult> {
  if (batch.server.toLowerCase() !== o.store.server.toLowerCase()) {
    throw new Error(`the batch was applied to ${batch.server}, not ${o.store.server}; undo it against the same directory`);
  }
  // Every record of the file, written or not, follows the write policy, or the file is refused whole.
  await guardWrites(batch.restores, o.store, o.signal);
  const notApplied = new Map((batch.notApplied ?? []).map((n) => [n.index, n.reason]));
  const rows: RowOutcome[] = [];
  const todo = batch.restores.filter((change, i) => {
    const why = notApplied.get(i);
    if (why !== undefined) rows.push({ change, status: 'unchanged', reason: `the batch did not write it (${why})` });
    return why === undefined;
  });
  const result = await run(todo, 'undo', batch.batchId, null, o);
  const all = [...rows, ...result.rows];
  return { ...result, rows: all, counts: countOutcomes(all) };
}
