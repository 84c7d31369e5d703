// The wizard: which playbook is open, which step is shown, and one StepRun per step driven by
// the pure step engine (probe -> verdict; plan -> confirm dialog; confirm -> apply -> outcome
// and re-check). Every async answer carries a ticket; an answer whose ticket is no longer the
// step's latest (playbook closed, scenario switched, step re-run) is dropped.
import { IDLE, playbookProgress, stepTransition, type StepError, type StepEvent, type StepRun } from '../../shared/playbooks/engine';
import { findPlaybook } from '../../shared/playbooks/index';
import type { IpcError } from '../../shared/ipc/errors';
import type { SliceCreator } from './store';

export interface WizardSlice {
  playbookId: string | null;
  selectedStepId: string | null;
  runs: Readonly<Record<string, StepRun>>;
  /** Open a playbook at its first step (or the given one) and run that step's check. false for an unknown id. */
  startPlaybook(playbookId: string, stepId?: string): boolean;
  closePlaybook(): void;
  selectStep(stepId: string): void;
  probeStep(stepId: string): Promise<void>;
  /** Ask the main process what the fix would change; a plan opens the confirm dialog. */
  planFix(stepId: string): Promise<void>;
  /** The admin confirmed the dialog: apply the plan once, then show the outcome and re-check. */
  confirmFix(stepId: string): Promise<void>;
  cancelFix(stepId: string): void;
  /** Forget every run (the facts changed underneath, e.g. another lab scenario). */
  resetWizard(): void;
}

/** Turn an IPC error into what the step shows; the detail (host error code, schema path) helps support. */
export function toStepError(error: IpcError): StepError {
  return { code: error.code, message: error.detail ? `${error.message} (${error.detail})` : error.message };
}

export const createWizardSlice: SliceCreator<WizardSlice> = (api) => (set, get) => {
  // Per step, the ticket of the latest request; bumping `generation` makes every ticket stale.
  let generation = 0;
  const latest = new Map<string, number>();
  let counter = 0;
  const issue = (stepId: string) => {
    const ticket = ++counter;
    latest.set(`${generation}/${stepId}`, ticket);
    return { generation, stepId, ticket };
  };
  const isCurrent = (t: { generation: number; stepId: string; ticket: number }) =>
    t.generation === generation && latest.get(`${generation}/${t.stepId}`) === t.ticket;

  /** Feed one event to a step's run; returns the new run, or null when the event did not fit. */
  const send = (stepId: string, event: StepEvent): StepRun | null => {
    const before = get().runs[stepId] ?? IDLE;
    const after = stepTransition(before, event);
    if (after === before) return null;
    set({ runs: { ...get().runs, [stepId]: after } });
    return after;
  };

  const stepOf = (stepId: string) => {
    const playbookId = get().playbookId;
    const playbook = playbookId ? findPlaybook(playbookId) : undefined;
    const step = playbook?.steps.find((s) => s.id === stepId);
    return playbook && step ? { playbookId: playbook.id, step } : null;
  };

  const forgetAll = () => {
    generation++;
    latest.clear();
  };

  return {
    playbookId: null,
    selectedStepId: null,
    runs: {},

    startPlaybook(playbookId, stepId) {
      const playbook = findPlaybook(playbookId);
      if (!playbook || playbook.steps.length === 0) return false;
      forgetAll();
      const wanted = stepId && playbook.steps.some((s) => s.id === stepId) ? stepId : undefined;
      const first = wanted ?? playbook.steps[playbookProgress(playbook, {}).current]?.id ?? null;
      set({ playbookId: playbook.id, selectedStepId: first, runs: {} });
      // The check only reads; running it at once saves the admin a click.
      if (first) void get().probeStep(first);
      return true;
    },

    closePlaybook() {
      forgetAll();
      set({ playbookId: null, selectedStepId: null, runs: {} });
    },

    selectStep(stepId) {
      if (stepOf(stepId)) set({ selectedStepId: stepId });
    },

    async probeStep(stepId) {
      const ref = stepOf(stepId);
      if (!ref || !send(stepId, { type: 'probe' })) return;
      const ticket = issue(stepId);
      const result = await api.call('step:probe', { playbookId: ref.playbookId, stepId });
      if (!isCurrent(ticket)) return;
      send(stepId, result.ok ? { type: 'probed', verdict: result.value } : { type: 'probe-failed', error: toStepError(result.error) });
    },

    async planFix(stepId) {
      const ref = stepOf(stepId);
      if (!ref) return;
      if (!ref.step.fix) return;
      if (!send(stepId, { type: 'plan' })) return;
      const ticket = issue(stepId);
      const result = await api.call('step:plan', { playbookId: ref.playbookId, stepId });
      if (!isCurrent(ticket)) return;
      send(stepId, result.ok ? { type: 'planned', plan: result.value } : { type: 'plan-failed', error: toStepError(result.error) });
    },

    async confirmFix(stepId) {
      if (!stepOf(stepId)) return;
      const plan = get().runs[stepId]?.plan;
      // The transition to 'applying' happens before the call: a second confirm finds the step
      // already applying and is refused by the engine, so a plan is never applied twice.
      if (!plan || !send(stepId, { type: 'confirm' })) return;
      const ticket = issue(stepId);
      const result = await api.call('step:apply', { planId: plan.planId });
      if (!isCurrent(ticket)) return;
      send(stepId, result.ok ? { type: 'applied', outcome: result.value } : { type: 'apply-failed', error: toStepError(result.error) });
    },

    cancelFix(stepId) {
      send(stepId, { type: 'cancel' });
    },

    resetWizard() {
      forgetAll();
      set({ runs: {} });
      const { selectedStepId } = get();
      if (get().playbookId && selectedStepId) void get().probeStep(selectedStepId);
    },
  };
};
