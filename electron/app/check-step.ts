// A step's check on fresh facts: not-applicable when the step is not for this tool or logon
// kind, otherwise the step's probe and its pure check. Used by the wizard, triage and the CLI.
import { CHECKS } from '../../shared/playbooks/checks';
import { stepApplies } from '../../shared/playbooks/engine';
import type { PlaybookStep, Verdict } from '../../shared/playbooks/types';
import type { PortContext } from '../probes/context';
import { runProbe } from '../probes/index';
import { readStepFacts } from '../probes/step-facts';

export async function checkStep(ctx: PortContext, step: PlaybookStep, signal?: AbortSignal): Promise<Verdict> {
  if (step.appliesTo) {
    const applies = stepApplies(step, await readStepFacts(ctx, signal));
    if (!applies.applies) return { status: 'not-applicable', summary: applies.reason, evidence: [], checkedAt: ctx.now().toISOString() };
  }
  const output = await runProbe(step.probe, ctx, signal);
  const result = CHECKS[step.check].run(output);
  return { ...result, checkedAt: ctx.now().toISOString() };
}
