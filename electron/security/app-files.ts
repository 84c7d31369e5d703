// Serves the packaged renderer (dist/renderer) to the app:// protocol: only files inside that
// directory, never a path that climbs out of it, always with the app's security headers.
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { isAppUrl } from './app-origin';
import { APP_RESPONSE_HEADERS } from './csp';

export type AppFileResolution = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404; reason: string };

const refuse = (status: 400 | 403 | 404, reason: string): AppFileResolution => ({ ok: false, status, reason });

/** Characters no renderer file name contains; '/' and '\\' here could only come from %2F / %5C. */
const FORBIDDEN_IN_SEGMENT = /[/\\:\0]/;

/**
 * Map an app:// URL to a file under `rootDir`, or say why not. Lexical only (the handler also
 * checks the real path): refuses '..', encoded separators, drive letters and hidden files.
 */
export function resolveAppFile(rootDir: string, url: string): AppFileResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse(400, 'Not a URL');
  }
  if (!isAppUrl(url)) return refuse(403, `Not the app origin: ${parsed.protocol}//${parsed.host}`);

  const raw = parsed.pathname === '/' ? ['index.html'] : parsed.pathname.split('/').slice(1);
  const segments: string[] = [];
  for (const encoded of raw) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return refuse(400, 'Malformed percent-encoding in path');
    }
    if (segment === '') return refuse(404, 'No such file');
    if (segment === '.' || segment === '..' || FORBIDDEN_IN_SEGMENT.test(segment)) {
      return refuse(403, 'Path leaves the app directory');
    }
    if (segment.startsWith('.')) return refuse(404, 'No such file');
    segments.push(segment);
  }

  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...segments);
  if (!isInside(root, file)) return refuse(403, 'Path leaves the app directory');
  return { ok: true, file };
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function textResponse(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(message, {
    status,
    headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra },
  });
}

const NOT_FOUND_CODES = new Set(['ENOENT', 'EISDIR', 'ENOTDIR']);

/** A fetch-style handler for protocol.handle: GET/HEAD of files under `rootDir` only. */
export function createAppFileHandler(rootDir: string): (request: Request) => Promise<Response> {
  const realRoot = realpath(path.resolve(rootDir)).catch(() => path.resolve(rootDir));
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    }
    const resolved = resolveAppFile(rootDir, request.url);
    if (!resolved.ok) return textResponse(resolved.status, resolved.reason);
    try {
      // A symlink inside dist/renderer must not lead outside it either.
      const real = await realpath(resolved.file);
      if (!isInside(await realRoot, real)) return textResponse(403, 'Path leaves the app directory');
      const body = await readFile(real);
      const headers = { ...APP_RESPONSE_HEADERS, 'Content-Type': contentTypeFor(real), 'Content-Length': String(body.length) };
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (code && NOT_FOUND_CODES.has(code)) return textResponse(404, 'No such file');
      return textResponse(500, 'The file could not be read');
    }
  };
}
