// The upgrade of a deprecated sync tool is one problem, so it is one finding. Before a choice it is
// the path step of the recommended path (the others offered in that step); after a choice it says
// which path is under way, when and by whom it was recorded, and what is left, opening the next
// step of that path.
import { recordedLine } from '../domain/local-time';
import type { Playbook } from '../playbooks/types';
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
