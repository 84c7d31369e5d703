// One row of the findings grid, memoised: while the grid scrolls, rows already on screen keep
// their props (primitives and one stable handler object), so React renders only the rows that
// scroll in, not the whole window of rows on every frame. The action is a real <select> only in
// the active row and in rows the pointer has entered (a select per row was half of each scrolled
// frame's work); elsewhere it is the same words as text.
import { memo, useState } from 'react';
import type { ScanAction } from '../../shared/readiness/scan/finding';
import { COLUMN_IDS } from './grid-model';
import type { GridRow } from './workbench-store';

export const ROW_HEIGHT = 34;

const ACTIONS: { value: ScanAction; label: string }[] = [
  { value: 'none', label: 'No action' },
  { value: 'edit', label: 'Edit' },
  { value: 'remove', label: 'Remove' },
  { value: 'complete', label: 'Complete' },
];

export interface CellEdit {
  id: string;
  draft: string;
  error: string | null;
}

/** The grid's handlers, one object for the grid's life (it reads the grid's latest state). */
export interface RowHandlers {
  cellClick(row: GridRow, index: number, col: number): void;
  startEdit(row: GridRow): void;
  commitEdit(row: GridRow): void;
  draftChange(draft: string): void;
  cancelEdit(): void;
  actionChange(row: GridRow, action: ScanAction, proposedValue: string | null): void;
}

export interface FindingsGridRowProps {
  row: GridRow;
  index: number;
  /** The row's offset from the top of the list, in px. */
  start: number;
  action: ScanAction;
  proposedValue: string | null;
  /** The active column when this is the active row, else null. */
  activeCol: number | null;
  /** The edit in progress when it is this row's, else null. */
  editing: CellEdit | null;
  handlers: RowHandlers;
}

export const FindingsGridRow = memo(function FindingsGridRow({
  row: r,
  index,
  start,
  action,
  proposedValue,
  activeCol,
  editing,
  handlers: h,
}: FindingsGridRowProps) {
  const active = activeCol !== null;
  const [pointed, setPointed] = useState(false);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      className={`grid-row${active ? ' active' : ''}`}
      data-testid="grid-row"
      data-finding-id={r.id}
      style={{ transform: `translateY(${start}px)` }}
      onPointerEnter={pointed ? undefined : () => setPointed(true)}
    >
      {COLUMN_IDS.map((id, c) => (
        <div
          key={id}
          role="gridcell"
          aria-colindex={c + 1}
          tabIndex={activeCol === c && !editing ? 0 : -1}
          data-cell={`${index}:${c}`}
          className={`grid-cell col-${id}${id === 'proposedValue' && !editing ? (action === 'edit' ? ' edited' : ' muted') : ''}`}
          title={id === 'object' ? r.dn : id === 'value' ? r.value : id === 'errors' ? r.detail : undefined}
          onClick={() => h.cellClick(r, index, c)}
          onDoubleClick={id === 'proposedValue' ? () => h.startEdit(r) : undefined}
        >
          {id === 'object' && r.dn}
          {id === 'objectClass' && r.objectClass}
          {id === 'attribute' && r.attribute}
          {id === 'value' && (r.value === '' ? <em className="muted">(empty)</em> : r.value)}
          {id === 'errors' && r.errors.join(', ')}
          {id === 'action' && !active && !pointed && (
            <span className="action-text" data-testid="row-action-text">
              {ACTIONS.find((a) => a.value === action)?.label}
            </span>
          )}
          {id === 'action' && (active || pointed) && (
            <select
              tabIndex={-1}
              aria-label={`Action for ${r.attribute} of ${r.dn}`}
              value={action}
              data-testid="row-action"
              onChange={(e) => h.actionChange(r, e.target.value as ScanAction, proposedValue)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  (e.currentTarget.parentElement as HTMLElement).focus();
                }
              }}
            >
              {ACTIONS.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </select>
          )}
          {id === 'proposedValue' &&
            (editing ? (
              <span className="cell-edit">
                <input
                  autoFocus
                  type="text"
                  aria-label={`New ${r.attribute} for ${r.dn}`}
                  aria-invalid={editing.error ? true : undefined}
                  aria-describedby={editing.error ? 'edit-error' : undefined}
                  data-testid="edit-input"
                  value={editing.draft}
                  onChange={(e) => h.draftChange(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      h.commitEdit(r);
                    } else if (e.key === 'Escape') {
                      e.preventDefault();
                      h.cancelEdit();
                    }
                  }}
                />
                {editing.error && (
                  <span id="edit-error" role="alert" className="edit-error" data-testid="edit-error">
                    {editing.error}
                  </span>
                )}
              </span>
            ) : (
              <>
                <span className="cell-value">{proposedValue ?? ''}</span>
                {(active || pointed) && (
                  // The visible way to what F2, Enter and a double click do.
                  <button
                    type="button"
                    tabIndex={-1}
                    className="btn btn-small cell-edit-button"
                    aria-label={`Edit the new ${r.attribute} for ${r.dn}`}
                    data-testid="edit-button"
                    onClick={(e) => {
                      e.stopPropagation();
                      h.startEdit(r);
                    }}
                  >
                    Edit
                  </button>
                )}
              </>
            ))}
        </div>
      ))}
    </div>
  );
});
