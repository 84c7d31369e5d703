#!/usr/bin/env node
// `npm start`: build what is missing, then run DirSync Doctor.
//  - With Electron's binary (ELECTRON_OVERRIDE_DIST_PATH, or node_modules/electron/dist after a
//    successful download): the desktop app (package.json main = dist/electron/main.cjs). It
//    picks lab mode by itself where no sync server is found.
//  - Without it (machines that cannot download Electron): the same renderer and the same
//    main-process handlers through the test bridge on 127.0.0.1, in lab mode; the address is
//    printed and, when a display is there, opened in Chromium as an app window.
// Ctrl-C stops everything this script started.
//
//   npm start [-- --scenario <id>] [--lab memory|samba] [--browser] [--no-open]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { ensureRendererBuilt, REPO_ROOT } from './ensure-renderer-build.mjs';

const CHROMIUM = process.env.DSD_CHROMIUM ?? '/usr/bin/chromium';
const MAIN_BUNDLE = path.join(REPO_ROOT, 'dist/electron/main.cjs');
const SCENARIO_ID = /^[a-z0-9][a-z0-9-]{0,127}$/;

function usage(problem) {
  console.error(`${problem}\nUsage: npm start [-- --scenario <id>] [--lab memory|samba] [--browser] [--no-open]`);
  process.exit(2);
}

function parseArgs(argv) {
  const out = { scenarioId: process.env.DSD_SCENARIO?.trim() || undefined, lab: 'memory', browser: false, open: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--scenario') out.scenarioId = value();
    else if (a === '--lab') out.lab = value();
    else if (a === '--browser') out.browser = true;
    else if (a === '--no-open') out.open = false;
    else usage(`Unknown argument "${a}".`);
  }
  if (out.scenarioId !== undefined && !SCENARIO_ID.test(out.scenarioId)) {
    usage(`The scenario must be an id of lower-case letters, digits and - (got ${JSON.stringify(out.scenarioId)}).`);
  }
  if (out.lab !== 'memory' && out.lab !== 'samba') usage(`--lab must be memory or samba (got ${JSON.stringify(out.lab)}).`);
  return out;
}

function newestMtime(dir) {
  let newest = 0;
  for (const d of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (d.isFile() && !/\.test\.ts$/.test(d.name)) newest = Math.max(newest, fs.statSync(path.join(d.parentPath, d.name)).mtimeMs);
  }
  return newest;
}

function ensureMainBuilt() {
  const built = fs.existsSync(MAIN_BUNDLE) ? fs.statSync(MAIN_BUNDLE).mtimeMs : 0;
  const sources = Math.max(newestMtime(path.join(REPO_ROOT, 'electron')), newestMtime(path.join(REPO_ROOT, 'shared')));
  if (built >= sources) return;
  console.log('Building the main process (dist/electron)…');
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-electron.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('scripts/build-electron.mjs failed');
}

async function buildRenderer() {
  const { built, reason } = await ensureRendererBuilt({ quiet: true });
  if (built) console.log(`Built the window (dist/renderer): ${reason}.`);
}

/** Electron's executable, found without requiring the electron package (that would start a download). */
async function findElectron() {
  const { findElectronBinary } = await tsImport(path.join(REPO_ROOT, 'e2e/support/electron-binary.ts'), import.meta.url);
  return findElectronBinary({ root: REPO_ROOT, env: process.env, platform: process.platform });
}

function runElectron(binary, options) {
  ensureMainBuilt();
  console.log(`Starting DirSync Doctor in Electron (${binary}).`);
  const env = { ...process.env };
  if (options.scenarioId) env.DSD_SCENARIO = options.scenarioId;
  // The app directory: package.json "main" points Electron at dist/electron/main.cjs.
  const args = [REPO_ROOT];
  // Chromium's setuid sandbox cannot run as root on Linux (a lab VM); the renderer sandbox stays on.
  if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
  const child = spawn(binary, args, { cwd: REPO_ROOT, stdio: 'inherit', env });
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('error', (error) => {
    console.error(`Electron could not be started: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

async function runBridge(options, why) {
  const { startBridge, launchPageHtml } = await tsImport(path.join(REPO_ROOT, 'dev/bridge/server.ts'), import.meta.url);
  console.log(why);
  console.log('It runs in Chromium instead, through the browser bridge: the same window and the same engine,');
  console.log('reachable only from this computer (127.0.0.1).');
  const bridge = await startBridge({ lab: options.lab, ...(options.scenarioId ? { scenarioId: options.scenarioId } : {}) });
  console.log('');
  console.log(
    `Lab mode: there is no sync server on this machine, so the app works on a simulated one` +
      `${options.scenarioId ? ` (scenario ${options.scenarioId})` : ''}; pick another scenario on the start page.`,
  );
  console.log('');
  console.log(`  Open DirSync Doctor at: ${bridge.url}`);
  console.log('');
  console.log('Press Ctrl-C to stop.');

  let browser = null;
  let profile = null;
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    if (browser && browser.exitCode === null && browser.signalCode === null) browser.kill('SIGTERM');
    await bridge.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  if (!options.open || !display || !fs.existsSync(CHROMIUM)) {
    if (options.open && !display) console.log('(No display here: open the address in a browser on this computer.)');
    return;
  }
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-chromium-'));
  // The address carries the bridge's token, and a command line is readable by every process on
  // the machine (/proc/<pid>/cmdline): Chromium gets a page in the private (0700) profile folder
  // that forwards it to the address instead.
  const launchPage = path.join(profile, 'open-dirsync-doctor.html');
  fs.writeFileSync(launchPage, launchPageHtml(bridge.url), { mode: 0o600 });
  const args = [
    `--app=${pathToFileURL(launchPage).href}`,
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox'); // Chromium refuses to run as root with its sandbox
  browser = spawn(CHROMIUM, args, { stdio: 'ignore' });
  browser.on('error', (error) => console.log(`(Could not open Chromium: ${error.message}. Open the address yourself.)`));
  browser.on('exit', (code) => {
    if (stopping) return;
    if (code !== 0) {
      // It never opened (no usable display, say): the app keeps running for another browser.
      console.log(`(Chromium could not open a window, exit code ${code}. The app is still at the address above.)`);
      return;
    }
    console.log('The app window was closed; stopping.');
    void stop(0);
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  await buildRenderer();
  if (!options.browser) {
    const electron = await findElectron();
    if (electron.found) return runElectron(electron.executablePath, options);
    const why = process.env.ELECTRON_OVERRIDE_DIST_PATH
      ? electron.reason
      : "Electron's binary is not on this machine: the electron package downloads it on first use, which this\n" +
        'machine cannot do. Point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron to use the desktop app.';
    return runBridge(options, why);
  }
  await runBridge(options, 'You asked for the browser (--browser).');
}

main().catch((error) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
