// "Check everything": every step of every playbook runs its own check, all at once over one
// memo of the ports, and each failing (or unreadable) step becomes a finding that opens it.
import { PLAYBOOKS } from '../../shared/playbooks/index';
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
      return stepFindings(playbook, results);
    }),
  );
  return perPlaybook.flat();
}
