// The grid's table model: TanStack Table's sorting and filtering over the findings, with the
// columns the issue names. Edits are read through a getter (not stored in the rows), so an edit
// redraws its cells without re-sorting 200,000 rows; sorting by action or proposed value uses the
// edits as they are when the sort is chosen.
import {
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  globalFilteringFeature,
  rowSortingFeature,
  tableFeatures,
  type FilterFn,
} from '@tanstack/react-table';
import type { GridRow, RowEditState } from './workbench-store';

export const gridFeatures = tableFeatures({
  columnFilteringFeature,
  globalFilteringFeature,
  rowSortingFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
});

/** Set by the grid to the store's current edits; the action and proposed columns read through it. */
export const editLookup: { current: (row: GridRow) => RowEditState } = { current: (row) => ({ action: row.action, proposedValue: row.proposedValue }) };

const helper = createColumnHelper<typeof gridFeatures, GridRow>();

const textCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** errors: the row has this error type. */
const hasError: FilterFn<typeof gridFeatures, GridRow> = (row, _id, value) => row.original.errors.includes(value as never);
const equalsIgnoreCase: FilterFn<typeof gridFeatures, GridRow> = (row, id, value) => String(row.getValue(id)).toLowerCase() === String(value).toLowerCase();
const ouContains: FilterFn<typeof gridFeatures, GridRow> = (row, _id, value) => row.original.ou.toLowerCase().includes(String(value).toLowerCase());

/** Free text: any of DN, attribute, value, proposed value or the explanation contains it. */
export const freeText: FilterFn<typeof gridFeatures, GridRow> = (row, _id, value) => {
  const q = String(value).toLowerCase();
  const r = row.original;
  return (
    r.dnKey.includes(q) ||
    r.value.toLowerCase().includes(q) ||
    r.attribute.toLowerCase().includes(q) ||
    (editLookup.current(r).proposedValue ?? '').toLowerCase().includes(q) ||
    r.detail.toLowerCase().includes(q)
  );
};

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

export const gridColumns = helper.columns([
  helper.accessor((r) => r.dn, { id: 'object', header: COLUMN_LABELS.object, sortFn: (a, b) => textCompare(a.original.dnKey, b.original.dnKey), enableGlobalFilter: true }),
  helper.accessor((r) => r.objectClass, { id: 'objectClass', header: COLUMN_LABELS.objectClass, filterFn: equalsIgnoreCase, sortFn: (a, b) => textCompare(a.original.objectClass, b.original.objectClass) }),
  helper.accessor((r) => r.attribute, { id: 'attribute', header: COLUMN_LABELS.attribute, filterFn: equalsIgnoreCase, sortFn: (a, b) => textCompare(a.original.attribute.toLowerCase(), b.original.attribute.toLowerCase()) }),
  helper.accessor((r) => r.value, { id: 'value', header: COLUMN_LABELS.value, sortFn: (a, b) => textCompare(a.original.value, b.original.value) }),
  helper.accessor((r) => r.errors.join(', '), { id: 'errors', header: COLUMN_LABELS.errors, filterFn: hasError, sortFn: (a, b) => textCompare(a.original.errors.join(','), b.original.errors.join(',')) }),
  helper.accessor((r) => editLookup.current(r).action, { id: 'action', header: COLUMN_LABELS.action, sortFn: (a, b) => textCompare(editLookup.current(a.original).action, editLookup.current(b.original).action) }),
  helper.accessor((r) => editLookup.current(r).proposedValue ?? '', {
    id: 'proposedValue',
    header: COLUMN_LABELS.proposedValue,
    sortFn: (a, b) => textCompare(editLookup.current(a.original).proposedValue ?? '', editLookup.current(b.original).proposedValue ?? ''),
  }),
  // Hidden filter-only column: the object's OU.
  helper.accessor((r) => r.ou, { id: 'ou', header: 'OU', filterFn: ouContains }),
]);
