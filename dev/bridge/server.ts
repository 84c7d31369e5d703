// The test-only browser bridge: serves the built renderer on 127.0.0.1 and stands in for the
// Electron preload. Each IPC call is a POST to /__ipc/<channel> carrying a per-run random token,
// answered by the very same main-process handlers (createAppSession + dispatch) the Electron
// app registers. Not part of the packaged app: it lives in e2e/ and electron-builder leaves it out.
//
// The token is never served: any local process can make HTTP requests to 127.0.0.1, and with the
// token it could plan and apply fixes. It travels only in the fragment of the address the bridge
// hands to its starter (url: http://127.0.0.1:<port>/#dsd-token=<hex>), which browsers never send
// to a server; the bridge script in the page moves it to sessionStorage and takes it out of the
// address bar. No dotfile and nothing outside the renderer folder is served.
//
//   tsx dev/bridge/server.ts [--scenario <id>] [--lab memory|samba] [--renderer-dir DIR] [--json]
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtemp, readFile, realpath, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHANNELS, type Channel, type RequestOf, type ResponseOf } from '../../shared/ipc/contract';
import type { IpcError, IpcResult } from '../../shared/ipc/errors';
import { contentTypeFor } from '../../electron/security/app-files';
import { CONTENT_SECURITY_POLICY } from '../../electron/security/csp';
import type { AppSession, AppSessionOptions } from '../../electron/app/session';
import type { ScreenshotPort } from '../../electron/app/home-handlers';
import { dispatch } from '../../electron/ipc/dispatch';
import type { DirectoryPort } from '../../electron/ports/directory-port';
import { withDirectoryLatency, type DirectoryLatencyOptions } from '../../electron/lab/directory-latency';
import { samba } from './lab-directory';
import { withSeedLock } from './seed-lock';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_RENDERER_DIR = path.join(REPO_ROOT, 'dist/renderer');

export const TOKEN_HEADER = 'x-dsd-token';
const IPC_PREFIX = '/__ipc/';
const BRIDGE_SCRIPT = '/__bridge.js';
const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** The Electron app's CSP, with fetch to this origin allowed (the bridge's IPC). */
export const BRIDGE_CSP = CONTENT_SECURITY_POLICY.replace("connect-src 'none'", "connect-src 'self'");

export type LabDirectoryChoice = 'memory' | 'samba' | NonNullable<AppSessionOptions['labDirectory']>;

export interface BridgeOptions {
  /** Lab scenario loaded at start (the session's default otherwise). */
  scenarioId?: string;
  /** A scenario file from any path, loaded at start instead of scenarioId (as the CLI's --lab-file). */
  labScenarioFile?: string;
  /** Simulated time of one connector run of a lab sync cycle (ms), for tests that follow a cycle. */
  labRunMs?: number;
  /**
   * Simulated directory latency (per search page, per direct LDAP operation), for tests that act
   * while a scan or a batch is under way: the lab DC on loopback finishes before a click lands.
   */
  labDirectoryLatency?: DirectoryLatencyOptions;
  /** The lab's directory: in memory (default), the Samba lab DC, or an explicit one. */
  lab?: LabDirectoryChoice;
  /** Built renderer to serve; default dist/renderer. */
  rendererDir?: string;
  /** Where the session keeps its audit log; default a temp dir removed on close. */
  dataDir?: string;
  appVersion?: string;
  maxBodyBytes?: number;
  /**
   * The "pick a CA file" port (test hook): the path a test's picker answers with, or null for a
   * cancelled dialog. Without it the bridge has no file picker (the channel says so).
   */
  pickCaFile?: () => Promise<string | null>;
  /**
   * The screenshot port (test hook): a test captures the page with Playwright and names the file
   * to save; without it the bridge takes no screenshots (the channel says so).
   */
  screenshot?: ScreenshotPort;
  /** The "open a facts file" port (test hook), as pickCaFile: a collected server or a support bundle. */
  pickFactsFile?: () => Promise<string | null>;
  /** Build the session some other way (the bridge's own tests use a fake). */
  createSession?: (options: AppSessionOptions) => Promise<Pick<AppSession, 'handlers' | 'close'>>;
}

