import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IDLE, isSettled, playbookProgress, routeOf, stepApplies, stepTransition, type StepEvent, type StepRun } from './engine';
import { KB2882421 } from './kb2882421';
import type { ApplyOutcome, PlannedChange, Playbook, PlaybookStep, Verdict } from './types';

const verdict = (status: Verdict['status']): Verdict => ({ status, summary: status, evidence: [], checkedAt: '2026-01-01T00:00:00.000Z' });
const plan: PlannedChange = {
  planId: 'abcdef0123456789',
  playbookId: 'kb2882421',
  stepId: 'm1-s2-sync-service-running',
  actionId: 'services.start',
  title: 'Start',
  changes: [{ target: 'Service ADSync', property: 'state', from: 'stopped', to: 'running' }],
  destructive: false,
  reversible: true,
  expiresAt: '2026-01-01T00:10:00.000Z',
};
const outcome = (ok: boolean, recheck: Verdict['status'] | null): ApplyOutcome => ({
  fix: { ok, summary: ok ? 'started' : 'logon failure', evidence: [], errorCode: ok ? null : 'service-logon-failed' },
  recheck: recheck ? verdict(recheck) : null,
});
const run = (events: StepEvent[], from: StepRun = IDLE) => events.reduce(stepTransition, from);
const step = (id: string): PlaybookStep => ({ ...KB2882421.steps[0]!, id });

