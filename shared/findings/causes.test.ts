// The cause table as data: every row cites its NOTES-windows.md section and a public page, names
// steps that exist, and the ordering puts a root cause before the findings that follow from it.
import { describe, expect, it } from 'vitest';
import { findStep } from '../playbooks/index';
import { KB2882421_ID, STEP } from '../playbooks/kb2882421-ids';
import { cite, KB } from '../playbooks/kb-articles';
import { blockingCause, CAUSES, causesHolding, causeStepsOf, orderByCause } from './causes';
import type { Finding } from './finding';

const finding = (id: string, stepId: string, severity: Finding['severity']): Finding => ({
  id,
  severity,
  title: id,
  cite: cite(KB.syncStopped),
  evidence: [],
  fixedBy: { playbookId: KB2882421_ID, stepId },
});
const verdict = (status: 'fail' | 'pass', cause?: string) => ({ status, cause, summary: `${cause ?? 'ok'} summary` });

describe('the cause table', () => {
  it.each(CAUSES.map((r) => [r.id, r] as const))('%s: its steps exist, it cites its NOTES section and a public page', (_id, row) => {
    expect(findStep(KB2882421_ID, row.cause.stepId), row.cause.stepId).toBeTruthy();
    for (const s of row.symptoms) expect(findStep(KB2882421_ID, s.stepId), s.stepId).toBeTruthy();
    expect(row.notes).toMatch(/^NOTES-windows\.md §\d+/);
    expect(row.source.url).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    expect(row.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.because.length).toBeGreaterThan(20);
    // A cause never follows from itself.
    expect(row.symptoms.some((s) => s.stepId === row.cause.stepId && s.findingIds.some((f) => row.cause.findingIds.includes(f)))).toBe(false);
  });

  it('the cause graph has no cycle (the causes of a step are checked before it, recursively)', () => {
    const visit = (stepId: string, path: string[]): void => {
      expect(path, `cycle through ${[...path, stepId].join(' -> ')}`).not.toContain(stepId);
      for (const c of causeStepsOf(stepId)) visit(c, [...path, stepId]);
    };
    for (const r of CAUSES) for (const s of r.symptoms) visit(s.stepId, []);
  });

  it('names every cause the issue lists for a failed run, and the logon accounts for a stopped service', () => {
    const causesOfRuns = CAUSES.filter((r) => r.blocksFix && r.symptoms.some((s) => s.stepId === STEP.syncRuns)).flatMap((r) => r.cause.findingIds);
    expect(causesOfRuns).toEqual(
      expect.arrayContaining([
        'endpoint-unreachable',
        'tls12-disabled-in-windows',
        'tls12-not-enforced',
        'sync-tool-retired',
        'scheduler-suspended',
        'cloud-account-sign-in-failed',
      ]),
    );
    const causesOfStops = CAUSES.filter(
      (r) => r.blocksFix && r.symptoms.some((s) => s.stepId === STEP.servicesRunning && s.findingIds.includes('sync-service-stopped')),
    ).flatMap((r) => r.cause.findingIds);
    expect(causesOfStops).toEqual(expect.arrayContaining(['service-account-disabled', 'service-account-locked', 'service-account-password-expired']));
  });
});

describe('causes that hold', () => {
  it('a failed run with the endpoint blocked holds that cause and blocks the cycle; once the endpoint answers, nothing holds', () => {
    expect(causeStepsOf(STEP.syncRuns)).toContain(STEP.endpoint);
    const blocked = causesHolding(STEP.syncRuns, verdict('fail', 'sync-run-failed'), new Map([[STEP.endpoint, verdict('fail', 'endpoint-unreachable')]]));
    expect(blocked.map((h) => h.findingId)).toEqual(['endpoint-unreachable']);
    expect(blockingCause(blocked)?.stepId).toBe(STEP.endpoint);
    expect(causesHolding(STEP.syncRuns, verdict('fail', 'sync-run-failed'), new Map([[STEP.endpoint, verdict('pass')]]))).toEqual([]);
  });

  it('a symptom the row does not name is not caused by it (object errors are not an endpoint problem)', () => {
    expect(causesHolding(STEP.syncRuns, verdict('fail', 'sync-run-errors'), new Map([[STEP.endpoint, verdict('fail', 'endpoint-unreachable')]]))).toEqual([]);
  });

  it('the scheduler turned off explains a stale sync without blocking the cycle a person starts', () => {
    const held = causesHolding(STEP.syncRuns, verdict('fail', 'no-recent-successful-sync'), new Map([[STEP.scheduler, verdict('fail', 'scheduler-disabled')]]));
    expect(held.map((h) => h.findingId)).toEqual(['scheduler-disabled']);
    expect(blockingCause(held)).toBeNull();
    const suspended = causesHolding(
      STEP.syncRuns,
      verdict('fail', 'no-recent-successful-sync'),
      new Map([[STEP.scheduler, verdict('fail', 'scheduler-suspended')]]),
    );
    expect(blockingCause(suspended)?.findingId).toBe('scheduler-suspended');
  });
});

describe('cause before symptom', () => {
  it('lists the root cause first even when a symptom is more severe, each symptom under it with causedBy', () => {
    // As tls12-disabled diagnoses today: the endpoint (critical) and the run (error) follow from TLS (error).
    const ordered = orderByCause([
      finding('endpoint-unreachable', STEP.endpoint, 'critical'),
      finding('sync-run-failed', STEP.syncRuns, 'error'),
      finding('dirsync-in-place-upgrade-path', 'path', 'error'),
      finding('tls12-disabled-in-windows', STEP.tls, 'error'),
    ]);
    expect(ordered.map((f) => [f.id, f.causedBy])).toEqual([
      ['tls12-disabled-in-windows', null],
      ['endpoint-unreachable', 'tls12-disabled-in-windows'],
      ['sync-run-failed', 'tls12-disabled-in-windows'],
      ['dirsync-in-place-upgrade-path', null],
    ]);
  });

  it('without its cause present a symptom is a root of its own', () => {
    const ordered = orderByCause([finding('sync-run-failed', STEP.syncRuns, 'error'), finding('endpoint-unreachable', STEP.endpoint, 'critical')]);
    expect(ordered.map((f) => [f.id, f.causedBy])).toEqual([
      ['endpoint-unreachable', null],
      ['sync-run-failed', 'endpoint-unreachable'],
    ]);
    expect(orderByCause([finding('sync-run-failed', STEP.syncRuns, 'error')])[0]!.causedBy).toBeNull();
  });
});
