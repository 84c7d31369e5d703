// What the CLI records it keeps: a path chosen with `fix … --yes` is written to the records store
// of the data folder (electron/records, one entry per server) and the next `diagnose` of the same
// server reads it; another server in the same data folder keeps its own state.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from './main';

interface Report {
  findings: { id: string; title: string; fixedBy: { playbookId: string; stepId: string | null } | null }[];
}

async function cli(dataDir: string, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DSD_DATA_DIR: dataDir } });
  return { code, stdout, stderr };
}

const diagnose = async (dataDir: string, scenario: string) =>
  JSON.parse((await cli(dataDir, ['diagnose', '--lab', scenario, '--format', 'json'])).stdout) as Report;

describe('a path chosen through the CLI', () => {
  it('is kept for that server, and the next diagnose reports it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-cli-records-'));
    const before = await diagnose(dataDir, 'dirsync-64bit-small');
    expect(before.findings.map((f) => f.id)).toContain('dirsync-in-place-upgrade-path');

    const fixed = await cli(dataDir, ['fix', 'dirsync-in-place-upgrade-path', '--lab', 'dirsync-64bit-small', '--yes']);
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(EXIT.healthy);
    // A record is said as one: who and when (local time), never "checked again: pass".
    expect(fixed.stdout).toMatch(/^Recorded by .+ at .+\d:\d{2}.*: You chose: In-place upgrade on this server\.$/m);
    expect(fixed.stdout).not.toMatch(/Checked again: pass/);

    // Written to the data folder, under this server's key.
    const stored = JSON.parse(fs.readFileSync(path.join(dataDir, 'upgrade-records.json'), 'utf8')) as {
      servers: Record<string, { choice: { path: string } | null }>;
    };
    expect(stored.servers['lab:dirsync-64bit-small']?.choice?.path).toBe('in-place');

    const after = await diagnose(dataDir, 'dirsync-64bit-small');
    const titles = after.findings.map((f) => f.title).join('\n');
    expect(titles).not.toMatch(/No upgrade path is chosen/);
    // No finding asks for the choice again: the path step is done.
    expect(
      after.findings.filter((f) => f.fixedBy?.stepId === 'path'),
      titles,
    ).toEqual([]);
    // One finding tells the upgrade as it stands: the path under way, who recorded it, what is left.
    const underWay = after.findings.filter((f) => f.title.startsWith('Upgrade under way'));
    expect(underWay, titles).toHaveLength(1);
    expect(underWay[0]!.title).toMatch(/^Upgrade under way: In-place upgrade on this server \(Recorded by .+ at .+\)\. \d+ of \d+ steps left\. Next: /);
    expect(underWay[0]!.fixedBy).toMatchObject({ playbookId: 'dirsync-in-place-upgrade' });
    expect(titles).not.toMatch(/Alternative path/);

    // Another server in the same data folder has chosen nothing.
    const other = await diagnose(dataDir, 'dirsync-64bit-large');
    expect(other.findings.map((f) => f.title).join('\n')).toMatch(/No upgrade path is chosen/);
  });
});
