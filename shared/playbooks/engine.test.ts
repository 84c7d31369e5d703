import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IDLE, isSettled, playbookProgress, stepTransition, type StepEvent, type StepRun } from './engine';
import { KB2882421 } from './kb2882421';
import type { ApplyOutcome, PlannedChange, Verdict } from './types';

const verdict = (status: Verdict['status']): Verdict => ({ status, summary: status, evidence: [], checkedAt: '2026-01-01T00:00:00.000Z' });
const plan: PlannedChange = {
  planId: 'abcdef0123456789',
  playbookId: 'kb2882421',
  stepId: 'm1-s2-sync-service-running',
  actionId: 'service.start',
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

describe('step engine', () => {
  it('walks probe → fail → plan → confirm → apply → verified', () => {
    const r = run([{ type: 'probe' }, { type: 'probed', verdict: verdict('fail') }, { type: 'plan' }, { type: 'planned', plan }, { type: 'confirm' }, { type: 'applied', outcome: outcome(true, 'pass') }]);
    expect(r.phase).toBe('verified');
    expect(r.verdict?.status).toBe('pass');
    expect(r.outcome?.fix.ok).toBe(true);
  });

  it('a fix that ran but did not cure the check is still-failing, not verified', () => {
    const r = run([{ type: 'probe' }, { type: 'probed', verdict: verdict('fail') }, { type: 'plan' }, { type: 'planned', plan }, { type: 'confirm' }, { type: 'applied', outcome: outcome(true, 'fail') }]);
    expect(r.phase).toBe('still-failing');
  });

  it('a failed fix is fix-failed and keeps the outcome for the why', () => {
    const r = run([{ type: 'probe' }, { type: 'probed', verdict: verdict('fail') }, { type: 'plan' }, { type: 'planned', plan }, { type: 'confirm' }, { type: 'applied', outcome: outcome(false, 'fail') }]);
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

  it('property: no event sequence reaches verified without a confirm and a passing re-check', () => {
    const ev = fc.oneof(
      fc.constant<StepEvent>({ type: 'probe' }),
      fc.constantFrom('pass', 'fail', 'warn', 'not-applicable').map<StepEvent>((s) => ({ type: 'probed', verdict: verdict(s as Verdict['status']) })),
      fc.constant<StepEvent>({ type: 'probe-failed', error: { code: 'x', message: 'x' } }),
      fc.constant<StepEvent>({ type: 'plan' }),
      fc.boolean().map<StepEvent>((b) => ({ type: 'planned', plan: b ? plan : null })),
      fc.constant<StepEvent>({ type: 'confirm' }),
      fc.constant<StepEvent>({ type: 'cancel' }),
      fc.tuple(fc.boolean(), fc.constantFrom('pass', 'fail', null)).map<StepEvent>(([ok, r]) => ({ type: 'applied', outcome: outcome(ok, r as Verdict['status'] | null) })),
    );
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 30 }), (events) => {
        let r = IDLE;
        let confirmedSinceProbe = false;
        for (const e of events) {
          const next = stepTransition(r, e);
          if (next !== r && e.type === 'probe') confirmedSinceProbe = false;
          if (next !== r && e.type === 'confirm') confirmedSinceProbe = true;
          if (next.phase === 'verified' && r.phase !== 'verified') {
            expect(confirmedSinceProbe).toBe(true);
            expect(next.outcome?.recheck?.status).toBe('pass');
          }
          r = next;
        }
      }),
    );
  });

  it('playbook progress points at the first unsettled step', () => {
    const first = KB2882421.steps[0]!.id;
    expect(playbookProgress(KB2882421, {})).toMatchObject({ current: 0, done: false });
    const verified = run([{ type: 'probe' }, { type: 'probed', verdict: verdict('pass') }]);
    expect(isSettled(verified)).toBe(true);
    expect(playbookProgress(KB2882421, { [first]: verified })).toMatchObject({ current: KB2882421.steps.length, done: true });
  });
});
