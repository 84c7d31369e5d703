// Every reader of a file someone else could have put there goes through the bounded reader: a
// lab scenario, a server-facts file or support bundle, a scan state (--since), an undo file (the
// workbench and `scan undo`), a changes CSV (`scan apply`), saved progress, upgrade records, the
// audit log (the app's view, `audit verify`, the log's own reader) and a gap snapshot. Each is
// handed a FIFO without a writer, a link to /dev/zero and a 10 GB sparse file, and must refuse it
// within a second, naming the file. A reader that blocked on the FIFO would be freed after three
// seconds by a writer this test starts, so a regression fails on the time instead of hanging.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, AUDIT_FILE_NAME } from '../audit/audit-log';
import { InstallKey } from '../audit/install-key';
import { readAuditView } from '../audit/audit-view';
import { ProgressStore } from '../app/progress-store';
import { runCli } from '../cli/main';
import { readGapSnapshot } from '../gap/deleted-since';
import { loadFactsFile } from '../lab/facts-file';
import { loadScenarioFile } from '../lab/scenario';
import { BatchJobs, type BatchJobsDeps } from '../readiness/batch-jobs';
import { loadScanState } from '../readiness/scan/scan-state';
import { UpgradeRecordStore } from '../records/upgrade-records';
import { Redactor } from '../secrets/redactor';

let root: string;
let n = 0;
const rescuers: ChildProcess[] = [];

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-readers-'));
});
afterEach(() => {
  for (const r of rescuers.splice(0)) r.kill('SIGKILL');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

type Hostile = 'fifo' | 'device-link' | 'sparse';

/** Makes the hostile file at `file` (its folder created). */
function plant(file: string, what: Hostile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (what === 'fifo') {
    execFileSync('mkfifo', [file]);
    // Frees a reader stuck in a blocking open after 3 s (opening for writing meets it), so a
    // regression is a slow failure rather than a hung test run.
    const rescuer = spawn(process.execPath, ['-e', 'setTimeout(() => require("fs").closeSync(require("fs").openSync(process.argv[1], "w")), 3000)', file], {
      stdio: 'ignore',
    });
    rescuers.push(rescuer);
  } else if (what === 'device-link') {
    fs.symlinkSync('/dev/zero', file);
  } else {
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 10 * 1024 * 1024 * 1024);
  }
}

/** What the reader said (its error's message, or what it returned), and how long it took. */
async function timed(run: () => unknown): Promise<{ said: string; ms: number }> {
  const started = performance.now();
  let said: string;
  try {
    said = JSON.stringify((await run()) ?? null);
  } catch (e) {
    said = (e as Error).message;
  }
  return { said, ms: performance.now() - started };
}

function cliIo(env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), env } };
}

/** Each reader: where it looks for its file (in a fresh folder) and how it is called. */
const readers: [string, (dir: string) => { file: string; read: () => unknown }][] = [
  [
    'lab scenario (--lab-file, scenario folder)',
    (dir) => {
      const file = path.join(dir, 's.json');
      return { file, read: () => loadScenarioFile(file) };
    },
  ],
  [
    'server-facts file or support bundle (replay)',
    (dir) => {
      const file = path.join(dir, 'bundle.zip');
      return { file, read: () => loadFactsFile(file) };
    },
  ],
  [
    'scan state (scan --since)',
    (dir) => {
      const file = path.join(dir, 'state.dsd');
      return { file, read: () => loadScanState(file, new InstallKey(path.join(dir, 'keys', 'install.key'))) };
    },
  ],
  [
    'undo file in the workbench',
    (dir) => {
      const file = path.join(dir, 'undo', 'b1.ldif');
      const jobs = new BatchJobs({ undoDir: path.join(dir, 'undo') } as unknown as BatchJobsDeps);
      return { file, read: () => jobs.previewUndo('b1') };
    },
  ],
  [
    'changes CSV (scan apply --changes)',
    (dir) => {
      const file = path.join(dir, 'changes.csv');
      return {
        file,
        read: async () => {
          const { out, io } = cliIo({ P: 'secret-password' });
          const code = await runCli(
            [
              'scan',
              'apply',
              '--changes',
              file,
              '--scan',
              path.join(dir, 'scan.state'),
              '--url',
              'ldaps://127.0.0.1:1',
              '--bind',
              'a@b',
              '--password-env',
              'P',
            ],
            io,
          );
          throw new Error(`exit ${code}: ${out.stderr}${out.stdout}`);
        },
      };
    },
  ],
  [
    'undo file (scan undo --batch)',
    (dir) => {
      const file = path.join(dir, 'batch.ldif');
      return {
        file,
        read: async () => {
          const { out, io } = cliIo({ P: 'secret-password' });
          const code = await runCli(['scan', 'undo', '--batch', file, '--url', 'ldaps://127.0.0.1:1', '--bind', 'a@b', '--password-env', 'P'], io);
          throw new Error(`exit ${code}: ${out.stderr}${out.stdout}`);
        },
      };
    },
  ],
  [
    'saved progress',
    (dir) => {
      const file = path.join(dir, 'progress', 'pb.json');
      const store = new ProgressStore(dir, () => 'server', new InstallKey(path.join(dir, 'keys', 'install.key')));
      return { file, read: () => store.load('pb') };
    },
  ],
  [
    'upgrade records',
    (dir) => {
      const file = path.join(dir, 'upgrade-records.json');
      const store = new UpgradeRecordStore(dir, () => 'server', 'tester');
      return { file, read: () => store.read() };
    },
  ],
  [
    "audit log (the app's view)",
    (dir) => {
      const file = path.join(dir, AUDIT_FILE_NAME);
      return { file, read: () => readAuditView(file) };
    },
  ],
  [
    'audit log (audit verify --file)',
    (dir) => {
      const file = path.join(dir, AUDIT_FILE_NAME);
      return {
        file,
        read: async () => {
          const { out, io } = cliIo();
          const code = await runCli(['audit', 'verify', '--file', file], io);
          throw new Error(`exit ${code}: ${out.stderr}${out.stdout}`);
        },
      };
    },
  ],
  [
    'audit log (its own reader)',
    (dir) => {
      const file = path.join(dir, 'audit', AUDIT_FILE_NAME);
      return { file, read: () => new AuditLog(dir, new Redactor()).read() };
    },
  ],
  [
    'gap snapshot',
    (dir) => {
      const file = path.join(dir, 'gap.jsonl');
      return { file, read: () => readGapSnapshot(file) };
    },
  ],
];

const cases: [Hostile, RegExp][] = [
  ['fifo', /is a FIFO; only a regular file is read/],
  ['device-link', /is a character device; only a regular file is read/],
  ['sparse', /is 10737418240 bytes, more than the/],
];

describe.each(readers)('%s', (_name, reader) => {
  it.each(cases)('refuses a %s within a second, naming the file and the rule', async (what, rule) => {
    const dir = path.join(root, String(n++));
    fs.mkdirSync(dir, { recursive: true });
    const { file, read } = reader(dir);
    await timed(read); // warm: the first call loads the modules a command imports lazily
    plant(file, what);
    const { said, ms } = await timed(read);
    expect(ms).toBeLessThan(1000);
    expect(said).toContain(file);
    expect(said).toMatch(rule);
  });
});
