import { KB2882421 } from './kb2882421';
import { UPGRADE_PLAYBOOKS } from './upgrade/playbooks';
import type { Playbook } from './types';

export const PLAYBOOKS: readonly Playbook[] = [KB2882421, ...UPGRADE_PLAYBOOKS];

export function findPlaybook(id: string): Playbook | undefined {
  return PLAYBOOKS.find((p) => p.id === id);
}

export function findStep(playbookId: string, stepId: string) {
  return findPlaybook(playbookId)?.steps.find((s) => s.id === stepId);
}
