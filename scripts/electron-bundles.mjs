// The esbuild settings for the two Electron bundles, shared by scripts/build-electron.mjs and
// the test that evaluates the preload bundle the way Electron's sandbox would.
import path from 'node:path';
import { build } from 'esbuild';

export const ROOT = path.resolve(import.meta.dirname, '..');

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  format: 'cjs',
  external: ['electron'],
  legalComments: 'none',
  logLevel: 'warning',
  sourcemap: false,
};

/** The build-time flavour (electron/app/build-flavor.ts): a release build is what the installer ships. */
export const flavorDefine = (release) => ({ __DSD_RELEASE_BUILD__: release ? 'true' : 'false' });

/** electron/main.ts -> CommonJS for Electron 45's Node; everything but electron bundled in. */
export function bundleMain(outfile, { release = false, entry = 'electron/main.ts' } = {}) {
  return build({ ...common, entryPoints: [entry], outfile, platform: 'node', target: 'node22', define: flavorDefine(release) });
}

/**
 * electron/preload.ts -> CommonJS for the sandboxed preload. Browser platform, so importing a
 * Node built-in fails the build; minified because it carries zod and is parsed on every load.
 */
export function bundlePreload(outfile) {
  return build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile,
    platform: 'browser',
    target: 'chrome140',
    minify: true,
  });
}

/** Module names a bundle require()s; a sandboxed preload may only require 'electron'. */
export function requiredModules(code) {
  return [...new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]))];
}
