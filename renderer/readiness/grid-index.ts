// Filtering and sorting 200,000 findings fast enough for the grid (issue 9: filter ≤ 100 ms,
// sort ≤ 200 ms). TanStack Table's client-side row models call a filter or compare function per
// row object; instead, per finding set, this keeps an index: the row numbers of each error type,
// lower-cased search text, and per-column rank arrays (rank-build.ts), so a chip filter is a
// lookup and a sort compares integers. Semantics match grid-model.ts's column definitions exactly
// (grid-index.test.ts checks that against a naive version with fast-check): column filters AND
// together, ties keep the scan order in both directions, unknown column ids are ignored as
// TanStack ignores them.
//
// Findings stream in slice by slice, each slice a new rows array that starts with the previous
// one: such an array extends the previous index (its slice appended to shared append-only
// columns; ranks built before are extended by a merge) instead of a rebuild (grid-index.test.ts:
// incremental equals rebuilt). Ranks are built on first use or ahead of it in idle time
// (buildRank, driven by idle-ranks.ts).
import { extendRanks, finish, rankSteps, type ColumnRanks } from './rank-build';
import type { GridRow, RowEditState } from './workbench-store';

export interface GridFilter {
  id: string;
  value: unknown;
}
export interface GridSort {
  id: string;
  desc: boolean;
}
export type EditOf = (row: GridRow) => RowEditState;

/** Columns whose sort key does not depend on the admin's edits. */
const STATIC_KEYS = {
  object: (r: GridRow) => r.dnKey,
  objectClass: (r: GridRow) => r.objectClass,
  attribute: (r: GridRow) => r.attribute.toLowerCase(),
  value: (r: GridRow) => r.value,
  errors: (r: GridRow) => r.errors.join(','),
} as const;
export type StaticColumn = keyof typeof STATIC_KEYS;
export const STATIC_COLUMNS = Object.keys(STATIC_KEYS) as StaticColumn[];

// Separates fields in the search text; a query containing it takes the field-by-field path.
const SEP = '\u0000';

export interface GridFacets {
  /** Rows per error type. */
  readonly byError: ReadonlyMap<string, number>;
  /** Distinct attributes and classes, sorted. */
  readonly attributes: readonly string[];
  readonly classes: readonly string[];
}

export interface GridIndex {
  readonly rows: readonly GridRow[];
  /** Row numbers (ascending) that carry each error type. */
  readonly byError: ReadonlyMap<string, Uint32Array>;
  /** DN, value, attribute and explanation, each lower-cased, joined by SEP. */
  readonly text: readonly string[];
  readonly attributeLower: readonly string[];
  readonly classLower: readonly string[];
  readonly ouLower: readonly string[];
  readonly facets: GridFacets;
  /** Per static column: each row's rank among the column's distinct sort keys (built on first use). */
  rank(column: StaticColumn): Uint32Array;
  /** Whether the column's ranks are ready (a sort by it costs no rank build). */
  hasRank(column: StaticColumn): boolean;
  /** Builds the column's ranks a step at a time until done (true) or `stop()` asks to stop (false); a later call resumes. */
  buildRank(column: StaticColumn, stop: () => boolean): boolean;
}

/** Each row's rank among the distinct keys, ordered by UTF-16 code units (as `a < b` orders them). */
export function rankOf(keys: readonly string[]): Uint32Array {
  return finish(rankSteps((i) => keys[i]!, keys.length)).rank;
}

/** A growing list of row numbers. */
interface RowList {
  buf: Uint32Array;
  length: number;
}

/**
 * Append-only columns shared by an index and the indexes that extend it. An index reads only its
 * own first `rows.length` entries, so appending for a newer index never changes an older one.
 */
interface Columns {
  length: number;
  text: string[];
  attributeLower: string[];
  classLower: string[];
  ouLower: string[];
  lists: Map<string, RowList>;
  attributes: Set<string>;
  classes: Set<string>;
}

function append(c: Columns, rows: readonly GridRow[]): void {
  for (let i = c.length; i < rows.length; i++) {
    const r = rows[i]!;
    // A row listing an error type twice is still one row.
    for (const e of new Set(r.errors)) {
      let l = c.lists.get(e);
      if (!l) c.lists.set(e, (l = { buf: new Uint32Array(64), length: 0 }));
      if (l.length === l.buf.length) {
        const grown = new Uint32Array(l.buf.length * 2);
        grown.set(l.buf);
        l.buf = grown;
      }
      l.buf[l.length++] = i;
    }
    const attributeLower = r.attribute.toLowerCase();
    c.attributeLower.push(attributeLower);
    c.classLower.push(r.objectClass.toLowerCase());
    c.ouLower.push(r.ou.toLowerCase());
    c.text.push(r.dnKey + SEP + r.value.toLowerCase() + SEP + attributeLower + SEP + r.detail.toLowerCase());
    c.attributes.add(r.attribute);
    c.classes.add(r.objectClass);
  }
  c.length = rows.length;
}

