// The test bridge's own guarantees: it serves the built renderer (with the bridge script in
// front of the app's scripts), answers IPC only for POSTs that carry its token, never hands the
// token to an HTTP request (it travels only in the fragment of the address it prints), caps
// bodies, refuses other hosts and origins, never serves a dotfile or a file outside the renderer
// directory, and routes each call through the same dispatch() as the Electron main process.
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import type { Handlers } from '../../electron/ipc/dispatch';
import { RequestError } from '../../electron/ipc/dispatch';
import { createReadinessHandlers } from '../../electron/readiness/handlers';
import { injectBridgeScript, parseCliArgs, resolveStaticPath, startBridge, TOKEN_HEADER, type Bridge } from '../../dev/bridge/server';
import { appInfo, plan, verdict } from '../../renderer/test/fixtures';

let root: string;
let rendererDir: string;
let bridge: Bridge;
const probes: unknown[] = [];
let closed = 0;

const handlers: Handlers = {
  'app:info': async () => appInfo(),
  'lab:list-scenarios': async () => [],
  'lab:load-scenario': async ({ scenarioId }) => {
    throw new RequestError('not-found', `Unknown scenario: ${scenarioId}`);
  },
  'directory:connect': async () => appInfo(),
  'directory:choose-ca-file': async () => ({ caFile: null }),
  'step:wait-status': async () => ({ waiting: false, what: null, startedAt: null, elapsedSeconds: 0 }),
  'step:wait-cancel': async () => ({ cancelled: false }),
  'gap:export-csv': async () => ({ csv: '', rows: 0 }),
  'step:probe': async (request) => {
    probes.push(request);
    return verdict('fail');
  },
  'step:plan': async () => plan(),
  'step:apply': async () => ({ fix: { ok: true, summary: 'started', evidence: [], errorCode: null }, recheck: verdict('pass') }),
  'step:attest': async () => ({ fix: { ok: true, summary: 'attested', evidence: [], errorCode: null }, recheck: verdict('pass') }),
  'secret:reveal': async () => {
    throw new RequestError('not-found', 'no such ticket');
  },
  'progress:load': async () => ({ progress: null, problem: null }),
  'progress:save': async () => ({ saved: true as const }),
  'triage:diagnose': async () => [],
  'home:sync-status': async () => {
    throw new RequestError('unavailable', 'not in this test');
  },
  'audit:read': async () => ({ file: 'audit.jsonl', verification: { ok: true, lines: 0 }, entries: [], omitted: 0 }),
  'shell:open-external': async () => ({ opened: false }),
  'screenshot:save': async () => ({ savedAs: null, copied: false, bytes: 0 }),
  'collector:script': async () => ({ fileName: 'Collect-DsdLegacyFacts.ps1', text: '#Requires -Version 2.0' }),
  'collector:open': async () => ({ opened: false, info: appInfo() }),
  'collector:old-server-steps': async () => null,
  'bundle:make': async () => ({ caseId: 'DSD-0', sections: [], fileName: 'b.zip', zipBase64: null, bytes: 0, caps: '' }),
  ...createReadinessHandlers(() => {
    throw new RequestError('unavailable', 'no workbench behind this test bridge');
  }),
};

/** A raw HTTP request, so headers fetch() would fix up (Host) can be set freely. */
function raw(options: http.RequestOptions & { body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: url.port, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const ipc = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${bridge.origin}/__ipc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: bridge.token, ...headers },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dsd-bridge-test-'));
  rendererDir = path.join(root, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>x</title><script type="module" src="./assets/app.js"></script></head><body></body></html>',
  );
  await writeFile(path.join(rendererDir, 'assets/app.js'), 'console.log("app");');
  await writeFile(path.join(rendererDir, '.env'), 'DOTFILE=inside the renderer');
  await mkdir(path.join(rendererDir, '.git'));
  await writeFile(path.join(rendererDir, '.git', 'config'), 'DOTFILE=inside a dot folder');
  await symlink(path.join(rendererDir, '.env'), path.join(rendererDir, 'assets/env.txt'));
  await writeFile(path.join(root, 'secret.txt'), 'outside the renderer');
  await symlink(path.join(root, 'secret.txt'), path.join(rendererDir, 'assets/leak.txt'));
  bridge = await startBridge({
    rendererDir,
    dataDir: root,
    createSession: async (options) => {
      expect(options).toMatchObject({ mode: 'lab', scenarioId: 'sync-service-stopped', labDirectory: { kind: 'memory' }, dataDir: root });
      return { handlers, close: async () => void closed++ };
    },
    scenarioId: 'sync-service-stopped',
    maxBodyBytes: 1024,
  });
});

