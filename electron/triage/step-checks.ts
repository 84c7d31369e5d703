// "Check everything": every step of every playbook runs its own check, all at once over one
// memo of the ports, and each failing (or unreadable) step becomes a finding that opens it.
import { PLAYBOOKS } from '../../shared/playbooks/index';
import { KB2882421_ID } from '../../shared/playbooks/kb2882421-ids';
import type { Finding } from '../../shared/rules/finding';
import { stepFindings, type StepCheckResult } from '../../shared/rules/step-findings';
import { checkStep } from '../app/check-step';
import type { PortContext } from '../probes/context';
import { readProblem } from '../probes/read-problem';

export async function checkAllSteps(ctx: PortContext, signal?: AbortSignal): Promise<Finding[]> {
  const perPlaybook = await Promise.all(
    PLAYBOOKS.map(async (playbook) => {
      const results = await Promise.all(
        playbook.steps.map(async (step): Promise<StepCheckResult> => {
          try {
            return { step, verdict: await checkStep(ctx, step, signal) };
          } catch (e) {
            let reason: string;
            try {
              reason = readProblem(e);
            } catch {
              reason = e instanceof Error ? e.message : String(e);
            }
            return { step, error: reason };
          }
        }),
      );
      // A playbook whose first step does not apply here (no deprecated tool for an upgrade
      // playbook, no sync tool at all) has nothing to report.
      const first = results[0];
      if (first && 'verdict' in first && first.verdict.status === 'not-applicable') return [];
      const findings = stepFindings(playbook, results);
      // Independent checks (KB 2882421) each report; a playbook of ordered steps (the upgrade
      // paths) reports where it stands: its first failing step.
      return playbook.id === KB2882421_ID ? findings : findings.slice(0, 1);
    }),
  );
  return perPlaybook.flat();
}
