// The page the workbench benchmark loads in Chromium: the real FindingsGrid (TanStack Table +
// react-virtual, filtered and sorted over grid-index.ts) over N synthetic findings, with hooks on window to filter, sort and scroll it,
// and the baselines: the same filter and sort on plain arrays, and a plain virtualized list of the
// same rows (react-virtual, one text per row) for the scroll. Not part of the app.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { ColumnFiltersState, SortingState } from '@tanstack/react-table';
import { FindingsGrid, ROW_HEIGHT } from '../../renderer/readiness/FindingsGrid';
import { buildGridIndex, gridIndexOf, STATIC_COLUMNS, type GridIndex } from '../../renderer/readiness/grid-index';
import type { GridRow } from '../../renderer/readiness/workbench-store';
import type { ScanErrorType } from '../../shared/readiness/scan/finding';

const ERRORS: ScanErrorType[] = ['format', 'blank', 'duplicate', 'character', 'topleveldomain', 'domainpart', 'localpart', 'length'];
const ATTRS = ['proxyAddresses', 'mail', 'userPrincipalName', 'displayName', 'mailNickname', 'sAMAccountName'];
const CLASSES = ['user', 'group', 'contact', 'inetOrgPerson'];

function rows(n: number): GridRow[] {
  // A fixed pseudo-random sequence: every run sorts and filters the same data.
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out: GridRow[] = [];
  for (let i = 0; i < n; i++) {
    const ou = `OU=Dept${i % 97},OU=Staff,DC=contoso,DC=com`;
    const attribute = ATTRS[Math.floor(rnd() * ATTRS.length)]!;
    const value = `${attribute === 'proxyAddresses' ? 'smtp:' : ''}user${Math.floor(rnd() * 1e9).toString(36)}@contoso.local`;
    const dn = `CN=User ${Math.floor(rnd() * 1e9).toString(36)},${ou}`;
    out.push({
      id: `g${i}|${attribute}|${value}`,
      dn,
      dnKey: dn.toLowerCase(),
      objectGuid: `g${i}`,
      objectClass: CLASSES[i % CLASSES.length]!,
      attribute,
      value,
      errors: [ERRORS[Math.floor(rnd() * ERRORS.length)]!],
      action: 'none',
      proposedValue: rnd() < 0.7 ? value.replace('.local', '.com') : null,
      detail: 'synthetic finding for the benchmark',
      duplicates: [],
      ou,
    });
  }
  return out;
}

declare global {
  interface Window {
    bench: {
      count: number;
      visible(): number;
      filter(error: string | null): number;
      sort(column: string | null): number;
      baselineFilter(error: string): number;
      baselineSort(): number;
      /** The one-time costs per finding set: a fresh index, then its object column's ranks (the first sort by object). */
      buildIndex(): [number, number];
      /** A fresh finding set lands in the grid and is sorted by object at once: [land, sort] ms. */
      firstSortNow(): [number, number];
      /** A fresh finding set lands, the grid builds its ranks in idle time, then the first sort by object. */
      firstSortAfterIdle(): Promise<{ land: number; sort: number; idleSlices: number; idleMedian: number; idleLongest: number; idleTotal: number }>;
      /** Findings arriving in slices (a new array per slice, as the store makes them), sorted by object:
       * per slice, the index and the object ranks, incremental (gridIndexOf) and rebuilt (buildGridIndex). */
      stream(slice: number): { index: number[]; ranks: number[]; indexRebuilt: number[]; ranksRebuilt: number[] };
      /** Per frame: the time between frames, and the main thread's work for the scroll step (the
       * scroll event's render plus style and layout, forced synchronously). */
      scroll(frames: number, px: number, target: 'grid' | 'baseline'): Promise<{ frame: number[]; work: number[]; render: number[] }>;
    };
  }
}

const N = Number(new URLSearchParams(location.search).get('n') ?? '200000');
const data = rows(N);
let setFilters: (f: ColumnFiltersState) => void = () => {};
let setShown: (rows: GridRow[]) => void = () => {};
let shown = data;
let setSort: (s: SortingState) => void = () => {};
let visibleCount = 0;

function Bench() {
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [rows, setRows] = useState(data);
  setShown = setRows;
  setFilters = setColumnFilters;
  setSort = setSorting;
  return (
    <FindingsGrid
      rows={rows}
      edits={new Map()}
      editsVersion={0}
      columnFilters={columnFilters}
      globalFilter=""
      sorting={sorting}
      onSortingChange={setSorting}
      validate={() => null}
      onEdit={() => {}}
      onOpen={() => {}}
      onVisibleRows={(r) => {
        visibleCount = r.length;
      }}
      height={600}
    />
  );
}

