// The app's start and quit, with electron and the app session mocked.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type Channel } from '../../shared/ipc/contract';
import { createAppSession } from '../app/session';
import { FakeBrowserWindow, fakeElectron, fakeEvent, resetFakeElectron } from '../../tests/doubles/fake-electron';
import { startDesktopApp } from './lifecycle';

vi.mock('electron', async () => (await import('../../tests/doubles/fake-electron')).fakeElectron);
vi.mock('../app/session', () => ({ createAppSession: vi.fn() }));

const SCENARIOS = [{ id: 'sync-service-stopped', title: 'Stopped', description: 'ADSync is stopped.' }];
const createSession = vi.mocked(createAppSession);

let base: string;
let appDir: string;
let close: ReturnType<typeof vi.fn>;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'dsd-lifecycle-'));
  appDir = path.join(base, 'dist', 'electron');
  await mkdir(appDir, { recursive: true });
  await mkdir(path.join(base, 'dist', 'renderer'));
  await writeFile(path.join(base, 'dist', 'renderer', 'index.html'), '<title>DirSync Doctor</title>');
});
afterAll(() => rm(base, { recursive: true, force: true }));

beforeEach(() => {
  resetFakeElectron();
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  close = vi.fn(async () => undefined);
  const handlers = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(async () => Promise.reject(new Error('unused')))])) as Record<
    Channel,
    ReturnType<typeof vi.fn>
  >;
  handlers['lab:list-scenarios'].mockResolvedValue(SCENARIOS);
  createSession.mockReset().mockResolvedValue({ handlers, close } as never);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** The machine lock's folder for these tests (never the real machine-wide one). */
const lockDir = () => path.join(base, 'lock');

const start = (env: Record<string, string> = {}, releaseBuild = false) =>
  startDesktopApp({
    appDir,
    env,
    platform: 'win32',
    releaseBuild,
    lockDir: lockDir(),
    prepareMachineAuditDir: async () => 'C:\\ProgramData\\DirSync Doctor\\audit',
  });
const theWindow = () => FakeBrowserWindow.created[0];
/** The data folder on Windows with nothing set: Electron's default for this app, which the CLI shares. */
const windowsDefault = () => path.join(os.homedir(), 'AppData', 'Roaming', 'dirsync-doctor');

