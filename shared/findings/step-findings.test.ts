// The reporting policy is the playbook's data: the same failing verdicts give one finding from a
// playbook that reports its first failing step, and one per step from one that reports each.
import { describe, expect, it } from 'vitest';
import { cite, KB } from '../playbooks/kb-articles';
import type { Playbook, PlaybookStep, Verdict } from '../playbooks/types';
import { stepFindings, type StepCheckResult } from './step-findings';

const step = (id: string, over: Partial<PlaybookStep> = {}): PlaybookStep => ({
  id,
  title: `Step ${id}`,
  why: 'why',
  cite: cite(KB.syncStopped, 'Method 1', '1'),
  check: 'tls12-enabled',
  fix: null,
  ...over,
});
const verdict = (status: Verdict['status'], cause?: string): Verdict => ({
  status,
  summary: `${status} summary`,
  evidence: [],
  checkedAt: '2026-01-01T00:00:00.000Z',
  ...(cause ? { cause } : {}),
});
const playbook = (
  reports: Playbook['reports'],
  findingIds: Playbook['findingIds'] = 'playbook-and-step',
  steps = [step('a'), step('b'), step('c', { judges: 'server-fact' }), step('d')],
): Playbook => ({
  id: 'pb',
  title: 'A playbook',
  summary: 'summary',
  cite: cite(KB.syncStopped),
  reports,
  findingIds,
  steps,
});
const results = (p: Playbook, statuses: Verdict['status'][]): StepCheckResult[] =>
  p.steps.map((s, i) => ({ step: s, verdict: verdict(statuses[i] ?? 'pass') }));

describe('reporting policy as data', () => {
  it('first-failing-step: failing stages give one finding, the first', () => {
    const p = playbook('first-failing-step');
    const found = stepFindings(p, results(p, ['pass', 'fail', 'pass', 'fail']));
    expect(found.map((f) => f.id)).toEqual(['pb-b']);
    expect(found[0]).toMatchObject({ severity: 'error', fixedBy: { playbookId: 'pb', stepId: 'b' } });
  });

  it('each-failing-step: the same verdicts give a finding per failing step', () => {
    const p = playbook('each-failing-step');
    expect(stepFindings(p, results(p, ['pass', 'fail', 'pass', 'fail'])).map((f) => f.id)).toEqual(['pb-b', 'pb-d']);
  });

  it('first-failing-step still reports a failing step that judges a fact about the server', () => {
    const p = playbook('first-failing-step');
    expect(stepFindings(p, results(p, ['fail', 'fail', 'warn', 'fail'])).map((f) => f.id)).toEqual(['pb-a', 'pb-c']);
    // The server fact alone is where the playbook stands when it is the first failing step.
    expect(stepFindings(p, results(p, ['pass', 'pass', 'fail', 'pass'])).map((f) => f.id)).toEqual(['pb-c']);
  });

  it('first-failing-step reports nothing when its first step does not apply here; each-failing-step goes on', () => {
    const first = playbook('first-failing-step');
    expect(stepFindings(first, results(first, ['not-applicable', 'fail', 'fail', 'fail']))).toEqual([]);
    const each = playbook('each-failing-step');
    expect(stepFindings(each, results(each, ['not-applicable', 'fail', 'pass', 'pass'])).map((f) => f.id)).toEqual(['pb-b']);
  });

  it('a step that could not be checked is where a sequence stands', () => {
    const p = playbook('first-failing-step');
    const r: StepCheckResult[] = [{ step: p.steps[0]!, error: 'no answer' }, ...results(p, ['pass', 'fail', 'pass', 'fail']).slice(1)];
    expect(stepFindings(p, r).map((f) => f.id)).toEqual(['pb-a-could-not-check']);
  });

  it('names a finding by its cause, else by step or by playbook and step as the playbook says', () => {
    const byStep = playbook('each-failing-step', 'step');
    expect(stepFindings(byStep, results(byStep, ['fail', 'pass', 'pass', 'pass'])).map((f) => f.id)).toEqual(['a']);
    const r: StepCheckResult[] = [{ step: byStep.steps[0]!, verdict: verdict('fail', 'tls12-off') }];
    expect(stepFindings(byStep, r).map((f) => f.id)).toEqual(['tls12-off']);
    const byBoth = playbook('each-failing-step', 'playbook-and-step');
    expect(stepFindings(byBoth, results(byBoth, ['fail', 'pass', 'pass', 'pass'])).map((f) => f.id)).toEqual(['pb-a']);
  });
});
