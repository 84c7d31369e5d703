// The window and its guards, against a mocked electron module: these assertions are what
// keeps contextIsolation, the sandbox and the navigation/permission denials in place.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL } from '../security/app-origin';
import { FakeBrowserWindow, FakeWebContents, fakeElectron, fakeEvent, resetFakeElectron } from '../../tests/doubles/fake-electron';
import { createMainWindow, hardenSession, installGuards } from './window';

vi.mock('electron', async () => (await import('../../tests/doubles/fake-electron')).fakeElectron);

beforeEach(() => resetFakeElectron());

function openWindow(onRendererGone = vi.fn()) {
  installGuards();
  const window = createMainWindow({ preloadPath: '/app/dist/electron/preload.cjs', devTools: false, onRendererGone });
  return { window: window as unknown as FakeBrowserWindow, contents: (window as unknown as FakeBrowserWindow).webContents, onRendererGone };
}

describe('main window', () => {
  it('is created with contextIsolation, sandbox and no Node integration anywhere', () => {
    openWindow();
    expect(FakeBrowserWindow.created).toHaveLength(1);
    const prefs = FakeBrowserWindow.created[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.spellcheck).toBe(false);
    expect(prefs.devTools).toBe(false);
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
  });

  it('loads only the app entry from the app protocol and shows when ready', () => {
    const { window } = openWindow();
    expect(window.loadURL).toHaveBeenCalledExactlyOnceWith(APP_ENTRY_URL);
    expect(window.options.show).toBe(false);
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('prevents navigation to any other origin and allows in-app navigation', () => {
    const { contents } = openWindow();
    expect(contents.navigate('https://evil.example/')).toBe(true);
    expect(contents.navigate('file:///etc/passwd')).toBe(true);
    expect(contents.navigate('app://other/index.html')).toBe(true);
    expect(contents.navigate('https://evil.example/', false)).toBe(true); // a subframe
    expect(contents.navigate('app://dirsync/index.html')).toBe(false);
    expect(contents.fire('will-redirect', { url: 'https://evil.example/' }).defaultPrevented).toBe(true);
    expect(contents.fire('will-redirect', { url: 'app://dirsync/index.html' }).defaultPrevented).toBe(false);
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('each navigation event refuses other origins on its own', () => {
    const { contents } = openWindow();
    expect(contents.fire('will-navigate', { url: 'https://evil.example/', isMainFrame: true }).defaultPrevented).toBe(true);
    expect(contents.fire('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false }).defaultPrevented).toBe(true);
  });

  it('sends a main-frame navigation to the Microsoft docs to the system browser instead, once', () => {
    const { contents } = openWindow();
    expect(contents.navigate('https://learn.microsoft.com/en-us/troubleshoot/')).toBe(true);
    expect(fakeElectron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://learn.microsoft.com/en-us/troubleshoot/');
    // A subframe (there should be none: CSP has no frame sources) never opens anything.
    expect(contents.navigate('https://learn.microsoft.com/x', false)).toBe(true);
    expect(fakeElectron.shell.openExternal).toHaveBeenCalledOnce();
  });

  it('denies every new window; only allow-listed https docs links reach shell.openExternal', () => {
    const { contents } = openWindow();
    const open = contents.windowOpenHandler;
    expect(open).not.toBeNull();
    for (const url of ['https://evil.example/', 'http://support.microsoft.com/kb/1', 'app://dirsync/index.html', 'about:blank']) {
      expect(open?.({ url })).toEqual({ action: 'deny' });
    }
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled();
    expect(open?.({ url: 'https://support.microsoft.com/kb/2882421' })).toEqual({ action: 'deny' });
    expect(fakeElectron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://support.microsoft.com/kb/2882421');
  });

  it("hands the system browser the parsed URL's href, never the raw string", () => {
    const { contents } = openWindow();
    const open = contents.windowOpenHandler!;
    const cases: [string, string][] = [
      ['https://learn.microsoft.com/en-us/a b?q=<x>', 'https://learn.microsoft.com/en-us/a%20b?q=%3Cx%3E'],
      ['  HTTPS://LEARN.MICROSOFT.COM/x\n', 'https://learn.microsoft.com/x'],
      ['https://learn.microsoft.com\\@evil.example/', 'https://learn.microsoft.com/@evil.example/'],
      ['https://support.microsoft.com/kb/2882421#method-1"&calc', 'https://support.microsoft.com/kb/2882421#method-1%22&calc'],
    ];
    for (const [raw, href] of cases) {
      fakeElectron.shell.openExternal.mockClear();
      expect(open({ url: raw })).toEqual({ action: 'deny' });
      expect(fakeElectron.shell.openExternal).toHaveBeenCalledExactlyOnceWith(href);
    }
  });

  it('refuses to attach webviews', () => {
    const { contents } = openWindow();
    expect(contents.fire('will-attach-webview', {}, { preload: '/evil.js' }, {}).defaultPrevented).toBe(true);
  });

  it('guards web contents created later too (devtools, anything a bug might open)', () => {
    installGuards();
    const later = new FakeWebContents();
    fakeElectron.app.emit('web-contents-created', fakeEvent(), later);
    expect(later.navigate('https://evil.example/')).toBe(true);
    expect(later.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('reports a gone renderer or a failed load', async () => {
    const { contents, onRendererGone } = openWindow();
    contents.emit('render-process-gone', fakeEvent(), { reason: 'launch-failed', exitCode: 18 });
    expect(onRendererGone).toHaveBeenCalledWith({ reason: 'launch-failed', exitCode: 18 });

    FakeBrowserWindow.loadError = new Error('ERR_FILE_NOT_FOUND (-6) loading app://dirsync/index.html');
    const failed = vi.fn();
    createMainWindow({ preloadPath: 'p', devTools: false, onRendererGone: failed });
    await vi.waitFor(() => expect(failed).toHaveBeenCalledWith({ reason: 'load-failed', exitCode: 0 }));
  });
});

describe('session guards', () => {
  it('denies every permission request and check', () => {
    hardenSession(fakeElectron.session.defaultSession as never);
    const ses = fakeElectron.session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'unknown']) {
      const callback = vi.fn();
      ses.permissionRequestHandler?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(ses.permissionCheckHandler?.({}, permission, 'app://dirsync', {})).toBe(false);
    }
    expect(ses.devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://dirsync' })).toBe(false);
  });

  it('cancels every request that would leave the app (network or local files)', () => {
    hardenSession(fakeElectron.session.defaultSession as never);
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      fakeElectron.session.defaultSession.beforeRequest?.({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide('https://evil.example/x.js')).toBe(true);
    expect(decide('http://127.0.0.1:8080/')).toBe(true);
    expect(decide('wss://evil.example/')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
    expect(decide('app://dirsync/assets/index.js')).toBe(false);
  });

  it.each([
    'blob:null/1b4f2c2e-0000-4000-8000-000000000000',
    'blob:https://evil.example/1b4f2c2e-0000-4000-8000-000000000000',
    'blob:app://other/1b4f2c2e-0000-4000-8000-000000000000',
    'data:text/html,<script>alert(1)</script>',
    'data:image/png;base64,iVBORw0KGgo=',
    'filesystem:app://dirsync/temporary/x.html',
    'chrome://settings/',
    'chrome-extension://abcdefghijklmnop/x.js',
    'devtools://devtools/bundled/inspector.html',
    'view-source:app://dirsync/index.html',
    'javascript:alert(1)',
    'about:blank',
    'app://dirsync.evil.example/index.html',
    'app://user@dirsync/index.html',
    'not a url',
  ])("cancels %s: only app:// and the app's own blob: URLs load", (url) => {
    hardenSession(fakeElectron.session.defaultSession as never);
    let cancel: boolean | undefined;
    fakeElectron.session.defaultSession.beforeRequest?.({ url }, (r) => (cancel = r.cancel));
    expect(cancel).toBe(true);
  });

  it("lets the app's own blob: URLs through (the readiness CSV download)", () => {
    hardenSession(fakeElectron.session.defaultSession as never);
    let cancel: boolean | undefined;
    fakeElectron.session.defaultSession.beforeRequest?.({ url: 'blob:app://dirsync/1b4f2c2e-0000-4000-8000-000000000000' }, (r) => (cancel = r.cancel));
    expect(cancel).toBe(false);
  });

  it('installGuards hardens the default session', () => {
    installGuards();
    expect(fakeElectron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(fakeElectron.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledOnce();
  });
});

describe('downloads', () => {
  it.skipIf(process.platform === 'win32')('installGuards makes what the default session downloads owner-only', () => {
    installGuards();
    expect((fakeElectron.session.defaultSession as unknown as import('node:events').EventEmitter).listenerCount('will-download')).toBe(1);
  });
});