describe('startDesktopApp', () => {
  it('registers the scheme before ready, then creates the session, IPC and one hardened window', async () => {
    let schemeRegisteredBeforeReady = false;
    fakeElectron.app.whenReady.mockImplementation(async () => {
      schemeRegisteredBeforeReady = fakeElectron.protocol.registerSchemesAsPrivileged.mock.calls.length === 1;
    });
    await start();
    expect(schemeRegisteredBeforeReady).toBe(true);
    expect(fakeElectron.app.setPath).toHaveBeenCalledExactlyOnceWith('userData', windowsDefault());
    expect(createSession).toHaveBeenCalledExactlyOnceWith({
      dataDir: windowsDefault(),
      mode: 'auto',
      appVersion: '9.9.9-test',
      allowRealLabDirectory: true,
      pickCaFile: expect.any(Function),
      openExternal: expect.any(Function),
      screenshot: expect.any(Object),
      pickFactsFile: expect.any(Function),
    });
    expect(fakeElectron.ipcMain.handlers.size).toBe(CHANNELS.length);
    expect(FakeBrowserWindow.created).toHaveLength(1);
    const prefs = theWindow()?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: path.join(appDir, 'preload.cjs') });
    expect(prefs.devTools).toBe(true); // not packaged in this test
    expect(fakeElectron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
  });

  it('serves the renderer from ../renderer next to the bundled main', async () => {
    await start();
    const response = await fakeElectron.protocol.handlers.get('app')?.(new Request('app://dirsync/'));
    expect(response?.status).toBe(200);
    expect(await response?.text()).toContain('DirSync Doctor');
  });

  it('routes IPC from its own window to the session handlers', async () => {
    await start();
    const contents = theWindow()?.webContents;
    const listener = fakeElectron.ipcMain.handlers.get('dsd:lab:list-scenarios');
    await expect(listener?.({ sender: contents, senderFrame: contents?.mainFrame }, {})).resolves.toEqual({ ok: true, value: SCENARIOS });
  });

  it('quits a second instance before creating anything', async () => {
    fakeElectron.app.requestSingleInstanceLock.mockReturnValue(false);
    await start();
    expect(fakeElectron.app.quit).toHaveBeenCalledOnce();
    expect(createSession).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('passes lab mode, the scenario and the user-data directory from the environment', async () => {
    const dir = path.join(base, 'profile');
    await start({ DSD_MODE: 'lab', DSD_SCENARIO: 'sync-service-stopped', DSD_USER_DATA: dir });
    expect(fakeElectron.app.setPath).toHaveBeenCalledWith('userData', dir);
    expect(fakeElectron.app.setPath.mock.invocationCallOrder[0]).toBeLessThan(fakeElectron.app.requestSingleInstanceLock.mock.invocationCallOrder[0] ?? 0);
    expect(createSession).toHaveBeenCalledWith({
      dataDir: dir,
      mode: 'lab',
      appVersion: '9.9.9-test',
      allowRealLabDirectory: true,
      pickCaFile: expect.any(Function),
      openExternal: expect.any(Function),
      screenshot: expect.any(Object),
      pickFactsFile: expect.any(Function),
      scenarioId: 'sync-service-stopped',
    });
  });

  it('refuses to start on an empty data-folder variable, as the command line does', async () => {
    await start({ DSD_DATA_DIR: ' ' }, true);
    expect(fakeElectron.dialog.showErrorBox).toHaveBeenCalledWith('DirSync Doctor', expect.stringMatching(/DSD_DATA_DIR is set but empty; unset it/));
    expect(fakeElectron.app.exit).toHaveBeenCalledWith(2);
    expect(fakeElectron.app.setPath).not.toHaveBeenCalled();
    expect(createSession).not.toHaveBeenCalled();
  });

  it('a release build ignores the DSD_* variables and keeps lab mode off real directories', async () => {
    await start({ DSD_MODE: 'lab', DSD_SCENARIO: 'sync-service-stopped', DSD_USER_DATA: path.join(base, 'elsewhere') }, true);
    // The platform's own folder, not the one DSD_USER_DATA names.
    expect(fakeElectron.app.setPath).toHaveBeenCalledExactlyOnceWith('userData', windowsDefault());
    // The per-machine install audits to ProgramData.
    expect(createSession).toHaveBeenCalledExactlyOnceWith({
      dataDir: windowsDefault(),
      mode: 'auto',
      appVersion: '9.9.9-test',
      allowRealLabDirectory: false,
      pickCaFile: expect.any(Function),
      openExternal: expect.any(Function),
      screenshot: expect.any(Object),
      pickFactsFile: expect.any(Function),
      auditDir: 'C:\\ProgramData\\DirSync Doctor\\audit',
    });
  });

  it("opens Electron's file dialog for the CA file, over the main window", async () => {
    await start();
    const pick = createSession.mock.calls[0]![0].pickCaFile!;
    fakeElectron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/certs/ca.pem'] });
    await expect(pick()).resolves.toBe('/certs/ca.pem');
    expect(fakeElectron.dialog.showOpenDialog).toHaveBeenCalledWith(theWindow(), expect.objectContaining({ properties: expect.arrayContaining(['openFile']) }));
    await expect(pick()).resolves.toBeNull(); // cancelled
  });

  it('a release build does not even read an invalid DSD_MODE', async () => {
    await start({ DSD_MODE: 'prod' }, true);
    expect(fakeElectron.dialog.showErrorBox).not.toHaveBeenCalled();
    expect(createSession).toHaveBeenCalledOnce();
  });

  it('refuses a bad DSD_MODE with a message naming it, before taking the lock', async () => {
    await start({ DSD_MODE: 'prod' });
    expect(fakeElectron.dialog.showErrorBox).toHaveBeenCalledWith('DirSync Doctor', expect.stringContaining('DSD_MODE must be one of auto, lab, windows'));
    expect(fakeElectron.app.exit).toHaveBeenCalledWith(2);
    expect(fakeElectron.app.requestSingleInstanceLock).not.toHaveBeenCalled();
  });

  it('reports a session that cannot start and exits without a window', async () => {
    createSession.mockRejectedValue(new Error('Scenario file sync-service-stopped.json: services[0].state: Invalid option'));
    await start();
    expect(fakeElectron.dialog.showErrorBox).toHaveBeenCalledWith('DirSync Doctor', expect.stringContaining('services[0].state'));
    expect(fakeElectron.app.exit).toHaveBeenCalledWith(1);
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('closes the session once on quit, then quits for real', async () => {
    await start();
    const first = fakeEvent();
    fakeElectron.app.emit('will-quit', first);
    expect(first.defaultPrevented).toBe(true);
    fakeElectron.app.emit('will-quit', fakeEvent()); // a repeated quit while closing does not close twice
    await vi.waitFor(() => expect(fakeElectron.app.quit).toHaveBeenCalledOnce());
    expect(close).toHaveBeenCalledOnce();
    const again = fakeEvent();
    fakeElectron.app.emit('will-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });

  it('does not hang on quit when the session never closes', async () => {
    close.mockImplementation(() => new Promise(() => undefined));
    await start();
    vi.useFakeTimers();
    fakeElectron.app.emit('will-quit', fakeEvent());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fakeElectron.app.quit).toHaveBeenCalledOnce();
  });

  it('quits when the last window closes', async () => {
    await start();
    fakeElectron.app.emit('window-all-closed');
    expect(fakeElectron.app.quit).toHaveBeenCalledOnce();
  });

  it('tells the tech when the window cannot start, with the elevation hint on Windows', async () => {
    await start();
    theWindow()?.webContents.emit('render-process-gone', fakeEvent(), { reason: 'launch-failed', exitCode: 18 });
    expect(fakeElectron.dialog.showErrorBox).toHaveBeenCalledWith('DirSync Doctor', expect.stringMatching(/Run as administrator/));
    expect(fakeElectron.app.quit).toHaveBeenCalledOnce();
  });

  it('focuses the running window when a second instance starts', async () => {
    await start();
    fakeElectron.app.emit('second-instance', {}, [], '/');
    expect(theWindow()?.focus).toHaveBeenCalledOnce();
  });
});

describe('debugging switches', () => {
  const startWith = (args: string[], env: Record<string, string> = {}, platform = 'win32') =>
    startDesktopApp({ appDir, env, platform, args, lockDir: lockDir() });

  it.each([
    ['--remote-debugging-port=9222'],
    ['--remote-debugging-pipe'],
    ['--remote-debugging-address=0.0.0.0'],
    ['--inspect'],
    ['--inspect=9229'],
    ['--inspect-brk=0'],
    ['--inspect-port=1'],
    ['--debug'],
    ['--debug-brk'],
    ['--js-flags=--allow-natives-syntax'],
    ['-remote-debugging-port=9222'],
    ['/REMOTE-DEBUGGING-PORT=9222'],
    ['--Remote-Debugging-Port=9222'],
  ])('refuses %s with a clear message, before the lock, the session or a window', async (arg) => {
    await startWith(['.', arg]);
    expect(fakeElectron.dialog.showErrorBox).toHaveBeenCalledExactlyOnceWith(
      'DirSync Doctor',
      `DirSync Doctor does not run with debugging switches (${arg}). They would let another program control the app while it has administrator rights. Start it again without them.`,
    );
    expect(fakeElectron.app.exit).toHaveBeenCalledWith(2);
    expect(fakeElectron.app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(createSession).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('starts normally with ordinary switches and paths', async () => {
    await startWith(['.', '--no-sandbox', '--ozone-platform=headless', '/home/tech/debug-notes'], {}, 'linux');
    expect(fakeElectron.dialog.showErrorBox).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.created).toHaveLength(1);
  });

  it('lets the Electron e2e driver in only in a development build that asks for it', async () => {
    const driver = ['--inspect=0', '--remote-debugging-port=0', '.'];
    await startWith(driver, { DSD_ALLOW_DEBUG_SWITCHES: '1' });
    expect(FakeBrowserWindow.created).toHaveLength(1);

    resetFakeElectron();
    fakeElectron.app.isPackaged = true;
    await startWith(driver, { DSD_ALLOW_DEBUG_SWITCHES: '1' });
    expect(fakeElectron.dialog.showErrorBox).toHaveBeenCalledOnce();
    expect(fakeElectron.app.exit).toHaveBeenCalledWith(2);
    expect(FakeBrowserWindow.created).toHaveLength(0);

    resetFakeElectron();
    await startDesktopApp({ appDir, env: { DSD_ALLOW_DEBUG_SWITCHES: '1' }, platform: 'win32', args: driver, releaseBuild: true, lockDir: lockDir() });
    expect(fakeElectron.dialog.showErrorBox).toHaveBeenCalledOnce();
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });
});

describe('machine-wide single instance', () => {
  const lockFile = () => path.join(base, 'lock', 'instance.lock');

  it("refuses to start while another admin's instance holds the machine lock, and says who", async () => {
    await mkdir(path.join(base, 'lock'), { recursive: true });
    // A live process that is not this one: the test runner's parent.
    await writeFile(lockFile(), JSON.stringify({ user: 'CONTOSO\\alice', pid: process.ppid, host: 'SYNC01', since: '2026-11-22T03:12:00.000Z' }));
    await start();
    expect(fakeElectron.dialog.showErrorBox).toHaveBeenCalledExactlyOnceWith(
      'DirSync Doctor',
      expect.stringContaining(`already running on this computer: opened by CONTOSO\\alice (process ${process.ppid} on SYNC01) since 2026-11-22 03:12:00 UTC`),
    );
    expect(fakeElectron.app.exit).toHaveBeenCalledWith(3);
    expect(createSession).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.created).toHaveLength(0);
    await rm(lockFile(), { force: true });
  });

  it('holds the lock while running and lets go of it on quit', async () => {
    await start();
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
    fakeElectron.app.emit('quit');
    await expect(readFile(lockFile(), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
