import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extendRanks, finish, orderSteps, rankSteps } from './rank-build';

// Keys that collide, differ only by case, share long prefixes, and hold surrogate halves, so the
// code-unit order is tested where it differs from a collator's.
const key = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'B', 'b', 'Σ', 'ς', '.', ' ', '\u0000', '\ud83d', '\ude00', '\uffff'), maxLength: 5 }),
  fc.string({ maxLength: 3 }).map((s) => `cn=user ${s},ou=staff,dc=contoso,dc=com`),
);
/** The ranks the plain way: one default sort (code units) of the distinct keys. */
function plainRanks(keys: string[]): number[] {
  const at = new Map([...new Set(keys)].sort().map((k, i) => [k, i]));
  return keys.map((k) => at.get(k)!);
}

describe('rank build', () => {
  it('orders rows in steps as the default sort orders their keys, across runs and merge passes', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), fc.integer({ min: 0, max: 9_000 }), (keys, pad) => {
        // Padding past one run (1,024) makes the merge passes run.
        const all = [...keys, ...Array.from({ length: pad }, (_, i) => `pad ${(i * 7919) % 10_007}`)];
        const order = finish(orderSteps(all));
        expect([...order].map((i) => all[i])).toEqual([...all].sort());
        expect([...order].sort((a, b) => a - b)).toEqual(all.map((_, i) => i));
      }),
      { numRuns: 60 },
    );
  });

  it('ranks as one default sort of the distinct keys does, however the steps are interrupted', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 200 }), fc.integer({ min: 0, max: 9_000 }), fc.nat(20), (some, pad, before) => {
        const keys = [...some, ...Array.from({ length: pad }, (_, i) => `k${(i * 7919) % 5_003}`)];
        const steps = rankSteps((i) => keys[i]!, keys.length);
        // Some steps now (an idle callback), the rest later at once (the first sort).
        let early: ReturnType<typeof steps.next> | null = null;
        for (let n = 0; n < before && !early?.done; n++) early = steps.next();
        const r = early?.done ? early.value : finish(steps);
        expect([...r.rank]).toEqual(plainRanks(keys));
        expect(r.sorted).toEqual([...new Set(keys)].sort());
      }),
      { numRuns: 60 },
    );
  });

  it('extends ranks by appended rows to exactly the ranks built from scratch', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 120 }), fc.array(fc.array(key, { maxLength: 40 }), { maxLength: 5 }), (first, slices) => {
        const keys = [...first];
        let ranks = finish(rankSteps((i) => keys[i]!, keys.length));
        for (const slice of slices) {
          keys.push(...slice);
          ranks = extendRanks(ranks, (i) => keys[i]!, keys.length);
          expect([...ranks.rank]).toEqual(plainRanks(keys));
          expect(ranks.sorted).toEqual([...new Set(keys)].sort());
        }
      }),
    );
  });

  it('orders by code units, not by a collator', () => {
    const { rank } = finish(rankSteps((i) => ['b', 'B', 'a', '\ud83d\ude00', '\uffff'][i]!, 5));
    expect([...rank]).toEqual([2, 0, 1, 3, 4]);
  });
});
