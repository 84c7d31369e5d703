// A stand-in for the `electron` module in unit tests (the real one cannot load outside
// Electron). It records what the glue passes to Electron and lets a test fire Electron's
// events. Use:  vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron)
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  routingId: number;
}

export const frame = (url: string, processId = 7, routingId = 1, parent: FakeFrame | null = null): FakeFrame => ({
  url,
  parent,
  processId,
  routingId,
});

/** An Electron-style event: preventDefault() records that it was called. */
export function fakeEvent<T extends object>(props: T = {} as T) {
  const event = {
    ...props,
    defaultPrevented: false,
    preventDefault: vi.fn(() => {
      event.defaultPrevented = true;
    }),
  };
  return event;
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  mainFrame: FakeFrame = frame('app://dirsync/index.html', 7, this.id);
  windowOpenHandler: WindowOpenHandler | null = null;
  setWindowOpenHandler = vi.fn((handler: WindowOpenHandler) => {
    this.windowOpenHandler = handler;
  });
  /**
   * A renderer-initiated navigation, in Electron's order (electron_navigation_throttle.cc):
   * will-frame-navigate for any frame, then will-navigate for the main frame unless prevented.
   * Returns whether the navigation was cancelled.
   */
  navigate(url: string, isMainFrame = true): boolean {
    if (this.fire('will-frame-navigate', { url, isMainFrame }).defaultPrevented) return true;
    return isMainFrame && this.fire('will-navigate', { url, isMainFrame }).defaultPrevented;
  }
  /** Emits like Electron: listeners get an event object whose preventDefault can be checked. */
  fire(name: string, props: object = {}, ...rest: unknown[]) {
    const event = fakeEvent(props);
    this.emit(name, event, ...rest);
    return event;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  /** Set to make the next windows' loadURL reject, as Electron does when a page fails to load. */
  static loadError: Error | null = null;
  readonly webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  loadURL = vi.fn(async (_url: string) => {
    if (FakeBrowserWindow.loadError) throw FakeBrowserWindow.loadError;
  });
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = vi.fn(() => this.minimized);
  isDestroyed = vi.fn(() => this.destroyed);

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
    // Electron announces every new web contents on the app, before the constructor returns.
    fakeElectron.app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
}

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type BeforeRequestListener = (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void;

function createSession() {
  const ses = Object.assign(new EventEmitter(), {
    permissionRequestHandler: null as PermissionRequestHandler | null,
    permissionCheckHandler: null as ((...args: unknown[]) => boolean) | null,
    devicePermissionHandler: null as ((...args: unknown[]) => boolean) | null,
    beforeRequest: null as BeforeRequestListener | null,
    setPermissionRequestHandler: vi.fn((h: PermissionRequestHandler) => {
      ses.permissionRequestHandler = h;
    }),
    setPermissionCheckHandler: vi.fn((h: (...args: unknown[]) => boolean) => {
      ses.permissionCheckHandler = h;
    }),
    setDevicePermissionHandler: vi.fn((h: (...args: unknown[]) => boolean) => {
      ses.devicePermissionHandler = h;
    }),
    webRequest: {
      onBeforeRequest: vi.fn((listener: BeforeRequestListener) => {
        ses.beforeRequest = listener;
      }),
    },
  });
  return ses;
}

function createApp() {
  const paths = new Map<string, string>();
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn((name: string) => paths.get(name) ?? `/fake/${name}`),
    setPath: vi.fn((name: string, value: string) => {
      paths.set(name, value);
    }),
    getVersion: vi.fn(() => '9.9.9-test'),
  });
  return app;
}

type IpcListener = (event: unknown, payload: unknown) => unknown;

function createFake() {
  const ipcHandlers = new Map<string, IpcListener>();
  return {
    app: createApp(),
    BrowserWindow: FakeBrowserWindow,
    nativeTheme: { shouldUseDarkColors: false },
    session: { defaultSession: createSession() },
    shell: { openExternal: vi.fn(async (_url: string) => undefined) },
    dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] as string[] })) },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handlers: new Map<string, (request: Request) => Promise<Response>>(),
      handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
        fakeElectron.protocol.handlers.set(scheme, handler);
      }),
    },
    ipcMain: {
      handlers: ipcHandlers,
      handle: vi.fn((channel: string, listener: IpcListener) => {
        if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        ipcHandlers.set(channel, listener);
      }),
      removeHandler: vi.fn((channel: string) => {
        ipcHandlers.delete(channel);
      }),
    },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn(async (..._args: unknown[]) => undefined as unknown) },
  };
}

export type FakeElectron = ReturnType<typeof createFake>;

/** The module the mock returns. Its members are replaced (not the object) by resetFakeElectron. */
export const fakeElectron: FakeElectron = createFake();

export function resetFakeElectron(): void {
  Object.assign(fakeElectron, createFake());
  FakeBrowserWindow.created = [];
  FakeBrowserWindow.loadError = null;
}