/**
 * The index over `rows`, on shared columns already holding its rows. `base` holds ranks built for
 * a prefix of these rows (by an index this one extends), to extend rather than rebuild.
 */
function indexOn(rows: readonly GridRow[], c: Columns, base: Map<StaticColumn, ColumnRanks>): GridIndex {
  const byError = new Map<string, Uint32Array>();
  const counts = new Map<string, number>();
  for (const [e, l] of c.lists) {
    // The list as it is now: later appends write past this view's end.
    byError.set(e, l.buf.subarray(0, l.length));
    counts.set(e, l.length);
  }
  const ranks = new Map<StaticColumn, ColumnRanks>();
  const building = new Map<StaticColumn, Generator<void, ColumnRanks, void>>();
  const keyOf = (column: StaticColumn) => {
    const key = STATIC_KEYS[column];
    return (i: number) => key(rows[i]!);
  };
  const ready = (column: StaticColumn): ColumnRanks | null => {
    let r = ranks.get(column);
    if (r) return r;
    const from = base.get(column);
    if (!from) return null;
    r = extendRanks(from, keyOf(column), rows.length);
    ranks.set(column, r);
    base.delete(column);
    return r;
  };
  const idx: GridIndex = {
    rows,
    byError,
    text: c.text,
    attributeLower: c.attributeLower,
    classLower: c.classLower,
    ouLower: c.ouLower,
    facets: { byError: counts, attributes: [...c.attributes].sort(), classes: [...c.classes].sort() },
    rank(column) {
      return (ready(column) ?? finishBuild(column)).rank;
    },
    hasRank(column) {
      return ranks.has(column);
    },
    buildRank(column, stop) {
      if (ready(column)) return true;
      let steps = building.get(column);
      if (!steps) building.set(column, (steps = rankSteps(keyOf(column), rows.length)));
      while (!stop()) {
        const r = steps.next();
        if (r.done) {
          ranks.set(column, r.value);
          building.delete(column);
          return true;
        }
      }
      return false;
    },
  };
  internals.set(idx, {
    columns: c,
    // What an index extending this one starts from: the ranks built here, else the ones this one could have extended.
    ranksSoFar: () => new Map([...base, ...ranks]),
  });
  return idx;

  function finishBuild(column: StaticColumn): ColumnRanks {
    const steps = building.get(column) ?? rankSteps(keyOf(column), rows.length);
    const r = finish(steps);
    ranks.set(column, r);
    building.delete(column);
    return r;
  }
}

const internals = new WeakMap<GridIndex, { columns: Columns; ranksSoFar: () => Map<StaticColumn, ColumnRanks> }>();

export function buildGridIndex(rows: readonly GridRow[]): GridIndex {
  const c: Columns = { length: 0, text: [], attributeLower: [], classLower: [], ouLower: [], lists: new Map(), attributes: new Set(), classes: new Set() };
  append(c, rows);
  return indexOn(rows, c, new Map());
}

/** Whether `rows` starts with exactly the rows of `prev` (the same objects, in order). */
function startsWith(rows: readonly GridRow[], prev: readonly GridRow[]): boolean {
  if (rows.length < prev.length) return false;
  for (let i = 0; i < prev.length; i++) if (rows[i] !== prev[i]) return false;
  return true;
}

/**
 * The index over `rows`: when they start with `prev`'s rows (and nothing else has appended to
 * `prev`'s columns since), the rest is appended to those columns; otherwise it is built anew.
 */
export function extendGridIndex(prev: GridIndex, rows: readonly GridRow[]): GridIndex {
  const p = internals.get(prev);
  if (!p || p.columns.length !== prev.rows.length || !startsWith(rows, prev.rows)) return buildGridIndex(rows);
  append(p.columns, rows);
  return indexOn(rows, p.columns, p.ranksSoFar());
}

const cache = new WeakMap<readonly GridRow[], GridIndex>();
// The index built last: the next rows array usually extends it (the store appends a slice).
let latest: GridIndex | null = null;