export interface Bridge {
  /**
   * http://127.0.0.1:<port>/#dsd-token=<token>: open this in the browser. Append '#/playbook/<id>'
   * to open a playbook; the page keeps that part of the fragment.
   */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  /** Call a channel over HTTP exactly as the page does (tests use it to look behind the UI). */
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  /**
   * Every address the session handed to "the system browser" (after its allow-list passed it),
   * in order: the bridge opens no browser, it records.
   */
  readonly openedLinks: readonly string[];
  close(): Promise<void>;
}

/** The fragment that carries the token: '#dsd-token=<64 hex>', then whatever the app's route is. */
export const TOKEN_FRAGMENT = 'dsd-token=';
const TOKEN_STORAGE_KEY = 'dsd-bridge-token';

/**
 * The script that defines window.dirsync in the page: one frozen function per channel. It holds
 * no secret: the token comes from the address's fragment (kept in sessionStorage for reloads).
 */
export function bridgeScript(): string {
  return `// DirSync Doctor test bridge: stands in for the Electron preload.
(() => {
  'use strict';
  const channels = ${JSON.stringify(CHANNELS)};
  const unavailable = (message) => ({ ok: false, error: { code: 'unavailable', message, detail: null } });
  let token = null;
  const given = /^#${TOKEN_FRAGMENT}([0-9a-f]{64})(.*)$/.exec(location.hash);
  if (given) {
    token = given[1];
    try { sessionStorage.setItem(${JSON.stringify(TOKEN_STORAGE_KEY)}, token); } catch {}
    // Out of the address bar (and so out of bookmarks, screenshots and the history entry).
    history.replaceState(history.state, '', location.pathname + location.search + given[2]);
  } else {
    try { token = sessionStorage.getItem(${JSON.stringify(TOKEN_STORAGE_KEY)}); } catch {}
  }
  const api = {};
  for (const channel of channels) {
    api[channel] = async (request) => {
      if (!token) return unavailable('This page has no access key for the bridge: open the address that npm start printed (it ends with #${TOKEN_FRAGMENT}…).');
      let response;
      try {
        response = await fetch(${JSON.stringify(IPC_PREFIX)} + channel, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ${JSON.stringify(TOKEN_HEADER)}: token },
          body: JSON.stringify(request === undefined ? {} : request),
          cache: 'no-store',
          credentials: 'omit',
        });
      } catch (e) {
        return unavailable('The test bridge did not answer: ' + (e && e.message ? e.message : String(e)));
      }
      try {
        return await response.json();
      } catch {
        return unavailable('The test bridge sent an unreadable answer (HTTP ' + response.status + ')');
      }
    };
  }
  Object.defineProperty(window, 'dirsync', { value: Object.freeze(api), enumerable: true, configurable: false, writable: false });
})();
`;
}

/**
 * A page that sends a browser on to the bridge's address at once: npm start opens Chromium on
 * this file (in a private folder) so that the token never appears on a command line.
 */
export function launchPageHtml(url: string): string {
  const attr = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${attr}"><title>DirSync Doctor</title>`;
}

/** Put the bridge script in front of the app's own scripts. */
export function injectBridgeScript(html: string): string {
  const tag = `<script src="${BRIDGE_SCRIPT}"></script>`;
  const at = html.search(/<script\b/i);
  if (at >= 0) return html.slice(0, at) + tag + '\n    ' + html.slice(at);
  const head = html.search(/<\/head>/i);
  if (head < 0) throw new Error('index.html has neither a <script> nor a </head> to put the bridge script before');
  return html.slice(0, head) + tag + html.slice(head);
}

/**
 * Map a URL path to a file under root, or null when it would leave root (.., encoded
 * separators, NUL, symlinks pointing out) or names a dotfile or dot-folder. `/` is index.html.
 */
