import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkByJsonBytes, utf8Length } from './chunk-request';

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

describe('chunkByJsonBytes', () => {
  it('measures UTF-8 as TextEncoder does (surrogate pairs and lone surrogates included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(utf8Length(JSON.stringify(s))).toBe(bytes(s));
      }),
    );
  });

  it('keeps every item, in order, each run within the budget as a JSON array', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.string({ unit: 'binary', maxLength: 40 }), n: fc.integer() }), { maxLength: 200 }),
        fc.integer({ min: 120, max: 2000 }),
        (items, max) => {
          const chunks = chunkByJsonBytes(items, max);
          expect(chunks.flat()).toEqual(items);
          for (const c of chunks) {
            expect(c.length).toBeGreaterThan(0);
            expect(bytes(c)).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });

  it('refuses an item that alone exceeds the budget, naming it', () => {
    expect(() => chunkByJsonBytes(['ok', 'x'.repeat(100)], 50)).toThrow(/item 2 alone is 102 bytes/);
  });
});
