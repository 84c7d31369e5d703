// The page the workbench benchmark loads in Chromium: the real FindingsGrid (TanStack Table +
// react-virtual, filtered and sorted over grid-index.ts) over N synthetic findings, with hooks on window to filter, sort and scroll it,
// and the same work done on plain arrays as the baseline. Not part of the app.
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { ColumnFiltersState, SortingState } from '@tanstack/react-table';
import { FindingsGrid } from '../../renderer/workbench/FindingsGrid';
import { buildGridIndex } from '../../renderer/workbench/grid-index';
import type { GridRow } from '../../renderer/workbench/workbench-store';
import type { ScanErrorType } from '../../shared/scan/finding';

const ERRORS: ScanErrorType[] = ['format', 'blank', 'duplicate', 'character', 'topleveldomain', 'domainpart', 'localpart', 'length'];
const ATTRS = ['proxyAddresses', 'mail', 'userPrincipalName', 'displayName', 'mailNickname', 'sAMAccountName'];
const CLASSES = ['user', 'group', 'contact', 'inetOrgPerson'];

function rows(n: number): GridRow[] {
  // A fixed pseudo-random sequence: every run sorts and filters the same data.
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
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
      scroll(frames: number, px: number, target: 'grid' | 'baseline'): Promise<number[]>;
    };
  }
}

const N = Number(new URLSearchParams(location.search).get('n') ?? '200000');
const data = rows(N);
let setFilters: (f: ColumnFiltersState) => void = () => {};
let setSort: (s: SortingState) => void = () => {};
let visibleCount = 0;

function Bench() {
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [sorting, setSorting] = useState<SortingState>([]);
  setFilters = setColumnFilters;
  setSort = setSorting;
  return (
    <FindingsGrid
      rows={data}
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

const timed = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

window.bench = {
  count: N,
  visible: () => visibleCount,
  filter: (error) => timed(() => flushSync(() => setFilters(error ? [{ id: 'errors', value: error }] : []))),
  sort: (column) => timed(() => flushSync(() => setSort(column ? [{ id: column, desc: false }] : []))),
  baselineFilter: (error) => timed(() => void data.filter((r) => r.errors.includes(error as ScanErrorType))),
  baselineSort: () => timed(() => void data.slice().sort((a, b) => (a.dnKey < b.dnKey ? -1 : a.dnKey > b.dnKey ? 1 : 0))),
  buildIndex: () => {
    let idx: ReturnType<typeof buildGridIndex> | null = null;
    const build = timed(() => void (idx = buildGridIndex(data)));
    return [build, timed(() => void idx!.rank('object'))];
  },
  scroll: (frames, px, target) =>
    new Promise((resolve) => {
      const el = document.querySelector<HTMLElement>(target === 'grid' ? '[data-testid=grid-scroll]' : '#baseline')!;
      const times: number[] = [];
      let last = performance.now();
      let i = 0;
      const step = (now: number) => {
        times.push(now - last);
        last = now;
        el.scrollTop += px;
        if (++i < frames) requestAnimationFrame(step);
        else resolve(times.slice(2));
      };
      requestAnimationFrame(step);
    }),
};

createRoot(document.getElementById('root')!).render(<Bench />);
