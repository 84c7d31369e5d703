// One truth: a finding about sync is a playbook step whose own check fails (or could not read
// its facts). This turns the verdicts of every step into findings that open that step.
import type { Playbook, PlaybookStep, Verdict } from '../playbooks/types';
import type { Finding, Severity } from './finding';

export type StepCheckResult = { step: PlaybookStep; verdict: Verdict } | { step: PlaybookStep; error: string };

export function stepFindings(playbook: Playbook, results: readonly StepCheckResult[]): Finding[] {
  const out: Finding[] = [];
  for (const r of results) {
    const fixedBy = { playbookId: playbook.id, stepId: r.step.id };
    if ('error' in r) {
      out.push({ id: `${playbook.id}-${r.step.id}-could-not-check`, severity: 'warning', title: `Could not check: ${r.step.title}. ${r.error}`, cite: r.step.cite, evidence: [], fixedBy });
      continue;
    }
    const v = r.verdict;
    // An unknown that only waits for an earlier failing step adds nothing: that step is the finding.
    if (v.status === 'unknown' && v.cause === 'waits-for-earlier-step') continue;
    if (v.status === 'unknown') {
      out.push({ id: `${playbook.id}-${r.step.id}-unknown`, severity: 'warning', title: `Unknown: ${r.step.title}. ${v.summary}`, cite: r.step.cite, evidence: v.evidence, fixedBy });
    } else if (v.status === 'fail' || v.status === 'warn') {
      const severity: Severity = v.severity ?? (v.status === 'fail' ? 'error' : 'warning');
      // The KB 2882421 checks name their cause; other playbooks' steps are named by playbook and step.
      const id = v.cause ?? (playbook.id === 'kb2882421' ? r.step.id : `${playbook.id}-${r.step.id}`);
      out.push({ id, severity, title: v.summary, cite: r.step.cite, evidence: v.evidence, fixedBy });
    }
  }
  return out;
}
