// "Check everything": every step of every playbook runs its own check, all at once over one
// memo of the ports, and each failing (or unreadable) step becomes a finding that opens it.
import { PLAYBOOKS } from '../../shared/playbooks/index';
import { KB2882421_ID } from '../../shared/playbooks/kb2882421-ids';
import type { Finding } from '../../shared/rules/finding';
import { stepFindings, type StepCheckResult } from '../../shared/rules/step-findings';
import { checkStep } from '../app/check-step';
import type { PortContext } from '../probes/context';
import { readProblem } from '../probes/read-problem';

/** Upgrade-playbook steps that judge this server's state whatever the path's progress. */
const SERVER_FACT_STEPS: ReadonlySet<string> = new Set(['sync-account', 'prereq-no-adfs']);

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
      // An upgrade playbook whose first step does not apply here (no deprecated tool) has nothing
      // to report. KB 2882421's steps are independent: each says itself when it does not apply
      // (its step 1 leaves DirSync and AADSync to the upgrade playbooks, the others still judge them).
      const first = results[0];
      if (playbook.id !== KB2882421_ID && first && 'verdict' in first && first.verdict.status === 'not-applicable') return [];
      const findings = stepFindings(playbook, results);
      // Independent checks (KB 2882421) each report; a playbook of ordered steps (the upgrade
      // paths) reports where it stands: its first failing step.
      // Facts about the server rather than stages of the path (the tool's directory account,
      // AD FS here) are reported too, each from the one playbook (the active path) that judges them.
      if (playbook.id === KB2882421_ID) return findings;
      const where = findings.slice(0, 1);
      const facts = findings.slice(1).filter((f) => f.fixedBy && SERVER_FACT_STEPS.has(f.fixedBy.stepId ?? ''));
      return [...where, ...facts];
    }),
  );
  return perPlaybook.flat();
}
