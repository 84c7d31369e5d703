// Never a fix that must fail, cause before symptom: on every scenario where a finding follows from
// another (issue 16), `fix <symptom> --yes` refuses before anything runs (exit 4, never 3: no
// audit entry, no change), naming the cause and the command that fixes it; `diagnose` lists the
// cause first with the symptom under it; and the planner offers nothing while the cause holds,
// but offers the fix once the cause is gone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STEP } from '../../shared/playbooks/kb2882421-ids';
import { createAppSession } from '../app/session';
import { dispatch } from '../ipc/dispatch';
import { EXIT, runCli } from './main';

async function cli(argv: string[]) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-cause-'));
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DSD_DATA_DIR: dataDir } });
  const auditFile = path.join(dataDir, 'audit', 'audit.jsonl');
  return { code, stdout, stderr, audit: fs.existsSync(auditFile) ? fs.readFileSync(auditFile, 'utf8') : '' };
}

// scenario, the symptom whose fix must fail, the cause it follows from. Before: each exited 3
// (the cycle or the start ran and failed), or offered nothing without naming the cause.
const PAIRS: [scenario: string, symptom: string, cause: string][] = [
  ['cloud-credential-invalid', 'sync-run-failed', 'cloud-account-sign-in-failed'],
  ['dirsync-local-account-disabled', 'sync-service-stopped', 'service-account-disabled'],
  ['dirsync-local-account-expired', 'sync-service-stopped', 'service-account-password-expired'],
  ['dirsync-local-account-locked', 'sync-service-stopped', 'service-account-locked'],
  ['endpoint-blocked', 'sync-run-failed', 'endpoint-unreachable'],
  ['proxy-auth-required', 'sync-run-failed', 'endpoint-unreachable'],
  ['tls12-disabled', 'sync-run-failed', 'tls12-disabled-in-windows'],
  ['tls12-disabled', 'endpoint-unreachable', 'tls12-disabled-in-windows'],
  ['retired-build-1-6', 'sync-run-failed', 'sync-tool-retired'],
  ['retired-build-2-4-18', 'sync-run-failed', 'sync-tool-retired'],
  ['scheduler-suspended', 'no-recent-successful-sync', 'scheduler-suspended'],
  ['service-account-disabled', 'service-logon-failed', 'service-account-disabled'],
];

describe('fix <symptom> --yes while its cause holds', () => {
  it.each(PAIRS)('%s: fix %s refuses before anything runs and names %s', async (scenario, symptom, cause) => {
    const text = await cli(['fix', symptom, '--lab', scenario, '--yes']);
    expect(text.code).not.toBe(EXIT.failed);
    expect(text.code).toBe(EXIT.causeFirst);
    expect(text.stderr).toContain(`follows from "${cause}"`);
    expect(text.stderr).toContain(`Fix the cause first: fix ${cause}`);
    expect(text.stdout).toBe('');
    // Nothing ran: no action was audited.
    expect(text.audit).toBe('');
    const json = await cli(['fix', symptom, '--lab', scenario, '--yes', '--format', 'json']);
    expect(json.code).toBe(EXIT.causeFirst);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'cause-first', exitCode: 4, cause, command: `fix ${cause}` });
    expect(json.audit).toBe('');
  });
});

describe('every generation: a start whose logon account cannot sign in continues at the account step', () => {
  // DirSync (local AAD_ account) and Entra Connect (domain account) are in PAIRS; AADSync here.
  it.each([
    ['disabled', 'service-account-disabled'],
    ['locked', 'service-account-locked'],
    ['password-expired', 'service-account-password-expired'],
  ])('AADSync, account %s: no start is run, the refusal names %s', async (state, cause) => {
    const s = JSON.parse(fs.readFileSync(path.resolve('assets/scenarios/aadsync-installed.json'), 'utf8'));
    s.id = `aadsync-account-${state}`;
    s.services[0].state = 'stopped';
    s.accounts.find((a: { sAMAccountName: string }) => a.sAMAccountName.startsWith('AAD_')).state = state;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-cause-f-')), `${s.id}.json`);
    fs.writeFileSync(file, JSON.stringify(s));
    const d = await cli(['diagnose', '--lab-file', file, '--format', 'json']);
    const findings: { id: string; causedBy?: string | null; fixedBy: { stepId: string } }[] = JSON.parse(d.stdout).findings;
    const stopped = findings.find((f) => f.fixedBy.stepId === STEP.servicesRunning);
    expect(stopped, JSON.stringify(findings.map((f) => f.id))).toBeTruthy();
    expect(stopped!.causedBy).toBe(cause);
    expect(findings.findIndex((f) => f.id === cause)).toBeLessThan(findings.indexOf(stopped!));
    const r = await cli(['fix', stopped!.id, '--lab-file', file, '--yes']);
    expect(r.code).toBe(EXIT.causeFirst);
    expect(r.stderr).toContain(`fix ${cause}`);
    expect(r.audit).toBe('');
  });
});

