// The playbook's steps with their status. One Tab stop for the whole list (roving tabindex):
// arrow keys, Home and End move between steps, Enter or Space opens one.
import { useRef, useState, type KeyboardEvent } from 'react';
import { IDLE, type StepRun } from '../../shared/playbooks/engine';
import type { PlaybookStep } from '../../shared/playbooks/types';
import { PHASE_LABEL, dateTime } from '../words';
import { StatusBadge } from './StatusBadge';

export interface StepListProps {
  steps: readonly PlaybookStep[];
  runs: Readonly<Record<string, StepRun>>;
  selectedStepId: string | null;
  /** Steps shown as restored from an earlier run, with when they were last checked. */
  notCheckedSince?: Readonly<Record<string, string>>;
  onSelect: (stepId: string) => void;
}

export function StepList({ steps, runs, selectedStepId, notCheckedSince = {}, onSelect }: StepListProps) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const selectedIndex = Math.max(
    0,
    steps.findIndex((s) => s.id === selectedStepId),
  );
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const tabStop = focusIndex ?? selectedIndex;

  function moveTo(index: number) {
    const clamped = Math.min(steps.length - 1, Math.max(0, index));
    setFocusIndex(clamped);
    buttons.current[clamped]?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const keys: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowRight: index + 1,
      ArrowUp: index - 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: steps.length - 1,
    };
    const target = keys[event.key];
    if (target === undefined) return;
    event.preventDefault();
    moveTo(target);
  }

  return (
    <nav aria-label="Steps" className="step-nav">
      <ol className="step-list">
        {steps.map((step, i) => {
          const run = runs[step.id] ?? IDLE;
          const label = PHASE_LABEL[run.phase];
          const selected = step.id === selectedStepId;
          return (
            <li key={step.id}>
              <button
                ref={(el) => {
                  buttons.current[i] = el;
                }}
                type="button"
                className={selected ? 'step-item selected' : 'step-item'}
                aria-current={selected ? 'step' : undefined}
                tabIndex={i === tabStop ? 0 : -1}
                onKeyDown={(e) => onKeyDown(e, i)}
                onFocus={() => setFocusIndex(i)}
                onClick={() => onSelect(step.id)}
                data-testid={`step-item-${step.id}`}
              >
                <span className="step-number">{i + 1}</span>
                <span className="step-title">{step.title}</span>
                <StatusBadge text={label.text} tone={label.tone} />
                {notCheckedSince[step.id] && (
                  <span className="muted small step-stale" data-testid="step-stale">
                    from {dateTime(notCheckedSince[step.id]!)}, not checked since
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
