// The UPN move's choice: a search over UPN and DN, and the request it makes (always the chosen
// DNs, in the list's order), or why there is none yet.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UpnSuffixUsers } from '../../shared/readiness/ipc';
import { matchUsers, moveChoiceOf, searchKeys } from './upn-pick';
import type { UpnPick } from './workbench-store';

const list = (names: string[], truncated = false): UpnSuffixUsers => ({
  suffix: 'corp.local',
  users: names.map((n, i) => ({ dn: `CN=${n},OU=${i % 2 ? 'Sales' : 'Staff'},DC=corp,DC=local`, userPrincipalName: `${n}@corp.local` })),
  truncated,
});
const pick = (l: UpnSuffixUsers | null, leftOut: string[] = [], error: UpnPick['error'] = null): UpnPick => ({
  from: 'corp.local',
  list: l,
  error,
  leftOut: new Set(leftOut),
});

describe('UPN move choice', () => {
  it('searches UPN and DN, case-insensitive; an empty search finds everyone', () => {
    const keys = searchKeys(list(['Ann', 'bob', 'Cyd']));
    expect(matchUsers(keys, '')).toEqual([0, 1, 2]);
    expect(matchUsers(keys, '  ANN ')).toEqual([0]);
    expect(matchUsers(keys, 'ou=sales')).toEqual([1]);
    expect(matchUsers(keys, 'nobody')).toEqual([]);
  });

  it('says why there is no preview yet, or asks for only the chosen users', () => {
    const l = list(['ann', 'bob', 'cyd']);
    expect(moveChoiceOf(null)).toEqual({ ready: false, why: 'Choose the suffix to move users from.' });
    expect(moveChoiceOf(pick(null))).toEqual({ ready: false, why: 'Listing the users of corp.local…' });
    expect(moveChoiceOf(pick(null, [], { code: 'unavailable', message: 'No directory is connected.', detail: null }))).toMatchObject({
      ready: false,
      why: expect.stringContaining('could not be listed: No directory is connected.'),
    });
    expect(moveChoiceOf(pick(list([])))).toMatchObject({ ready: false, why: expect.stringContaining('No user has a UPN ending in @corp.local') });
    expect(
      moveChoiceOf(
        pick(
          l,
          l.users.map((u) => u.dn),
        ),
      ),
    ).toMatchObject({ ready: false, why: expect.stringContaining('No user is chosen') });
    expect(moveChoiceOf(pick(l, [l.users[1]!.dn]))).toEqual({ ready: true, chosen: 2, users: { mode: 'only', dns: [l.users[0]!.dn, l.users[2]!.dn] } });
    // Everyone chosen is still a list of DNs: a user who gains the suffix later was never seen, so is not moved.
    expect(moveChoiceOf(pick(l))).toEqual({ ready: true, chosen: 3, users: { mode: 'only', dns: l.users.map((u) => u.dn) } });
    // Too many to list: the move takes every user of the suffix, and the count is not claimed.
    expect(moveChoiceOf(pick(list(['ann'], true)))).toEqual({ ready: true, chosen: null, users: undefined });
  });

  it('the chosen DNs are exactly the listed users not left out, in the list order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 40 }), fc.array(fc.nat()), (names, outIdx) => {
        const l = list(names);
        const leftOut = outIdx.map((i) => l.users[i % l.users.length]!.dn);
        const c = moveChoiceOf(pick(l, leftOut));
        const expected = l.users.map((u) => u.dn).filter((d) => !leftOut.includes(d));
        if (!expected.length) return !c.ready;
        return c.ready && c.chosen === expected.length && JSON.stringify(c.users) === JSON.stringify({ mode: 'only', dns: expected });
      }),
    );
  });
});
