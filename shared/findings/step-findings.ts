// One truth: a finding about sync is a playbook step whose own check fails (or could not read
// its facts). This is the one place that turns the verdicts of a playbook's steps into findings
// that open those steps, following the reporting policy the playbook states as data
// (`Playbook.reports`, `Playbook.findingIds`, `PlaybookStep.judges`).
import type { Playbook, PlaybookStep, Verdict } from '../playbooks/types';
import type { Finding, Severity } from './finding';

export type StepCheckResult = { step: PlaybookStep; verdict: Verdict } | { step: PlaybookStep; error: string };

/** results: one per step, in the playbook's order. */
export function stepFindings(playbook: Playbook, results: readonly StepCheckResult[]): Finding[] {
  if (playbook.reports === 'first-failing-step') {
    // A sequence whose first step does not apply here (no deprecated tool for an upgrade path)
    // has nothing to report.
    const first = results[0];
    if (first && 'verdict' in first && first.verdict.status === 'not-applicable') return [];
  }
  const out: { step: PlaybookStep; finding: Finding }[] = [];
  for (const r of results) {
    const finding = stepFinding(playbook, r);
    if (finding) out.push({ step: r.step, finding });
  }
  if (playbook.reports === 'each-failing-step') return out.map((o) => o.finding);
  // Where the sequence stands (its first failing step), and the facts about the server it judges.
  const [where, ...rest] = out;
  return [...(where ? [where] : []), ...rest.filter((o) => o.step.judges === 'server-fact')].map((o) => o.finding);
}

function stepFinding(playbook: Playbook, r: StepCheckResult): Finding | null {
  const fixedBy = { playbookId: playbook.id, stepId: r.step.id };
  if ('error' in r) {
    return {
      id: `${playbook.id}-${r.step.id}-could-not-check`,
      severity: 'warning',
      title: `Could not check: ${r.step.title}. ${r.error}`,
      cite: r.step.cite,
      evidence: [],
      fixedBy,
    };
  }
  const v = r.verdict;
  // An unknown that only waits for an earlier failing step adds nothing: that step is the finding.
  if (v.status === 'unknown' && v.cause === 'waits-for-earlier-step') return null;
  if (v.status === 'unknown') {
    return {
      id: `${playbook.id}-${r.step.id}-unknown`,
      severity: 'warning',
      title: `Unknown: ${r.step.title}. ${v.summary}`,
      cite: r.step.cite,
      evidence: v.evidence,
      fixedBy,
    };
  }
  if (v.status === 'fail' || v.status === 'warn') {
    const severity: Severity = v.severity ?? (v.status === 'fail' ? 'error' : 'warning');
    // A check that names its cause names the finding; otherwise the playbook says how.
    const id = v.cause ?? (playbook.findingIds === 'step' ? r.step.id : `${playbook.id}-${r.step.id}`);
    return { id, severity, title: v.summary, cite: r.step.cite, evidence: v.evidence, fixedBy };
  }
  return null;
}
