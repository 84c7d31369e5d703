// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { StepList } from './StepList';
import type { PlaybookStep } from '../../shared/playbooks/types';
import { KB2882421 } from '../../shared/playbooks/kb2882421';

afterEach(cleanup);

const base = KB2882421.steps[0]!;
const steps: PlaybookStep[] = ['a', 'b', 'c'].map((id, i) => ({ ...base, id, title: `Step ${id}`, cite: { ...base.cite, step: String(i + 1) } }));

describe('StepList', () => {
  it('is one Tab stop; arrows, Home and End move focus; Enter opens a step', () => {
    const onSelect = vi.fn();
    render(
      <StepList
        steps={steps}
        runs={{ b: { phase: 'failed', verdict: null, plan: null, outcome: null, error: null } }}
        selectedStepId="a"
        onSelect={onSelect}
      />,
    );
    const [a, b, c] = steps.map((s) => screen.getByTestId(`step-item-${s.id}`));
    expect([a, b, c].map((el) => el!.tabIndex)).toEqual([0, -1, -1]);
    expect(a!.getAttribute('aria-current')).toBe('step');
    expect(b!.textContent).toContain('Problem found');

    a!.focus();
    fireEvent.keyDown(a!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(b);
    fireEvent.keyDown(b!, { key: 'End' });
    expect(document.activeElement).toBe(c);
    fireEvent.keyDown(c!, { key: 'ArrowDown' }); // stays on the last step
    expect(document.activeElement).toBe(c);
    expect(c!.tabIndex).toBe(0);
    fireEvent.keyDown(c!, { key: 'Home' });
    expect(document.activeElement).toBe(a);
    fireEvent.keyDown(a!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(a);
    fireEvent.click(b!); // Enter and Space on a button arrive as click
    expect(onSelect).toHaveBeenCalledWith('b');
  });
});
