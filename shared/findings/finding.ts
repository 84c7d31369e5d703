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
});
export type Finding = z.infer<typeof Finding>;
