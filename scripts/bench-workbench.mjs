#!/usr/bin/env node
// Workbench benchmark, in Debian's Chromium: the real findings grid (TanStack Table state, the
// grid index for filter and sort, react-virtual rows) over 200,000 synthetic findings. Prints the time to filter by an error type
// and to sort by a column (React render included, flushed synchronously), and the frame time while
// scrolling, each beside a baseline measured in the same run: the same filter and sort on a plain
// array, and the same scroll of an empty container of the same height (the browser's own frames).
//
//   node scripts/bench-workbench.mjs [--rows N] [--runs R] [--json]
/* global window, document -- the page.evaluate callbacks run in the page */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.DSD_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu'];

function parseArgs(argv) {
  const out = { rows: 200_000, runs: 7, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (min, max) => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${a} needs a whole number from ${min} to ${max}`);
      return n;
    };
    if (a === '--rows') out.rows = num(1, 2_000_000);
    else if (a === '--runs') out.runs = num(1, 50);
    else if (a === '--json') out.json = true;
    else throw new Error(`Unknown argument "${a}". Usage: node scripts/bench-workbench.mjs [--rows N] [--runs R] [--json]`);
  }
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x) => `${x.toFixed(1)} ms`;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dsd-bench-wb-'));
  try {
    await build({
      entryPoints: [path.join(REPO_ROOT, 'scripts/bench-workbench/page.tsx')],
      bundle: true,
      minify: true,
      format: 'iife',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      outfile: path.join(dir, 'page.js'),
      logLevel: 'error',
    });
    const css = await readFile(path.join(REPO_ROOT, 'renderer/styles/app.css'), 'utf8');
    await writeFile(
      path.join(dir, 'index.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Workbench benchmark</title><style>${css}</style></head>
<body><div id="root"></div>
<div id="baseline" style="height:600px;overflow:auto"><div style="height:${args.rows * 34}px"></div></div>
<script src="page.js"></script></body></html>`,
    );
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${pathToFileURL(path.join(dir, 'index.html')).href}?n=${args.rows}`);
      await page.waitForFunction(() => window.bench && document.querySelectorAll('[data-testid=grid-row]').length > 0, null, { timeout: 120_000 });
      if (errors.length) throw new Error(`the benchmark page failed: ${errors.join('; ')}`);

      const r = { filter: [], filterBase: [], sort: [], sortBase: [], build: [], rank: [], shown: 0 };
      for (let i = 0; i < args.runs; i++) {
        r.filter.push(await page.evaluate(() => window.bench.filter('duplicate')));
        r.shown = await page.evaluate(() => window.bench.visible());
        await page.evaluate(() => window.bench.filter(null));
        r.filterBase.push(await page.evaluate(() => window.bench.baselineFilter('duplicate')));
        r.sort.push(await page.evaluate(() => window.bench.sort('object')));
        await page.evaluate(() => window.bench.sort(null));
        r.sortBase.push(await page.evaluate(() => window.bench.baselineSort()));
        const [build, rank] = await page.evaluate(() => window.bench.buildIndex());
        r.build.push(build);
        r.rank.push(rank);
      }
      await page.evaluate(() => window.bench.sort('object'));
      const frames = await page.evaluate(() => window.bench.scroll(240, 170, 'grid'));
      const baseFrames = await page.evaluate(() => window.bench.scroll(240, 170, 'baseline'));
      const result = {
        rows: args.rows,
        runs: args.runs,
        filterMs: median(r.filter),
        filterBaselineMs: median(r.filterBase),
        filteredRows: r.shown,
        sortMs: median(r.sort),
        sortBaselineMs: median(r.sortBase),
        indexBuildMs: median(r.build),
        objectRanksMs: median(r.rank),
        frameMs: median(frames),
        frameP95Ms: p95(frames),
        frameBaselineMs: median(baseFrames),
        frameBaselineP95Ms: p95(baseFrames),
      };
      if (args.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const fps = (x) => `${(1000 / x).toFixed(0)} fps`;
      const lines = [
        `Workbench grid, ${args.rows.toLocaleString('en')} findings, median of ${args.runs} runs (Chromium ${browser.version()})`,
        '',
        `                         grid (TanStack state + index + virtual + React) baseline (same run)`,
        `filter by error type     ${ms(result.filterMs).padEnd(12)} (${result.filteredRows.toLocaleString('en')} rows left)       ${ms(result.filterBaselineMs)}  Array.filter       target ≤ 100 ms`,
        `sort by object           ${ms(result.sortMs).padEnd(12)}                                   ${ms(result.sortBaselineMs)}  Array.sort         target ≤ 200 ms`,
        `index build (per set)    ${ms(result.indexBuildMs).padEnd(12)} (error lists, search text; once per finding set)`,
        `object ranks (per set)   ${ms(result.objectRanksMs).padEnd(12)} (one sort of the distinct DNs, paid by the first sort by object)`,
        `scroll frame (median)    ${ms(result.frameMs).padEnd(12)} ${fps(result.frameMs).padEnd(8)} p95 ${ms(result.frameP95Ms).padEnd(10)}     ${ms(result.frameBaselineMs)} p95 ${ms(result.frameBaselineP95Ms)}  empty scroller   target 60 fps`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    } finally {
      await browser.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench-workbench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