// The scroll baseline: the same rows in a plain react-virtual list, one line of text a row.
function PlainList() {
  const ref = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: data.length, getScrollElement: () => ref.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  return (
    <div ref={ref} style={{ height: 600, overflow: 'auto' }} data-testid="baseline-scroll">
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((item) => (
          <div key={item.key} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
            {data[item.index]!.dn}
          </div>
        ))}
      </div>
    </div>
  );
}

const timed = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

// Every idle callback's duration, to show how long the idle rank build holds the main thread.
const idleLog: number[] = [];
const requestIdle = window.requestIdleCallback.bind(window);
window.requestIdleCallback = (work, opts) =>
  requestIdle((deadline) => {
    const t = performance.now();
    work(deadline);
    idleLog.push(performance.now() - t);
  }, opts);

/** A new finding set of the same findings (new row objects, so nothing of the last index is reused). */
function land(): number {
  shown = data.map((r) => ({ ...r }));
  return timed(() => flushSync(() => setShown(shown)));
}
const sortBy = (column: string | null) => timed(() => flushSync(() => setSort(column ? [{ id: column, desc: false }] : [])));

window.bench = {
  count: N,
  visible: () => visibleCount,
  filter: (error) => timed(() => flushSync(() => setFilters(error ? [{ id: 'errors', value: error }] : []))),
  sort: sortBy,
  baselineFilter: (error) => timed(() => void data.filter((r) => r.errors.includes(error as ScanErrorType))),
  baselineSort: () => timed(() => void data.slice().sort((a, b) => (a.dnKey < b.dnKey ? -1 : a.dnKey > b.dnKey ? 1 : 0))),
  buildIndex: () => {
    let idx: ReturnType<typeof buildGridIndex> | null = null;
    const build = timed(() => void (idx = buildGridIndex(data)));
    return [build, timed(() => void idx!.rank('object'))];
  },
  firstSortNow: () => {
    sortBy(null);
    const landed = land();
    return [landed, sortBy('object')];
  },
  firstSortAfterIdle: async () => {
    sortBy(null);
    idleLog.length = 0;
    const landed = land();
    const idx = gridIndexOf(shown);
    while (!STATIC_COLUMNS.every((c) => idx.hasRank(c))) await new Promise((r) => setTimeout(r, 20));
    const slices = [...idleLog];
    const middle = [...slices].sort((a, b) => a - b)[slices.length >> 1] ?? 0;
    return {
      land: landed,
      sort: sortBy('object'),
      idleSlices: slices.length,
      idleMedian: middle,
      idleLongest: Math.max(...slices),
      idleTotal: slices.reduce((a, b) => a + b, 0),
    };
  },
  stream: (slice) => {
    const out = { index: [] as number[], ranks: [] as number[], indexRebuilt: [] as number[], ranksRebuilt: [] as number[] };
    const fresh = data.map((r) => ({ ...r }));
    for (let end = slice; end <= fresh.length; end += slice) {
      const arr = fresh.slice(0, end);
      let idx: GridIndex | null = null;
      out.index.push(timed(() => void (idx = gridIndexOf(arr))));
      out.ranks.push(timed(() => void idx!.rank('object')));
      let rebuilt: GridIndex | null = null;
      out.indexRebuilt.push(timed(() => void (rebuilt = buildGridIndex(arr))));
      out.ranksRebuilt.push(timed(() => void rebuilt!.rank('object')));
    }
    return out;
  },
  scroll: (frames, px, target) =>
    new Promise((resolve) => {
      const el = document.querySelector<HTMLElement>(target === 'grid' ? '[data-testid=grid-scroll]' : '[data-testid=baseline-scroll]')!;
      el.scrollTop = 0;
      const frame: number[] = [];
      const work: number[] = [];
      const render: number[] = [];
      let last = performance.now();
      let i = 0;
      const step = (now: number) => {
        frame.push(now - last);
        last = now;
        performance.mark(`dsd-step-${target}`);
        const t = performance.now();
        el.scrollTop += px;
        // The virtualizer renders from the scroll event; sent here so its work is timed, with the
        // style and layout it causes (the browser's own scroll event then finds nothing to do).
        el.dispatchEvent(new Event('scroll'));
        render.push(performance.now() - t);
        void el.offsetHeight;
        work.push(performance.now() - t);
        if (++i < frames) requestAnimationFrame(step);
        else {
          performance.clearMarks(`dsd-step-${target}`);
          resolve({ frame: frame.slice(2), work: work.slice(2), render: render.slice(2) });
        }
      };
      requestAnimationFrame(step);
    }),
};

createRoot(document.getElementById('root')!).render(<Bench />);
createRoot(document.getElementById('baseline')!).render(<PlainList />);
