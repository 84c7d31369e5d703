// Actions that wait on the sync engine: the window follows them live (what is waited on, the
// seconds so far) and offers a Cancel that stops the waiting, never the run on the server.
// Lifting the deletion threshold once is not among them: its threshold must be put back after
// the cycle, so it is never left halfway by a cancel.
import type { ActionId } from './action-ids';

export const FOLLOWED_ACTIONS: ReadonlySet<ActionId> = new Set<ActionId>(['upgrade.wait-for-run', 'sync.run-cycle']);
