// The shapes every action shares: its secret, its result and the wait the window follows. Kept
// apart from the registry (index.ts) so each action can name them without importing the registry.
import type { FixOutcome } from '../../shared/playbooks/types';

/** A secret the admin typed or the main process generated, for this one action. */
export interface ActionSecret {
  value: string;
  generated: boolean;
}

/**
 * What an action reports. `revealable`: a password it set but could not finish with (kept by
 * the main process for one showing, never returned to the renderer in the outcome).
 */
export type ActionResult = FixOutcome & { revealable?: string | null };

/** A wait the window follows (FOLLOWED_ACTIONS): what is waited on now, and the admin's Cancel. */
export interface ActionWait {
  update(what: string): void;
  /** Aborts when the admin stops waiting: the action stops waiting, never the run on the server. */
  cancelled: AbortSignal;
}
