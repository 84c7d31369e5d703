// A step's check on fresh facts: not-applicable when the step is not for this tool or logon
// kind, otherwise the step's probe and its pure check. Used by the wizard, triage and the CLI.
// A port that could not answer (not elevated, the sync module missing, the DC unreachable) makes
// the verdict "unknown", with what the app needs in words: the step then offers its retry, never
// a fix, and never shows a raw error code alone.
import { CHECKS } from '../../shared/playbooks/checks';
import { stepApplies } from '../../shared/playbooks/engine';
import type { PlaybookStep, Verdict } from '../../shared/playbooks/types';
import { DirectoryError, HostError } from '../ports/errors';
import type { PortContext } from '../probes/context';
import { runProbe } from '../probes/index';
import { readProblem } from '../probes/read-problem';
import { readStepFacts } from '../probes/step-facts';

export async function checkStep(ctx: PortContext, step: PlaybookStep, signal?: AbortSignal): Promise<Verdict> {
  const checkedAt = () => ctx.now().toISOString();
  if (step.appliesTo) {
    const applies = stepApplies(step, await readStepFacts(ctx, signal));
    if (!applies.applies) return { status: 'not-applicable', summary: applies.reason, evidence: [], checkedAt: checkedAt() };
  }
  let output;
  try {
    output = await runProbe(step.probe, ctx, signal);
  } catch (e) {
    if (!(e instanceof HostError) && !(e instanceof DirectoryError)) throw e;
    const where = e instanceof HostError ? 'the server' : 'the directory';
    return {
      status: 'unknown',
      summary: `This could not be checked: ${readProblem(e)}`,
      evidence: [{ label: `What ${where} answered`, value: `${e.code}: ${e.message}`, source: e instanceof HostError ? 'host' : 'directory' }],
      checkedAt: checkedAt(),
    };
  }
  const result = CHECKS[step.check].run(output);
  return { ...result, checkedAt: checkedAt() };
}
