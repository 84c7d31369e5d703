// Bundles the Electron main process, the preload and the CLI (settings in electron-bundles.mjs):
//   electron/main.ts    -> dist/electron/main.cjs
//   electron/preload.ts -> dist/electron/preload.cjs
//   electron/cli/bin.ts -> dist/electron/cli.cjs (also run by the app as `--cli`, through main.cjs)
// Copies nothing else: the renderer is built by Vite into dist/renderer.
// --release (used by dist:win and dist:linux): the installer's build, which ignores the DSD_*
// switches and keeps lab mode in memory (electron/app/build-flavor.ts).
// The main bundle carries the SHA-256 of every shipped PowerShell script (script-hashes.ts); a
// manifest that no longer matches assets/powershell stops the build.
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleCli, bundleMain, bundlePreload, requiredModules, ROOT } from './electron-bundles.mjs';
import { staleEntries } from './script-hashes.mjs';
import { thirdPartyNotices } from './third-party-notices.mjs';

const outDir = path.join(ROOT, 'dist', 'electron');
const release = process.argv.includes('--release');

const metafiles = [];
async function step(label, run) {
  try {
    const result = await run();
    if (result?.metafile) metafiles.push(result.metafile);
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
await step('preload', () => bundlePreload(path.join(outDir, 'preload.cjs'), { metafile: true }));
await step('main', () => bundleMain(path.join(outDir, 'main.cjs'), { release, metafile: true }));
await step('cli', () => bundleCli(path.join(outDir, 'cli.cjs'), { release, metafile: true }));

// The licences of every bundled package ship with the app (electron-builder.yml extraResources):
// the three bundles here and the renderer (vite.config.ts lists its modules; built first).
const rendererInputs = path.join(ROOT, 'dist', 'renderer-inputs.json');
if (existsSync(rendererInputs)) metafiles.push(JSON.parse(await readFile(rendererInputs, 'utf8')));
else console.warn('build-electron: no dist/renderer-inputs.json (run npm run build:renderer first): the notices cover the Electron bundles only');
const notices = thirdPartyNotices(ROOT, metafiles);
if (notices.problems.length > 0) {
  console.error(`build-electron: bundled packages without a licence:\n  ${notices.problems.join('\n  ')}`);
  process.exit(1);
}
await writeFile(path.join(ROOT, 'dist', 'THIRD_PARTY_NOTICES.txt'), notices.text);

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
console.log(
  `build-electron: wrote dist/electron/main.cjs (${release ? 'release' : 'development'} build), preload.cjs, cli.cjs and dist/THIRD_PARTY_NOTICES.txt (${notices.packages.length} packages)`,
);
