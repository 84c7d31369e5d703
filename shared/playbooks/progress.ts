// A playbook's progress as it is saved between app runs: per step the settled phase and the
// verdict that showed it, nothing else. Plans, outcomes and busy phases are not saved (a plan
// is made again from fresh facts; an action half-way is not resumed blindly), and the schema is
// strict, so nothing that is not listed here (a secret included) can be saved or loaded.
import { z } from 'zod';
import { IDLE, type StepPhase, type StepRun } from './engine';
import { Verdict } from './types';

/** Phases worth remembering; busy and dialog phases are saved as the verdict they started from. */
export const SavedPhase = z.enum([
  'passed',
  'not-applicable',
  'unknown',
  'failed',
  'probe-error',
  'verified',
  'still-failing',
  'fix-failed',
  'attested',
  'recorded',
]);
export type SavedPhase = z.infer<typeof SavedPhase>;

export const SavedStep = z.object({ phase: SavedPhase, verdict: Verdict.strict().nullable() }).strict();
export type SavedStep = z.infer<typeof SavedStep>;

export const SavedProgress = z
  .object({
    version: z.literal(1),
    playbookId: z.string().min(1).max(128),
    selectedStepId: z.string().min(1).max(128).nullable(),
    savedAt: z.iso.datetime(),
    /** The server the verdicts are about (stamped by the main process): another server's progress is never restored. */
    server: z.string().min(1).max(256).optional(),
    steps: z.record(z.string().min(1).max(128), SavedStep),
  })
  .strict();
export type SavedProgress = z.infer<typeof SavedProgress>;

/** What a step run is worth saving as; null when there is nothing to keep. */
function savedPhase(run: StepRun): SavedPhase | null {
  const p: StepPhase = run.phase;
  if (SavedPhase.safeParse(p).success) return p as SavedPhase;
  // A plan being made or confirmed, or a fix running: the step had failed before that.
  if ((p === 'planning' || p === 'confirming' || p === 'applying' || p === 'no-fix') && run.verdict) return 'failed';
  return null;
}

export function toSavedProgress(playbookId: string, selectedStepId: string | null, runs: Readonly<Record<string, StepRun>>, now: Date): SavedProgress {
  const steps: Record<string, SavedStep> = {};
  for (const [stepId, run] of Object.entries(runs)) {
    const phase = savedPhase(run);
    if (phase) steps[stepId] = { phase, verdict: run.verdict && stripVerdict(run.verdict) };
  }
  return { version: 1, playbookId, selectedStepId, savedAt: now.toISOString(), steps };
}

/** Runs restored from saved progress, only for steps the playbook still has. */
export function fromSavedProgress(saved: SavedProgress, stepIds: readonly string[]): Record<string, StepRun> {
  const known = new Set(stepIds);
  const runs: Record<string, StepRun> = {};
  for (const [stepId, step] of Object.entries(saved.steps)) {
    if (known.has(stepId)) runs[stepId] = { ...IDLE, phase: step.phase, verdict: step.verdict, attested: step.phase === 'attested' };
  }
  return runs;
}

/** Only the verdict's own fields, so the strict schema accepts it. */
function stripVerdict(v: Verdict): Verdict {
  const { status, summary, evidence, checkedAt, route, recorded } = v;
  return { status, summary, evidence, checkedAt, ...(route === undefined ? {} : { route }), ...(recorded ? { recorded } : {}) };
}
