// Bundles the Electron main process, the preload and the CLI (settings in electron-bundles.mjs):
//   electron/main.ts    -> dist/electron/main.cjs
//   electron/preload.ts -> dist/electron/preload.cjs
//   electron/cli/bin.ts -> dist/electron/cli.cjs (also run by the app as `--cli`, through main.cjs)
// Copies nothing else: the renderer is built by Vite into dist/renderer.
// --release (used by dist:win and dist:linux): the installer's build, which ignores the DSD_*
// switches and keeps lab mode in memory (electron/app/build-flavor.ts).
// The main bundle carries the SHA-256 of every shipped PowerShell script (script-hashes.ts); a
// manifest that no longer matches assets/powershell stops the build.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { bundleCli, bundleMain, bundlePreload, requiredModules, ROOT } from './electron-bundles.mjs';
import { staleEntries } from './script-hashes.mjs';

const outDir = path.join(ROOT, 'dist', 'electron');
const release = process.argv.includes('--release');

async function step(label, run) {
  try {
    await run();
  } catch {
    // esbuild has already printed the errors with file and line.
    console.error(`build-electron: the ${label} bundle failed`);
    process.exit(1);
  }
}

const stale = staleEntries();
if (stale.length > 0) {
  console.error(
    `build-electron: electron/host/windows/script-hashes.ts does not match assets/powershell (${stale.join(', ')}); ` +
      'run npm run gen:script-hashes, review the script changes, and commit both',
  );
  process.exit(1);
}

await rm(outDir, { recursive: true, force: true });
await step('preload', () => bundlePreload(path.join(outDir, 'preload.cjs')));
await step('main', () => bundleMain(path.join(outDir, 'main.cjs'), { release }));
await step('cli', () => bundleCli(path.join(outDir, 'cli.cjs'), { release }));

const foreign = requiredModules(await readFile(path.join(outDir, 'preload.cjs'), 'utf8')).filter((m) => m !== 'electron');
if (foreign.length > 0) {
  console.error(`build-electron: the preload requires ${foreign.join(', ')}; a sandboxed preload can only require 'electron'`);
  process.exit(1);
}
const cliCode = await readFile(path.join(outDir, 'cli.cjs'), 'utf8');
// The shipped CLI must not reach back into the source tree for a development script.
if (/\.\.[\\/]scripts[\\/]|["'`]scripts[\\/][\w.-]+["'`]/.test(cliCode)) {
  console.error('build-electron: dist/electron/cli.cjs resolves a path under scripts/; the lab DC belongs to the development CLI (dev/cli.ts)');
  process.exit(1);
}
console.log(`build-electron: wrote dist/electron/main.cjs (${release ? 'release' : 'development'} build), preload.cjs and cli.cjs`);