describe('diagnose lists the cause before its symptoms', () => {
  it.each(PAIRS)('%s: %s is listed under %s', async (scenario, symptom, cause) => {
    const r = await cli(['diagnose', '--lab', scenario, '--format', 'json']);
    const ids: { id: string; causedBy?: string | null }[] = JSON.parse(r.stdout).findings;
    const at = (id: string) => ids.findIndex((f) => f.id === id);
    expect(at(cause)).toBeGreaterThanOrEqual(0);
    expect(at(symptom)).toBeGreaterThan(at(cause));
    expect(ids[at(symptom)]!.causedBy).toBe(cause);
    expect(ids[at(cause)]!.causedBy ?? null).toBeNull();
    // Everything between the cause and this symptom follows from the same cause.
    for (const f of ids.slice(at(cause) + 1, at(symptom))) expect(f.causedBy).toBe(cause);
  });

  it('the text report indents a symptom under its cause and names it', async () => {
    const r = await cli(['diagnose', '--lab', 'tls12-disabled']);
    const body = r.stdout.split('\n');
    const tls = body.findIndex((l) => /^\[ERROR\] TLS 1\.2 is turned off/.test(l));
    const run = body.findIndex((l) => /^ {4}\[ERROR\] The latest completed run failed/.test(l));
    expect(tls).toBeGreaterThan(0);
    expect(run).toBeGreaterThan(tls);
    expect(body[run + 1]).toBe('        Follows from: tls12-disabled-in-windows (fix that first: fix tls12-disabled-in-windows)');
  });
});

describe('the planner offers nothing while the cause holds', () => {
  async function session(scenarioFile: string) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-cause-s-'));
    const s = await createAppSession({ dataDir, mode: 'lab', labScenarioFile: scenarioFile, appVersion: 'test', labTransitionMs: 5, actor: 'LAB\\tester' });
    const value = async (channel: 'step:probe' | 'step:plan', stepId: string) => {
      const r = await dispatch(s.handlers, channel, { playbookId: 'kb2882421', stepId });
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.value as {
        status?: string;
        fixable?: boolean;
        route?: { stepId: string; reason: string };
        causedBy?: { findingId: string };
        actionId?: string;
      } | null;
    };
    return { s, value };
  }
  const variant = (id: string, change: (s: Record<string, never> & { network: { endpoint: string } }) => void) => {
    const s = JSON.parse(fs.readFileSync(path.resolve('assets/scenarios', `${id}.json`), 'utf8'));
    change(s);
    s.id = `${id}-variant`;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-cause-f-')), `${s.id}.json`);
    fs.writeFileSync(file, JSON.stringify(s));
    return file;
  };

  it('endpoint blocked: the failed run routes to the endpoint and gets no plan; with the endpoint open the same history gets the cycle', async () => {
    const blocked = await session(variant('endpoint-blocked', () => {}));
    const verdict = await blocked.value('step:probe', STEP.syncRuns);
    expect(verdict).toMatchObject({ status: 'fail', fixable: false, causedBy: { findingId: 'endpoint-unreachable' }, route: { stepId: STEP.endpoint } });
    expect(verdict!.route!.reason).toMatch(/Fix the cause first/);
    expect(await blocked.value('step:plan', STEP.syncRuns)).toBeNull();
    await blocked.s.close();

    const open = await session(variant('endpoint-blocked', (s) => (s.network.endpoint = 'ok')));
    const v = await open.value('step:probe', STEP.syncRuns);
    expect(v).toMatchObject({ status: 'fail' });
    expect(v!.causedBy).toBeUndefined();
    expect(await open.value('step:plan', STEP.syncRuns)).toMatchObject({ actionId: 'sync.run-cycle' });
    await open.s.close();
  });

  it('DirSync with a disabled logon account: no start is offered, the step continues at the account step', async () => {
    const { s, value } = await session(variant('dirsync-local-account-disabled', () => {}));
    expect(await value('step:probe', STEP.servicesRunning)).toMatchObject({ status: 'fail', fixable: false, route: { stepId: STEP.enabled } });
    expect(await value('step:plan', STEP.servicesRunning)).toBeNull();
    await s.close();
  });
});
