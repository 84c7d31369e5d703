// The app window and the guards on every web contents and on the session: no navigation away
// from the app, no new windows, no webviews, no permissions, no remote requests.
import { ownerOnlyDownloads, type DownloadSession } from './downloads';
import { app, BrowserWindow, nativeTheme, session, type Session, type WebContents } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from '../security/app-origin';
import { isAllowedRequestUrl } from '../security/request-filter';
import { hardenedWebPreferences } from '../security/web-preferences';
import { openAllowedExternal } from './external-links';

const hardened = new WeakSet<WebContents>();

export function hardenWebContents(contents: WebContents): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);

  // Electron emits will-frame-navigate first (any frame) and will-navigate (main frame) only if
  // that was not prevented; both refuse other origins, so either one alone still guards.
  contents.on('will-frame-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    if (event.isMainFrame) openAllowedExternal(event.url); // a plain link to the Microsoft docs opens in the browser
  });
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openAllowedExternal(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openAllowedExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url) }));
}

/** Guards every web contents the app ever creates, and the default session. Call once, when ready. */
export function installGuards(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  hardenSession(session.defaultSession);
  ownerOnlyDownloads(session.defaultSession as unknown as DownloadSession);
}

export interface MainWindowOptions {
  preloadPath: string;
  devTools: boolean;
  /** The window cannot show the app (renderer gone, page failed to load). */
  onRendererGone: (details: { reason: string; exitCode: number }) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'DirSync Doctor',
    width: 1200,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1b1c1f' : '#ffffff',
    webPreferences: { ...hardenedWebPreferences({ preloadPath: options.preloadPath, devTools: options.devTools }) },
  });
  hardenWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => options.onRendererGone(details));
  window.loadURL(APP_ENTRY_URL).catch(() => options.onRendererGone({ reason: 'load-failed', exitCode: 0 }));
  return window;
}
