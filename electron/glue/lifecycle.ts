// The desktop app's life: scheme and single-instance lock before ready; then guards, the app
// protocol, the session, IPC and the window; on quit, the session is closed (bounded in time).
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { createAppSession, type AppSession } from '../app/session';
import { userDataDir } from '../app/user-data-dir';
import { prepareMachineAuditDir } from '../audit/audit-location';
import { trustedWindowsDir } from '../host/windows/windows-dir';
import { readLaunchOptions, type LaunchOptions } from './launch-options';
import { debugSwitchesMessage, refusedDebugSwitches } from '../security/debug-switches';
import { rendererGoneMessage, startupFailedMessage } from './shell-messages';
import { openAllowedExternal } from './external-links';
import { windowScreenshots } from './screenshot';
import { caFilePicker, factsFilePicker } from './ca-file-picker';
import { registerIpcHandlers } from './ipc';
import { registerAppScheme, serveAppFiles } from './protocol';
import { claimMachineLock, defaultLockDir, lockHeldMessage, type MachineLock } from '../app/machine-lock';
import { claimSingleInstance } from './single-instance';
import { createMainWindow, installGuards } from './window';

export interface DesktopAppOptions {
  /** Directory of the bundled main.cjs (dist/electron); preload.cjs sits beside it, the renderer in ../renderer. */
  appDir: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: string;
  /** The installer's build (electron/app/build-flavor.ts): DSD_* ignored, lab mode in memory only. */
  releaseBuild?: boolean;
  /** Folder of the machine-wide instance lock (tests); default ProgramData or /run/lock (machine-lock.ts). */
  lockDir?: string;
  /** The process's switches: Node's execArgv and the command line after the executable. */
  args?: readonly string[];
  /** The per-machine audit folder, prepared (replaceable in tests: no icacls here). */
  prepareMachineAuditDir?: () => Promise<string>;
}

/** How long quitting waits for the session to close before giving up on it. */
const SESSION_CLOSE_TIMEOUT_MS = 10_000;

const TITLE = 'DirSync Doctor';

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Starts the app. Resolves once the window is up, or once startup ended (second instance,
 * bad settings, session failure: each reported, then the app exits).
 */
export async function startDesktopApp(options: DesktopAppOptions): Promise<void> {
  // Playwright's Electron driver needs --inspect and --remote-debugging-port: allowed only in a
  // development build (neither a release bundle nor packaged), and only when the e2e spec asks.
  const debugAllowed = !options.releaseBuild && !app.isPackaged && options.env.DSD_ALLOW_DEBUG_SWITCHES === '1';
  const refused = debugAllowed ? [] : refusedDebugSwitches(options.args ?? [], options.platform);
  if (refused.length > 0) {
    dialog.showErrorBox(TITLE, debugSwitchesMessage(refused));
    app.exit(2);
    return;
  }

  let launch: LaunchOptions;
  let dataDir: string;
  try {
    // A release build does not take settings from the environment: another process of the
    // same user could set them for an elevated app.
    launch = readLaunchOptions(options.releaseBuild ? {} : options.env);
    // The folder the command line uses too (it ignores DSD_* itself in a release build).
    dataDir = userDataDir({ env: options.env, platform: options.platform, release: options.releaseBuild === true });
  } catch (error) {
    dialog.showErrorBox(TITLE, startupFailedMessage(error));
    app.exit(2);
    return;
  }
  // Before the lock: the single-instance lock lives in the userData directory.
  app.setPath('userData', dataDir);
  registerAppScheme();

  let mainWindow: BrowserWindow | null = null;
  if (!claimSingleInstance(() => mainWindow)) return;

  // Then the machine: another admin's DirSync Doctor on this server keeps this one from starting.
  let machineLock: MachineLock;
  try {
    const dir = options.lockDir ?? (options.releaseBuild ? undefined : options.env.DSD_LOCK_DIR) ?? defaultLockDir(options.platform);
    const claim = claimMachineLock({ dir });
    if (!claim.ok) {
      dialog.showErrorBox(TITLE, lockHeldMessage(claim.holder, claim.file));
      app.exit(3);
      return;
    }
    machineLock = claim.lock;
  } catch (error) {
    dialog.showErrorBox(TITLE, startupFailedMessage(error));
    app.exit(1);
    return;
  }
  app.on('quit', () => machineLock.release());

  let appSession: AppSession | null = null;
  let closing: Promise<void> | null = null;
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!appSession) return;
    event.preventDefault();
    closing ??= closeWithin(appSession, SESSION_CLOSE_TIMEOUT_MS).finally(() => {
      appSession = null;
      app.quit();
    });
  });

  try {
    await app.whenReady();
    installGuards();
    serveAppFiles(path.join(options.appDir, '..', 'renderer'));
    // The per-machine install (the release build on Windows) audits to ProgramData, administrators only.
    const perMachine = options.releaseBuild === true && options.platform === 'win32';
    const auditDir = perMachine ? await (options.prepareMachineAuditDir ?? (() => prepareMachineAuditDir(trustedWindowsDir())))() : undefined;
    appSession = await createAppSession({
      dataDir: app.getPath('userData'),
      mode: launch.mode,
      appVersion: app.getVersion(),
      allowRealLabDirectory: !options.releaseBuild,
      pickCaFile: caFilePicker(() => mainWindow),
      openExternal: (href) => void openAllowedExternal(href),
      screenshot: windowScreenshots(() => mainWindow),
      pickFactsFile: factsFilePicker(() => mainWindow),
      ...(auditDir ? { auditDir } : {}),
      ...(launch.scenarioId ? { scenarioId: launch.scenarioId } : {}),
    });
    const redactor = appSession.redactor;
    registerIpcHandlers(
      appSession.handlers,
      () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null),
      // Through the redactor: a bug's message may quote a value the app was holding.
      { onInternalError: (channel, error) => console.error(`[ipc] ${channel}: ${redactor.redactText(describe(error))}`) },
    );
    mainWindow = createMainWindow({
      preloadPath: path.join(options.appDir, 'preload.cjs'),
      devTools: !app.isPackaged,
      onRendererGone: (details) => {
        const message = rendererGoneMessage(details, options.platform);
        if (message === null) return;
        dialog.showErrorBox(TITLE, message);
        app.quit();
      },
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  } catch (error) {
    console.error(`[startup] ${describe(error)}`);
    dialog.showErrorBox(TITLE, startupFailedMessage(error));
    if (appSession) await closeWithin(appSession, SESSION_CLOSE_TIMEOUT_MS);
    appSession = null;
    machineLock.release();
    app.exit(1);
  }
}

async function closeWithin(appSession: AppSession, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`[quit] the session did not close within ${timeoutMs / 1000} s; quitting anyway`);
      resolve();
    }, timeoutMs);
  });
  try {
    await Promise.race([appSession.close().catch((error) => console.error(`[quit] ${describe(error)}`)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
