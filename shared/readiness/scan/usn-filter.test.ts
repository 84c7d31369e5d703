// The re-scan's change-number filters: every USN after the mark up to the DC's highest is asked for
// exactly once and no other, within the OR-filter limits; nothing when nothing changed; one range
// when the gap is too long to list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OR_FILTER_LIMITS } from '../../ldap/or-filter';
import { changedUsnFilters, usnListLimit } from './usn-filter';

const listed = (filters: string[]) => filters.flatMap((f) => [...f.matchAll(/\(uSNChanged=(\d+)\)/g)].map((m) => BigInt(m[1]!)));

describe('changedUsnFilters', () => {
  it('lists each USN after the mark up to the highest once, in chunks within the OR-filter limits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 53n }), fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 0, max: 200_000 }), (mark, gap, objects) => {
        const filters = changedUsnFilters(String(mark), String(mark + BigInt(gap)), objects);
        if (gap > usnListLimit(objects)) {
          expect(filters).toEqual([`(uSNChanged>=${mark + 1n})`]);
          return;
        }
        expect(listed(filters)).toEqual(Array.from({ length: gap }, (_, i) => mark + 1n + BigInt(i)));
        for (const f of filters) {
          expect(f).toMatch(/^\(\|(\(uSNChanged=\d+\))+\)$/);
          expect(listed([f]).length).toBeLessThanOrEqual(OR_FILTER_LIMITS.maxValues);
          expect(new TextEncoder().encode(f).length).toBeLessThanOrEqual(OR_FILTER_LIMITS.maxBytes);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('asks for nothing when the DC has not moved past the mark', () => {
    expect(changedUsnFilters('4711', '4711', 100)).toEqual([]);
    expect(changedUsnFilters('4711', '4700', 100)).toEqual([]);
  });

  it('uses one range for a gap too long to list: 1,000 USNs, or a twentieth of the objects scanned, at most 10,000', () => {
    expect(changedUsnFilters('10', '1010', 5_000)).toHaveLength(5);
    expect(changedUsnFilters('10', '1011', 5_000)).toEqual(['(uSNChanged>=11)']);
    expect(listed(changedUsnFilters('10', '5010', 100_000))).toHaveLength(5_000);
    expect(changedUsnFilters('10', '5011', 100_000)).toEqual(['(uSNChanged>=11)']);
    expect(changedUsnFilters('10', '10010', 1_000_000)).toHaveLength(50);
    expect(changedUsnFilters('10', '10011', 1_000_000)).toEqual(['(uSNChanged>=11)']);
  });
});
