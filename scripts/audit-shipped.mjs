#!/usr/bin/env node
// `npm audit` over the packages that ship inside the app (package.json "dependencies"; build and
// test tools are devDependencies). Fails on a high or critical advisory. Where the registry's
// audit endpoint cannot be reached (this workplace's registry mirror answers 405), it says so
// plainly and does not pretend the packages were audited.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const shipped = Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies ?? {});
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
const report = (() => {
  try {
    return JSON.parse(r.stdout || 'null');
  } catch {
    return null;
  }
})();
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const why = (report?.message ?? report?.error?.summary ?? r.stderr ?? r.error?.message ?? 'no answer').toString().trim().split('\n')[0];
  process.stdout.write(`audit of the ${shipped.length} shipped packages NOT RUN: the registry's audit endpoint did not answer (${why})\n`);
  process.exit(0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
process.stdout.write(`audit of the shipped packages (${shipped.join(', ')} and what they pull in): ${JSON.stringify(counts)}\n`);
process.exit(serious > 0 ? 1 : 0);
