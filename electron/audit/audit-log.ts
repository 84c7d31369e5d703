// The audit log: one JSON line before every action starts and one after it ends, appended and
// fsynced before the action proceeds, so a crash mid-fix still leaves a record of what began.
// Lines pass through the Redactor; a secret cannot be written even by mistake.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PlannedChangeItem, Verdict } from '../../shared/playbooks/types';
import type { Redactor } from '../secrets/redactor';

export interface AuditStart {
  actor: string;
  host: string;
  action: string;
  target: string;
  planned: readonly PlannedChangeItem[];
  /** Where the action came from: "playbook kb2882421 / m1-s2-…", "cli". */
  origin: string;
}

export interface AuditEnd {
  result: 'succeeded' | 'failed';
  summary: string;
  errorCode: string | null;
  recheck: Pick<Verdict, 'status' | 'summary'> | null;
}

export interface AuditLine {
  v: 1;
  id: string;
  phase: 'start' | 'end';
  at: string;
  [key: string]: unknown;
}

export class AuditLog {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly redactor: Redactor,
    private readonly now: () => Date = () => new Date(),
  ) {
    const dir = path.join(dataDir, 'audit');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = path.join(dir, 'audit.jsonl');
  }

  /** Write the start line and return the id that ties it to its end line. */
  begin(start: AuditStart): string {
    const id = randomUUID();
    this.append({ v: 1, id, phase: 'start', at: this.now().toISOString(), ...start });
    return id;
  }

  end(id: string, end: AuditEnd): void {
    this.append({ v: 1, id, phase: 'end', at: this.now().toISOString(), ...end });
  }

  /** The newest lines, oldest first. */
  read(limit = 200): AuditLine[] {
    if (!fs.existsSync(this.file)) return [];
    const lines = fs.readFileSync(this.file, 'utf8').split('\n').filter(Boolean);
    return lines.slice(-limit).map((l) => JSON.parse(l) as AuditLine);
  }

  private append(line: AuditLine): void {
    const text = `${JSON.stringify(this.redactor.redact(line))}\n`;
    const fd = fs.openSync(this.file, 'a', 0o600);
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}
