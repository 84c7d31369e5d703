// A step's check on fresh facts: not-applicable when the step is not for this tool or logon
// kind, otherwise the probe its check reads and that pure check. Used by the wizard, triage and the CLI.
// A port that could not answer (not elevated, the sync module missing, the DC unreachable) makes
// the verdict "unknown", with what the app needs in words: the step then offers its retry, never
// a fix, and never shows a raw error code alone.
import { blockingCause, causeStepsOf, causesHolding, type HeldCause } from '../../shared/findings/causes';
import { CHECKS } from '../../shared/playbooks/checks';
import { findStep } from '../../shared/playbooks/index';
import { KB2882421_ID } from '../../shared/playbooks/kb2882421-ids';
import { stepApplies } from '../../shared/playbooks/engine';
import { stoppedByThePath } from '../../shared/findings/upgrade-finding';
import type { PlaybookStep, Verdict } from '../../shared/playbooks/types';
import { DirectoryError, HostError } from '../ports/errors';
import type { PortContext } from '../probes/context';
import { runProbe } from '../probes/index';
import { readProblem } from '../probes/read-problem';
import { readStepFacts } from '../probes/step-facts';

export async function checkStep(ctx: PortContext, step: PlaybookStep, signal?: AbortSignal): Promise<Verdict> {
  return (await checkStepWithCauses(ctx, step, signal)).verdict;
}

/**
 * The verdict, and the causes that hold for it now (shared/findings/causes.ts): a failing step
 * whose failure follows from another step's failing check is routed to that cause's step, and
 * when the cause makes this step's fix fail, the verdict says the fix does not apply (the planner
 * gets the same causes and offers nothing).
 */
export async function checkStepWithCauses(ctx: PortContext, step: PlaybookStep, signal?: AbortSignal): Promise<{ verdict: Verdict; held: HeldCause[] }> {
  const inKb = findStep(KB2882421_ID, step.id) === step;
  // One judge for the diagnosis and the planner: a path moving sync away stops the old tool here on purpose.
  const own = await checkOwnFacts(ctx, step, signal);
  const verdict = inKb ? stoppedByThePath(own, () => ctx.records?.read().choice ?? null) : own;
  if (verdict.status !== 'fail' && verdict.status !== 'warn') return { verdict, held: [] };
  const causeSteps = inKb ? causeStepsOf(step.id) : [];
  if (!causeSteps.length) return { verdict, held: [] };
  const causeVerdicts = new Map<string, Verdict>();
  await Promise.all(
    causeSteps.map(async (id) => {
      const s = findStep(KB2882421_ID, id);
      if (s) causeVerdicts.set(id, await checkStep(ctx, s, signal));
    }),
  );
  const held = causesHolding(step.id, verdict, causeVerdicts);
  if (!held.length) return { verdict, held };
  // The root: a held cause that follows from no other cause itself (TLS before the endpoint).
  const blocking = blockingCause(held);
  const first = blocking ?? held[0]!;
  const root = held.find((h) => h.row.blocksFix === first.row.blocksFix && !causeVerdicts.get(h.stepId)?.causedBy) ?? first;
  const causeStep = findStep(KB2882421_ID, root.stepId);
  const reason = `${root.row.because} Fix the cause first: ${causeStep?.title ?? root.stepId}.`;
  return {
    verdict: {
      ...verdict,
      ...(blocking ? { fixable: false } : {}),
      route: { stepId: root.stepId, reason },
      causedBy: { findingId: root.findingId, stepId: root.stepId },
    },
    held: [root, ...held.filter((h) => h !== root)],
  };
}

async function checkOwnFacts(ctx: PortContext, step: PlaybookStep, signal?: AbortSignal): Promise<Verdict> {
  const checkedAt = () => ctx.now().toISOString();
  if (step.appliesTo) {
    const applies = stepApplies(step, await readStepFacts(ctx, signal));
    if (!applies.applies) return { status: 'not-applicable', summary: applies.reason, evidence: [], checkedAt: checkedAt() };
  }
  let output;
  try {
    output = await runProbe(CHECKS[step.check].probe, ctx, signal);
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
