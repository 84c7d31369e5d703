// The CLI as it ships: dist/electron/cli.cjs, built the way `npm run build` builds it, copied with
// nothing else but the app's resources (laid out as electron-builder installs them) to a folder
// outside the source tree, and run with Node from there. Every command answers --help, diagnose
// runs a lab scenario, and with --format json every command's errors are JSON on stdout.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundleCli, ROOT } from '../scripts/electron-bundles.mjs';

let work: string;
let cliFile: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dsd-cli-bundle-'));
  const built = path.join(work, 'build', 'dist', 'electron', 'cli.cjs');
  await bundleCli(built, { release: true });
  // The installed app: <resources>/app(.asar.unpacked)/dist/electron/cli.cjs and the extraResources.
  const resources = path.join(work, 'installed', 'resources');
  cliFile = path.join(resources, 'app.asar.unpacked', 'dist', 'electron', 'cli.cjs');
  await mkdir(path.dirname(cliFile), { recursive: true });
  await cp(built, cliFile);
  const config = parse(await readFile(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as { extraResources: { from: string; to: string }[] };
  // The assets; the notices file is written by the full build, which this test does not run.
  for (const r of config.extraResources.filter((x) => x.from.startsWith('assets/')))
    await cp(path.join(ROOT, r.from), path.join(resources, r.to), { recursive: true });
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(...args: string[]): Promise<Run> {
  const cwd = path.join(work, 'cwd');
  await mkdir(cwd, { recursive: true });
  const env = { PATH: process.env.PATH, HOME: path.join(work, 'home'), DSD_DATA_DIR: path.join(work, 'data') };
  try {
    const r = await promisify(execFile)(process.execPath, [cliFile, ...args], { cwd, env, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout: string; stderr: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('the shipped CLI bundle, run outside the source tree', () => {
  it('names no file of the source tree', async () => {
    const code = await readFile(cliFile, 'utf8');
    expect(code).not.toContain(ROOT);
    expect(code).not.toMatch(/\.\.[\\/]scripts[\\/]/);
  });

  it('diagnose --lab <scenario> --format json: the report, exit 1 for findings', async () => {
    const r = await run('diagnose', '--lab', 'sync-service-stopped', '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { tool: string; version: string; mode: string; findings: { id: string }[] };
    expect(report).toMatchObject({ tool: 'dirsync-doctor', mode: 'lab', scenario: 'sync-service-stopped', needsAttention: true });
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(report.version).toBe(pkg.version);
    expect(report.findings.map((f) => f.id)).toContain('sync-service-stopped');
  });

  it.each([
    [['--help'], /diagnose[\s\S]*fix[\s\S]*scan --format[\s\S]*scan apply[\s\S]*scan undo[\s\S]*gap snapshot[\s\S]*gap list[\s\S]*audit verify/],
    [['help'], /Commands:/],
    [['diagnose', '--help'], /Commands:/],
    [['fix', '--help'], /fix <finding-id>/],
    [['gap', 'snapshot', '--help'], /gap snapshot --out/],
    [['gap', 'list', '--help'], /gap list --snapshot/],
    [['scan', '--help'], /Usage: dirsync-doctor scan --format jsonl\|json\|csv/],
    [['scan', 'apply', '--help'], /Usage: dirsync-doctor scan apply/],
    [['scan', 'undo', '--help'], /dirsync-doctor scan undo --batch/],
    [['audit', 'verify', '--help'], /Usage: dirsync-doctor audit verify/],
  ])('%j prints its usage and exits 0', async (args, usage) => {
    const r = await run(...args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(usage);
  });

  const missing = () => path.join(work, 'missing', 'nothing-here');
  it.each<[string, () => string[], number, string]>([
    ['diagnose', () => ['diagnose', '--lab', 'no-such-scenario', '--format', 'json'], 2, 'unknown-scenario'],
    ['fix', () => ['fix', '--format', 'json'], 2, 'usage'],
    ['fix (unknown finding)', () => ['fix', 'no-such-finding', '--lab', 'healthy-entra-connect', '--format', 'json'], 2, 'unknown-finding'],
    ['scan', () => ['scan', '--format', 'json'], 2, 'usage'],
    ['scan --lab (no lab DC in the shipped CLI)', () => ['scan', '--lab', '--format', 'json'], 2, 'usage'],
    ['scan apply', () => ['scan', 'apply', '--format', 'json'], 2, 'usage'],
    ['scan undo', () => ['scan', 'undo', '--batch', missing(), '--format', 'json'], 2, 'usage'],
    ['gap snapshot', () => ['gap', 'snapshot', '--lab', 'healthy-entra-connect', '--format', 'json'], 2, 'usage'],
    ['gap list (missing snapshot)', () => ['gap', 'list', '--lab', 'healthy-entra-connect', '--snapshot', missing(), '--format', 'json'], 3, 'failed'],
    ['audit verify (missing file)', () => ['audit', 'verify', '--file', missing(), '--format', 'json'], 3, 'unreadable'],
    ['an unknown command', () => ['frobnicate', '--format', 'json'], 2, 'usage'],
  ])('%s: with --format json the error is JSON on stdout', async (_name, args, exit, code) => {
    const r = await run(...args());
    expect(r.code).toBe(exit);
    const doc = JSON.parse(r.stdout) as { error: { code: string; message: string; exitCode: number } };
    expect(doc.error).toMatchObject({ code, exitCode: exit });
    expect(doc.error.message.length).toBeGreaterThan(10);
  });

  it('scan --format jsonl: findings stream on stdout, so an error stays a line on stderr', async () => {
    const r = await run('scan', '--format', 'jsonl', '--bind', 'a@b.c');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--bind and --password-env/);
  });

  it.each([
    [['diagnose', '--lab', 'healthy-entra-connect', '--format', 'xml'], /--format takes json or text/],
    [['scan', '--format', 'xml'], /--format takes jsonl, json or csv/],
    [['audit', 'verify', '--format', 'xml'], /--format takes json or text/],
    [['scan', 'apply', '--format', 'xml'], /--format takes json or text/],
  ])('%j: an unknown --format is a usage error that names it', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
