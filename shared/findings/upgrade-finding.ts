// The upgrade of a deprecated sync tool is one problem, so it is one finding. Before a choice it is
// the path step of the recommended path (the others offered in that step); after a choice it says
// which path is under way, when and by whom it was recorded, and what is left, opening the next
// step of that path.
import { recordedLine } from '../domain/local-time';
import type { Playbook, Verdict } from '../playbooks/types';
import { PATH_WORDS, type UpgradeRecordsData } from '../playbooks/upgrade/facts';
import type { Finding } from './finding';
import type { StepCheckResult } from './step-findings';

type Choice = NonNullable<UpgradeRecordsData['choice']>;

/** Steps of the path not done yet: failing, unknown or not checkable (passed and not-applicable ones are done). */
export function stepsLeft(results: readonly StepCheckResult[]): StepCheckResult[] {
  return results.filter((r) => 'error' in r || (r.verdict.status !== 'pass' && r.verdict.status !== 'not-applicable'));
}

/** The finding of the path's next step, told as the state of the whole upgrade. */
export function upgradeUnderWay(playbook: Playbook, results: readonly StepCheckResult[], choice: Choice, next: Finding): Finding {
  const left = stepsLeft(results);
  const nextStep = playbook.steps.find((s) => s.id === next.fixedBy?.stepId);
  const recorded = recordedLine(choice);
  const nextWords = nextStep ? ` Next: ${nextStep.title}.` : '';
  return {
    ...next,
    title: `Upgrade under way: ${PATH_WORDS[choice.path]} (${recorded}). ${left.length} of ${playbook.steps.length} steps left.${nextWords} ${next.title}`,
    evidence: [
      { label: 'Path under way', value: PATH_WORDS[choice.path], source: 'recorded choice' },
      { label: 'Chosen', value: `${recorded} (${choice.at})`, source: 'recorded choice' },
      { label: 'Steps left', value: left.map((r) => r.step.title).join('; '), source: playbook.title },
      ...next.evidence,
    ],
  };
}

/** The upgrade paths that install Entra Connect on another server. */
const MOVES_AWAY: ReadonlySet<Choice['path']> = new Set(['uninstall-reinstall', 'parallel']);
/** KB 2882421 findings that such a path brings about on the old server by design. */
const STOPPED_BY_THE_PATH: ReadonlySet<string> = new Set(['sync-service-stopped', 'dirsync-rejected-events', 'no-sync-tool']);

/**
 * While a path that moves sync to another server is under way, the old tool here is stopped and
 * removed on purpose: a failing check that only says so (its services stopped, no tool, the
 * removed tool's events) does not apply, so neither the diagnosis nor the planner offers to start
 * it again or to install a tool here (that would undo the path). Any other verdict is kept.
 */
export function stoppedByThePath(verdict: Verdict, readChoice: () => UpgradeRecordsData['choice']): Verdict {
  // The records are read only for the few verdicts a path could explain (a file read, per step).
  if ((verdict.status !== 'fail' && verdict.status !== 'warn') || !verdict.cause || !STOPPED_BY_THE_PATH.has(verdict.cause)) return verdict;
  const choice = readChoice();
  if (!choice || !MOVES_AWAY.has(choice.path)) return verdict;
  return {
    status: 'not-applicable',
    summary: `The upgrade under way (${PATH_WORDS[choice.path]}, ${recordedLine(choice)}) moves sync to another server and stops the old tool here on purpose; starting it again or installing a tool here would undo that. The upgrade's own finding says what is left.`,
    evidence: verdict.evidence,
    checkedAt: verdict.checkedAt,
  };
}
