// A fix's plan before the main process stores it: apart from the fix table so the upgrade fixes
// can name it without importing the table that imports them.
import type { PlannedChange } from './types';

/** actionId is PlannedChange's: one of ACTION_IDS (./action-ids.ts), so a plan naming an unknown action fails the typecheck. */
export type FixPlanDraft = Pick<PlannedChange, 'actionId' | 'title' | 'changes' | 'destructive' | 'reversible' | 'input' | 'warnings'> & {
  /** What the executor needs: validated again by the main process before it acts. */
  args: Record<string, unknown>;
};