export async function resolveStaticPath(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s.startsWith('.'))) return null;
  const realRoot = await realpath(root);
  const candidate = path.join(realRoot, ...(segments.length ? segments : ['index.html']));
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return null;
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null;
  // A link inside the folder may still point at a dotfile in it.
  if (
    path
      .relative(realRoot, real)
      .split(path.sep)
      .some((s) => s.startsWith('.'))
  )
    return null;
  try {
    if (!(await stat(real)).isFile()) return null;
  } catch {
    return null;
  }
  return real;
}

const ipcFailure = (code: IpcError['code'], message: string): IpcResult<never> => ({ ok: false, error: { code, message, detail: null } });

function sameToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startBridge(options: BridgeOptions = {}): Promise<Bridge> {
  const rendererDir = path.resolve(options.rendererDir ?? DEFAULT_RENDERER_DIR);
  const indexHtml = await readFile(path.join(rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(`No built renderer at ${rendererDir} (index.html missing): run \`npx vite build\` first`);
  });
  const servedIndex = injectBridgeScript(indexHtml);

  const openedLinks: string[] = [];
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'dsd-bridge-')));
  const sessionOptions: AppSessionOptions = {
    dataDir,
    mode: 'lab',
    appVersion: options.appVersion ?? (await packageVersion()),
    ...(options.scenarioId ? { scenarioId: options.scenarioId } : {}),
    ...(options.labScenarioFile ? { labScenarioFile: options.labScenarioFile } : {}),
    ...(options.labRunMs ? { labRunMs: options.labRunMs } : {}),
    ...(options.labDirectoryLatency ? { wrapLabDirectory: (d: DirectoryPort) => withDirectoryLatency(d, options.labDirectoryLatency!).directory } : {}),
    labDirectory: await resolveLabDirectory(options.lab ?? 'memory'),
    ...(options.pickCaFile ? { pickCaFile: options.pickCaFile } : {}),
    ...(options.screenshot ? { screenshot: options.screenshot } : {}),
    openExternal: (href) => openedLinks.push(href),
    ...(options.pickFactsFile ? { pickFactsFile: options.pickFactsFile } : {}),
  };
  let session: Pick<AppSession, 'handlers' | 'close'>;
  try {
    const create = options.createSession ?? (await import('../../electron/app/session')).createAppSession;
    // The lab seeds its scenario into the directory as the session starts: one worker at a time on the shared DC.
    const lab = sessionOptions.labDirectory;
    session = lab?.kind === 'ldap' ? await withSeedLock(lab.connection.url, () => create(sessionOptions)) : await create(sessionOptions);
  } catch (error) {
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  const token = randomBytes(32).toString('hex');
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let origin = '';
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error');
      else res.destroy();
    });
  });

  function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, extra: http.OutgoingHttpHeaders = {}) {
    res.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      'content-security-policy': BRIDGE_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // Other sites may not load anything from here (not even /__bridge.js as a script).
      'cross-origin-resource-policy': 'same-origin',
      'cross-origin-opener-policy': 'same-origin',
      ...extra,
    });
    res.end(body);
  }
  const sendJson = (res: http.ServerResponse, status: number, value: unknown, extra: http.OutgoingHttpHeaders = {}) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), extra);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    // A page on another name that resolves to 127.0.0.1 (DNS rebinding) is not this app.
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, 'text/plain; charset=utf-8', 'wrong host');
    const url = new URL(req.url ?? '/', origin);

    if (url.pathname.startsWith(IPC_PREFIX)) return handleIpc(req, res, url.pathname.slice(IPC_PREFIX.length));

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed', { allow: 'GET, HEAD' });
    }
    if (url.pathname === BRIDGE_SCRIPT) {
      // It carries no secret; still, only this app's own pages load it (a browser names the site).
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin') return send(res, 403, 'text/plain; charset=utf-8', 'forbidden');
      return send(res, 200, contentTypeFor('x.js'), bridgeScript());
    }
    const file = await resolveStaticPath(rendererDir, url.pathname);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    if (path.basename(file) === 'index.html' && path.dirname(file) === (await realpath(rendererDir))) {
      return send(res, 200, contentTypeFor('x.html'), servedIndex);
    }
    const body = await readFile(file);
    send(res, 200, contentTypeFor(file), body);
  }

  async function handleIpc(req: http.IncomingMessage, res: http.ServerResponse, rawChannel: string) {
    if (req.method !== 'POST') {
      return sendJson(res, 405, ipcFailure('forbidden', 'Only POST is accepted'), { allow: 'POST' });
    }
    if (!sameToken(req.headers[TOKEN_HEADER], token)) {
      return sendJson(res, 403, ipcFailure('forbidden', 'Missing or wrong bridge token'));
    }
    const from = req.headers.origin;
    if (from !== undefined && from !== origin) {
      return sendJson(res, 403, ipcFailure('forbidden', 'Requests from other origins are refused'));
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return sendJson(res, 415, ipcFailure('invalid-request', 'The body must be JSON (content-type: application/json)'));
    }
    let text: string;
    try {
      text = await readBody(req, maxBody);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendJson(res, 413, ipcFailure('invalid-request', `The request body is larger than ${maxBody} bytes`), { connection: 'close' });
        req.destroy();
        return;
      }
      throw error;
    }
    let payload: unknown;
    try {
      payload = text.length ? JSON.parse(text) : {};
    } catch {
      return sendJson(res, 400, ipcFailure('invalid-request', 'The request body is not valid JSON'));
    }
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      channel = rawChannel;
    }
    const result = await dispatch(session.handlers, channel, payload, {
      onInternalError: (ch, error) => console.error(`[bridge] ${ch} failed:`, error instanceof Error ? error.message : error),
    });
    sendJson(res, 200, result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await session.close();
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    })());

  return {
    url: `${origin}/#${TOKEN_FRAGMENT}${token}`,
    origin,
    token,
    openedLinks,
    async call(channel, request) {
      const response = await fetch(`${origin}${IPC_PREFIX}${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(request),
      });
      return (await response.json()) as IpcResult<ResponseOf<typeof channel>>;
    },
    close,
  };
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

async function resolveLabDirectory(choice: LabDirectoryChoice): Promise<AppSessionOptions['labDirectory']> {
  if (choice === 'memory') return { kind: 'memory' };
  if (choice === 'samba') return { kind: 'ldap', connection: await samba() };
  return choice;
}

// ---- command line ---------------------------------------------------------------------------

export interface CliOptions {
  scenarioId?: string;
  lab: 'memory' | 'samba';
  rendererDir?: string;
  json: boolean;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const out: CliOptions = { lab: 'memory', json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--scenario':
        out.scenarioId = value();
        break;
      case '--lab': {
        const v = value();
        if (v !== 'memory' && v !== 'samba') throw new Error(`--lab must be memory or samba, not "${v}"`);
        out.lab = v;
        break;
      }
      case '--renderer-dir':
        out.rendererDir = value();
        break;
      case '--json':
        out.json = true;
        break;
      default:
        throw new Error(`Unknown argument "${arg}". Usage: tsx dev/bridge/server.ts [--scenario ID] [--lab memory|samba] [--renderer-dir DIR] [--json]`);
    }
  }
  return out;
}

async function main() {
  let cli: CliOptions;
  try {
    cli = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const bridge = await startBridge({
    lab: cli.lab,
    ...(cli.scenarioId ? { scenarioId: cli.scenarioId } : {}),
    ...(cli.rendererDir ? { rendererDir: cli.rendererDir } : {}),
  });
  if (cli.json) console.log(JSON.stringify({ url: bridge.url }));
  else {
    console.log(`DirSync Doctor test bridge: ${bridge.url}`);
    console.log(`Lab ${cli.scenarioId ? `scenario ${cli.scenarioId}` : 'default scenario'}, ${cli.lab} directory. Ctrl-C stops it.`);
  }
  const stop = () => {
    void bridge.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`The test bridge could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