afterAll(async () => {
  await bridge?.close();
  await rm(root, { recursive: true, force: true });
});

describe('test bridge', () => {
  it('listens on loopback with a random port and a 256-bit random token', async () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#dsd-token=[0-9a-f]{64}$/);
    expect(bridge.token).toMatch(/^[0-9a-f]{64}$/);
    expect(bridge.url).toBe(`${bridge.origin}/#dsd-token=${bridge.token}`);
    const other = await startBridge({ rendererDir, createSession: async () => ({ handlers, close: async () => {} }) });
    try {
      expect(other.token).not.toBe(bridge.token);
      expect(other.url).not.toBe(bridge.url);
    } finally {
      await other.close();
    }
  });

  it('serves index.html with the bridge script in front of the app script, and a CSP header', async () => {
    const res = await fetch(bridge.url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.indexOf('<script src="/__bridge.js"></script>')).toBeGreaterThan(-1);
    expect(html.indexOf('/__bridge.js')).toBeLessThan(html.indexOf('./assets/app.js'));
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe');
  });

  it('serves the bridge script with every channel but without the token, which it reads from the fragment', async () => {
    const res = await fetch(`${bridge.origin}/__bridge.js`, { headers: { 'sec-fetch-site': 'same-origin' } });
    const js = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js).not.toContain(bridge.token);
    for (const c of CHANNELS) expect(js).toContain(JSON.stringify(c));
    expect(js).toContain('Object.freeze(api)');
    expect(js).toContain('location.hash');
    expect(js).toContain('history.replaceState');
  });

  it('gives the token to no unauthenticated request: every route, method and header combination', async () => {
    const host = new URL(bridge.origin).host;
    const paths = [
      '/',
      '/index.html',
      '/__bridge.js',
      '/assets/app.js',
      '/assets/env.txt',
      '/.env',
      '/.git/config',
      '/__ipc/',
      '/nope',
      `/#dsd-token=${'0'.repeat(64)}`,
      '/?token=1',
      ...CHANNELS.map((c) => `/__ipc/${c}`),
    ];
    const siteHeaders: Record<string, string>[] = [{}, { 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }, { origin: bridge.origin }];
    const probesBefore = probes.length;
    let requests = 0;
    for (const p of paths) {
      for (const method of ['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT']) {
        for (const extra of siteHeaders) {
          const headers: Record<string, string> = { host, 'content-type': 'application/json', ...extra };
          const res = await raw({ path: p, method, headers, body: method === 'POST' || method === 'PUT' ? '{}' : undefined });
          requests++;
          expect(res.body, `${method} ${p}`).not.toContain(bridge.token);
          expect(JSON.stringify(res.headers), `${method} ${p}`).not.toContain(bridge.token);
        }
      }
    }
    expect(requests).toBe(paths.length * 5 * siteHeaders.length);
    // And the calls themselves were refused: no handler ran.
    expect(probes).toHaveLength(probesBefore);
  });

  it('serves no dotfile, in the folder, in a dot folder, or behind a link', async () => {
    for (const p of ['/.env', '/.git/config', '/assets/env.txt', '/%2eenv', '/assets/../.env']) {
      const res = await raw({ path: p, method: 'GET', headers: { host: new URL(bridge.origin).host } });
      expect([400, 404], `${p} -> ${res.status}`).toContain(res.status);
      expect(res.body).not.toContain('DOTFILE');
    }
  });

  it('refuses the bridge script to another site', async () => {
    const res = await fetch(`${bridge.origin}/__bridge.js`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(bridge.token);
  });

  it('answers a call through dispatch with the handler result', async () => {
    const res = await ipc('step:probe', { playbookId: 'kb2882421', stepId: 'm1-s2-sync-service-running' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, value: { status: 'fail' } });
    expect(probes).toContainEqual({ playbookId: 'kb2882421', stepId: 'm1-s2-sync-service-running' });
    expect(await bridge.call('app:info', {})).toMatchObject({ ok: true, value: { host: { computerName: 'SYNC01' } } });
  });

  it('passes typed errors, invalid requests and unknown channels through dispatch', async () => {
    expect(await (await ipc('lab:load-scenario', { scenarioId: 'nope' })).json()).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await (await ipc('step:probe', { playbookId: 'BAD ID' })).json()).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await (await ipc('fs:read', {})).json()).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('refuses a call without the token, or with a wrong one, with 403', async () => {
    const before = probes.length;
    const noToken = await fetch(`${bridge.origin}/__ipc/step:probe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ playbookId: 'kb2882421', stepId: 'm1-s2-sync-service-running' }),
    });
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const wrong = await ipc('step:probe', { playbookId: 'kb2882421', stepId: 'm1-s2-sync-service-running' }, { [TOKEN_HEADER]: 'f'.repeat(64) });
    expect(wrong.status).toBe(403);
    expect(probes.length).toBe(before);
  });

  it('accepts only POST for IPC and only GET/HEAD for files', async () => {
    const get = await fetch(`${bridge.origin}/__ipc/app:info`, { headers: { [TOKEN_HEADER]: bridge.token } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const post = await fetch(`${bridge.origin}/`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('refuses bodies over the cap and bodies that are not JSON', async () => {
    const big = await ipc('app:info', { pad: 'x'.repeat(2000) });
    expect(big.status).toBe(413);
    const notJson = await fetch(`${bridge.origin}/__ipc/app:info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: bridge.token },
      body: '{"unterminated',
    });
    expect(notJson.status).toBe(400);
    const form = await fetch(`${bridge.origin}/__ipc/app:info`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', [TOKEN_HEADER]: bridge.token },
      body: '{}',
    });
    expect(form.status).toBe(415);
  });

  it('refuses calls from another origin even with the token', async () => {
    const res = await ipc('app:info', {}, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const res = await raw({ path: '/', method: 'GET', headers: { host: 'evil.example:80' } });
    expect(res.status).toBe(421);
  });

  it('never serves files outside the renderer directory', async () => {
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/leak.txt',
      '/%00index.html',
      '/%E0%A4%A',
    ]) {
      const res = await raw({ path: p, method: 'GET', headers: { host: new URL(bridge.url).host } });
      expect([400, 404], `${p} -> ${res.status}`).toContain(res.status);
      expect(res.body).not.toContain('outside the renderer');
    }
    const ok = await fetch(`${bridge.origin}/assets/app.js`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('closes the session and stops listening on close', async () => {
    const extra = await startBridge({ rendererDir, createSession: async () => ({ handlers, close: async () => void closed++ }) });
    const before = closed;
    await extra.close();
    await extra.close(); // twice is harmless
    expect(closed).toBe(before + 1);
    await expect(fetch(extra.url)).rejects.toThrow();
  });
});

