// Where the installed sync tool stands, for the home and the CLI's report, read from the verdict of
// the diagnosis' own tool step (KB 2882421 step 1–2, checkToolSupported over the sync-tool probe):
// one judge, so the home can never call a build supported that the diagnosis reports retired.
import type { ToolStanding } from '../domain/app';
import type { SyncToolGeneration } from '../domain/host';
import type { Verdict } from '../playbooks/types';

export type { ToolStanding };

/**
 * The step's verdict in one word. DirSync and Azure AD Sync: the step leaves them to the upgrade
 * playbooks (not-applicable), so the standing is what the same probe read from the dated floors
 * (`floorStatus`, the row the verdict's "Support" evidence cites).
 */
export function standingOf(
  generation: SyncToolGeneration,
  verdict: Pick<Verdict, 'status' | 'cause'>,
  floorStatus: Exclude<ToolStanding, 'none'>,
): ToolStanding {
  if (generation === 'none') return 'none';
  switch (verdict.status) {
    case 'pass':
      return 'supported';
    case 'warn':
      // Supported today with a dated stop ahead is still supported; the date is shown beside it.
      return verdict.cause === 'sync-tool-stops-soon' ? 'supported' : 'unsupported';
    case 'fail':
      return 'retired';
    case 'unknown':
      return 'unknown';
    case 'not-applicable':
      return generation === 'dirsync' || generation === 'aadsync' ? floorStatus : 'unknown';
  }
}
