// The findings grid: TanStack Table's columns and state, filtered and sorted over grid-index.ts's
// precomputed index (fast at 200,000 rows), rows virtualized with
// @tanstack/react-virtual (only the rows on screen are in the DOM), an ARIA grid with one
// focusable cell (arrows, Home/End, PageUp/PageDown, Ctrl+Home/End), Enter to open the row in the
// side panel or edit the cell, F2 to edit the proposed value in place, Escape to leave an edit.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTable, type ColumnFiltersState, type SortingState } from '@tanstack/react-table';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { filterIndices, gridIndexOf, sortIndices } from './grid-index';
import { prebuildRanks } from './idle-ranks';
import { COLUMN_IDS, COLUMN_LABELS, editLookup, gridColumns, gridFeatures, type ColumnId } from './grid-model';
import { FindingsGridRow, ROW_HEIGHT, type CellEdit, type RowHandlers } from './FindingsGridRow';
import type { GridRow, RowEditState } from './workbench-store';

export { ROW_HEIGHT };

export interface FindingsGridProps {
  rows: GridRow[];
  edits: Map<string, RowEditState>;
  editsVersion: number;
  columnFilters: ColumnFiltersState;
  globalFilter: string;
  sorting: SortingState;
  onSortingChange: (s: SortingState) => void;
  /** Check an edited value with the scan rules: null when it passes, else why not. */
  validate: (row: GridRow, value: string) => string | null;
  onEdit: (row: GridRow, edit: RowEditState) => void;
  /** Open the row in the side panel; takeFocus when opened from the keyboard (a click leaves the focus in the grid). */
  onOpen: (row: GridRow, how: { takeFocus: boolean }) => void;
  /** Escape on a cell (closes the side panel when one is open). */
  onEscape?: () => void;
  /** The filtered, sorted rows (for export, accept-all and counts). */
  onVisibleRows?: (rows: GridRow[]) => void;
  height?: number;
}

