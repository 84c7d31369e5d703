// The command line audits where the app does. An installed Windows build writes its audit log to
// the administrators-only per-machine folder and ignores DSD_DATA_DIR (any process of the user can
// set it); an empty DSD_DATA_DIR is refused in every build with a clear error (it used to mean
// ./audit in the working directory).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDataDir, cliDirs, type CliFlavor } from './cli-dirs';
import type { CliIo } from './io';
import { EXIT, runCli } from './main';

let root: string;
let home: string;
let machineAudit: string;
const savedHome = process.env.HOME;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-cli-dirs-'));
  home = path.join(root, 'home');
  machineAudit = path.join(root, 'ProgramData', 'DirSync Doctor', 'audit');
  fs.mkdirSync(home, { recursive: true });
  // The release build's per-user folder is under the home folder: keep it inside this test.
  process.env.HOME = home;
});
afterAll(() => {
  process.env.HOME = savedHome;
  fs.rmSync(root, { recursive: true, force: true });
});

const installedWindows = (): CliFlavor => ({
  release: true,
  platform: 'win32',
  prepareMachineAuditDir: async () => {
    fs.mkdirSync(machineAudit, { recursive: true });
    return machineAudit;
  },
});
const development: CliFlavor = { release: false, platform: 'linux', prepareMachineAuditDir: () => Promise.reject(new Error('not here')) };

async function cli(argv: string[], env: NodeJS.ProcessEnv, flavor?: CliFlavor) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, ...(flavor ? { flavor } : {}) };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('where the command line audits', () => {
  it('an installed Windows build audits to the per-machine folder, whatever DSD_DATA_DIR says', async () => {
    const elsewhere = path.join(root, 'user-chosen');
    const r = await cli(
      ['fix', 'sync-service-stopped', '--yes', '--lab', 'sync-service-stopped', '--format', 'json'],
      { DSD_DATA_DIR: elsewhere },
      installedWindows(),
    );
    expect(r.code).toBe(EXIT.healthy);
    const lines = fs.readFileSync(path.join(machineAudit, 'audit.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { phase: string }).phase)).toEqual(['start', 'end']);
    expect(fs.existsSync(elsewhere)).toBe(false);
    // audit verify reads the same log by default.
    const v = await cli(['audit', 'verify'], { DSD_DATA_DIR: elsewhere }, installedWindows());
    expect(v.stdout).toContain(path.join(machineAudit, 'audit.jsonl'));
    expect(v.code).toBe(EXIT.healthy);
  });

  it('an installed build that cannot prepare the folder refuses, saying to run elevated', async () => {
    const r = await cli(['audit', 'verify'], {}, { ...installedWindows(), prepareMachineAuditDir: () => Promise.reject(new Error('icacls exit 5')) });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/audit folder for administrators could not be prepared \(icacls exit 5\); run the command line from an elevated prompt/);
  });

  it("a release build ignores DSD_DATA_DIR for its data folder (the app's); development honours it", async () => {
    expect(cliDataDir({ DSD_DATA_DIR: '/tmp/x' }, installedWindows())).toBe(path.join(home, 'AppData', 'Roaming', 'dirsync-doctor'));
    expect(cliDataDir({ DSD_DATA_DIR: '/tmp/x' }, { ...development, release: true })).toBe(path.join(home, '.config', 'dirsync-doctor'));
    expect(cliDataDir({ DSD_DATA_DIR: '/tmp/x' }, development)).toBe('/tmp/x');
    const d = await cliDirs({ stdout: () => {}, stderr: () => {}, env: { DSD_DATA_DIR: '/tmp/x' }, flavor: development });
    expect(d).toEqual({ dataDir: '/tmp/x', auditDir: '/tmp/x/audit', undoDir: '/tmp/x/undo', perMachine: false });
  });

  it.each([
    ['audit verify', ['audit', 'verify']],
    ['diagnose', ['diagnose', '--lab', 'healthy-entra-connect']],
    ['scan apply', ['scan', 'apply', '--changes', 'x.csv', '--scan', 'x.state', '--url', 'ldaps://127.0.0.1:1', '--bind', 'a@b', '--password-env', 'P']],
  ])('an empty DSD_DATA_DIR is refused by %s, in development and installed builds, and nothing is written', async (_name, argv) => {
    const cwd = process.cwd();
    const work = fs.mkdtempSync(path.join(root, 'cwd-'));
    process.chdir(work);
    try {
      for (const flavor of [development, installedWindows()]) {
        for (const value of ['', '  ']) {
          const r = await cli(argv, { DSD_DATA_DIR: value, P: 'pw-long-enough' }, flavor);
          expect(r.code).toBe(EXIT.usage);
          expect(r.stderr).toMatch(/DSD_DATA_DIR is set but empty; unset it/);
        }
      }
      expect(fs.readdirSync(work)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });
});