/** The index of a finding set, once per rows array; an array that extends the last one extends its index. */
export function gridIndexOf(rows: readonly GridRow[]): GridIndex {
  let idx = cache.get(rows);
  if (!idx) {
    idx = latest && rows.length >= latest.rows.length && latest.rows.length > 0 ? extendGridIndex(latest, rows) : buildGridIndex(rows);
    cache.set(rows, idx);
  }
  latest = idx;
  return idx;
}

/** Row numbers (ascending) that pass every column filter and the free text. */
export function filterIndices(idx: GridIndex, filters: readonly GridFilter[], globalFilter: string, editOf: EditOf): Uint32Array {
  const n = idx.rows.length;
  let base: Uint32Array | null = null;
  const tests: ((i: number) => boolean)[] = [];
  for (const f of filters) {
    const q = String(f.value).toLowerCase();
    switch (f.id) {
      case 'errors': {
        const hits: Uint32Array = idx.byError.get(f.value as string) ?? new Uint32Array(0);
        base = base ? intersect(base, hits) : hits;
        break;
      }
      case 'attribute':
        tests.push((i) => idx.attributeLower[i] === q);
        break;
      case 'objectClass':
        tests.push((i) => idx.classLower[i] === q);
        break;
      case 'ou':
        tests.push((i) => idx.ouLower[i]!.includes(q));
        break;
      default:
        break;
    }
  }
  if (globalFilter !== '') {
    const q = globalFilter.toLowerCase();
    const crossesFields = q.includes(SEP);
    tests.push((i) => {
      const r = idx.rows[i]!;
      const inFields = crossesFields
        ? [r.dnKey, r.value.toLowerCase(), idx.attributeLower[i]!, r.detail.toLowerCase()].some((t) => t.includes(q))
        : idx.text[i]!.includes(q);
      return inFields || (editOf(r).proposedValue ?? '').toLowerCase().includes(q);
    });
  }
  if (!base && !tests.length) return allIndices(n);
  const from: Uint32Array = base ?? allIndices(n);
  if (!tests.length) return from;
  const out = new Uint32Array(from.length);
  let k = 0;
  outer: for (let j = 0; j < from.length; j++) {
    const i = from[j]!;
    for (const t of tests) if (!t(i)) continue outer;
    out[k++] = i;
  }
  return out.subarray(0, k);
}

function allIndices(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** The common row numbers of two ascending lists. */
export function intersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      out[k++] = a[i]!;
      i++;
      j++;
    }
  }
  return out.subarray(0, k);
}

/** The row numbers ordered by the sort entries (first decides, ties by scan order in both directions). */
export function sortIndices(idx: GridIndex, indices: Uint32Array, sorting: readonly GridSort[], editOf: EditOf): Uint32Array {
  const keys: { rank: Uint32Array; desc: boolean }[] = [];
  for (const s of sorting) {
    const rank = rankFor(idx, s.id, editOf);
    if (rank) keys.push({ rank, desc: s.desc });
  }
  if (!keys.length) return indices;
  if (keys.length === 1) {
    // One key: pack (rank, row number) into one float and let the engine sort numbers natively.
    const { rank, desc } = keys[0]!;
    let max = 0;
    for (let j = 0; j < indices.length; j++) if (rank[indices[j]!]! > max) max = rank[indices[j]!]!;
    const packed = new Float64Array(indices.length);
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j]!;
      packed[j] = (desc ? max - rank[i]! : rank[i]!) * 2 ** 32 + i;
    }
    packed.sort();
    const out = new Uint32Array(indices.length);
    for (let j = 0; j < packed.length; j++) out[j] = packed[j]! % 2 ** 32;
    return out;
  }
  return Uint32Array.from(indices).sort((a, b) => {
    for (const k of keys) {
      const d = k.rank[a]! - k.rank[b]!;
      if (d !== 0) return k.desc ? -d : d;
    }
    return a - b;
  });
}

function rankFor(idx: GridIndex, id: string, editOf: EditOf): Uint32Array | null {
  if (Object.hasOwn(STATIC_KEYS, id)) return idx.rank(id as StaticColumn);
  // The action and proposed value read the edits as they are now (not memoised: edits change).
  if (id === 'action') return rankOf(idx.rows.map((r) => editOf(r).action));
  if (id === 'proposedValue') return rankOf(idx.rows.map((r) => editOf(r).proposedValue ?? ''));
  return null;
}