describe('step engine', () => {
  it('walks probe → fail → plan → confirm → apply → verified', () => {
    const r = run([
      { type: 'probe' },
      { type: 'probed', verdict: verdict('fail') },
      { type: 'plan' },
      { type: 'planned', plan },
      { type: 'confirm' },
      { type: 'applied', outcome: outcome(true, 'pass') },
    ]);
    expect(r.phase).toBe('verified');
    expect(r.verdict?.status).toBe('pass');
    expect(r.outcome?.fix.ok).toBe(true);
  });

  it('a fix that ran but did not cure the check is still-failing, not verified', () => {
    const r = run([
      { type: 'probe' },
      { type: 'probed', verdict: verdict('fail') },
      { type: 'plan' },
      { type: 'planned', plan },
      { type: 'confirm' },
      { type: 'applied', outcome: outcome(true, 'fail') },
    ]);
    expect(r.phase).toBe('still-failing');
  });

  it('a failed fix is fix-failed and keeps the outcome for the why', () => {
    const r = run([
      { type: 'probe' },
      { type: 'probed', verdict: verdict('fail') },
      { type: 'plan' },
      { type: 'planned', plan },
      { type: 'confirm' },
      { type: 'applied', outcome: outcome(false, 'fail') },
    ]);
    expect(r.phase).toBe('fix-failed');
    expect(r.outcome?.fix.errorCode).toBe('service-logon-failed');
  });

  it('cannot confirm or apply without a plan, and cancel drops the plan', () => {
    const failed = run([{ type: 'probe' }, { type: 'probed', verdict: verdict('fail') }]);
    expect(stepTransition(failed, { type: 'confirm' })).toBe(failed);
    expect(stepTransition(failed, { type: 'applied', outcome: outcome(true, 'pass') })).toBe(failed);
    const cancelled = run([{ type: 'plan' }, { type: 'planned', plan }, { type: 'cancel' }], failed);
    expect(cancelled.phase).toBe('failed');
    expect(cancelled.plan).toBeNull();
  });

  it('a passing step cannot be fixed', () => {
    const passed = run([{ type: 'probe' }, { type: 'probed', verdict: verdict('pass') }]);
    expect(passed.phase).toBe('passed');
    expect(stepTransition(passed, { type: 'plan' })).toBe(passed);
  });

  it('ignores stale results: a verdict that arrives when not probing changes nothing', () => {
    const applying = run([{ type: 'probe' }, { type: 'probed', verdict: verdict('fail') }, { type: 'plan' }, { type: 'planned', plan }, { type: 'confirm' }]);
    expect(stepTransition(applying, { type: 'probed', verdict: verdict('pass') })).toBe(applying);
    expect(stepTransition(applying, { type: 'probe' })).toBe(applying);
  });

  it('property: no event sequence reaches verified without a confirm (with the input the plan asks for) or an attest, and a passing re-check', () => {
    const withInput: PlannedChange = { ...plan, input: { kind: 'secret', label: 'the new password', purpose: 'reset', canGenerate: true, minLength: 16 } };
    const ev = fc.oneof(
      fc.constant<StepEvent>({ type: 'probe' }),
      fc
        .constantFrom('pass', 'fail', 'warn', 'not-applicable', 'unknown')
        .map<StepEvent>((s) => ({ type: 'probed', verdict: verdict(s as Verdict['status']) })),
      fc.constant<StepEvent>({ type: 'probe-failed', error: { code: 'x', message: 'x' } }),
      fc.constant<StepEvent>({ type: 'plan' }),
      fc.constantFrom(plan, withInput, null).map<StepEvent>((p) => ({ type: 'planned', plan: p })),
      fc.boolean().map<StepEvent>((inputProvided) => ({ type: 'confirm', inputProvided })),
      fc.constant<StepEvent>({ type: 'attest' }),
      fc.constant<StepEvent>({ type: 'cancel' }),
      fc
        .tuple(fc.boolean(), fc.constantFrom('pass', 'fail', 'unknown', null))
        .map<StepEvent>(([ok, r]) => ({ type: 'applied', outcome: outcome(ok, r as Verdict['status'] | null) })),
    );
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 40 }), (events) => {
        let r = IDLE;
        let actedSinceProbe = false;
        let lastVerdictKnownFailing = false;
        for (const e of events) {
          const next = stepTransition(r, e);
          if (next !== r && e.type === 'probe') actedSinceProbe = false;
          if (next !== r && e.type === 'probed') lastVerdictKnownFailing = e.verdict.status === 'fail' || e.verdict.status === 'warn';
          if (next !== r && (e.type === 'confirm' || e.type === 'attest')) {
            actedSinceProbe = true;
            // A fix or an attestation only ever follows a verdict that read the facts and failed.
            expect(lastVerdictKnownFailing).toBe(true);
          }
          if (next !== r && e.type === 'confirm' && r.plan?.input) expect(e.inputProvided).toBe(true);
          if (next.phase === 'verified' && r.phase !== 'verified') {
            expect(actedSinceProbe).toBe(true);
            expect(next.outcome?.recheck?.status).toBe('pass');
          }
          if (next.phase === 'attested' && r.phase !== 'attested') expect(next.attested).toBe(true);
          r = next;
        }
      }),
    );
  });

  it('unknown facts: retry is offered, a fix is not', () => {
    const unknown = run([{ type: 'probe' }, { type: 'probed', verdict: verdict('unknown') }]);
    expect(unknown.phase).toBe('unknown');
    expect(stepTransition(unknown, { type: 'plan' })).toBe(unknown);
    expect(stepTransition(unknown, { type: 'attest' })).toBe(unknown);
    expect(stepTransition(unknown, { type: 'probe' }).phase).toBe('probing');
    expect(isSettled(unknown)).toBe(false);
  });

  it('a plan that asks for a secret is not confirmed without it', () => {
    const withInput: PlannedChange = { ...plan, input: { kind: 'secret', label: 'the new password', purpose: 'reset', canGenerate: true, minLength: 16 } };
    const confirming = run([{ type: 'probe' }, { type: 'probed', verdict: verdict('fail') }, { type: 'plan' }, { type: 'planned', plan: withInput }]);
    expect(stepTransition(confirming, { type: 'confirm' })).toBe(confirming);
    expect(stepTransition(confirming, { type: 'confirm', inputProvided: true }).phase).toBe('applying');
  });

  it('manual step: attest, then the re-check decides (verified, still failing, or attested when it cannot read evidence)', () => {
    const failed = run([{ type: 'probe' }, { type: 'probed', verdict: verdict('fail') }]);
    const attesting = stepTransition(failed, { type: 'attest' });
    expect(attesting.phase).toBe('applying');
    expect(stepTransition(attesting, { type: 'applied', outcome: outcome(true, 'pass') }).phase).toBe('verified');
    expect(stepTransition(attesting, { type: 'applied', outcome: outcome(true, 'fail') }).phase).toBe('still-failing');
    const attested = stepTransition(attesting, { type: 'applied', outcome: outcome(true, 'unknown') });
    expect(attested.phase).toBe('attested');
    expect(isSettled(attested)).toBe(true);
    // A fix (not an attestation) whose re-check cannot read is unknown, not settled.
    const fixed = run([{ type: 'plan' }, { type: 'planned', plan }, { type: 'confirm' }, { type: 'applied', outcome: outcome(true, 'unknown') }], failed);
    expect(fixed.phase).toBe('unknown');
  });

  it('routes: a failing verdict may name the step the playbook continues at', () => {
    const pb: Playbook = { ...KB2882421, steps: [step('a'), step('b'), step('c')] };
    const routed = run([{ type: 'probe' }, { type: 'probed', verdict: { ...verdict('fail'), route: { stepId: 'c', reason: 'logon failure 1069' } } }]);
    expect(routeOf(routed)).toEqual({ stepId: 'c', reason: 'logon failure 1069' });
    expect(playbookProgress(pb, { a: routed })).toMatchObject({ current: 0, routedTo: 2 });
    const passed = run([{ type: 'probe' }, { type: 'probed', verdict: { ...verdict('pass'), route: { stepId: 'c', reason: 'x' } } }]);
    expect(routeOf(passed)).toBeNull();
  });

  it('applicability by generation and logon kind; unread facts never rule a step out', () => {
    const s: PlaybookStep = { ...step('x'), appliesTo: { generations: ['entra-connect'], logonKinds: ['domain-user', 'local-user'] } };
    expect(stepApplies(s, { generation: 'entra-connect', logonKind: 'domain-user' }).applies).toBe(true);
    expect(stepApplies(s, { generation: 'dirsync', logonKind: 'domain-user' }).applies).toBe(false);
    const virt = stepApplies(s, { generation: 'entra-connect', logonKind: 'virtual' });
    expect(virt.applies).toBe(false);
    if (!virt.applies) expect(virt.reason).toMatch(/virtual service account/);
    expect(stepApplies(s, { generation: null, logonKind: null }).applies).toBe(true);
  });

  it('playbook progress points at the first unsettled step', () => {
    expect(playbookProgress(KB2882421, {})).toMatchObject({ current: 0, done: false });
    const passed = run([{ type: 'probe' }, { type: 'probed', verdict: verdict('pass') }]);
    expect(isSettled(passed)).toBe(true);
    const all = Object.fromEntries(KB2882421.steps.map((s) => [s.id, passed]));
    expect(playbookProgress(KB2882421, { [KB2882421.steps[0]!.id]: passed })).toMatchObject({ current: 1, done: false });
    expect(playbookProgress(KB2882421, all)).toMatchObject({ current: KB2882421.steps.length, done: true });
  });
});
