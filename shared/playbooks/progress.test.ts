import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IDLE, stepTransition, type StepEvent, type StepRun } from './engine';
import { fromSavedProgress, SavedProgress, toSavedProgress } from './progress';
import type { PlannedChange, Verdict } from './types';

const verdict = (status: Verdict['status']): Verdict => ({
  status,
  summary: status,
  evidence: [{ label: 'State', value: 'stopped', source: null }],
  checkedAt: '2026-01-01T00:00:00.000Z',
});
const plan: PlannedChange = {
  planId: 'abcdef0123456789',
  playbookId: 'p',
  stepId: 's',
  actionId: 'services.start',
  title: 't',
  changes: [{ target: 'x', property: 'y', from: '1', to: '2' }],
  destructive: false,
  reversible: true,
  expiresAt: '2026-01-01T00:10:00.000Z',
  input: { kind: 'secret', label: 'the new password', purpose: 'reset', canGenerate: true, minLength: 16 },
};
const run = (events: StepEvent[]) => events.reduce(stepTransition, IDLE);

describe('saved playbook progress', () => {
  it('keeps settled and failing phases with their verdicts; drops plans, outcomes and busy phases', () => {
    const runs: Record<string, StepRun> = {
      a: run([{ type: 'probe' }, { type: 'probed', verdict: verdict('pass') }]),
      b: run([{ type: 'probe' }, { type: 'probed', verdict: verdict('fail') }, { type: 'plan' }, { type: 'planned', plan }]),
      c: run([{ type: 'probe' }]),
    };
    const saved = toSavedProgress('kb2882421', 'b', runs, new Date('2026-01-01T00:00:00Z'));
    expect(SavedProgress.parse(saved)).toEqual(saved);
    expect(saved.steps).toEqual({ a: { phase: 'passed', verdict: verdict('pass') }, b: { phase: 'failed', verdict: verdict('fail') } });
    expect(JSON.stringify(saved)).not.toContain('planId');
    const back = fromSavedProgress(saved, ['a', 'b']);
    expect(back.a?.phase).toBe('passed');
    expect(back.b).toMatchObject({ phase: 'failed', plan: null, outcome: null });
  });

  it('forgets steps the playbook no longer has, and refuses unknown fields', () => {
    const saved = toSavedProgress('p', null, { gone: run([{ type: 'probe' }, { type: 'probed', verdict: verdict('pass') }]) }, new Date());
    expect(fromSavedProgress(saved, ['other'])).toEqual({});
    expect(SavedProgress.safeParse({ ...saved, password: 'x' }).success).toBe(false);
    expect(SavedProgress.safeParse({ ...saved, steps: { a: { phase: 'passed', verdict: null, secret: 'x' } } }).success).toBe(false);
    expect(SavedProgress.safeParse({ ...saved, steps: { a: { phase: 'applying', verdict: null } } }).success).toBe(false);
  });

  it('property: whatever the runs, the saved form parses and restores to non-busy phases', () => {
    const ev = fc.oneof(
      fc.constant<StepEvent>({ type: 'probe' }),
      fc.constantFrom('pass', 'fail', 'unknown', 'not-applicable').map<StepEvent>((s) => ({ type: 'probed', verdict: verdict(s as Verdict['status']) })),
      fc.constant<StepEvent>({ type: 'plan' }),
      fc.constant<StepEvent>({ type: 'planned', plan }),
      fc.constant<StepEvent>({ type: 'confirm', inputProvided: true }),
      fc.constant<StepEvent>({ type: 'attest' }),
    );
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 12 }), (events) => {
        const saved = toSavedProgress('p', null, { s: run(events) }, new Date());
        expect(SavedProgress.safeParse(saved).success).toBe(true);
        const back = fromSavedProgress(saved, ['s']).s;
        if (back) expect(['probing', 'planning', 'confirming', 'applying']).not.toContain(back.phase);
      }),
    );
  });
});
