// Who moves in a UPN suffix move. The picker lists every user of the suffix, all chosen at first;
// the admin leaves some out, one by one or all that a search finds. The move is then sent as the
// chosen DNs ("only these"), never as "all but the left-out": a user who gained the suffix after
// the list was read was never seen by the admin, so is not moved.
import type { UpnSuffixUsers } from '../../shared/readiness/ipc';
import type { UpnPick, UpnUserChoice } from './workbench-store';

/** Lower-cased "UPN DN" of each user, built once per list so a search over 200,000 stays quick. */
export function searchKeys(list: UpnSuffixUsers): string[] {
  return list.users.map((u) => `${u.userPrincipalName}\u0000${u.dn}`.toLowerCase());
}

/** Indices of the users whose UPN or DN holds the query (case-insensitive); all of them for an empty query. */
export function matchUsers(keys: readonly string[], query: string): number[] {
  const q = query.trim().toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < keys.length; i++) if (!q || keys[i]!.includes(q)) out.push(i);
  return out;
}

export type UpnMoveChoice =
  | { ready: false; why: string }
  /** `users` undefined and `chosen` null: every user of the suffix (too many to list and choose from). */
  | { ready: true; chosen: number | null; users: UpnUserChoice | undefined };

/** What the preview is asked for, or why it cannot be asked yet. */
export function moveChoiceOf(pick: UpnPick | null): UpnMoveChoice {
  if (!pick) return { ready: false, why: 'Choose the suffix to move users from.' };
  if (pick.error) return { ready: false, why: `The users of ${pick.from} could not be listed: ${pick.error.message}` };
  if (!pick.list) return { ready: false, why: `Listing the users of ${pick.from}…` };
  const { users, truncated } = pick.list;
  if (truncated) return { ready: true, chosen: null, users: undefined };
  if (!users.length) return { ready: false, why: `No user has a UPN ending in @${pick.from} any more.` };
  const dns = users.filter((u) => !pick.leftOut.has(u.dn)).map((u) => u.dn);
  if (!dns.length) return { ready: false, why: 'No user is chosen: choose at least one user to move.' };
  return { ready: true, chosen: dns.length, users: { mode: 'only', dns } };
}
