#!/usr/bin/env -S npx tsx
// Runs the real CLI scan over the seeded readiness-scan directory of a lab DC and compares its
// findings with the seed's manifest: every planted problem found, no clean object flagged, every
// duplicate naming exactly its peers. For the large benchmark DC, where CI never goes:
//   LAB_DC_ADDR=127.0.0.15 LAB_DC_DIR=/work/lab-dc-100k npm run seed:check
// Exits 0 when the scan matches the manifest, 1 when it does not (the differences listed), 2 when
// there is no manifest.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { ScanFinding } from '../shared/readiness/scan/finding';
import { compareWithManifest } from './scan-seed-check';
import { labEnv, readManifest } from './seed-scan-dc';

const CLI = path.resolve(import.meta.dirname, '../dev/cli.ts');
const TSX = path.resolve(import.meta.dirname, '../node_modules/.bin/tsx');

/** Runs the CLI; stdout is kept whole, stderr passed through (progress, summary). */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CLI, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks).toString('utf8'), seconds: (Date.now() - started) / 1000 }));
  });
}

async function main(): Promise<void> {
  const env = await labEnv();
  const manifest = readManifest(env);
  if (!manifest) {
    process.stderr.write(`seed:check: no seed manifest in ${env.dir}; run npm run seed:scan first\n`);
    process.exitCode = 2;
    return;
  }
  const { code, stdout, seconds } = await runCli(['scan', '--lab', '--base', manifest.ouDn, '--format', 'jsonl']);
  const rows = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ScanFinding);
  const diff = compareWithManifest(
    rows.map((r) => ({ ...r, duplicates: r.duplicates ?? [] })),
    manifest.expected,
  );
  process.stdout.write(
    `seed:check: ${manifest.objects.toLocaleString('en')} seeded objects, CLI exit ${code} in ${seconds.toFixed(1)} s; ` +
      `${rows.length.toLocaleString('en')} findings, ${manifest.expected.length.toLocaleString('en')} planted; ` +
      `missing ${diff.missing.length}, unexpected ${diff.unexpected.length}, wrong peers ${diff.wrongPeers.length}\n`,
  );
  for (const [label, list] of [
    ['missing', diff.missing],
    ['unexpected', diff.unexpected],
    ['wrong peers', diff.wrongPeers],
  ] as const) {
    for (const line of list.slice(0, 20)) process.stdout.write(`  ${label}: ${line}\n`);
    if (list.length > 20) process.stdout.write(`  … and ${list.length - 20} more ${label}\n`);
  }
  process.exitCode = code === 1 && diff.missing.length + diff.unexpected.length + diff.wrongPeers.length === 0 ? 0 : 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`seed:check: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
