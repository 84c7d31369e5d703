// Derived views of the state that more than one component needs.
import { IDLE, type StepRun } from '../../shared/playbooks/engine';
import { findPlaybook } from '../../shared/playbooks/index';
import type { Playbook, PlaybookStep } from '../../shared/playbooks/types';
import type { AppState } from './store';

export const selectPlaybook = (s: AppState): Playbook | null => (s.playbookId ? (findPlaybook(s.playbookId) ?? null) : null);

export const selectSelectedStep = (s: AppState): PlaybookStep | null => selectPlaybook(s)?.steps.find((step) => step.id === s.selectedStepId) ?? null;

export const selectRun = (s: AppState, stepId: string | null | undefined): StepRun => (stepId ? s.runs[stepId] : undefined) ?? IDLE;

/** The step whose plan waits for the admin's yes or no, if any. */
export const selectConfirmingStepId = (s: AppState): string | null => {
  const id = s.selectedStepId;
  return id && s.runs[id]?.phase === 'confirming' ? id : null;
};
