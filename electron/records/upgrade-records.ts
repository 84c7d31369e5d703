// What the admin recorded while upgrading the old sync tool: the chosen path, steps done on
// another computer (with the time), the deletion-gap snapshot and a pending restart. One JSON
// file in the data folder, one entry per server (per scenario in the lab), so a checklist
// resumes after the app restarts. Validated on every read; written to a temporary file first.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../../shared/ipc/errors';
import { EMPTY_RECORDS, UpgradeRecordsData } from '../../shared/playbooks/upgrade/facts';
import { BoundedFileError, readBoundedTextSync } from '../files/bounded-file';

const RecordsFile = z.object({ version: z.literal(1), servers: z.record(z.string(), UpgradeRecordsData) }).strict();

export class UpgradeRecordsError extends Error {
  override readonly name = 'UpgradeRecordsError';
}

export class UpgradeRecordStore {
  readonly file: string;
  readonly snapshotDir: string;

  constructor(
    dataDir: string,
    /** Which server the records belong to (computer name, or lab:<scenario>). */
    private readonly key: () => string,
    /** Who acts, as the audit log names them. */
    readonly actor: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = path.join(dataDir, 'upgrade-records.json');
    this.snapshotDir = path.join(dataDir, 'gap-snapshots');
  }

  private readAll(): z.infer<typeof RecordsFile> {
    let text: string;
    try {
      text = readBoundedTextSync(this.file, 'upgrade-records');
    } catch (e) {
      if (e instanceof BoundedFileError && e.code === 'missing') return { version: 1, servers: {} };
      throw new UpgradeRecordsError(`${this.file} cannot be read: ${(e as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UpgradeRecordsError(`${this.file} is not valid JSON; move it away to start the checklist again`);
    }
    const parsed = RecordsFile.safeParse(json);
    if (!parsed.success) throw new UpgradeRecordsError(`${this.file} is not a records file (${describeIssues(parsed.error)})`);
    return parsed.data;
  }

  read(): UpgradeRecordsData {
    return this.readAll().servers[this.key()] ?? structuredClone(EMPTY_RECORDS);
  }

  update(change: (current: UpgradeRecordsData, stamp: { at: string; by: string }) => UpgradeRecordsData): UpgradeRecordsData {
    const all = this.readAll();
    const key = this.key();
    const next = UpgradeRecordsData.parse(change(all.servers[key] ?? structuredClone(EMPTY_RECORDS), { at: this.now().toISOString(), by: this.actor }));
    all.servers[key] = next;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
    return next;
  }

  /** A new, unused snapshot file name for this server. */
  newSnapshotFile(): string {
    fs.mkdirSync(this.snapshotDir, { recursive: true, mode: 0o700 });
    const safeKey = this.key().replace(/[^A-Za-z0-9_-]+/g, '-');
    return path.join(this.snapshotDir, `${safeKey}-${this.now().toISOString().replace(/[:.]/g, '-')}.jsonl`);
  }
}
