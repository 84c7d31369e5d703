import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Length } from '../readiness/chunk-request';
import { unescapeFilterValue } from './escape';
import { orFilterChunks } from './or-filter';

const twoTerms = (v: string) => `(mail=${v})(userPrincipalName=${v})`;

/** The values a filter built by twoTerms asks for, read back from its text (one per mail term). */
function valuesIn(filter: string): string[] {
  expect(filter.startsWith('(|') && filter.endsWith(')')).toBe(true);
  expect(filter.includes(String.fromCharCode(0))).toBe(false);
  const terms = [...filter.slice(2, -1).matchAll(/\((mail|userPrincipalName)=((?:[^()\\*]|\\[0-9a-f]{2})*)\)/g)];
  // Every character of the body is inside a well-formed term: nothing unescaped widened it.
  expect(terms.map((t) => t[0]).join('')).toBe(filter.slice(2, -1));
  return terms.filter((t) => t[1] === 'mail').map((t) => unescapeFilterValue(t[2]!));
}

describe('orFilterChunks', () => {
  it('asks for every distinct value exactly once, in order, escaped, each chunk within both limits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('*', ')(objectClass=*', 'a\\b', 'x\u0000y', 'é@contoso.com')), { maxLength: 300 }),
        fc.integer({ min: 200, max: 4000 }),
        fc.integer({ min: 1, max: 60 }),
        (values, maxBytes, maxValues) => {
          const chunks = orFilterChunks(values, twoTerms, { maxBytes, maxValues });
          expect(chunks.flatMap((c) => c.values)).toEqual([...new Set(values)]);
          for (const c of chunks) {
            expect(c.values.length).toBeGreaterThan(0);
            expect(c.values.length).toBeLessThanOrEqual(maxValues);
            expect(utf8Length(c.filter)).toBeLessThanOrEqual(maxBytes);
            expect(valuesIn(c.filter)).toEqual(c.values);
          }
        },
      ),
    );
  });

  it('fills each chunk up to the count before starting the next', () => {
    const values = Array.from({ length: 450 }, (_, i) => `user${i}@contoso.com`);
    const chunks = orFilterChunks(values, twoTerms, { maxBytes: 1 << 20, maxValues: 200 });
    expect(chunks.map((c) => c.values.length)).toEqual([200, 200, 50]);
    expect(orFilterChunks([], twoTerms)).toEqual([]);
  });

  it('refuses a value whose terms alone are over the byte budget, naming it', () => {
    expect(() => orFilterChunks(['ok', 'x'.repeat(100)], twoTerms, { maxBytes: 100, maxValues: 10 })).toThrow(
      /"x{80}" alone are 227 bytes, over the 100-byte filter budget/,
    );
  });
});
