// One truth: every finding is a playbook step whose own check fails or could not read its facts
// (shared/findings/step-findings.ts, run by electron/triage). No rule here restates a step's check;
// what is left is how the findings list is judged as a whole.
import type { Finding } from './finding';

/** True when anything needs attention (the CLI's non-zero exit). */
export function needsAttention(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity !== 'info');
}
