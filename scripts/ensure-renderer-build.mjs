// Builds the renderer (vite build -> dist/renderer) when the build is missing or older than
// any of its sources. Used by the Playwright global setup, `npm start` and the renderer bench.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const RENDERER_DIST = path.join(REPO_ROOT, 'dist/renderer');
const BUILT_MARKER = path.join(RENDERER_DIST, 'index.html');

/** Everything that goes into the renderer bundle. Test files do not. */
const SOURCES = ['renderer', 'shared', 'vite.config.ts', 'package.json', 'tsconfig.base.json'];

function newestSourceMtime(entry) {
  const full = path.join(REPO_ROOT, entry);
  let stat;
  try {
    stat = fs.statSync(full);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const dirent of fs.readdirSync(full, { withFileTypes: true, recursive: true })) {
    if (!dirent.isFile() || /\.test\.tsx?$/.test(dirent.name)) continue;
    const m = fs.statSync(path.join(dirent.parentPath, dirent.name)).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

/** Why a build is needed, or null when dist/renderer is up to date. */
export function rendererBuildReason() {
  if (!fs.existsSync(BUILT_MARKER)) return 'dist/renderer is missing';
  const built = fs.statSync(BUILT_MARKER).mtimeMs;
  const stale = SOURCES.find((s) => newestSourceMtime(s) > built);
  return stale ? `${stale} changed since the last build` : null;
}

/** Run `vite build`; rejects with vite's output when it fails. */
export function buildRenderer({ quiet = false } = {}) {
  const vite = path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', quiet ? 'warn' : 'info'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', quiet ? 'pipe' : 'inherit', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => {
      output += d;
      if (!quiet) process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${signal ?? `exit ${code}`}):\n${output.trim()}`))));
  });
}

/** Build when needed; returns what was done, for the caller to print. */
export async function ensureRendererBuilt({ force = false, quiet = false } = {}) {
  const reason = force ? 'a fresh build was asked for' : rendererBuildReason();
  if (!reason) return { built: false, reason: 'dist/renderer is up to date' };
  await buildRenderer({ quiet });
  return { built: true, reason };
}
