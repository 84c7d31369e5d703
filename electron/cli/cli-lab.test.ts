// CLI lab options and errors: --lab list, --lab-file from any path, an unknown scenario listing
// the valid ones, usage errors naming the flag, and with --format json every error as JSON on stdout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from './main';

async function cli(argv: string[]) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-cli-lab-'));
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DSD_DATA_DIR: dataDir } });
  return { code, stdout, stderr };
}

const shipped = (id: string) => fs.readFileSync(path.resolve('assets/scenarios', `${id}.json`), 'utf8');

describe('diagnose --lab list', () => {
  it('lists every scenario, as text and as JSON', async () => {
    const text = await cli(['diagnose', '--lab', 'list']);
    expect(text.code).toBe(EXIT.healthy);
    expect(text.stdout).toMatch(/^healthy-entra-connect\s+Healthy Entra Connect server$/m);
    expect(text.stdout).toMatch(/^deletion-threshold-exceeded\s+/m);
    const json = await cli(['diagnose', '--lab', 'list', '--format', 'json']);
    const body = JSON.parse(json.stdout) as { scenarios: { id: string }[]; problems: string[] };
    expect(body.problems).toEqual([]);
    expect(body.scenarios.length).toBeGreaterThanOrEqual(20);
    expect(body.scenarios.map((s) => s.id)).toContain('virtual-account-replaced');
  });
});

describe('unknown scenario', () => {
  it('exits 2 and lists the valid ids (text on stderr, JSON on stdout)', async () => {
    const text = await cli(['diagnose', '--lab', 'no-such-thing']);
    expect(text.code).toBe(EXIT.usage);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/--lab: no scenario "no-such-thing"\. Valid scenarios: .*healthy-entra-connect/);
    const json = await cli(['diagnose', '--lab', 'no-such-thing', '--format', 'json']);
    expect(json.code).toBe(EXIT.usage);
    expect(json.stderr).toBe('');
    const { error } = JSON.parse(json.stdout);
    expect(error).toMatchObject({ code: 'unknown-scenario', flag: '--lab', exitCode: 2 });
    expect(error.validScenarios).toContain('staging-mode');
  });
});

describe('diagnose --lab-file', () => {
  it('loads a scenario from any path and diagnoses it', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-file-')), 'my-server.json');
    const mine = JSON.parse(shipped('sync-service-stopped'));
    mine.id = 'my-server';
    fs.writeFileSync(file, JSON.stringify(mine));
    const r = await cli(['diagnose', '--lab-file', file, '--format', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.scenario).toBe('my-server');
    expect(report.findings.map((f: { id: string }) => f.id)).toContain('sync-service-stopped');
    expect(r.code).toBe(EXIT.attention);
  });

  it('a bad file: exit 2, the error names the file and the field', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-file-')), 'broken.json');
    const bad = JSON.parse(shipped('healthy-entra-connect'));
    bad.sync.scheduler = { stagingMode: 'no' };
    fs.writeFileSync(file, JSON.stringify(bad));
    const text = await cli(['diagnose', '--lab-file', file]);
    expect(text.code).toBe(EXIT.usage);
    expect(text.stderr).toContain(file);
    expect(text.stderr).toMatch(/sync\.scheduler\.stagingMode/);
    const json = await cli(['diagnose', '--lab-file', file, '--format', 'json']);
    expect(json.code).toBe(EXIT.usage);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'bad-scenario-file', flag: '--lab-file', file });
  });

  it('a missing file is named too', async () => {
    const r = await cli(['diagnose', '--lab-file', '/nonexistent/x.json', '--format', 'json']);
    expect(r.code).toBe(EXIT.usage);
    expect(JSON.parse(r.stdout).error.message).toMatch(/\/nonexistent\/x\.json: no such file/);
  });
});

describe('usage errors', () => {
  it.each([
    [['diagnose', '--lab', 'healthy-entra-connect', '--lab-file', 'x.json'], '--lab'],
    [['diagnose', '--timeout-ms', 'soon'], '--timeout-ms'],
    [['diagnose', '--frobnicate'], '--frobnicate'],
    [['diagnose', '--format', 'xml'], '--format'],
  ])('%j names %s; with --format json the error is JSON on stdout', async (argv, flag) => {
    const text = await cli(argv);
    expect(text.code).toBe(EXIT.usage);
    expect(text.stderr).toContain(flag);
    const asJson = argv.includes('--format') ? argv : [...argv, '--format', 'json'];
    const json = await cli(asJson);
    expect(json.code).toBe(EXIT.usage);
    if (asJson.join(' ').includes('--format json')) {
      expect(json.stderr).toBe('');
      expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'usage', exitCode: 2, flag });
    }
  });
});
