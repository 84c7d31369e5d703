// A column's sort ranks: each row's position among the column's distinct keys in UTF-16 code-unit
// order (what `a < b` and the default Array sort compare; rank-build.test.ts checks them against
// a plain sort with fast-check). Built in small steps (a generator that yields every few thousand
// operations) so the grid can build them in idle time without a long task, and extended when rows
// are appended (a merge of the new keys, not a new sort of them all).

export interface ColumnRanks {
  /** The column's distinct keys, in order. */
  readonly sorted: readonly string[];
  /** Per row, its key's position in `sorted`. */
  readonly rank: Uint32Array;
}

/** Operations between two yields: about a millisecond of work. */
const STEP = 4096;
/** Runs sorted natively before the merge passes. */
const RUN = 1024;

/**
 * Row numbers 0..n-1 ordered by their keys' code units, in steps: runs sorted natively, then merge
 * passes that yield every few thousand comparisons. No Map or Set: growing one to 200,000 entries
 * rehashes it in a single long step.
 */
export function* orderSteps(keys: readonly string[]): Generator<void, Uint32Array, void> {
  const n = keys.length;
  const cmp = (x: number, y: number) => (keys[x]! < keys[y]! ? -1 : keys[x]! > keys[y]! ? 1 : 0);
  let src = new Uint32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  for (let s = 0; s < n; s += RUN) {
    src.subarray(s, Math.min(s + RUN, n)).sort(cmp);
    yield;
  }
  let dst = new Uint32Array(n);
  let done = 0;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        dst[k++] = keys[src[j]!]! < keys[src[i]!]! ? src[j++]! : src[i++]!;
        if (++done % STEP === 0) yield;
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/** The ranks of rows 0..n-1 of a column, in steps. */
export function* rankSteps(keyOf: (row: number) => string, n: number): Generator<void, ColumnRanks, void> {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    keys.push(keyOf(i));
    if (i % STEP === STEP - 1) yield;
  }
  const order = yield* orderSteps(keys);
  // Walk the rows in key order: equal keys share a rank, each new key takes the next one.
  const sorted: string[] = [];
  const rank = new Uint32Array(n);
  for (let t = 0; t < n; t++) {
    const k = keys[order[t]!]!;
    if (t === 0 || k !== sorted[sorted.length - 1]) sorted.push(k);
    rank[order[t]!] = sorted.length - 1;
    if (t % STEP === STEP - 1) yield;
  }
  return { sorted, rank };
}

/** Runs a step generator to its end, here and now. */
export function finish<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The position of a key in sorted distinct keys, or -1. */
function find(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = sorted[mid]!;
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The ranks of rows 0..n-1 from the ranks of their first `prev.rank.length` rows: the new rows'
 * unseen keys are sorted and merged into the old order, and old ranks are renumbered through
 * that merge (O(rows + distinct keys), no new sort of the old keys).
 */
export function extendRanks(prev: ColumnRanks, keyOf: (row: number) => string, n: number): ColumnRanks {
  const from = prev.rank.length;
  const old = prev.sorted;
  const keys: string[] = [];
  const oldAt = new Int32Array(n - from);
  const unseen = new Set<string>();
  for (let i = from; i < n; i++) {
    const k = keyOf(i);
    keys.push(k);
    const at = find(old, k);
    oldAt[i - from] = at;
    if (at < 0) unseen.add(k);
  }
  if (unseen.size === 0 && n === from) return prev;
  const added = [...unseen].sort();
  const sorted: string[] = [];
  const renumber = new Uint32Array(old.length);
  const addedAt = new Map<string, number>();
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < old.length || j < added.length) {
    if (j >= added.length || (i < old.length && old[i]! < added[j]!)) {
      renumber[i] = k++;
      sorted.push(old[i++]!);
    } else {
      addedAt.set(added[j]!, k++);
      sorted.push(added[j++]!);
    }
  }
  const rank = new Uint32Array(n);
  for (let r = 0; r < from; r++) rank[r] = renumber[prev.rank[r]!]!;
  for (let r = from; r < n; r++) {
    const at = oldAt[r - from]!;
    rank[r] = at >= 0 ? renumber[at]! : addedAt.get(keys[r - from]!)!;
  }
  return { sorted, rank };
}
