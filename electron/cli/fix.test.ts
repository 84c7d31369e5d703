// `fix` end to end on the lab: every finding of every lab scenario links a playbook step that
// exists; without --yes the plan is printed and nothing changes; with --yes the KB 2882421 fixes
// repair their scenario and exit 0 after the re-check, and diagnose then no longer reports them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPlaybook, findStep } from '../../shared/playbooks/index';
import { EXIT, runCli } from './main';

async function cli(argv: string[]) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-fix-'));
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DSD_DATA_DIR: dataDir } });
  return { code, stdout, stderr, dataDir };
}

const scenarios = fs
  .readdirSync(path.resolve('assets/scenarios'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

describe('every finding opens a step that exists', () => {
  it.each(scenarios)('%s', async (scenario) => {
    const r = await cli(['diagnose', '--lab', scenario, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { findings: { id: string; fixedBy: { playbookId: string; stepId: string | null } | null }[] };
    for (const f of report.findings) {
      expect(f.fixedBy, `${f.id} links no step`).not.toBeNull();
      expect(findPlaybook(f.fixedBy!.playbookId), `${f.id} → ${f.fixedBy!.playbookId}`).toBeTruthy();
      expect(findStep(f.fixedBy!.playbookId, f.fixedBy!.stepId ?? ''), `${f.id} → ${f.fixedBy!.stepId}`).toBeTruthy();
    }
  });
});

const FIXABLE: [scenario: string, findingId: string][] = [
  // Password hash sync without a heartbeat: a full password sync (asked first), its 654 the re-check.
  ['password-hash-sync-stalled', 'password-hash-sync-stalled'],
  ['sync-service-stopped', 'sync-service-stopped'],
  ['service-account-disabled', 'service-account-disabled'],
  ['service-account-password-expired', 'service-account-password-expired'],
  ['service-account-stale-password', 'service-account-password-mismatch'],
  ['service-account-deleted', 'service-account-deleted'],
  // DirSync's local AAD_ account: fixed on the server's own account, not in AD.
  ['dirsync-local-account-expired', 'service-account-password-expired'],
  ['dirsync-local-account-disabled', 'service-account-disabled'],
  ['dirsync-local-account-stale-password', 'service-account-password-mismatch'],
  // The AD connector's account beside Connect: the upgrade playbooks' restore, reused (a move is no fault there).
  ['connect-ad-account-deleted', 'sync-account-missing'],
  // Locked out: unlocked (lockoutTime 0 in AD; the local account's lockout on the server).
  ['service-account-locked', 'service-account-locked'],
  ['dirsync-local-account-locked', 'service-account-locked'],
];

describe('fix', () => {
  it('without --yes prints the plan, changes nothing, exits 1', async () => {
    const r = await cli(['fix', 'service-account-disabled', '--lab', 'service-account-disabled']);
    expect(r.code).toBe(EXIT.attention);
    expect(r.stdout).toMatch(/The fix would: Enable the service account/);
    expect(r.stdout).toMatch(/Nothing was changed/);
    expect(fs.existsSync(path.join(r.dataDir, 'audit', 'audit.jsonl')) ? fs.readFileSync(path.join(r.dataDir, 'audit', 'audit.jsonl'), 'utf8') : '').toBe('');
  });

  it.each(FIXABLE)('%s: fix %s --yes repairs it and exits 0 after the re-check', async (scenario, findingId) => {
    const r = await cli(['fix', findingId, '--yes', '--lab', scenario, '--format', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ applied: true, outcome: { fix: { ok: true }, recheck: { status: 'pass' } } });
    expect(r.code).toBe(EXIT.healthy);
    // A generated password is never printed: the plan says one is needed, the output has no value for it.
    expect(r.stdout).not.toMatch(/"(password|secret|newPassword)"\s*:/i);
    const audit = fs
      .readFileSync(path.join(r.dataDir, 'audit', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.map((l: { phase: string }) => l.phase)).toEqual(['start', 'end']);
  });

  it('a finding the app cannot change prints the exact change to make by hand and exits 1', async () => {
    const r = await cli(['fix', 'service-logon-right-missing', '--yes', '--lab', 'logon-right-missing']);
    expect(r.code).toBe(EXIT.attention);
    expect(r.stdout).toMatch(/Do this by hand:/);
    expect(r.stdout).toMatch(/gpupdate \/force/);
    expect(r.stdout).toMatch(/run diagnose again/);
  });

  it('an unknown finding id is a usage error listing the findings', async () => {
    const r = await cli(['fix', 'no-such-finding', '--lab', 'sync-service-stopped']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/no finding "no-such-finding".*sync-service-stopped/);
  });
});
