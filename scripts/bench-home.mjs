#!/usr/bin/env node
// Home benchmark: in Debian's Chromium through the development bridge (lab host), the time from
// navigation start to the home's findings painted (the diagnosis runs by itself when the page
// opens), beside a blank page's first paint measured in the same browser in the same run.
// The findings are "painted" in the frame after the list (or the healthy result) enters the DOM.
//
//   node scripts/bench-home.mjs [--runs N] [--scenario ID] [--json]
/* global window, document, requestAnimationFrame, MutationObserver -- watchResult and the waits run inside the page */
import path from 'node:path';
import { chromium } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';
import { ensureRendererBuilt, REPO_ROOT } from './ensure-renderer-build.mjs';

const CHROMIUM = process.env.DSD_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu'];
const RESULT = '[data-testid="findings-list"], [data-testid="what-was-checked"]';
const BLANK = '<!doctype html><meta charset="utf-8"><title>blank</title><p>Directory sync check-up</p>';

function parseArgs(argv) {
  const out = { runs: 9, scenario: 'service-account-disabled', json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error('--runs needs a whole number from 1 to 100');
      out.runs = n;
    } else if (a === '--scenario') {
      const s = argv[++i];
      if (!s || !/^[a-z0-9-]+$/.test(s)) throw new Error('--scenario needs a scenario id (a file name in assets/scenarios without .json)');
      out.scenario = s;
    } else if (a === '--json') out.json = true;
    else throw new Error(`Unknown argument "${a}". Usage: node scripts/bench-home.mjs [--runs N] [--scenario ID] [--json]`);
  }
  return out;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

/** Records, in the page, the time the result first appears and the frame after it is painted. */
function watchResult(selector) {
  const done = () => {
    requestAnimationFrame(() =>
      setTimeout(() => {
        window.__dsdHome = performance.now();
      }, 0),
    );
  };
  const observer = new MutationObserver(() => {
    if (document.querySelector(selector)) {
      observer.disconnect();
      done();
    }
  });
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true }));
}

async function timeBlank(browser, url) {
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

async function timeHome(browser, url) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(watchResult, RESULT);
    const page = await context.newPage();
    await page.goto(url);
    const t = await page.waitForFunction(() => window.__dsdHome, null, { timeout: 60_000 }).then((h) => h.jsonValue());
    if (!(await page.locator(RESULT).first().isVisible())) throw new Error('the findings were marked but are not visible');
    const count = await page.locator('.finding').count();
    return { ms: t, findings: count };
  } finally {
    await context.close();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const build = await ensureRendererBuilt({ quiet: true });
  const { startBridge } = await tsImport(path.join(REPO_ROOT, 'dev/bridge/server.ts'), import.meta.url);
  const bridge = await startBridge({ scenarioId: args.scenario });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const blank = [];
  const home = [];
  let findings = 0;
  try {
    const blankUrl = `data:text/html,${encodeURIComponent(BLANK)}`;
    // One untimed round first: the OS file cache and Chromium's own start-up are not the app's cost.
    await timeBlank(browser, blankUrl);
    await timeHome(browser, bridge.url);
    for (let i = 0; i < args.runs; i++) {
      blank.push(await timeBlank(browser, blankUrl));
      const h = await timeHome(browser, bridge.url);
      home.push(h.ms);
      findings = h.findings;
    }
  } finally {
    await browser.close();
    await bridge.close();
  }
  const result = {
    chromium: browser.version(),
    scenario: args.scenario,
    runs: args.runs,
    build: build.built ? `built (${build.reason})` : 'used the existing build',
    findings,
    blankFirstPaintMs: { median: median(blank), p90: quantile(blank, 0.9) },
    homeFindingsMs: { median: median(home), p90: quantile(home, 0.9) },
    ratio: median(home) / median(blank),
  };
  if (args.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log(`DirSync Doctor home benchmark — Chromium ${result.chromium}, lab scenario ${args.scenario}, ${args.runs} cold loads; ${result.build}`);
  console.log(
    `  baseline, a blank page's first contentful paint:              median ${ms(result.blankFirstPaintMs.median)}, p90 ${ms(result.blankFirstPaintMs.p90)}`,
  );
  console.log(
    `  navigation start -> the home's findings painted (${findings} findings): median ${ms(result.homeFindingsMs.median)}, p90 ${ms(result.homeFindingsMs.p90)}  (${result.ratio.toFixed(1)}x baseline)`,
  );
}

main().catch((error) => {
  console.error(`bench-home: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
