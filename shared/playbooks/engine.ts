// The step engine: a pure state machine for one wizard step (probe, verdict, plan, confirm,
// fix, re-check) and the rule that picks the playbook's current step. The UI and the CLI
// feed it events; it never performs I/O.
import type { ApplyOutcome, Playbook, PlannedChange, Verdict } from './types';

export type StepPhase =
  | 'idle'
  | 'probing'
  | 'passed'
  | 'not-applicable'
  | 'failed'
  | 'probe-error'
  | 'planning'
  | 'no-fix'
  | 'confirming'
  | 'applying'
  | 'verified'
  | 'still-failing'
  | 'fix-failed';

export interface StepError {
  code: string;
  message: string;
}

export interface StepRun {
  phase: StepPhase;
  verdict: Verdict | null;
  plan: PlannedChange | null;
  outcome: ApplyOutcome | null;
  error: StepError | null;
}

export type StepEvent =
  | { type: 'probe' }
  | { type: 'probed'; verdict: Verdict }
  | { type: 'probe-failed'; error: StepError }
  | { type: 'plan' }
  | { type: 'planned'; plan: PlannedChange | null }
  | { type: 'plan-failed'; error: StepError }
  | { type: 'confirm' }
  | { type: 'cancel' }
  | { type: 'applied'; outcome: ApplyOutcome }
  | { type: 'apply-failed'; error: StepError };

export const IDLE: StepRun = Object.freeze({ phase: 'idle', verdict: null, plan: null, outcome: null, error: null });

/** Phases from which the admin may (re)run the probe. */
const PROBE_FROM: ReadonlySet<StepPhase> = new Set([
  'idle', 'passed', 'not-applicable', 'failed', 'probe-error', 'no-fix', 'verified', 'still-failing', 'fix-failed',
]);
/** Phases from which a fix may be planned: only after a failing verdict. */
const PLAN_FROM: ReadonlySet<StepPhase> = new Set(['failed', 'still-failing', 'fix-failed']);

/**
 * Apply one event. An event that does not fit the current phase returns the same object,
 * unchanged, so callers can tell (`next === run`) and stale async results are ignored.
 */
export function stepTransition(run: StepRun, event: StepEvent): StepRun {
  switch (event.type) {
    case 'probe':
      return PROBE_FROM.has(run.phase) ? { ...IDLE, phase: 'probing' } : run;
    case 'probed':
      if (run.phase !== 'probing') return run;
      return { ...IDLE, phase: verdictPhase(event.verdict), verdict: event.verdict };
    case 'probe-failed':
      return run.phase === 'probing' ? { ...IDLE, phase: 'probe-error', error: event.error } : run;
    case 'plan':
      return PLAN_FROM.has(run.phase) ? { ...run, phase: 'planning', plan: null, error: null } : run;
    case 'planned':
      if (run.phase !== 'planning') return run;
      return event.plan ? { ...run, phase: 'confirming', plan: event.plan } : { ...run, phase: 'no-fix' };
    case 'plan-failed':
      return run.phase === 'planning' ? { ...run, phase: 'fix-failed', error: event.error } : run;
    case 'cancel':
      return run.phase === 'confirming' ? { ...run, phase: 'failed', plan: null } : run;
    case 'confirm':
      return run.phase === 'confirming' ? { ...run, phase: 'applying' } : run;
    case 'applied': {
      if (run.phase !== 'applying') return run;
      const { fix, recheck } = event.outcome;
      const phase: StepPhase = !fix.ok ? 'fix-failed' : recheck?.status === 'pass' ? 'verified' : 'still-failing';
      return { ...run, phase, outcome: event.outcome, verdict: recheck ?? run.verdict, error: null };
    }
    case 'apply-failed':
      return run.phase === 'applying' ? { ...run, phase: 'fix-failed', error: event.error } : run;
  }
}

function verdictPhase(v: Verdict): StepPhase {
  switch (v.status) {
    case 'pass':
      return 'passed';
    case 'not-applicable':
      return 'not-applicable';
    case 'warn':
    case 'fail':
      return 'failed';
  }
}

/** A step is settled when the playbook may move past it. */
export function isSettled(run: StepRun | undefined): boolean {
  return !!run && (run.phase === 'passed' || run.phase === 'verified' || run.phase === 'not-applicable');
}

export function isBusy(run: StepRun | undefined): boolean {
  return !!run && (run.phase === 'probing' || run.phase === 'planning' || run.phase === 'applying');
}

export interface PlaybookProgress {
  /** Index of the first step that is not settled; steps.length when all are. */
  current: number;
  settled: number;
  total: number;
  done: boolean;
}

/** Steps run in the article's order: the current step is the first one not yet settled. */
export function playbookProgress(playbook: Playbook, runs: Readonly<Record<string, StepRun>>): PlaybookProgress {
  const total = playbook.steps.length;
  let current = total;
  let settled = 0;
  playbook.steps.forEach((s, i) => {
    if (isSettled(runs[s.id])) settled++;
    else if (current === total) current = i;
  });
  return { current, settled, total, done: settled === total };
}