export function FindingsGrid(p: FindingsGridProps) {
  editLookup.current = (row) => p.edits.get(row.id) ?? { action: row.action, proposedValue: row.proposedValue };
  const table = useTable(
    {
      features: gridFeatures,
      columns: gridColumns,
      data: p.rows,
      getRowId: (r) => r.id,
      state: { sorting: p.sorting, columnFilters: p.columnFilters, globalFilter: p.globalFilter },
      onSortingChange: (u) => p.onSortingChange(typeof u === 'function' ? u(p.sorting) : u),
      manualFiltering: true,
      manualSorting: true,
    },
    (s) => s,
  );
  // The controlled state as given (stable between scroll renders, so the memos below hold).
  const { columnFilters, globalFilter, sorting } = p;
  // Memoised like TanStack's row models: on the rows and the filter and sort state, not on edits
  // (an edit redraws its cells; the order changes when the admin sorts or filters again).
  const index = useMemo(() => gridIndexOf(p.rows), [p.rows]);
  // Sort ranks built in idle time, so the first sort by a column does not pay for them.
  useEffect(() => prebuildRanks(index), [index]);
  const filtered = useMemo(() => filterIndices(index, columnFilters, globalFilter, editLookup.current), [index, columnFilters, globalFilter]);
  const visible = useMemo(() => {
    const order = sortIndices(index, filtered, sorting, editLookup.current);
    const out = new Array<GridRow>(order.length);
    for (let j = 0; j < order.length; j++) out[j] = index.rows[order[j]!]!;
    return out;
  }, [index, filtered, sorting]);
  const { onVisibleRows } = p;
  useEffect(() => onVisibleRows?.(visible), [visible, onVisibleRows]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is the chosen library; the grid re-renders on scroll by design
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  const [active, setActive] = useState({ row: 0, col: 0 });
  const [editing, setEditing] = useState<CellEdit | null>(null);
  const focusWanted = useRef(false);
  const row = Math.min(active.row, Math.max(0, visible.length - 1));

  useLayoutEffect(() => {
    if (!focusWanted.current) return;
    focusWanted.current = false;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${row}:${active.col}"]`);
    el?.focus({ preventScroll: true });
  });

  function moveTo(r: number, c: number) {
    const nr = Math.max(0, Math.min(visible.length - 1, r));
    const nc = Math.max(0, Math.min(COLUMN_IDS.length - 1, c));
    setActive({ row: nr, col: nc });
    virtualizer.scrollToIndex(nr, { align: 'auto' });
    focusWanted.current = true;
  }

  function startEdit(r: GridRow) {
    const current = p.edits.get(r.id) ?? { action: r.action, proposedValue: r.proposedValue };
    setEditing({ id: r.id, draft: current.proposedValue ?? r.proposedValue ?? r.value, error: null });
  }

  function commitEdit(r: GridRow) {
    if (!editing) return;
    const error = editing.draft === r.value ? 'this is the current value: nothing would change' : p.validate(r, editing.draft);
    if (error) {
      setEditing({ ...editing, error });
      return;
    }
    p.onEdit(r, { action: 'edit', proposedValue: editing.draft });
    setEditing(null);
    focusWanted.current = true;
  }

  // The rows get one handler object for the grid's life (so their memo holds while scrolling); it
  // calls this render's functions, kept in a ref after each commit.
  const latest = useRef<RowHandlers | null>(null);
  useLayoutEffect(() => {
    latest.current = {
      cellClick(r, index, col) {
        setActive({ row: index, col });
        // The clicked cell keeps the focus (F2 edits it); the side panel opens beside it.
        focusWanted.current = true;
        const id = COLUMN_IDS[col];
        if (id !== 'action' && id !== 'proposedValue') p.onOpen(r, { takeFocus: false });
      },
      startEdit,
      commitEdit,
      draftChange: (draft) => setEditing((e) => e && { ...e, draft, error: null }),
      cancelEdit() {
        setEditing(null);
        focusWanted.current = true;
      },
      actionChange(r, action, proposedValue) {
        if (action === 'edit' && !proposedValue) startEdit(r);
        else p.onEdit(r, { action, proposedValue });
      },
    };
  });
  const [handlers] = useState<RowHandlers>(() => ({
    cellClick: (r, index, col) => latest.current?.cellClick(r, index, col),
    startEdit: (r) => latest.current?.startEdit(r),
    commitEdit: (r) => latest.current?.commitEdit(r),
    draftChange: (draft) => latest.current?.draftChange(draft),
    cancelEdit: () => latest.current?.cancelEdit(),
    actionChange: (r, action, proposedValue) => latest.current?.actionChange(r, action, proposedValue),
  }));

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    // Only the cells navigate: keys in the sort buttons, the action select and the edit box are theirs.
    if (editing || !visible.length || (e.target as HTMLElement).getAttribute('role') !== 'gridcell') return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const r = visible[row];
    const col = COLUMN_IDS[active.col] as ColumnId;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(row + 1, active.col);
        break;
      case 'ArrowUp':
        moveTo(row - 1, active.col);
        break;
      case 'ArrowRight':
        moveTo(row, active.col + 1);
        break;
      case 'ArrowLeft':
        moveTo(row, active.col - 1);
        break;
      case 'PageDown':
        moveTo(row + page, active.col);
        break;
      case 'PageUp':
        moveTo(row - page, active.col);
        break;
      case 'Home':
        moveTo(e.ctrlKey ? 0 : row, 0);
        break;
      case 'End':
        moveTo(e.ctrlKey ? visible.length - 1 : row, COLUMN_IDS.length - 1);
        break;
      case 'F2':
        if (r) startEdit(r);
        break;
      case 'Enter':
        if (!r) return;
        if (col === 'proposedValue') startEdit(r);
        else if (col === 'action') scrollRef.current?.querySelector<HTMLSelectElement>(`[data-cell="${row}:${active.col}"] select`)?.focus();
        else p.onOpen(r, { takeFocus: true });
        break;
      case 'Escape':
        if (!p.onEscape) return;
        p.onEscape();
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  const sortState = (id: string): 'ascending' | 'descending' | 'none' => {
    const s = p.sorting.find((x) => x.id === id);
    return s ? (s.desc ? 'descending' : 'ascending') : 'none';
  };
  const toggleSort = (id: string) => {
    const s = p.sorting.find((x) => x.id === id);
    table.setSorting(!s ? [{ id, desc: false }] : !s.desc ? [{ id, desc: true }] : []);
  };

  return (
    <div
      className="grid"
      role="grid"
      aria-label="Findings"
      aria-rowcount={visible.length + 1}
      aria-colcount={COLUMN_IDS.length}
      data-testid="findings-grid"
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row">
          {COLUMN_IDS.map((id, c) => (
            <div key={id} role="columnheader" aria-colindex={c + 1} aria-sort={sortState(id)} className={`grid-cell col-${id}`}>
              <button type="button" className="sort-button" onClick={() => toggleSort(id)} data-testid={`sort-${id}`}>
                {COLUMN_LABELS[id]}
                <span aria-hidden="true">{sortState(id) === 'ascending' ? ' ▲' : sortState(id) === 'descending' ? ' ▼' : ''}</span>
              </button>
            </div>
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="grid-body" role="rowgroup" style={{ height: p.height ?? 480 }} data-testid="grid-scroll">
        {visible.length === 0 && (
          <div role="row" aria-rowindex={2} className="grid-empty">
            <div role="gridcell" aria-colindex={1}>
              No findings match.
            </div>
          </div>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = visible[item.index]!;
            const edit = p.edits.get(r.id);
            return (
              <FindingsGridRow
                key={r.id}
                row={r}
                index={item.index}
                start={item.start}
                action={edit ? edit.action : r.action}
                proposedValue={edit ? edit.proposedValue : r.proposedValue}
                activeCol={item.index === row ? active.col : null}
                editing={editing?.id === r.id ? editing : null}
                handlers={handlers}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
