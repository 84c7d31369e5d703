// The audit log: one JSON line before every action starts and one after it ends, appended and
// fsynced before the action proceeds, so a crash mid-fix still leaves a record of what began.
// Lines pass through the Redactor; a secret cannot be written even by mistake.
//
// Tamper-evident: each line carries `prev`, the SHA-256 of the line before (the first line: of
// AUDIT_GENESIS), and ends with `hash`, the SHA-256 of its own text up to that field. Editing,
// deleting, inserting or reordering a line breaks the chain at that line; verifyAuditFile (the
// CLI's `audit verify`) names the first line where it breaks. Without a secret key this is
// evidence against quiet edits, not a seal: the per-machine log lives where only administrators
// may write (audit-location.ts).
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PlannedChangeItem, Verdict } from '../../shared/playbooks/types';
import type { Redactor } from '../secrets/redactor';
import { readBoundedTextSync } from '../files/bounded-file';

export const AUDIT_GENESIS = 'dirsync-doctor audit log v2';
export const AUDIT_FILE_NAME = 'audit.jsonl';

export interface AuditStart {
  actor: string;
  host: string;
  action: string;
  target: string;
  planned: readonly PlannedChangeItem[];
  /** Where the action came from: "playbook kb2882421 / m1-s2-…", "cli". */
  origin: string;
  /** An undo file the app wrote: its batch and SHA-256, checked before an undo (readiness/undo-files.ts). */
  undoFile?: { batchId: string; name: string; sha256: string };
}

export interface AuditEnd {
  result: 'succeeded' | 'failed';
  summary: string;
  errorCode: string | null;
  recheck: Pick<Verdict, 'status' | 'summary'> | null;
}

export interface AuditLine {
  v: 2;
  id: string;
  phase: 'start' | 'end';
  at: string;
  prev: string;
  hash: string;
  [key: string]: unknown;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const HASH_SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;

/** The SHA-256 a line's successor must carry: the hash of the line's text (the genesis for an empty log). */
export function chainHashOf(lineText: string | null): string {
  return sha256(lineText ?? AUDIT_GENESIS);
}

/** Seals a line: `hash` over the text without it, appended as the last field. */
function seal(body: Record<string, unknown>): string {
  const text = JSON.stringify(body);
  return `${text.slice(0, -1)},"hash":"${sha256(text)}"}`;
}

export class AuditLog {
  readonly file: string;

  /** dataDir/audit/audit.jsonl, or `dir`/audit.jsonl when a directory is given (the per-machine one). */
  constructor(
    dataDir: string,
    private readonly redactor: Redactor,
    private readonly now: () => Date = () => new Date(),
    dir: string = path.join(dataDir, 'audit'),
  ) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = path.join(dir, AUDIT_FILE_NAME);
  }

  /** Write the start line and return the id that ties it to its end line. */
  begin(start: AuditStart): string {
    const id = randomUUID();
    this.append({ v: 2, id, phase: 'start', at: this.now().toISOString(), ...start });
    return id;
  }

  end(id: string, end: AuditEnd): void {
    this.append({ v: 2, id, phase: 'end', at: this.now().toISOString(), ...end });
  }

  /** The newest lines, oldest first. */
  read(limit = 200): AuditLine[] {
    if (!fs.existsSync(this.file)) return [];
    const lines = readBoundedTextSync(this.file, 'audit-log').split('\n').filter(Boolean);
    return lines.slice(-limit).map((l) => JSON.parse(l) as AuditLine);
  }

  private append(line: Record<string, unknown>): void {
    const fd = fs.openSync(this.file, 'a+', 0o600);
    try {
      const { prev: _ignored, hash: _alsoIgnored, ...fields } = this.redactor.redact(line);
      const text = `${seal({ ...fields, prev: chainHashOf(lastLine(fd)) })}\n`;
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** The file's last line (without its newline), read backwards from the end; null when empty. */
function lastLine(fd: number): string | null {
  const size = fs.fstatSync(fd).size;
  if (size === 0) return null;
  const chunk = 64 * 1024;
  let end = size;
  let tail = Buffer.alloc(0);
  // Skip the final newline, then read back until the one before the last line.
  for (;;) {
    const start = Math.max(0, end - chunk);
    const buf = Buffer.alloc(end - start);
    fs.readSync(fd, buf, 0, buf.length, start);
    tail = Buffer.concat([buf, tail]);
    end = start;
    const text = tail.toString('utf8').replace(/\n$/, '');
    const nl = text.lastIndexOf('\n');
    if (nl >= 0) return text.slice(nl + 1);
    if (start === 0) return text;
  }
}

export type AuditVerdict = { ok: true; lines: number } | { ok: false; lines: number; line: number; reason: string };

/** Walks the chain; the first line (1-based) where it breaks, and why. */
export function verifyAuditText(text: string): AuditVerdict {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let previous: string | null = null;
  for (let i = 0; i < lines.length; i += 1) {
    const n = i + 1;
    const raw = lines[i]!;
    const sealed = HASH_SUFFIX.exec(raw);
    if (!sealed) return { ok: false, lines: lines.length, line: n, reason: 'it is not a sealed audit line (no hash at its end)' };
    const body = raw.slice(0, sealed.index) + '}';
    if (sha256(body) !== sealed[1])
      return { ok: false, lines: lines.length, line: n, reason: 'its content was changed after it was written (its hash does not match)' };
    let prev: unknown;
    try {
      prev = (JSON.parse(raw) as { prev?: unknown }).prev;
    } catch {
      return { ok: false, lines: lines.length, line: n, reason: 'it is not valid JSON' };
    }
    if (prev !== chainHashOf(previous)) {
      return {
        ok: false,
        lines: lines.length,
        line: n,
        reason:
          n === 1
            ? 'it is not the first line the log was started with (lines before it were removed, or it was inserted)'
            : `it does not follow line ${n - 1} (a line was removed, inserted or moved here)`,
      };
    }
    previous = raw;
  }
  return { ok: true, lines: lines.length };
}
