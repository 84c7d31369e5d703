// Smoke test of the built main bundle (dist/electron/main.cjs as build-electron makes it): loaded
// under a fake electron module, it must start a real lab session, serve the renderer over app://,
// answer IPC from its own window only, and close the session on quit.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeWebContents, fakeElectron, fakeEvent, resetFakeElectron } from './doubles/fake-electron';
import { bundleMain } from '../scripts/electron-bundles.mjs';
import { hashScripts } from '../scripts/script-hashes.mjs';

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Loader };

let out: string;
const savedEnv = { ...process.env };
const originalLoad = moduleInternals._load;

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'dsd-main-bundle-'));
  await bundleMain(path.join(out, 'electron', 'main.cjs'));
  await mkdir(path.join(out, 'renderer'));
  await writeFile(path.join(out, 'renderer', 'index.html'), '<!doctype html><title>DirSync Doctor</title>');
}, 60_000);

afterAll(async () => {
  moduleInternals._load = originalLoad;
  process.env = savedEnv;
  await rm(out, { recursive: true, force: true });
});

describe('dist/electron/main.cjs', () => {
  it('carries the SHA-256 of every shipped PowerShell script', async () => {
    const code = await readFile(path.join(out, 'electron', 'main.cjs'), 'utf8');
    const hashes = Object.entries(hashScripts());
    expect(hashes.length).toBeGreaterThanOrEqual(13);
    for (const [file, hash] of hashes) expect(code, file).toContain(`"${file}": "${hash}"`);
  });

  it('starts in lab mode, serves app://, answers its own window over IPC and closes on quit', async () => {
    resetFakeElectron();
    Object.assign(process.env, {
      DSD_MODE: 'lab',
      DSD_SCENARIO: 'sync-service-stopped',
      DSD_USER_DATA: path.join(out, 'profile'),
      DSD_LOCK_DIR: path.join(out, 'lock'),
    });
    moduleInternals._load = function load(request, parent, isMain) {
      return request === 'electron' ? fakeElectron : originalLoad.call(this, request, parent, isMain);
    };
    createRequire(import.meta.url)(path.join(out, 'electron', 'main.cjs'));

    await vi.waitFor(
      () => {
        expect(fakeElectron.dialog.showErrorBox.mock.calls).toEqual([]);
        expect(FakeBrowserWindow.created).toHaveLength(1);
      },
      { timeout: 20_000 },
    );
    expect(fakeElectron.app.setPath).toHaveBeenCalledWith('userData', path.join(out, 'profile'));
    const contents = FakeBrowserWindow.created[0]!.webContents;

    const info = fakeElectron.ipcMain.handlers.get('dsd:app:info');
    await expect(info?.({ sender: contents, senderFrame: contents.mainFrame }, {})).resolves.toMatchObject({
      ok: true,
      value: { mode: 'lab', version: '9.9.9-test', scenario: { id: 'sync-service-stopped' } },
    });
    const stranger = new FakeWebContents();
    await expect(info?.({ sender: stranger, senderFrame: stranger.mainFrame }, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const page = await fakeElectron.protocol.handlers.get('app')?.(new Request('app://dirsync/'));
    expect(page?.status).toBe(200);
    expect(page?.headers.get('content-security-policy')).toContain("default-src 'none'");

    const quit = fakeEvent();
    fakeElectron.app.emit('will-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(fakeElectron.app.quit).toHaveBeenCalled(), { timeout: 10_000 });
  }, 60_000);

  it('a --release bundle ignores DSD_MODE, DSD_SCENARIO and DSD_USER_DATA', async () => {
    resetFakeElectron();
    const releaseMain = path.join(out, 'electron', 'main-release.cjs');
    await bundleMain(releaseMain, { release: true });
    Object.assign(process.env, {
      DSD_MODE: 'lab',
      DSD_SCENARIO: 'sync-service-stopped',
      DSD_USER_DATA: path.join(out, 'profile'),
      DSD_LOCK_DIR: path.join(out, 'lock'),
      // The platform's folder (user-data-dir.ts) inside this test, never the real profile's.
      XDG_CONFIG_HOME: path.join(out, 'release-default'),
      APPDATA: path.join(out, 'release-default'),
      HOME: path.join(out, 'release-home'),
    });
    moduleInternals._load = function load(request, parent, isMain) {
      return request === 'electron' ? fakeElectron : originalLoad.call(this, request, parent, isMain);
    };
    createRequire(import.meta.url)(releaseMain);
    await vi.waitFor(() => expect(FakeBrowserWindow.created).toHaveLength(1), { timeout: 20_000 });
    // Not the folder DSD_USER_DATA names: the platform's, the one the CLI uses too.
    const platformFolder = process.platform === 'darwin' ? path.join(out, 'release-home', 'Library', 'Application Support') : path.join(out, 'release-default');
    expect(fakeElectron.app.setPath).toHaveBeenCalledExactlyOnceWith('userData', path.join(platformFolder, 'dirsync-doctor'));
    const contents = FakeBrowserWindow.created[0]!.webContents;
    const info = fakeElectron.ipcMain.handlers.get('dsd:app:info');
    // Not the scenario the environment asked for: the default one of auto mode on this (non-Windows) machine.
    await expect(info?.({ sender: contents, senderFrame: contents.mainFrame }, {})).resolves.toMatchObject({
      ok: true,
      value: { mode: 'lab', scenario: { id: 'healthy-entra-connect' } },
    });
    fakeElectron.app.emit('will-quit', fakeEvent());
    await vi.waitFor(() => expect(fakeElectron.app.quit).toHaveBeenCalled(), { timeout: 10_000 });
  }, 60_000);
});
