// The step engine: a pure state machine for one wizard step (probe, verdict, plan, confirm,
// fix, re-check) and the rule that picks the playbook's current step. The UI and the CLI
// feed it events; it never performs I/O and never holds a secret: a fix that needs one only
// learns that the admin provided it (the secret itself goes to the main process once).
// Manual steps: the admin does the work and attests; the re-check then decides, as for a fix.
import type { ApplyOutcome, LogonKind, Playbook, PlaybookStep, PlannedChange, StepFacts, Verdict } from './types';

export type StepPhase =
  | 'idle'
  | 'probing'
  | 'passed'
  | 'not-applicable'
  | 'unknown'
  | 'failed'
  | 'probe-error'
  | 'planning'
  | 'no-fix'
  | 'confirming'
  | 'applying'
  | 'verified'
  | 'still-failing'
  | 'fix-failed'
  /** A manual step the admin said is done, whose re-check could not read evidence either way. */
  | 'attested'
  /** Settled by what the admin recorded (a chosen path, a step done elsewhere): not a check of facts. */
  | 'recorded';

export interface StepError {
  code: string;
  message: string;
}

export interface StepRun {
  phase: StepPhase;
  /** true while (and after) the admin attested manual work, until the next probe. */
  attested?: boolean;
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
  /** inputProvided: the admin typed a secret or asked for a generated one (needed when the plan asks). */
  | { type: 'confirm'; inputProvided?: boolean }
  /** The admin says the manual work is done; the re-check follows. */
  | { type: 'attest' }
  | { type: 'cancel' }
  | { type: 'applied'; outcome: ApplyOutcome }
  | { type: 'apply-failed'; error: StepError };

export const IDLE: StepRun = Object.freeze({ phase: 'idle', verdict: null, plan: null, outcome: null, error: null });

/** Phases from which the admin may (re)run the probe. */
const PROBE_FROM: ReadonlySet<StepPhase> = new Set([
  'idle',
  'passed',
  'not-applicable',
  'unknown',
  'failed',
  'probe-error',
  'no-fix',
  'verified',
  'still-failing',
  'fix-failed',
  'attested',
  'recorded',
]);
/**
 * Phases from which a fix may be planned (or manual work attested): only after a failing verdict.
 * Never from 'unknown' or 'probe-error': a fix never runs on facts that could not be read.
 */
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
      if (run.phase !== 'confirming') return run;
      if (run.plan?.input && !event.inputProvided) return run;
      return { ...run, phase: 'applying' };
    case 'attest':
      return PLAN_FROM.has(run.phase) ? { ...run, phase: 'applying', plan: null, attested: true, error: null } : run;
    case 'applied': {
      if (run.phase !== 'applying') return run;
      const { fix, recheck } = event.outcome;
      return { ...run, phase: appliedPhase(fix.ok, recheck, !!run.attested), outcome: event.outcome, verdict: recheck ?? run.verdict, error: null };
    }
    case 'apply-failed':
      return run.phase === 'applying' ? { ...run, phase: 'fix-failed', error: event.error } : run;
  }
}

function appliedPhase(fixOk: boolean, recheck: Verdict | null, attested: boolean): StepPhase {
  if (!fixOk) return 'fix-failed';
  // Only a passing re-check of facts is "fixed and checked"; a pass that rests on a record is a record.
  if (recheck?.status === 'pass') return recheck.recorded ? 'recorded' : 'verified';
  if (recheck?.status === 'unknown' || !recheck) return attested ? 'attested' : 'unknown';
  return 'still-failing';
}

function verdictPhase(v: Verdict): StepPhase {
  switch (v.status) {
    case 'pass':
      return v.recorded ? 'recorded' : 'passed';
    case 'not-applicable':
      return 'not-applicable';
    case 'unknown':
      return 'unknown';
    case 'warn':
    case 'fail':
      return 'failed';
  }
}

/** A step is settled when the playbook may move past it. */
export function isSettled(run: StepRun | undefined): boolean {
  return (
    !!run && (run.phase === 'passed' || run.phase === 'verified' || run.phase === 'not-applicable' || run.phase === 'attested' || run.phase === 'recorded')
  );
}

/** Where a failing step says the playbook continues (a 1069 start failure → Method 2), if anywhere. */
export function routeOf(run: StepRun | undefined): { stepId: string; reason: string } | null {
  if (!run || !PLAN_FROM.has(run.phase)) return null;
  return run.verdict?.route ?? null;
}

/** Whether a step applies to the facts read; null facts (unread) never rule a step out. */
export function stepApplies(step: PlaybookStep, facts: StepFacts): { applies: true } | { applies: false; reason: string } {
  const gens = step.appliesTo?.generations;
  if (gens && facts.generation && !gens.includes(facts.generation)) {
    return { applies: false, reason: `This step is not for the installed sync tool (${facts.generation}).` };
  }
  const kinds = step.appliesTo?.logonKinds;
  if (kinds && facts.logonKind && !kinds.includes(facts.logonKind)) {
    return { applies: false, reason: `This step is not for a service that logs on as a ${LOGON_KIND_WORDS[facts.logonKind]}.` };
  }
  return { applies: true };
}

export const LOGON_KIND_WORDS: Record<LogonKind, string> = {
  virtual: 'virtual service account',
  managed: 'managed service account',
  'domain-user': 'domain user account',
  'local-user': 'local user account of the server',
  'local-system': 'LocalSystem',
  builtin: 'built-in Windows identity',
};

export function isBusy(run: StepRun | undefined): boolean {
  return !!run && (run.phase === 'probing' || run.phase === 'planning' || run.phase === 'applying');
}

export interface PlaybookProgress {
  /** Index of the first step that is not settled; steps.length when all are. */
  current: number;
  /** Set when the current step failed and routes elsewhere: the index of the step it routes to. */
  routedTo: number | null;
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
  const route = current < total ? routeOf(runs[playbook.steps[current]!.id]) : null;
  const routed = route ? playbook.steps.findIndex((s) => s.id === route.stepId) : -1;
  return { current, routedTo: routed >= 0 ? routed : null, settled, total, done: settled === total };
}
