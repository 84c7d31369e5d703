// A triage finding: what is wrong, how bad, the evidence, and which playbook fixes it.
import { z } from 'zod';
import { Evidence, KbCitation } from '../playbooks/types';

export const Severity = z.enum(['critical', 'error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const Finding = z.object({
  id: z.string(),
  severity: Severity,
  title: z.string(),
  cite: KbCitation,
  evidence: z.array(Evidence),
  /** The playbook (and step) that walks the admin through the fix; null when none exists yet. */
  fixedBy: z.object({ playbookId: z.string(), stepId: z.string().nullable() }).nullable(),
  /**
   * The root cause this finding follows from, when that cause is a finding now too
   * (shared/findings/causes.ts): the list shows it under that cause, and its step sends the admin there.
   */
  causedBy: z.string().nullable().optional(),
});
export type Finding = z.infer<typeof Finding>;
