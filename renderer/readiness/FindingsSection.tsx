// The findings part of the workbench: filters, the grid with the side panel of the row opened,
// the count of rows shown and with an action, and the row actions under the grid.
import type { SortingState } from '@tanstack/react-table';
import { useCallback, useState } from 'react';
import { useStore } from 'zustand';
import { validateEdit } from '../../shared/readiness/validate-edit';
import { FindingsFilterBar } from './FindingsFilterBar';
import { FindingsGrid } from './FindingsGrid';
import { RowActions } from './RowActions';
import { SidePanel } from './SidePanel';
import { useFindingsFilters, type InitialFindingsFilter } from './use-findings-filters';
import type { GridRow, WorkbenchStore } from './workbench-store';

const validate = (row: GridRow, value: string) => validateEdit(row, value);

export function FindingsSection({ store, initialFilter }: { store: WorkbenchStore; initialFilter?: InitialFindingsFilter }) {
  const rows = useStore(store, (s) => s.rows);
  const edits = useStore(store, (s) => s.edits);
  const editsVersion = useStore(store, (s) => s.editsVersion);
  const filters = useFindingsFilters(initialFilter);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [visible, setVisible] = useState<GridRow[]>([]);
  const [selected, setSelected] = useState<{ row: GridRow; takeFocus: boolean } | null>(null);
  const onOpen = useCallback((row: GridRow, how: { takeFocus: boolean }) => setSelected({ row, takeFocus: how.takeFocus }), []);

  const onEdit = useCallback(
    (row: GridRow, edit: { action: GridRow['action']; proposedValue: string | null }) => store.getState().setEdit(row.id, edit),
    [store],
  );
  const pending = [...edits.values()].filter((e) => e.action !== 'none').length;

  function closeSidePanel() {
    setSelected(null);
    // Back to the cell the panel was opened from, for keyboard users.
    document.querySelector<HTMLElement>('[data-testid=findings-grid] [role=gridcell][tabindex="0"]')?.focus();
  }

  return (
    <section aria-labelledby="filter-title" className="panel">
      <h2 id="filter-title">Findings</h2>
      <FindingsFilterBar rows={rows} filters={filters} />
      <p className="muted small" data-testid="row-count">
        {visible.length.toLocaleString()} of {rows.length.toLocaleString()} rows shown · {pending.toLocaleString()} with an action
      </p>
      <div className="workbench-grid">
        <FindingsGrid
          rows={rows}
          edits={edits}
          editsVersion={editsVersion}
          columnFilters={filters.columnFilters}
          globalFilter={filters.text}
          sorting={sorting}
          onSortingChange={setSorting}
          validate={validate}
          onEdit={onEdit}
          onOpen={onOpen}
          onEscape={selected ? closeSidePanel : undefined}
          onVisibleRows={setVisible}
        />
        {selected && <SidePanel store={store} row={selected.row} takeFocus={selected.takeFocus} onClose={closeSidePanel} />}
      </div>
      <RowActions store={store} rows={rows} visible={visible} pending={pending} validate={validate} />
    </section>
  );
}
