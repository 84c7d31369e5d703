#!/usr/bin/env node
// Renderer benchmark: the production bundle's size (JS and CSS, raw and gzipped) and, in Debian's
// Chromium through the test bridge, the time from navigation start to the first wizard screen
// painted (median of N cold loads), beside a baseline measured in the same run from the same
// server: the app's own index.html and CSS with no JavaScript at all (its first contentful paint).
//
//   node scripts/bench-renderer.mjs [--runs N] [--rebuild] [--json]
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';
import { ensureRendererBuilt, REPO_ROOT, RENDERER_DIST } from './ensure-renderer-build.mjs';

const CHROMIUM = process.env.DSD_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu'];
const SCENARIO = 'sync-service-stopped';
const PLAYBOOK = 'kb2882421';
const MARK_WIZARD = 'dsd:wizard-visible';
const MARK_VERDICT = 'dsd:first-verdict';

function parseArgs(argv) {
  const out = { runs: 9, rebuild: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error('--runs needs a whole number from 1 to 100');
      out.runs = n;
    } else if (a === '--rebuild') out.rebuild = true;
    else if (a === '--json') out.json = true;
    else throw new Error(`Unknown argument "${a}". Usage: node scripts/bench-renderer.mjs [--runs N] [--rebuild] [--json]`);
  }
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (x) => `${x.toFixed(1)} ms`;

async function filesUnder(dir) {
  const out = [];
  for (const d of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (d.isFile()) out.push(path.join(d.parentPath, d.name));
  }
  return out;
}

/** Raw and gzipped bytes of the built files with the given extension. */
async function bundleSize(ext) {
  const files = (await filesUnder(RENDERER_DIST)).filter((f) => f.endsWith(ext));
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const body = await readFile(f);
    raw += body.length;
    gzip += zlib.gzipSync(body, { level: 9 }).length;
  }
  return { files: files.length, raw, gzip };
}

/**
 * A copy of dist/renderer plus baseline.html: the same index.html and stylesheet with every
 * script removed and a line of text to paint, so its first paint is "the page without the app".
 */
async function rendererWithBaseline() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dsd-bench-'));
  for (const file of await filesUnder(RENDERER_DIST)) {
    const target = path.join(dir, path.relative(RENDERER_DIST, file));
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file, target);
  }
  const index = await readFile(path.join(RENDERER_DIST, 'index.html'), 'utf8');
  const baseline = index
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
    .replace('<div id="root"></div>', '<div id="root"><h1>Directory sync check-up</h1></div>');
  if (/<script/i.test(baseline)) throw new Error('could not strip the scripts from index.html for the baseline');
  await writeFile(path.join(dir, 'baseline.html'), baseline);
  return dir;
}

async function timeBaseline(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    return await page
      .waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, null, { timeout: 30_000 })
      .then((h) => h.jsonValue());
  } finally {
    await context.close();
  }
}

async function timeWizard(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    const handle = await page.waitForFunction(
      ([wizard, verdict]) => {
        const w = performance.getEntriesByName(wizard, 'mark')[0];
        const v = performance.getEntriesByName(verdict, 'mark')[0];
        return w && v ? { wizard: w.startTime, verdict: v.startTime } : null;
      },
      [MARK_WIZARD, MARK_VERDICT],
      { timeout: 30_000 },
    );
    const times = await handle.jsonValue();
    if (!(await page.getByTestId('wizard').isVisible())) throw new Error('the wizard mark was set but the wizard is not visible');
    return times;
  } finally {
    await context.close();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const build = await ensureRendererBuilt({ force: args.rebuild, quiet: true });
  const js = await bundleSize('.js');
  const css = await bundleSize('.css');

  const rendererDir = await rendererWithBaseline();
  const { startBridge } = await tsImport(path.join(REPO_ROOT, 'dev/bridge/server.ts'), import.meta.url);
  const bridge = await startBridge({ scenarioId: SCENARIO, rendererDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const baseline = [];
  const wizard = [];
  const verdict = [];
  try {
    const baselineUrl = new URL('baseline.html', bridge.url).href;
    const appUrl = `${bridge.url}#/playbook/${PLAYBOOK}`;
    // One untimed round first: the OS file cache and Chromium's own start-up are not the app's cost.
    await timeBaseline(browser, baselineUrl);
    await timeWizard(browser, appUrl);
    for (let i = 0; i < args.runs; i++) {
      baseline.push(await timeBaseline(browser, baselineUrl));
      const t = await timeWizard(browser, appUrl);
      wizard.push(t.wizard);
      verdict.push(t.verdict);
    }
  } finally {
    await browser.close();
    await bridge.close();
    await rm(rendererDir, { recursive: true, force: true });
  }

  const result = {
    chromium: browser.version(),
    runs: args.runs,
    build: build.built ? `built (${build.reason})` : 'used the existing build',
    bundle: { js, css },
    baselineFirstPaintMs: median(baseline),
    wizardVisibleMs: median(wizard),
    firstVerdictMs: median(verdict),
    ratio: median(wizard) / median(baseline),
  };
  if (args.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const size = (b) => `${kb(b.raw)} raw, ${kb(b.gzip)} gzipped (${b.files} file${b.files === 1 ? '' : 's'})`;
  console.log(`DirSync Doctor renderer benchmark — Chromium ${result.chromium}, median of ${args.runs} cold loads; ${result.build}`);
  console.log(`  bundle JS:  ${size(js)}`);
  console.log(`  bundle CSS: ${size(css)}`);
  console.log(`  baseline, index.html + CSS without any JS, first contentful paint: ${ms(result.baselineFirstPaintMs)}`);
  console.log(`  navigation start -> first wizard screen painted (KB 2882421):     ${ms(result.wizardVisibleMs)}  (${result.ratio.toFixed(2)}x baseline)`);
  console.log(`  navigation start -> first verdict painted (lab probe included):   ${ms(result.firstVerdictMs)}`);
  const spread = (xs) => `${ms(Math.min(...xs))} .. ${ms(Math.max(...xs))}`;
  console.log(`  spread: baseline ${spread(baseline)}; wizard ${spread(wizard)}; verdict ${spread(verdict)}`);
}

main().catch((error) => {
  console.error(`bench-renderer: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
