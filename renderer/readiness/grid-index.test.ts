import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScanErrorType } from '../../shared/readiness/scan/finding';
import {
  buildGridIndex,
  extendGridIndex,
  filterIndices,
  gridIndexOf,
  intersect,
  rankOf,
  sortIndices,
  STATIC_COLUMNS,
  type EditOf,
  type GridFilter,
  type GridIndex,
  type GridSort,
} from './grid-index';
import type { GridRow, RowEditState } from './workbench-store';

// The naive version: what the grid's TanStack column definitions did per row before the index
// (filterFn/sortFn per column, ties by scan order in both directions).
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
function naive(rows: GridRow[], filters: GridFilter[], text: string, sorting: GridSort[], editOf: EditOf): GridRow[] {
  const keep = rows
    .map((r, i) => ({ r, i }))
    .filter(({ r }) =>
      filters.every((f) => {
        const v = String(f.value).toLowerCase();
        if (f.id === 'errors') return r.errors.includes(f.value as ScanErrorType);
        if (f.id === 'attribute') return r.attribute.toLowerCase() === v;
        if (f.id === 'objectClass') return r.objectClass.toLowerCase() === v;
        if (f.id === 'ou') return r.ou.toLowerCase().includes(v);
        return true;
      }),
    )
    .filter(({ r }) => {
      if (text === '') return true;
      const q = text.toLowerCase();
      return [r.dnKey, r.value.toLowerCase(), r.attribute.toLowerCase(), (editOf(r).proposedValue ?? '').toLowerCase(), r.detail.toLowerCase()].some((t) =>
        t.includes(q),
      );
    });
  const key: Record<string, (r: GridRow) => string> = {
    object: (r) => r.dnKey,
    objectClass: (r) => r.objectClass,
    attribute: (r) => r.attribute.toLowerCase(),
    value: (r) => r.value,
    errors: (r) => r.errors.join(','),
    action: (r) => editOf(r).action,
    proposedValue: (r) => editOf(r).proposedValue ?? '',
  };
  keep.sort((a, b) => {
    for (const s of sorting) {
      const k = key[s.id];
      if (!k) continue;
      const d = cmp(k(a.r), k(b.r));
      if (d !== 0) return s.desc ? -d : d;
    }
    return a.i - b.i;
  });
  return keep.map(({ r }) => r);
}

const ERRORS: ScanErrorType[] = ['format', 'blank', 'duplicate', 'character', 'topleveldomain'];
// Small alphabets (with case and a Greek sigma) so values collide, tie and differ only by case.
const word = fc.string({ unit: fc.constantFrom('a', 'B', 'b', 'Σ', 'ς', '.', ' ', '\u0000'), maxLength: 4 });
const rowArb = fc.record({
  dn: word,
  objectClass: fc.constantFrom('user', 'User', 'group', 'contact'),
  attribute: fc.constantFrom('mail', 'Mail', 'proxyAddresses', 'displayName'),
  value: word,
  errors: fc.array(fc.constantFrom(...ERRORS), { minLength: 1, maxLength: 3 }),
  proposedValue: fc.option(word),
  detail: word,
  ou: word,
  edit: fc.option(fc.record({ action: fc.constantFrom('none', 'edit', 'remove', 'complete'), proposedValue: fc.option(word) })),
});
const filterArb: fc.Arbitrary<GridFilter> = fc.oneof(
  fc.record({ id: fc.constant('errors'), value: fc.constantFrom<string>(...ERRORS, 'length') }),
  fc.record({ id: fc.constant('attribute'), value: fc.constantFrom('mail', 'MAIL', 'displayname') }),
  fc.record({ id: fc.constant('objectClass'), value: fc.constantFrom('user', 'GROUP') }),
  fc.record({ id: fc.constant('ou'), value: word }),
  fc.record({ id: fc.constant('nosuchcolumn'), value: word }),
);
const sortArb: fc.Arbitrary<GridSort> = fc.record({
  id: fc.constantFrom('object', 'objectClass', 'attribute', 'value', 'errors', 'action', 'proposedValue', 'toString'),
  desc: fc.boolean(),
});

type RowSpec = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;
const toRow = (s: RowSpec, i: number): GridRow => ({
  id: `g${i}`,
  dn: s.dn,
  dnKey: s.dn.toLowerCase(),
  objectGuid: `g${i}`,
  objectClass: s.objectClass,
  attribute: s.attribute,
  value: s.value,
  errors: s.errors,
  action: 'none',
  proposedValue: s.proposedValue,
  detail: s.detail,
  duplicates: [],
  ou: s.ou,
});

/** Everything an index answers, for its own rows. */
function contents(idx: GridIndex) {
  const n = idx.rows.length;
  return {
    byError: Object.fromEntries([...idx.byError].map(([e, l]) => [e, [...l]]).sort()),
    text: idx.text.slice(0, n),
    attributeLower: idx.attributeLower.slice(0, n),
    classLower: idx.classLower.slice(0, n),
    ouLower: idx.ouLower.slice(0, n),
    facets: { byError: Object.fromEntries([...idx.facets.byError].sort()), attributes: idx.facets.attributes, classes: idx.facets.classes },
    ranks: Object.fromEntries(STATIC_COLUMNS.map((c) => [c, [...idx.rank(c)]])),
  };
}

