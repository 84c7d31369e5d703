// The desktop app and the command line keep their per-user data in one folder: an upgrade path
// chosen with the CLI is found where the app's session looks on the same machine, for the same
// platform and environment (electron mocked; the session's data folder is what the app hands it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type Channel } from '../../shared/ipc/contract';
import { createAppSession } from '../app/session';
import { UpgradeRecordStore } from '../records/upgrade-records';
import { fakeElectron, resetFakeElectron } from '../../tests/doubles/fake-electron';
import { EXIT, runCli } from '../cli/main';
import type { CliFlavor } from '../cli/cli-dirs';
import { startDesktopApp } from './lifecycle';

vi.mock('electron', async () => (await import('../../tests/doubles/fake-electron')).fakeElectron);
// The CLI runs the real session; the app's start gets a stand-in (no window work here).
vi.mock('../app/session', async (original) => {
  const real = await original<typeof import('../app/session')>();
  return { ...real, createAppSession: vi.fn(real.createAppSession) };
});
const createSession = vi.mocked(createAppSession);

let root: string;
let home: string;
const savedHome = process.env.HOME;
const savedProfile = process.env.USERPROFILE;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-shared-data-'));
  home = path.join(root, 'home');
  fs.mkdirSync(home, { recursive: true });
  // Both sides fall back on the home folder: keep it inside this test.
  process.env.HOME = home;
  process.env.USERPROFILE = home;
});
afterAll(() => {
  process.env.HOME = savedHome;
  process.env.USERPROFILE = savedProfile;
  fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  resetFakeElectron();
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const handlers = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(async () => Promise.reject(new Error('unused')))])) as Record<
    Channel,
    ReturnType<typeof vi.fn>
  >;
  handlers['lab:list-scenarios'].mockResolvedValue([]);
  appSession = { handlers, close: vi.fn(async () => undefined) };
  createSession.mockClear();
});
let appSession: unknown;

const machineAudit = () => path.join(root, 'ProgramData', 'DirSync Doctor', 'audit');
const prepare = async () => {
  fs.mkdirSync(machineAudit(), { recursive: true });
  return machineAudit();
};

/** The folder the desktop app hands its session, started with this environment. */
async function appDataFolder(env: Record<string, string>, platform: NodeJS.Platform, release: boolean): Promise<string> {
  createSession.mockResolvedValueOnce(appSession as never);
  const calls = createSession.mock.calls.length;
  await startDesktopApp({
    appDir: path.join(root, 'dist', 'electron'),
    env,
    platform,
    releaseBuild: release,
    lockDir: path.join(root, 'lock'),
    prepareMachineAuditDir: prepare,
  });
  expect(fakeElectron.dialog.showErrorBox.mock.calls).toEqual([]);
  const options = createSession.mock.calls[calls]?.[0];
  if (!options) throw new Error('the app created no session');
  return options.dataDir;
}

const SERVER = 'lab:dirsync-64bit-small';

describe('one data folder for the app and the command line', () => {
  it.each([
    ['Linux, development, XDG_CONFIG_HOME set', 'linux', false, { XDG_CONFIG_HOME: 'xdg' }],
    ['Linux, development, home folder only', 'linux', false, {}],
    ['Windows, release build, DSD_* ignored', 'win32', true, { APPDATA: 'roaming', DSD_DATA_DIR: 'ignored', DSD_USER_DATA: 'ignored-too' }],
    ['macOS, development', 'darwin', false, {}],
    ['development, DSD_DATA_DIR', 'linux', false, { DSD_DATA_DIR: 'chosen' }],
    ['development, DSD_USER_DATA', 'linux', false, { DSD_USER_DATA: 'chosen-too' }],
  ] as const)('%s: a path chosen with the CLI is read back where the app looks', async (_name, platform, release, relative) => {
    const base = fs.mkdtempSync(path.join(root, 'case-'));
    // Folders named by the case are made absolute inside this case's folder.
    const env = Object.fromEntries(Object.entries(relative).map(([k, v]) => [k, path.join(base, v)]));
    const flavor: CliFlavor = { release, platform, prepareMachineAuditDir: prepare };

    let stderr = '';
    const code = await runCli(['fix', 'dirsync-in-place-upgrade-path', '--lab', 'dirsync-64bit-small', '--yes'], {
      stdout: () => {},
      stderr: (t) => (stderr += t),
      env,
      flavor,
    });
    expect(stderr).toBe('');
    expect(code).toBe(EXIT.healthy);

    const dataDir = await appDataFolder(env, platform, release);
    const store = new UpgradeRecordStore(
      dataDir,
      () => SERVER,
      'test',
      () => new Date(),
    );
    expect(store.read().choice?.path).toBe('in-place');
    // Not the old home-folder dot directory, and not a folder a release build was told to use.
    expect(dataDir).not.toBe(path.join(home, '.dirsync-doctor'));
    if (release) expect(dataDir).toBe(path.join(base, 'roaming', 'dirsync-doctor'));
  });
});
