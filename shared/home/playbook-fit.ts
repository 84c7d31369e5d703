// Which playbooks fit this server: the home offers only those (the rest stay in "All playbooks").
// KB 2882421 fits every server (its first step finds out whether a tool is installed at all);
// the DirSync upgrade paths fit only a server that still runs DirSync or Azure AD Sync.
import type { AppInfo } from '../domain/app';
import type { Playbook } from '../playbooks/types';
import { KB2882421_ID, STEP } from '../playbooks/kb2882421-ids';

export const UPGRADE_IN_PLACE_ID = 'dirsync-in-place-upgrade';
export const UPGRADE_NEW_SERVER_ID = 'dirsync-uninstall-new-server';

type SyncTool = Pick<AppInfo['syncTool'], 'generation' | 'bitness'>;

const isOldTool = (tool: SyncTool) => tool.generation === 'dirsync' || tool.generation === 'aadsync';

export function playbookFits(playbook: Pick<Playbook, 'id'>, tool: SyncTool): boolean {
  return playbook.id === KB2882421_ID || isOldTool(tool);
}

/**
 * Where "the deprecated or 32-bit tool" leads on this server: the upgrade path for its tool (the
 * 32-bit DirSync cannot be upgraded in place), or KB 2882421's build step for Entra Connect, or its
 * install step when no tool is installed.
 */
export function toolUpgradeTarget(tool: SyncTool): { playbookId: string; stepId: string | null } {
  if (isOldTool(tool)) return { playbookId: tool.bitness === '32' ? UPGRADE_NEW_SERVER_ID : UPGRADE_IN_PLACE_ID, stepId: null };
  return { playbookId: KB2882421_ID, stepId: tool.generation === 'none' ? STEP.toolInstalled : STEP.toolSupported };
}
