// The wizard: which playbook is open, which step is shown, and one StepRun per step driven by
// the pure step engine (probe -> verdict; plan -> confirm dialog; confirm -> apply -> outcome
// and re-check). Every async answer carries a ticket; an answer whose ticket is no longer the
// step's latest (playbook closed, scenario switched, step re-run) is dropped.
import { nextActionFor } from '../../shared/playbooks/next-actions';
import type { ResponseOf, SecretInput } from '../../shared/ipc/contract';

export type RunWaitStatus = ResponseOf<'step:wait-status'>;
import { IDLE, isBusy, playbookProgress, stepTransition, type StepError, type StepEvent, type StepRun } from '../../shared/playbooks/engine';
import { findPlaybook } from '../../shared/playbooks/index';
import { fromSavedProgress, toSavedProgress } from '../../shared/playbooks/progress';
import type { IpcError } from '../../shared/ipc/errors';
import type { SliceCreator } from './slice';
import type { FindingsSlice } from './findings-slice';

export interface WizardSlice {
  playbookId: string | null;
  selectedStepId: string | null;
  runs: Readonly<Record<string, StepRun>>;
  /** Why saved progress was ignored (corrupt file), in words; null otherwise. */
  progressProblem: string | null;
  /**
   * Steps whose shown state was restored from saved progress and not checked in this run, with
   * when it was last checked. Opening such a step checks it again; until then it says so.
   */
  notCheckedSince: Readonly<Record<string, string>>;
  /**
   * Open a playbook at its first step (or the given one) and run that step's check. Progress
   * saved before (another app run) is restored first. false for an unknown id.
   */
  startPlaybook(playbookId: string, stepId?: string): boolean;
  closePlaybook(): void;
  selectStep(stepId: string): void;
  probeStep(stepId: string): Promise<void>;
  /** Ask the main process what the fix would change; a plan opens the confirm dialog. */
  planFix(stepId: string): Promise<void>;
  /**
   * The admin confirmed the dialog: apply the plan once, then show the outcome and re-check.
   * A plan that asks for a secret gets it here, sent once to the main process and not kept.
   */
  confirmFix(stepId: string, secret?: SecretInput): Promise<void>;
  /** The admin says the manual step is done: the main process records it and checks again. */
  attestStep(stepId: string): Promise<void>;
  /** What the running sync-run wait waits on and for how long (null when the call failed). */
  runWaitStatus(): Promise<RunWaitStatus | null>;
  /** The deletion-gap list as CSV (as `gap list --format csv` makes it), or the problem. */
  exportGapCsv(): Promise<{ csv: string; rows: number } | { problem: string }>;
  /** Stop the running sync-run wait; its fix then reports that it stopped. */
  cancelRunWait(): Promise<boolean>;
  /** Ask the main process for the password a half-finished fix set, once. null when it is gone. */
  revealSecret(revealId: string): Promise<string | null>;
  cancelFix(stepId: string): void;
  /** Forget every run (the facts changed underneath, e.g. another lab scenario). */
  resetWizard(): void;
}

/** Turn an IPC error into what the step shows; the detail (host error code, schema path) helps support. */
export function toStepError(error: IpcError): StepError {
  return { code: error.code, message: error.detail ? `${error.message} (${error.detail})` : error.message };
}

/** Events after which a step shows facts read in this run (a check, or a fix or attestation with its re-check). */
const READS_FACTS: ReadonlySet<StepEvent['type']> = new Set(['probe', 'confirm', 'attest']);

function without(map: Readonly<Record<string, string>>, key: string): Readonly<Record<string, string>> {
  if (!(key in map)) return map;
  const { [key]: _gone, ...rest } = map;
  return rest;
}

