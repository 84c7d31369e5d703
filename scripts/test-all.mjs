#!/usr/bin/env node
// `npm test`: every check a change must pass, in order, stopping at the first failing stage:
// typecheck, lint (with the layer rules), npm audit of the shipped packages, unit and integration tests (vitest, which starts the
// Samba lab DC itself), the renderer and main builds, then the Playwright e2e tests in Chromium.
// Ends with one summary line counting every test run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-test-'));
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function stage(name, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stdout.write(`\n=== ${name} FAILED (exit ${r.status ?? r.signal}) after ${secs} s\n`);
    return false;
  }
  process.stdout.write(`=== ${name} passed in ${secs} s\n`);
  return true;
}

const counts = { passed: 0, failed: 0, skipped: 0 };
function countVitest(file) {
  if (!fs.existsSync(file)) return;
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  counts.passed += r.numPassedTests ?? 0;
  counts.failed += r.numFailedTests ?? 0;
  counts.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
/** Why each skipped e2e test was skipped (the list reporter shows only a dash). */
function skipReasons(suite, out = new Map()) {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      const note = (t.annotations ?? []).find((a) => a.type === 'skip' && a.description);
      if (t.status === 'skipped' && note) out.set(note.description, [...(out.get(note.description) ?? []), spec.title]);
    }
  }
  for (const child of suite.suites ?? []) skipReasons(child, out);
  return out;
}
function countPlaywright(file) {
  if (!fs.existsSync(file)) return;
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const reasons = new Map();
  for (const suite of report.suites ?? []) skipReasons(suite, reasons);
  for (const [reason, titles] of reasons) process.stdout.write(`\ne2e: ${titles.length} test(s) skipped: ${reason}\n`);
  const s = report.stats ?? {};
  counts.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  counts.failed += s.unexpected ?? 0;
  counts.skipped += s.skipped ?? 0;
}

const vitestJson = path.join(reports, 'vitest.json');
const playwrightJson = path.join(reports, 'playwright.json');
const stages = [
  () =>
    stage('typecheck', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']) &&
    stage('typecheck shared (no DOM, no Node)', npx, ['tsc', '-p', 'shared/tsconfig.json', '--noEmit']) &&
    stage('typecheck renderer', npx, ['tsc', '-p', 'renderer/tsconfig.json', '--noEmit']),
  () => stage('lint', npx, ['eslint', '--max-warnings', '0', '.']),
  () => stage('format check (Prettier)', npx, ['prettier', '--check', '.']),
  () => stage('audit of the shipped packages', 'node', ['scripts/audit-shipped.mjs']),
  () => stage('unit + integration tests', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]),
  () => stage('build', 'npm', ['run', '--silent', 'build']),
  () => stage('e2e (Playwright, Chromium)', npx, ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson }),
];

let ok = true;
for (const run of stages) {
  if (!run()) {
    ok = false;
    break;
  }
}
countVitest(vitestJson);
countPlaywright(playwrightJson);
if (!ok && counts.failed === 0) counts.failed = 1; // a failed stage with no test count (typecheck, lint, build)
process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
process.exit(ok ? 0 : 1);
