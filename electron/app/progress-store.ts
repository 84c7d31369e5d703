// Playbook progress on disk, one file per playbook in the data dir, so a wizard resumes where it
// was after the app restarts. Validated on save and on load with the strict shared schema (no
// field outside it, so no secret, is ever written); a file that does not parse is reported and
// ignored, never fatal. Writes go to a temporary file first and are renamed into place.
// Verdicts are facts about one server: each save is stamped with the server it was made on, and
// progress saved on another server (another lab scenario, another computer) is not restored.
import fs from 'node:fs';
import path from 'node:path';
import { describeIssues } from '../../shared/ipc/errors';
import { SavedProgress } from '../../shared/playbooks/progress';
import { SealError, type InstallKey } from '../audit/install-key';
import { BoundedFileError, readBoundedFileSync } from '../files/bounded-file';

export interface LoadedProgress {
  progress: SavedProgress | null;
  /** Why a saved file was ignored, in words; null when it loaded or there was none. */
  problem: string | null;
}

const SAFE_ID = /^[a-z0-9][a-z0-9-]{0,127}$/;

export class ProgressStore {
  readonly dir: string;

  /** serverKey: the server the app works on now (the computer, or in the lab the scenario it simulates). */
  constructor(
    dataDir: string,
    private readonly serverKey: () => string,
    /** Seals each file (HMAC-SHA256): a file changed outside the app is ignored and named. */
    private readonly sealKey: InstallKey,
  ) {
    this.dir = path.join(dataDir, 'progress');
  }

  private file(playbookId: string): string {
    if (!SAFE_ID.test(playbookId)) throw new RangeError(`not a playbook id: ${JSON.stringify(playbookId)}`);
    return path.join(this.dir, `${playbookId}.json`);
  }

  load(playbookId: string): LoadedProgress {
    const file = this.file(playbookId);
    let text: string;
    try {
      text = this.sealKey.open(readBoundedFileSync(file, 'progress')).toString('utf8');
    } catch (e) {
      if (e instanceof BoundedFileError && e.code === 'missing') return { progress: null, problem: null };
      if (e instanceof SealError) return { progress: null, problem: `The saved progress (${file}) ${e.message}. Starting from the first step.` };
      return { progress: null, problem: `The saved progress (${file}) could not be read: ${(e as Error).message}. Starting from the first step.` };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { progress: null, problem: `The saved progress (${file}) is not valid JSON and was ignored. Starting from the first step.` };
    }
    const parsed = SavedProgress.safeParse(json);
    if (!parsed.success) {
      return { progress: null, problem: `The saved progress (${file}) was ignored: ${describeIssues(parsed.error)}. Starting from the first step.` };
    }
    if (parsed.data.playbookId !== playbookId) {
      return { progress: null, problem: `The saved progress (${file}) belongs to playbook "${parsed.data.playbookId}" and was ignored.` };
    }
    // Saved on another server, or before saves said which: not this server's facts.
    if (parsed.data.server !== this.serverKey()) return { progress: null, problem: null };
    return { progress: parsed.data, problem: null };
  }

  save(progress: SavedProgress): void {
    const valid = SavedProgress.parse({ ...progress, server: this.serverKey() });
    const file = this.file(valid.playbookId);
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, this.sealKey.seal(Buffer.from(JSON.stringify(valid), 'utf8')), { mode: 0o600 });
    fs.renameSync(tmp, file);
  }

  clear(playbookId: string): void {
    fs.rmSync(this.file(playbookId), { force: true });
  }

  /** Forget every playbook's progress (the server's facts were reset or replaced). */
  clearAll(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