describe('bridge helpers', () => {
  it('injects the script before </head> when the page has no script', () => {
    expect(injectBridgeScript('<html><head></head></html>')).toBe('<html><head><script src="/__bridge.js"></script></head></html>');
    expect(() => injectBridgeScript('<p>no head</p>')).toThrow(/index.html/);
  });

  it('resolves / to index.html and rejects dot segments', async () => {
    expect(await resolveStaticPath(rendererDir, '/')).toMatch(/index\.html$/);
    expect(await resolveStaticPath(rendererDir, '/./index.html')).toBeNull();
    expect(await resolveStaticPath(rendererDir, '/.env')).toBeNull();
    expect(await resolveStaticPath(rendererDir, '/assets/env.txt')).toBeNull();
  });

  it('parses the command line and names a bad argument', () => {
    expect(parseCliArgs(['--scenario', 'sync-service-stopped', '--lab', 'samba'])).toEqual({ scenarioId: 'sync-service-stopped', lab: 'samba', json: false });
    expect(() => parseCliArgs(['--lab', 'oracle'])).toThrow(/--lab must be memory or samba/);
    expect(() => parseCliArgs(['--scenario'])).toThrow(/--scenario needs a value/);
    expect(() => parseCliArgs(['--port', '1'])).toThrow(/Unknown argument "--port"/);
  });
});
