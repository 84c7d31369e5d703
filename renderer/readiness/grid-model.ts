// The grid's table model: TanStack Table holds the columns and the sorting and filter state; the
// filtering and sorting themselves run over grid-index.ts's precomputed index (manualFiltering,
// manualSorting), because the client-side row models are too slow at 200,000 rows. Edits are read
// through a getter (not stored in the rows), so an edit redraws its cells without re-sorting;
// sorting by action or proposed value uses the edits as they are when the sort is chosen.
import { columnFilteringFeature, createColumnHelper, globalFilteringFeature, rowSortingFeature, tableFeatures } from '@tanstack/react-table';
import type { GridRow, RowEditState } from './workbench-store';

export const gridFeatures = tableFeatures({
  columnFilteringFeature,
  globalFilteringFeature,
  rowSortingFeature,
});

/** Set by the grid to the store's current edits; the action and proposed columns read through it. */
export const editLookup: { current: (row: GridRow) => RowEditState } = { current: (row) => ({ action: row.action, proposedValue: row.proposedValue }) };

const helper = createColumnHelper<typeof gridFeatures, GridRow>();

export const COLUMN_IDS = ['object', 'objectClass', 'attribute', 'value', 'errors', 'action', 'proposedValue'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export const COLUMN_LABELS: Record<ColumnId, string> = {
  object: 'Object',
  objectClass: 'Class',
  attribute: 'Attribute',
  value: 'Value',
  errors: 'Errors',
  action: 'Action',
  proposedValue: 'Proposed value',
};

// Filter and sort semantics per column live in grid-index.ts (filterIndices, sortIndices).
export const gridColumns = helper.columns([
  helper.accessor((r) => r.dn, { id: 'object', header: COLUMN_LABELS.object }),
  helper.accessor((r) => r.objectClass, { id: 'objectClass', header: COLUMN_LABELS.objectClass }),
  helper.accessor((r) => r.attribute, { id: 'attribute', header: COLUMN_LABELS.attribute }),
  helper.accessor((r) => r.value, { id: 'value', header: COLUMN_LABELS.value }),
  helper.accessor((r) => r.errors.join(', '), { id: 'errors', header: COLUMN_LABELS.errors }),
  helper.accessor((r) => editLookup.current(r).action, { id: 'action', header: COLUMN_LABELS.action }),
  helper.accessor((r) => editLookup.current(r).proposedValue ?? '', { id: 'proposedValue', header: COLUMN_LABELS.proposedValue }),
  // Hidden filter-only column: the object's OU.
  helper.accessor((r) => r.ou, { id: 'ou', header: 'OU' }),
]);
