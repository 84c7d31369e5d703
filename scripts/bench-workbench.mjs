#!/usr/bin/env node
// Workbench benchmark, in Debian's Chromium: the real findings grid (TanStack Table state, the
// grid index for filter and sort, react-virtual rows) over 200,000 synthetic findings. Prints the time to filter by an error type
// and to sort by a column (React render included, flushed synchronously); the first sort of a new
// finding set right away and after the idle-time rank build; the index and ranks per streamed
// slice, incremental beside rebuilt; and the scroll: time
// between frames and the main thread's work per scroll step (render, style, layout), p50/p95/p99,
// each beside a baseline measured in the same run: the same filter and sort on a plain array, and
// the same scroll of a plain virtualized list of the same rows (react-virtual, one text a row).
// A traced pass of each adds the main thread's CPU time per frame (thread time, which the load of
// other processes does not inflate, unlike the wall times). --cpu-throttle R slows the page's CPU
// R times during the scroll (Chromium's own throttling), to see the frames a slower machine gets;
// --trace F keeps a fuller Chromium performance trace of the scroll and prints where the grid's
// main-thread time went.
//
//   node scripts/bench-workbench.mjs [--rows N] [--runs R] [--slice S] [--frames F] [--passes P] [--cpu-throttle R] [--trace FILE] [--json]
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
  const out = { rows: 200_000, runs: 7, slice: 5_000, frames: 240, passes: 2, throttle: 1, trace: null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (min, max) => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${a} needs a whole number from ${min} to ${max}`);
      return n;
    };
    if (a === '--rows') out.rows = num(1, 2_000_000);
    else if (a === '--runs') out.runs = num(1, 50);
    else if (a === '--frames') out.frames = num(10, 5_000);
    else if (a === '--passes') out.passes = num(1, 20);
    else if (a === '--slice') out.slice = num(100, 2_000_000);
    else if (a === '--cpu-throttle') out.throttle = num(1, 20);
    else if (a === '--trace') {
      out.trace = argv[++i];
      if (!out.trace) throw new Error('--trace needs a file name');
    } else if (a === '--json') out.json = true;
    else
      throw new Error(
        `Unknown argument "${a}". Usage: node scripts/bench-workbench.mjs [--rows N] [--runs R] [--slice S] [--frames F] [--passes P] [--cpu-throttle R] [--trace FILE] [--json]`,
      );
  }
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const ms = (x) => `${x.toFixed(1)} ms`;
const spread = (xs) => ({ p50: pct(xs, 0.5), p95: pct(xs, 0.95), p99: pct(xs, 0.99), max: Math.max(...xs) });

/** The page's main thread in a Chromium trace: the renderer thread that recorded the marks. */
function mainThread(events, markName) {
  const mark = events.find((e) => e.name === markName);
  const t = mark && events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === mark.pid);
  if (!t) throw new Error(`the trace has no renderer main thread with the mark ${markName}`);
  return { pid: t.pid, tid: t.tid };
}

/** Complete events of one thread, outermost first, each with its depth of nesting. */
function spansOf(events, { pid, tid }) {
  const spans = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  for (const e of spans) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    e.parent = stack.at(-1) ?? null;
    stack.push(e);
  }
  return spans;
}

/** CPU time of a span: thread time where the trace has it (not the time the thread waited for a core). */
const cpu = (e) => (e.tdur ?? e.dur) / 1000;

/**
 * Main-thread CPU time per scroll step: the thread time of the top-level tasks that end between one
 * step's mark and the next. Thread time leaves out the time other processes held the core, so it
 * compares the grid with the baseline fairly on a loaded machine.
 */
function cpuPerStep(events, markName) {
  const marks = events
    .filter((e) => e.name === markName)
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const tasks = spansOf(events, mainThread(events, markName)).filter((e) => !e.parent);
  const out = new Array(Math.max(0, marks.length - 1)).fill(0);
  for (const t of tasks) {
    const end = t.ts + t.dur;
    // The step whose interval holds the task's end (binary search over the marks).
    let lo = 0;
    let hi = marks.length - 1;
    if (end < marks[0] || end >= marks[hi]) continue;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (marks[mid] <= end) lo = mid;
      else hi = mid;
    }
    out[lo] += cpu(t);
  }
  return out.slice(2);
}

/** Main-thread self CPU time (a span's own, less its nested spans') by trace event name, between the first and last mark. */
function selfTimeByEvent(events, markName) {
  const marks = events.filter((e) => e.name === markName).map((e) => e.ts);
  const from = Math.min(...marks);
  const to = Math.max(...marks);
  const self = new Map();
  for (const e of spansOf(events, mainThread(events, markName))) {
    if (e.ts < from || e.ts > to) continue;
    self.set(e.name, (self.get(e.name) ?? 0) + cpu(e));
    if (e.parent) self.set(e.parent.name, (self.get(e.parent.name) ?? 0) - cpu(e));
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, 10);
}

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
<div id="baseline"></div>
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
      // A fresh finding set: sorted at once (the ranks built then), or after the idle rank build.
      const first = { land: [], now: [], idle: [], idleSlices: [], idleMedian: [], idleLongest: [], idleTotal: [] };
      for (let i = 0; i < Math.min(args.runs, 3); i++) {
        const [land, now] = await page.evaluate(() => window.bench.firstSortNow());
        first.land.push(land);
        first.now.push(now);
        const after = await page.evaluate(() => window.bench.firstSortAfterIdle());
        first.idle.push(after.sort);
        first.idleSlices.push(after.idleSlices);
        first.idleMedian.push(after.idleMedian);
        first.idleLongest.push(after.idleLongest);
        first.idleTotal.push(after.idleTotal);
      }
      const streamed = await page.evaluate((slice) => window.bench.stream(slice), args.slice);
      await page.evaluate(() => window.bench.sort('object'));
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: args.throttle });
      // 170 px a frame (5 rows): a fast wheel or scrollbar drag, new rows every frame.
      const scroll = (target) => page.evaluate(([f, t]) => window.bench.scroll(f, 170, t), [args.frames, target]);
      // Alternate the two so load from other processes falls on both alike.
      const grid = { frame: [], work: [], render: [] };
      const base = { frame: [], work: [], render: [] };
      for (let i = 0; i < args.passes; i++) {
        for (const [target, into] of [
          ['grid', grid],
          ['baseline', base],
        ]) {
          const m = await scroll(target);
          into.frame.push(...m.frame);
          into.work.push(...m.work);
          into.render.push(...m.render);
        }
      }
      // One more pass of each under a trace, for the main thread's CPU time per step.
      const categories = ['disabled-by-default-devtools.timeline', 'blink.user_timing', ...(args.trace ? ['devtools.timeline', 'blink', 'v8.execute'] : [])];
      await browser.startTracing(page, { categories, ...(args.trace ? { path: args.trace } : {}) });
      await scroll('grid');
      await scroll('baseline');
      const events = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents ?? [];
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      grid.cpu = cpuPerStep(events, 'dsd-step-grid');
      base.cpu = cpuPerStep(events, 'dsd-step-baseline');
      const traceTop = args.trace ? selfTimeByEvent(events, 'dsd-step-grid') : null;
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
        landMs: median(first.land),
        firstSortNowMs: median(first.now),
        firstSortAfterIdleMs: median(first.idle),
        idleSlices: median(first.idleSlices),
        idleMedianMs: median(first.idleMedian),
        idleLongestMs: median(first.idleLongest),
        idleTotalMs: median(first.idleTotal),
        streamSlice: args.slice,
        streamSlices: streamed.index.length,
        streamIndex: { ...spread(streamed.index), total: sum(streamed.index) },
        streamIndexRebuilt: { ...spread(streamed.indexRebuilt), total: sum(streamed.indexRebuilt) },
        streamRanks: { ...spread(streamed.ranks), total: sum(streamed.ranks) },
        streamRanksRebuilt: { ...spread(streamed.ranksRebuilt), total: sum(streamed.ranksRebuilt) },
        cpuThrottle: args.throttle,
        scrollFrames: grid.frame.length,
        frame: spread(grid.frame),
        frameBaseline: spread(base.frame),
        work: spread(grid.work),
        workBaseline: spread(base.work),
        render: spread(grid.render),
        renderBaseline: spread(base.render),
        cpu: spread(grid.cpu),
        cpuBaseline: spread(base.cpu),
        loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
        ...(traceTop ? { trace: Object.fromEntries(traceTop) } : {}),
      };
      if (args.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const perSlice = (d) => `${d.p50.toFixed(1)} / ${d.max.toFixed(1)} ms, ${(d.total / 1000).toFixed(2)} s`;
      const three = (d) => `${d.p50.toFixed(1)} / ${d.p95.toFixed(1)} / ${d.p99.toFixed(1)} ms`;
      const lines = [
        `Workbench grid, ${args.rows.toLocaleString('en')} findings, median of ${args.runs} runs (Chromium ${browser.version()}, load average ${result.loadAverage.join(' ')})`,
        '',
        `                         grid (TanStack state + index + virtual + React) baseline (same run)`,
        `filter by error type     ${ms(result.filterMs).padEnd(12)} (${result.filteredRows.toLocaleString('en')} rows left)       ${ms(result.filterBaselineMs)}  Array.filter       target ≤ 100 ms`,
        `sort by object           ${ms(result.sortMs).padEnd(12)}                                   ${ms(result.sortBaselineMs)}  Array.sort         target ≤ 200 ms`,
        `index build (per set)    ${ms(result.indexBuildMs).padEnd(12)} (error lists, search text; once per finding set)`,
        `object ranks (per set)   ${ms(result.objectRanksMs).padEnd(12)} (one sort of the distinct DNs, paid by the first sort by object)`,
        '',
        `first sort by object of a new finding set (${ms(result.landMs)} to land: index and render)`,
        `  right after it lands      ${ms(result.firstSortNowMs).padEnd(12)} (the object ranks built in the click)`,
        `  after the idle build      ${ms(result.firstSortAfterIdleMs).padEnd(12)} (all columns ranked in ${result.idleSlices} idle callbacks: median ${ms(result.idleMedianMs)}, longest ${ms(result.idleLongestMs)}, ${ms(result.idleTotalMs)} in all)`,
        '',
        `findings streaming in, ${result.streamSlices} slices of ${args.slice.toLocaleString('en')}, sorted by object; per slice p50 / max, and the total`,
        `                         incremental (gridIndexOf)                rebuilt per slice (buildGridIndex), same run`,
        `  index                  ${perSlice(result.streamIndex).padEnd(41)}${perSlice(result.streamIndexRebuilt)}`,
        `  object ranks           ${perSlice(result.streamRanks).padEnd(41)}${perSlice(result.streamRanksRebuilt)}`,
        '',
        `scroll, 170 px a frame, ${result.scrollFrames} frames each (${args.passes} passes, alternating), CPU throttled ×${args.throttle}; p50 / p95 / p99`,
        `                         grid                          plain virtualized list (same rows, same run)`,
        `time between frames      ${three(result.frame).padEnd(30)}${three(result.frameBaseline)}   target 16.7 ms (60 fps)`,
        `work per scroll step     ${three(result.work).padEnd(30)}${three(result.workBaseline)}   (render, style, layout)`,
        `  of which React render  ${three(result.render).padEnd(30)}${three(result.renderBaseline)}`,
        `main-thread CPU a frame  ${three(result.cpu).padEnd(30)}${three(result.cpuBaseline)}   (thread time under a trace: what load does not inflate)`,
      ];
      if (traceTop) {
        lines.push('', `main-thread self CPU time in the traced grid scroll (${args.trace}; tracing slows it), by trace event:`);
        for (const [name, t] of traceTop) lines.push(`  ${name.padEnd(28)} ${ms(t)}`);
      }
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
