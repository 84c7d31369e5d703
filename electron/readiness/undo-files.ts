// Undo files are the app's own. An undo file runs with a directory administrator's bind, so one
// that anybody could have written (a colleague's, "from support", planted in the undo folder) must
// never be applied. The app keeps its undo files beside the audit log (the administrators-only
// per-machine folder in an installed Windows build) and records each file's SHA-256 in the audit
// log when it writes it (and again when it appends what the batch did not write). Before an undo
// (and before the workbench lists a batch) the file must be in that folder, its SHA-256 must be the
// last one recorded for its batch in an intact audit log, and every record must name the
// objectGUID of its object (the re-read refuses another object at that DN). Any failure refuses
// the file whole; the write policy (write-guard.ts) then holds every record as for any batch.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseUndoLdif, UndoFileError, type UndoBatch } from '../../shared/readiness/undo-ldif';
import { AUDIT_FILE_NAME, verifyAuditText, type AuditLog } from '../audit/audit-log';
import { BoundedFileError, readBoundedFileSync, readBoundedTextSync } from '../files/bounded-file';

export const UNDO_FILE_RECORDED = 'undo-file-recorded';

/** The undo folder beside an audit log (…/audit/audit.jsonl → …/undo). */
export const undoDirBeside = (audit: Pick<AuditLog, 'file'>) => path.join(path.dirname(path.dirname(audit.file)), 'undo');

export class UndoFileRefused extends Error {
  override name = 'UndoFileRefused';
  constructor(
    readonly file: string,
    readonly rule: 'outside-undo-folder' | 'unreadable' | 'not-recorded' | 'altered' | 'no-object-guid' | 'audit-log-broken',
    message: string,
  ) {
    super(`${file}: ${message}; nothing was changed`);
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Records the undo file's current SHA-256 in the audit log (a start/end pair, like every action). */
export function recordUndoFile(audit: AuditLog, file: string, batchId: string, who: { actor: string; host: string; origin: string }): string {
  const hash = sha256(readBoundedFileSync(file, 'undo-ldif'));
  const id = audit.begin({
    actor: who.actor,
    host: who.host,
    action: UNDO_FILE_RECORDED,
    target: `undo file ${path.basename(file)}`,
    planned: [],
    origin: who.origin,
    undoFile: { batchId, name: path.basename(file), sha256: hash },
  });
  audit.end(id, { result: 'succeeded', summary: `SHA-256 ${hash}`, errorCode: null, recheck: null });
  return hash;
}

/** The last SHA-256 recorded per batch id, from an intact audit log. */
function recordedHashes(auditFile: string, file: string): Map<string, string> {
  let text = '';
  try {
    text = readBoundedTextSync(auditFile, 'audit-log');
  } catch (e) {
    if (!(e instanceof BoundedFileError && e.code === 'missing'))
      throw new UndoFileRefused(file, 'audit-log-broken', `the audit log cannot be read to check it (${(e as Error).message})`);
  }
  const verdict = verifyAuditText(text);
  if (!verdict.ok)
    throw new UndoFileRefused(
      file,
      'audit-log-broken',
      `the audit log is broken at line ${verdict.line} (${verdict.reason}), so the app cannot tell whether it wrote this file`,
    );
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.includes(UNDO_FILE_RECORDED)) continue;
    const entry = JSON.parse(line) as { phase?: string; action?: string; undoFile?: { batchId?: unknown; sha256?: unknown } };
    if (
      entry.phase === 'start' &&
      entry.action === UNDO_FILE_RECORDED &&
      typeof entry.undoFile?.batchId === 'string' &&
      typeof entry.undoFile.sha256 === 'string'
    ) {
      out.set(entry.undoFile.batchId, entry.undoFile.sha256);
    }
  }
  return out;
}

const realDir = (p: string) => {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
};

/** The batch of an undo file the app wrote, or UndoFileRefused naming the file and the rule. */
export function readOwnUndoFile(file: string, undoDir: string, audit: Pick<AuditLog, 'file'>): UndoBatch {
  // The folder the file is in (a link there to something else is then read through the bounded reader).
  if (realDir(path.dirname(path.resolve(file))) !== realDir(undoDir)) {
    throw new UndoFileRefused(file, 'outside-undo-folder', `is not in the app's undo folder ${undoDir}; only undo files the app wrote there can be applied`);
  }
  let bytes: Buffer;
  try {
    bytes = readBoundedFileSync(file, 'undo-ldif');
  } catch (e) {
    throw new UndoFileRefused(file, 'unreadable', (e as Error).message);
  }
  let batch: UndoBatch;
  try {
    batch = parseUndoLdif(bytes.toString('utf8'));
  } catch (e) {
    if (!(e instanceof UndoFileError)) throw e;
    throw new UndoFileRefused(file, 'unreadable', e.message);
  }
  const recorded = recordedHashes(path.join(path.dirname(audit.file), AUDIT_FILE_NAME), file);
  const expected = recorded.get(batch.batchId);
  if (!expected) throw new UndoFileRefused(file, 'not-recorded', `the audit log has no record of the app writing an undo file for batch ${batch.batchId}`);
  const actual = sha256(bytes);
  if (actual !== expected)
    throw new UndoFileRefused(file, 'altered', `differs from the undo file the app wrote for batch ${batch.batchId} (SHA-256 ${actual}, recorded ${expected})`);
  const unnamed = batch.restores.findIndex((r) => !r.objectGuid);
  if (unnamed >= 0) throw new UndoFileRefused(file, 'no-object-guid', `record ${unnamed + 1} (${batch.restores[unnamed]!.dn}) names no objectGUID`);
  return batch;
}
