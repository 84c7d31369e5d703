// Every step ends in something to do, and the lab plays the admin: a finding's step offers a fix,
// a route to the step that settles it, or the exact change to make by hand and "I did it: check
// again". In lab mode that attestation makes the simulated server change as the admin's work
// would change a real one; on a real server nothing is simulated (the check reads the server).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStep } from '../../shared/playbooks/index';
import { CHECK_AGAIN, nextActionFor } from '../../shared/playbooks/next-actions';
import type { ApplyOutcome } from '../../shared/playbooks/types';
import { dispatch } from '../ipc/dispatch';
import type { HostPort } from '../ports/host-port';
import { checkStep } from '../triage/check-step';
import { runDiagnosis } from '../triage/diagnosis';
import { createAppSession } from './session';

const scenarios = fs
  .readdirSync(path.resolve('assets/scenarios'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-next-'));
const lab = (scenarioId: string) => createAppSession({ dataDir: tmp(), mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1 });

describe('every finding of every shipped scenario ends in something to do', () => {
  it.each(scenarios)('%s', async (scenario) => {
    const session = await lab(scenario);
    for (const f of await runDiagnosis(session.ports())) {
      const step = findStep(f.fixedBy!.playbookId, f.fixedBy!.stepId!)!;
      const verdict = await checkStep(session.ports(), step);
      const planned = await dispatch(session.handlers, 'step:plan', { playbookId: f.fixedBy!.playbookId, stepId: step.id });
      const plan = planned.ok ? planned.value : null;
      const next = nextActionFor(step, verdict);
      const something = !!plan || !!verdict.route || !!next || verdict.status === 'unknown';
      expect(something, `${scenario}: ${f.id} (${step.id}) ends with nothing to do: ${verdict.summary}`).toBe(true);
      if (next) {
        expect(next.instructions.length, f.id).toBeGreaterThan(0);
        for (const line of next.instructions) expect(line.length, f.id).toBeGreaterThan(20);
      }
    }
    await session.close();
  });
});

async function attest(session: Awaited<ReturnType<typeof lab>>, findingId: string) {
  const f = (await runDiagnosis(session.ports())).find((x) => x.id === findingId);
  expect(f, `${findingId} is found before`).toBeTruthy();
  const r = await dispatch(session.handlers, 'step:attest', { playbookId: f!.fixedBy!.playbookId, stepId: f!.fixedBy!.stepId! });
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return (r as { ok: true; value: ApplyOutcome }).value;
}

// The explanation-only steps and the manual steps the lab could not complete before.
const PLAYED: [scenario: string, finding: string, lab: RegExp, replacedBy?: string][] = [
  ['logon-right-missing', 'service-logon-right-missing', /Log on as a service/],
  ['encryption-key-unreadable', 'sync-key-unreadable', /encryption key .* abandoned/],
  ['database-disk-full', 'sync-database-full', /Run history purged/],
  ['staging-mode', 'staging-mode', /Staging mode turned off/],
  ['scheduler-suspended', 'scheduler-suspended', /no longer suspended/],
  ['endpoint-blocked', 'endpoint-unreachable', /proxy lets this server through/],
  ['proxy-auth-required', 'endpoint-unreachable', /proxy lets this server through/],
  ['deletion-threshold-exceeded', 'deletion-threshold-exceeded', /turned on again/],
  ['no-sync-tool', 'no-sync-tool', /Installed: Microsoft Entra Connect Sync/],
  ['dirsync-removed-events-remain', 'dirsync-rejected-events', /Installed: Microsoft Entra Connect Sync/],
  ['retired-build-1-6', 'sync-tool-retired', /Upgraded in place/],
  ['retired-build-2-4-18', 'sync-tool-retired', /Upgraded in place/],
  // Signing in again with the Sync_ user's new password: what is left is the warning to move to application sign-in.
  ['cloud-credential-invalid', 'cloud-account-sign-in-failed', /password was reset/, 'application-auth-required'],
];

describe('the lab plays the admin: attesting a manual step changes the simulated server, and the re-check passes', () => {
  it.each(PLAYED)('%s: %s', async (scenario, finding, labDid, replacedBy) => {
    const session = await lab(scenario);
    const outcome = await attest(session, finding);
    expect(outcome.fix.ok).toBe(true);
    expect(outcome.fix.summary).toMatch(/lab did/);
    expect(outcome.fix.evidence.map((e) => e.value).join(' ')).toMatch(labDid);
    if (replacedBy) expect(outcome.recheck).toMatchObject({ status: 'warn', cause: replacedBy });
    else expect(outcome.recheck?.status, outcome.recheck?.summary).toBe('pass');
    expect((await runDiagnosis(session.ports())).map((f) => f.id)).not.toContain(finding);
    // Audited before and after, naming the simulated action.
    const lines = session.audit.read(50) as unknown as { action: string; planned?: { property: string; to: string }[]; summary?: string }[];
    expect(lines.some((l) => l.action === 'manual.attest' && l.planned?.some((p) => p.property === 'simulated admin action'))).toBe(true);
    await session.close();
  });

  it('the encryption key does not come back by abandoning it while the logon account is still the changed one', async () => {
    const session = await lab('virtual-account-replaced');
    const outcome = await attest(session, 'sync-key-unreadable');
    expect(outcome.fix.evidence.map((e) => e.value).join(' ')).toMatch(/did not start|No service had a lost key/);
    expect(outcome.recheck?.status).toBe('fail');
    await session.close();
  });

  it('the key guidance names the key tool, what it destroys and when to call Microsoft, and no step of Method 2 is its route', async () => {
    const session = await lab('encryption-key-unreadable');
    const [f] = await runDiagnosis(session.ports());
    const step = findStep(f!.fixedBy!.playbookId, f!.fixedBy!.stepId!)!;
    const verdict = await checkStep(session.ports(), step);
    expect(verdict.route ?? null).toBeNull();
    const next = nextActionFor(step, verdict)!;
    const text = next.instructions.join('\n');
    expect(text).toMatch(/miiskmu\.exe \/a/);
    expect(text).toMatch(/destroys/);
    expect(text).toMatch(/AD connector account's password/);
    expect(text).toMatch(/Call Microsoft/);
    expect(next.attestLabel).toBe(CHECK_AGAIN);
    await session.close();
  });

  it('refuses an attestation for a step with nothing to do by hand', async () => {
    const session = await lab('sync-service-stopped');
    const r = await dispatch(session.handlers, 'step:attest', { playbookId: 'kb2882421', stepId: 'm1-s2-sync-service-running' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/nothing to do by hand/) } });
    await session.close();
  });
});

describe('on a real server nothing is simulated', () => {
  it('the attestation is recorded and the re-check reads the server as it is', async () => {
    // A lab host stands in for Windows, without the lab's admin (as WindowsHost has none).
    const stand = await lab('logon-right-missing');
    const real = stand.ports().host;
    const windowsHost = new Proxy(real, {
      get: (t, p, r) => (p === 'simulateAdminAction' ? undefined : p === 'kind' ? 'windows' : Reflect.get(t, p, r)),
    }) as HostPort;
    const session = await createAppSession({ dataDir: tmp(), mode: 'windows', appVersion: 'test', windowsHost, discover: async () => null });
    const outcome = await attest(session, 'service-logon-right-missing');
    expect(outcome.fix.summary).toMatch(/^Recorded/);
    expect(outcome.fix.evidence).toEqual([]);
    expect(outcome.recheck?.status).toBe('fail');
    expect((await real.getServices(['ADSync']))[0]!.state).toBe('stopped');
    await session.close();
    await stand.close();
  });
});
