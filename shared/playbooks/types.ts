// Playbooks are data: ordered steps that each cite their article, read one probe, decide with one
// pure check, and may offer one fix. The wire shapes (verdicts, plans, outcomes) have zod schemas
// because they cross IPC.
import { z } from 'zod';

/** Where a step comes from. `file` is the article's file name in the KB kit (../shared/kb). */
export const KbCitation = z.object({
  file: z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/),
  kb: z.string().regex(/^\d+$/).nullable(),
  title: z.string().min(1),
  method: z.string().nullable(),
  step: z.string().nullable(),
});
export type KbCitation = z.infer<typeof KbCitation>;

export const Evidence = z.object({
  label: z.string(),
  value: z.string(),
  /** Where the fact came from: the command, query or event that produced it. */
  source: z.string().nullable(),
});
export type Evidence = z.infer<typeof Evidence>;

export const VerdictStatus = z.enum(['pass', 'fail', 'warn', 'not-applicable']);
export type VerdictStatus = z.infer<typeof VerdictStatus>;

export const Verdict = z.object({
  status: VerdictStatus,
  summary: z.string(),
  evidence: z.array(Evidence),
  /** ISO time the probe ran. */
  checkedAt: z.iso.datetime(),
});
export type Verdict = z.infer<typeof Verdict>;

export const PlannedChangeItem = z.object({
  /** What is changed: "Service ADSync", "Account CN=svc,CN=Users,DC=...". */
  target: z.string(),
  /** Which property: "state", "userAccountControl: ACCOUNTDISABLE". */
  property: z.string(),
  from: z.string(),
  to: z.string(),
});
export type PlannedChangeItem = z.infer<typeof PlannedChangeItem>;

export const PlannedChange = z.object({
  planId: z.string().min(8).max(64),
  playbookId: z.string(),
  stepId: z.string(),
  actionId: z.string(),
  title: z.string(),
  /** Every change the fix will make, listed for the confirmation dialog. */
  changes: z.array(PlannedChangeItem).min(1),
  destructive: z.boolean(),
  reversible: z.boolean(),
  /** ISO time after which the plan must be made again (the facts may have moved on). */
  expiresAt: z.iso.datetime(),
});
export type PlannedChange = z.infer<typeof PlannedChange>;

export const FixOutcome = z.object({
  ok: z.boolean(),
  summary: z.string(),
  evidence: z.array(Evidence),
  /** Set when the fix failed: the host or directory error code (service-logon-failed, ...). */
  errorCode: z.string().nullable(),
});
export type FixOutcome = z.infer<typeof FixOutcome>;

export const ApplyOutcome = z.object({
  fix: FixOutcome,
  /** The step's probe and check run again after the fix; null when the fix did not run. */
  recheck: Verdict.nullable(),
});
export type ApplyOutcome = z.infer<typeof ApplyOutcome>;

/** A step as data. Probe, check and fix are named; their code is looked up in registries. */
export interface PlaybookStep {
  id: string;
  title: string;
  /** One or two sentences, the app's own words: why this matters. */
  why: string;
  cite: KbCitation;
  probe: ProbeId;
  check: CheckId;
  fix: FixId | null;
}

export interface Playbook {
  id: string;
  title: string;
  summary: string;
  cite: KbCitation;
  steps: readonly PlaybookStep[];
}

/** Probe, check and fix names. Each is declared in its registry; these unions keep playbooks honest. */
export type ProbeId = 'sync-service';
export type CheckId = 'sync-service-running';
export type FixId = 'start-sync-service';
