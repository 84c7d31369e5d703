// @vitest-environment happy-dom
// An explanation-only verdict ends in something to do: the exact change, then "I did it: check again".
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { StepDetail } from './StepDetail';
import { KB2882421 } from '../../shared/playbooks/kb2882421';
import { STEP } from '../../shared/playbooks/kb2882421-ids';
import type { Verdict } from '../../shared/playbooks/types';

afterEach(cleanup);

const services = KB2882421.steps.find((s) => s.id === STEP.servicesRunning)!;
const verdict = (cause: string): Verdict => ({
  status: 'fail',
  cause,
  fixable: false,
  severity: 'critical',
  summary: 'The service is stopped.',
  evidence: [],
  checkedAt: '2026-12-06T10:00:00.000Z',
});

function show(v: Verdict, onAttest = vi.fn()) {
  render(
    <StepDetail
      step={services}
      index={2}
      total={16}
      focusTitle={false}
      nextStepId={null}
      routeTitle={null}
      allDone={false}
      run={{ phase: 'failed', verdict: v, plan: null, outcome: null, error: null }}
      onProbe={vi.fn()}
      onPlan={vi.fn()}
      onAttest={onAttest}
      onSelect={vi.fn()}
      onDone={vi.fn()}
    />,
  );
  return onAttest;
}

describe('StepDetail: every step ends in something to do', () => {
  it('a missing "Log on as a service" right shows where to grant it and "I did it: check again"', () => {
    const onAttest = show(verdict('service-logon-right-missing'));
    const manual = screen.getByTestId('manual-step');
    expect(manual.textContent).toMatch(/gpresult \/H/);
    expect(manual.textContent).toMatch(/gpupdate \/force/);
    expect(screen.queryByTestId('fix-button')).toBeNull();
    fireEvent.click(screen.getByTestId('attest-button'));
    expect(screen.getByTestId('attest-button').textContent).toBe('I did it: check again');
    expect(onAttest).toHaveBeenCalledTimes(1);
  });

  it('an unreadable encryption key gets the key tool, not a route to Method 2', () => {
    show(verdict('sync-key-unreadable'));
    expect(screen.getByTestId('manual-step').textContent).toMatch(/miiskmu\.exe \/a/);
    expect(screen.queryByTestId('route-button')).toBeNull();
  });

  it('a stopped service whose fix is offered shows the fix, not a manual step', () => {
    show({ ...verdict('sync-service-stopped'), fixable: undefined, severity: 'error' });
    expect(screen.queryByTestId('manual-step')).toBeNull();
    expect(screen.getByTestId('fix-button')).toBeTruthy();
  });
});
