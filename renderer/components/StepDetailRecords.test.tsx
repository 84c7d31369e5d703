// @vitest-environment happy-dom
// Records are records in the step view: a manual step the admin attested, whose re-check could not
// confirm it, names who said so and when; a recorded choice has no "Fix this…" and is never
// "Fixed and checked"; a passing re-check of facts still is.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { StepDetail, type StepDetailProps } from './StepDetail';
import type { StepRun } from '../../shared/playbooks/engine';
import { KB2882421 } from '../../shared/playbooks/kb2882421';
import { DIRSYNC_IN_PLACE } from '../../shared/playbooks/upgrade/playbooks';
import type { Verdict } from '../../shared/playbooks/types';

afterEach(cleanup);

const at = '2026-12-06T18:12:50.000Z';
const by = 'LAB\\admin';
const verdict = (status: Verdict['status'], extra: Partial<Verdict> = {}): Verdict => ({
  status,
  summary: `${status} summary`,
  evidence: [],
  checkedAt: at,
  ...extra,
});
const props = (step: StepDetailProps['step'], run: StepRun): StepDetailProps => ({
  step,
  index: 0,
  total: 3,
  run,
  focusTitle: false,
  nextStepId: null,
  routeTitle: null,
  allDone: false,
  onProbe: vi.fn(),
  onPlan: vi.fn(),
  onAttest: vi.fn(),
  onSelect: vi.fn(),
  onDone: vi.fn(),
});

describe('StepDetail on a record', () => {
  it('an attested manual step the re-check could not confirm: "Recorded by <user> at <date and time>"', () => {
    const manual = KB2882421.steps.find((s) => s.manual)!;
    const run: StepRun = {
      phase: 'attested',
      attested: true,
      verdict: verdict('unknown'),
      plan: null,
      error: null,
      outcome: { fix: { ok: true, summary: 'Recorded.', evidence: [], errorCode: null, recorded: { by, at } }, recheck: verdict('unknown') },
    };
    render(<StepDetail {...props(manual, run)} />);
    expect(screen.getByTestId('step-phase').textContent).toMatch(/^Recorded by LAB\\admin at .*2026.*\d:\d\d/);
  });

  it('a recorded choice: named as a record, no fix button; a re-check of facts is "Fixed and checked"', () => {
    const path = DIRSYNC_IN_PLACE.steps.find((s) => s.id === 'path')!;
    const recorded = verdict('pass', { recorded: { by, at } });
    render(<StepDetail {...props(path, { phase: 'recorded', verdict: recorded, plan: null, error: null, outcome: null })} />);
    expect(screen.getByTestId('step-phase').textContent).toMatch(/^Recorded by LAB\\admin at /);
    expect(screen.getByTestId('verdict-recorded').textContent).toMatch(/^Recorded by LAB\\admin at /);
    expect(screen.queryByTestId('fix-button')).toBeNull();
    expect(document.body.textContent).not.toContain('Fixed and checked');
    cleanup();
    render(<StepDetail {...props(path, { phase: 'failed', verdict: verdict('fail'), plan: null, error: null, outcome: null })} />);
    expect(screen.getByTestId('fix-button').textContent).toBe('Choose this path…');
    cleanup();
    const service = KB2882421.steps.find((s) => s.fix === 'start-sync-service')!;
    const fixed: StepRun = {
      phase: 'verified',
      verdict: verdict('pass'),
      plan: null,
      error: null,
      outcome: { fix: { ok: true, summary: 'started', evidence: [], errorCode: null }, recheck: verdict('pass') },
    };
    render(<StepDetail {...props(service, fixed)} />);
    expect(screen.getByTestId('step-phase').textContent).toBe('Fixed and checked');
  });
});
