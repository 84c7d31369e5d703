import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, createAppFileHandler, resolveAppFile } from './app-files';
import { CONTENT_SECURITY_POLICY } from './csp';

let base: string;
let root: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'dsd-app-files-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await mkdir(path.join(base, 'outside'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>DirSync Doctor</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(root, '.env'), 'SECRET=1');
  await writeFile(path.join(base, 'outside', 'secret.txt'), 'TOP-SECRET');
  await symlink(path.join(base, 'outside', 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  handler = createAppFileHandler(root);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('app file handler', () => {
  it('serves index.html for the root with the CSP and nosniff headers', async () => {
    const response = await get('app://dirsync/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('DirSync Doctor');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves scripts as JavaScript (module scripts need it)', async () => {
    const response = await get('app://dirsync/assets/app.js?v=1');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it.each([
    ['a plain ../ (normalised by the URL parser, stays inside)', 'app://dirsync/../outside/secret.txt', 404],
    ['an encoded dot-dot', 'app://dirsync/%2e%2e/%2e%2e/outside/secret.txt', 404],
    ['an encoded slash', 'app://dirsync/..%2Foutside%2Fsecret.txt', 403],
    ['an encoded backslash', 'app://dirsync/..%5Coutside%5Csecret.txt', 403],
    ['a drive letter', 'app://dirsync/C:%5CWindows%5Cwin.ini', 403],
    ['a NUL byte', 'app://dirsync/index.html%00.png', 403],
    ['a symlink pointing outside', 'app://dirsync/assets/link.txt', 403],
    ['a hidden file', 'app://dirsync/.env', 404],
    ['a directory', 'app://dirsync/assets', 404],
    ['a directory with a slash', 'app://dirsync/assets/', 404],
    ['a missing file', 'app://dirsync/nope.js', 404],
    ['another host', 'app://other/index.html', 403],
    ['broken percent-encoding', 'app://dirsync/%E0%A4%A', 400],
  ])('refuses %s', async (_what, url, status) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    const body = await response.text();
    expect(body).not.toContain('SECRET');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://dirsync/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('app://dirsync/index.html', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(post.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('resolveAppFile', () => {
  it('never resolves outside the root, whatever the path (property)', () => {
    const segment = fc.constantFrom('..', '.', '%2e%2e', '%2E%2e', '..%2F', '%2F', '%5C', '..%5C..', 'C:', '%00', 'a', 'index.html', '', '~', '%252e%252e');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const result = resolveAppFile('/srv/app/renderer', `app://dirsync/${segments.join('/')}`);
        if (!result.ok) return true;
        const relative = path.relative('/srv/app/renderer', result.file);
        return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
      }),
    );
  });

  it('maps the root to index.html', () => {
    expect(resolveAppFile('/srv/r', 'app://dirsync/')).toEqual({ ok: true, file: path.resolve('/srv/r/index.html') });
  });
});

describe('contentTypeFor', () => {
  it('names the types the renderer build produces and falls back to octet-stream', () => {
    expect(contentTypeFor('a/b.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('x.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('x.exe')).toBe('application/octet-stream');
  });
});