export const createWizardSlice: SliceCreator<WizardSlice, Pick<FindingsSlice, 'findings' | 'diagnose'>> = (api) => (set, get) => {
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

  /** Save the open playbook's progress in the main process (settled phases and verdicts only). */
  const save = () => {
    const { playbookId, selectedStepId, runs } = get();
    if (!playbookId) return;
    // A save that fails (a standard user cannot make the install key in the administrators-only
    // folder) is said once in the wizard: the steps work, only the next start will not resume them.
    void api.call('progress:save', toSavedProgress(playbookId, selectedStepId, runs, new Date())).then((r) => {
      if (!r.ok && get().playbookId === playbookId && !get().progressProblem)
        set({ progressProblem: `Progress is not saved for the next start: ${r.error.message}` });
    });
  };

  /** Feed one event to a step's run; returns the new run, or null when the event did not fit. */
  const send = (stepId: string, event: StepEvent): StepRun | null => {
    const before = get().runs[stepId] ?? IDLE;
    const after = stepTransition(before, event);
    if (after === before) return null;
    set({ runs: { ...get().runs, [stepId]: after }, ...(READS_FACTS.has(event.type) ? { notCheckedSince: without(get().notCheckedSince, stepId) } : {}) });
    if (!isBusy(after) && after.phase !== 'confirming') save();
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
    progressProblem: null,
    notCheckedSince: {},

    startPlaybook(playbookId, stepId) {
      const playbook = findPlaybook(playbookId);
      if (!playbook || playbook.steps.length === 0) return false;
      forgetAll();
      const wanted = stepId && playbook.steps.some((s) => s.id === stepId) ? stepId : undefined;
      const first = wanted ?? playbook.steps[playbookProgress(playbook, {}).current]?.id ?? null;
      set({ playbookId: playbook.id, selectedStepId: first, runs: {}, progressProblem: null, notCheckedSince: {} });
      // The check only reads; running it at once saves the admin a click.
      if (first) void get().probeStep(first);
      // Progress saved before (another app run) fills in the steps not checked yet in this one.
      const opened = generation;
      void api.call('progress:load', { playbookId: playbook.id }).then((loaded) => {
        if (opened !== generation || !loaded.ok) return;
        const { progress, problem } = loaded.value;
        if (!progress) {
          set({ progressProblem: problem });
          return;
        }
        const restored = fromSavedProgress(
          progress,
          playbook.steps.map((s) => s.id),
        );
        // A restored verdict is from an earlier run: shown as such until the step is checked again.
        const current = get().runs;
        const since: Record<string, string> = {};
        for (const [id, run] of Object.entries(restored)) if (!(id in current)) since[id] = run.verdict?.checkedAt ?? progress.savedAt;
        set({ runs: { ...restored, ...current }, notCheckedSince: { ...get().notCheckedSince, ...since } });
        const resumeAt = progress.selectedStepId;
        if (!wanted && resumeAt && resumeAt !== first && playbook.steps.some((s) => s.id === resumeAt)) get().selectStep(resumeAt);
      });
      return true;
    },

    closePlaybook() {
      forgetAll();
      set({ playbookId: null, selectedStepId: null, runs: {}, progressProblem: null, notCheckedSince: {} });
      // The start page shows the state as it is now, not the findings from before the fix.
      if (get().findings) void get().diagnose();
    },

    selectStep(stepId) {
      if (!stepOf(stepId)) return;
      set({ selectedStepId: stepId });
      // A step opened for the first time checks itself, as the first one does; so does one whose
      // state was restored from an earlier run (its facts may have changed since).
      if ((get().runs[stepId] ?? IDLE).phase === 'idle' || stepId in get().notCheckedSince) void get().probeStep(stepId);
      else save();
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

    async confirmFix(stepId, secret) {
      if (!stepOf(stepId)) return;
      const plan = get().runs[stepId]?.plan;
      // The transition to 'applying' happens before the call: a second confirm finds the step
      // already applying and is refused by the engine, so a plan is never applied twice.
      if (!plan || !send(stepId, { type: 'confirm', inputProvided: !!secret })) return;
      const ticket = issue(stepId);
      const result = await api.call('step:apply', plan.input && secret ? { planId: plan.planId, secret } : { planId: plan.planId });
      if (!isCurrent(ticket)) return;
      send(stepId, result.ok ? { type: 'applied', outcome: result.value } : { type: 'apply-failed', error: toStepError(result.error) });
    },

    async runWaitStatus() {
      const result = await api.call('step:wait-status', {});
      return result.ok ? result.value : null;
    },

    async exportGapCsv() {
      const result = await api.call('gap:export-csv', {});
      return result.ok ? result.value : { problem: result.error.message };
    },

    async cancelRunWait() {
      const result = await api.call('step:wait-cancel', {});
      return result.ok && result.value.cancelled;
    },

    async attestStep(stepId) {
      const ref = stepOf(stepId);
      if (!ref || !nextActionFor(ref.step, ref.step.manual ? { status: 'fail' } : get().runs[stepId]?.verdict) || !send(stepId, { type: 'attest' })) return;
      const ticket = issue(stepId);
      const result = await api.call('step:attest', { playbookId: ref.playbookId, stepId });
      if (!isCurrent(ticket)) return;
      send(stepId, result.ok ? { type: 'applied', outcome: result.value } : { type: 'apply-failed', error: toStepError(result.error) });
    },

    async revealSecret(revealId) {
      const result = await api.call('secret:reveal', { revealId });
      return result.ok ? result.value.secret : null;
    },

    cancelFix(stepId) {
      send(stepId, { type: 'cancel' });
    },

    resetWizard() {
      forgetAll();
      set({ runs: {}, notCheckedSince: {} });
      const { selectedStepId } = get();
      if (get().playbookId && selectedStepId) void get().probeStep(selectedStepId);
    },
  };
};
