// The esbuild settings for the Electron bundles and the CLI, shared by scripts/build-electron.mjs
// and the tests that load each bundle as it ships.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export const ROOT = path.resolve(import.meta.dirname, '..');
const VERSION = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

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
export const flavorDefine = (release) => ({
  __DSD_RELEASE_BUILD__: release ? 'true' : 'false',
  // The CLI reports the version; an installed app has no package.json to read it from.
  __DSD_APP_VERSION__: JSON.stringify(VERSION),
});

/**
 * electron/main.ts -> CommonJS for Electron 45's Node; everything but electron bundled in.
 * metafile: what went into the bundle, for the third-party notices (scripts/third-party-notices.mjs).
 */
export function bundleMain(outfile, { release = false, entry = 'electron/main.ts', metafile = false } = {}) {
  return build({ ...common, entryPoints: [entry], outfile, platform: 'node', target: 'node22', define: flavorDefine(release), metafile });
}

/**
 * electron/cli/bin.ts -> dist/electron/cli.cjs: the command-line tool, runnable with Node 22 (and
 * by the installed app as `--cli`, through main.cjs). It never requires electron.
 */
export function bundleCli(outfile, { release = false, metafile = false } = {}) {
  return build({
    ...common,
    external: [],
    entryPoints: ['electron/cli/bin.ts'],
    outfile,
    platform: 'node',
    target: 'node22',
    define: flavorDefine(release),
    metafile,
  });
}

/**
 * electron/preload.ts -> CommonJS for the sandboxed preload. Browser platform, so importing a
 * Node built-in fails the build; minified because it carries zod and is parsed on every load.
 */
export function bundlePreload(outfile, { metafile = false } = {}) {
  return build({
    metafile,
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
