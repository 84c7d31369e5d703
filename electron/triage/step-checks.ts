// "Check everything": every step of every playbook runs its own check, all at once over one
// memo of the ports; each playbook's verdicts become findings as that playbook says it reports
// (shared/findings/step-findings.ts), each finding opening its step.
import { PLAYBOOKS } from '../../shared/playbooks/index';
import type { PlaybookStep } from '../../shared/playbooks/types';
import type { Finding } from '../../shared/findings/finding';
import { stepFindings, type StepCheckResult } from '../../shared/findings/step-findings';
import { checkStep } from './check-step';
import type { PortContext } from '../probes/context';
import { readProblem } from '../probes/read-problem';
import { readScope } from '../probes/dirsync-upgrade';
import { hostPath } from '../../shared/playbooks/upgrade/checks';
import { PLAYBOOK_FOR_PATH } from '../../shared/playbooks/upgrade/playbooks';
import { upgradeUnderWay } from '../../shared/findings/upgrade-finding';
import type { UpgradeRecordsData } from '../../shared/playbooks/upgrade/facts';

const UPGRADE_PATH_PLAYBOOKS: ReadonlySet<string> = new Set(Object.values(PLAYBOOK_FOR_PATH));

class StepTimeout extends Error {}

/** One step's check under its own deadline: a source that hangs (and ignores the abort) costs only this step. */
async function checkWithin(ctx: PortContext, step: PlaybookStep, signal: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  // AbortSignal.any, not a listener per step on the caller's signal (forty steps share it).
  const stepSignal = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new StepTimeout(
          `the server or the directory did not answer within ${timeoutMs / 1000} s. Check again; if it keeps happening, the server may be overloaded or a PowerShell call is stuck.`,
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([checkStep(ctx, step, stepSignal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Which upgrade playbook speaks for this server: the chosen path's, else the recommended one's
 * (one problem, one finding; the other paths are offered inside its path step). When the scope
 * cannot be read the in-place playbook reports it (its steps say what could not be read), once.
 */
async function upgradeHost(ctx: PortContext, signal?: AbortSignal): Promise<{ playbookId: string | null; choice: UpgradeRecordsData['choice'] }> {
  const choice = ctx.records?.read().choice ?? null;
  try {
    const path = hostPath(await readScope(ctx, signal));
    return { playbookId: path ? PLAYBOOK_FOR_PATH[path] : null, choice };
  } catch {
    return { playbookId: PLAYBOOK_FOR_PATH['in-place'], choice };
  }
}

export async function checkAllSteps(ctx: PortContext, signal?: AbortSignal, timeoutMs = 60_000): Promise<Finding[]> {
  const host = upgradeHost(ctx, signal);
  const perPlaybook = await Promise.all(
    PLAYBOOKS.map(async (playbook) => {
      const results = await Promise.all(
        playbook.steps.map(async (step): Promise<StepCheckResult> => {
          try {
            return { step, verdict: await checkWithin(ctx, step, signal, timeoutMs) };
          } catch (e) {
            if (e instanceof StepTimeout) return { step, error: e.message };
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
      const findings = stepFindings(playbook, results);
      // (A path that moves sync away makes KB 2882421's "old tool stopped" checks not applicable: check-step.ts.)
      if (!UPGRADE_PATH_PLAYBOOKS.has(playbook.id)) return findings;
      // Of the upgrade paths, only the one that speaks for this server reports (one problem, one finding).
      const { playbookId: hostId, choice } = await host;
      if (playbook.id !== hostId) return [];
      // After a choice the path step is done: the first step left tells where the upgrade stands.
      const [where, ...facts] = findings;
      if (choice && where && where.fixedBy?.stepId !== 'path') return [upgradeUnderWay(playbook, results, choice, where), ...facts];
      return findings;
    }),
  );
  return perPlaybook.flat();
}