describe('grid index', () => {
  it('extended slice by slice (as findings stream in) answers exactly as one built from scratch', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 60 }),
        fc.array(fc.nat(60), { maxLength: 6 }),
        // Per slice: columns sorted by before the next slice (their ranks are extended, not rebuilt) and ones half-built in idle time.
        fc.array(fc.record({ sorted: fc.subarray(STATIC_COLUMNS), idle: fc.subarray(STATIC_COLUMNS), idleSteps: fc.nat(3) }), { maxLength: 7 }),
        fc.array(filterArb, { maxLength: 2 }),
        fc.array(sortArb, { maxLength: 2 }),
        (specs, cuts, uses, filters, sorting) => {
          const all = specs.map(toRow);
          const ends = [...new Set([...cuts.map((c) => Math.min(c, all.length)), all.length])].sort((a, b) => a - b);
          let idx: GridIndex | null = null;
          ends.forEach((end, k) => {
            // A new array per slice, starting with the same row objects, as the store makes it.
            idx = gridIndexOf(all.slice(0, end));
            const use = uses[k];
            for (const c of use?.sorted ?? []) idx.rank(c);
            for (const c of use?.idle ?? []) {
              let left = use!.idleSteps;
              idx.buildRank(c, () => left-- <= 0);
            }
            expect(contents(idx)).toEqual(contents(buildGridIndex(all.slice(0, end))));
          });
          const editOf: EditOf = (r) => ({ action: r.action, proposedValue: r.proposedValue });
          const last = idx!;
          const fresh = buildGridIndex(all);
          expect([...sortIndices(last, filterIndices(last, filters, '', editOf), sorting, editOf)]).toEqual([
            ...sortIndices(fresh, filterIndices(fresh, filters, '', editOf), sorting, editOf),
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves an index it was extended from answering for its own rows', () => {
    const rows = Array.from({ length: 10 }, (_, i) =>
      toRow(
        {
          dn: `cn=${10 - i}`,
          objectClass: 'user',
          attribute: 'mail',
          value: `v${i}`,
          errors: [i % 2 ? 'blank' : 'format'],
          proposedValue: null,
          detail: '',
          ou: '',
          edit: null,
        },
        i,
      ),
    );
    const before = gridIndexOf(rows.slice(0, 4));
    const ranks = [...before.rank('object')];
    const snapshot = contents(before);
    const after = gridIndexOf(rows.slice(0, 10));
    expect(after.rows).toHaveLength(10);
    // Extended, not rebuilt: the columns are shared.
    expect(after.text).toBe(before.text);
    expect(contents(before)).toEqual(snapshot);
    expect([...before.rank('object')]).toEqual(ranks);
    // A second extension of the older index cannot append to columns already extended: it is built anew, still right.
    const other = [...rows.slice(0, 4), rows[9]!];
    const second = extendGridIndex(before, other);
    expect(second.text).not.toBe(before.text);
    expect(contents(second)).toEqual(contents(buildGridIndex(other)));
  });

  it('rebuilds when the rows are not an extension (a row replaced or removed)', () => {
    const rows = Array.from({ length: 6 }, (_, i) =>
      toRow(
        { dn: `cn=${i}`, objectClass: 'user', attribute: 'mail', value: `v${i}`, errors: ['format'], proposedValue: null, detail: '', ou: '', edit: null },
        i,
      ),
    );
    gridIndexOf(rows);
    const replaced = [...rows];
    replaced[2] = { ...rows[2]!, dn: 'cn=zz', dnKey: 'cn=zz', errors: ['blank'] };
    expect(contents(gridIndexOf(replaced))).toEqual(contents(buildGridIndex(replaced)));
    const removed = replaced.filter((_, i) => i !== 1);
    expect(contents(gridIndexOf(removed))).toEqual(contents(buildGridIndex(removed)));
  });

  it('filters and sorts to the same rows in the same order as the naive per-row version', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 40 }),
        fc.array(filterArb, { maxLength: 3 }),
        fc.oneof(fc.constant(''), word),
        fc.array(sortArb, { maxLength: 3 }),
        (specs, filters, text, sorting) => {
          const edits = new Map<string, RowEditState>();
          const rows: GridRow[] = specs.map((s, i) => {
            const id = `g${i}`;
            if (s.edit) edits.set(id, s.edit as RowEditState);
            return {
              id,
              dn: s.dn,
              dnKey: s.dn.toLowerCase(),
              objectGuid: id,
              objectClass: s.objectClass,
              attribute: s.attribute,
              value: s.value,
              errors: s.errors,
              action: 'none',
              proposedValue: s.proposedValue,
              detail: s.detail,
              duplicates: [],
              ou: s.ou,
            };
          });
          const editOf: EditOf = (r) => edits.get(r.id) ?? { action: r.action, proposedValue: r.proposedValue };
          const idx = gridIndexOf(rows);
          const got = [...sortIndices(idx, filterIndices(idx, filters, text, editOf), sorting, editOf)].map((i) => rows[i]!);
          expect(got.map((r) => r.id)).toEqual(naive(rows, filters, text, sorting, editOf).map((r) => r.id));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('memoises the index per rows array', () => {
    const rows: GridRow[] = [];
    expect(gridIndexOf(rows)).toBe(gridIndexOf(rows));
    expect(gridIndexOf(rows)).not.toBe(gridIndexOf([]));
  });

  it('ranks distinct keys in code-unit order, equal keys equal', () => {
    expect([...rankOf(['b', 'a', 'B', 'b', ''])]).toEqual([3, 2, 1, 3, 0]);
  });

  it('intersects ascending lists', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(50)), fc.uniqueArray(fc.nat(50)), (a, b) => {
        const sa = Uint32Array.from(a.sort((x, y) => x - y));
        const sb = Uint32Array.from(b.sort((x, y) => x - y));
        expect([...intersect(sa, sb)]).toEqual(a.filter((x) => b.includes(x)));
      }),
    );
  });
});
