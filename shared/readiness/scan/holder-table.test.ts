// The duplicate index's open-addressing table against a Map of lists (what it replaced): random
// adds and removes on hashes that crowd the same slots, from tables small enough to grow, wrap
// around and renumber their insertion sequence.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HolderTable } from './holder-table';

/** Hashes whose low bits mostly agree (long probe runs) plus the extremes of the 30-bit range. */
const hash = fc.oneof(
  fc.integer({ min: 0, max: 9 }).map((k) => k * 256),
  fc.integer({ min: 0, max: 30 }).map((k) => (k * 256) % 2 ** 30),
  fc.integer({ min: 0, max: 7 }).map((k) => 2 ** 30 - 1 - k),
  fc.integer({ min: 0, max: 2 ** 30 - 1 }),
);
const op = fc.record({ add: fc.boolean(), h: hash, n: fc.integer({ min: 0, max: 5 }) });

describe('HolderTable', () => {
  it('answers get and shared() as a Map of holder lists does, in the same order', () => {
    fc.assert(
      fc.property(fc.constantFrom(2, 4, 8, 1024), fc.constantFrom(3, 50, 0x7fffffff), fc.array(op, { maxLength: 300, size: 'max' }), (slots, limit, ops) => {
        const table = new HolderTable(slots, limit);
        const model = new Map<number, number[]>();
        for (const { add, h, n } of ops) {
          const list = model.get(h);
          if (add) {
            if (list?.includes(n)) continue; // the index adds an object once per hash
            if (list) list.push(n);
            else model.set(h, [n]);
            table.add(h, n);
          } else {
            if (list) {
              const rest = list.filter((x) => x !== n);
              if (rest.length) model.set(h, rest);
              else model.delete(h);
            }
            table.remove(h, n);
          }
        }
        expect(table.size).toBe(model.size);
        for (const [h, list] of model) expect(table.get(h)).toEqual(list.length === 1 ? list[0] : list);
        for (const { h } of ops) if (!model.has(h)) expect(table.get(h)).toBeUndefined();
        expect(table.shared()).toEqual([...model].filter(([, list]) => list.length > 1));
      }),
      { numRuns: 400 },
    );
  });

  it('refuses a size that is not a power of two', () => {
    expect(() => new HolderTable(1000)).toThrow(/power of two/);
  });
});

describe('HolderTable.fromSnapshot on a crafted table', () => {
  // A saved state whose every hash shares one home: one probe run over 70% of the table. The load
  // check walked from each slot's home to the slot (quadratic: over a minute for a 12 MiB state);
  // it now counts the runs once. At 2^17 slots the old walk took about 4 billion steps.
  const crafted = (size: number, count: number, home: number) => {
    const slots = new Int32Array(3 * size);
    for (let k = 0; k < count; k++) {
      const i = (home + k) % size;
      slots[3 * i] = home + 1;
      slots[3 * i + 1] = k;
      slots[3 * i + 2] = k;
    }
    return { slots, count, sequence: count, listLengths: new Int32Array(0), listValues: new Int32Array(0) };
  };

  it('loads one long probe run, checked in one pass', () => {
    const size = 1 << 17;
    const count = Math.floor(size * 0.7);
    const t = HolderTable.fromSnapshot(crafted(size, count, size - 100), () => true);
    expect(t.size).toBe(count);
  });

  it('still refuses a slot cut off from its home by an empty slot', () => {
    const s = crafted(1024, 100, 10);
    s.slots[3 * 50] = 0;
    s.slots[3 * 50 + 1] = 0;
    s.slots[3 * 50 + 2] = 0;
    s.count = 99;
    expect(() => HolderTable.fromSnapshot(s, () => true)).toThrow(/slot 51 out of its probe run/);
  });
});
