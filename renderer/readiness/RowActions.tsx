// The actions under the findings grid: accept the proposed values of the rows shown, preview and
// apply the pending actions, export the rows shown and import actions from a CSV file (all of
// its rows or none, every problem listed).
import { useId, useState } from 'react';
import { describeCsvProblem, downloadFindingsCsv, matchChangesCsv, type CsvProblem } from './csv-transfer';
import type { GridRow, WorkbenchStore } from './workbench-store';

export interface RowActionsProps {
  store: WorkbenchStore;
  rows: GridRow[];
  visible: GridRow[];
  pending: number;
  validate: (row: GridRow, value: string) => string | null;
}

export function RowActions({ store, rows, visible, pending, validate }: RowActionsProps) {
  const fileId = useId();
  const [importProblems, setImportProblems] = useState<CsvProblem[] | null>(null);
  const [importNote, setImportNote] = useState<string | null>(null);

  function acceptProposed() {
    const entries: [string, { action: 'edit'; proposedValue: string }][] = [];
    for (const r of visible)
      if (r.proposedValue !== null && r.proposedValue !== r.value && !validate(r, r.proposedValue))
        entries.push([r.id, { action: 'edit', proposedValue: r.proposedValue }]);
    store.getState().setEdits(entries);
  }

  async function importCsv(file: File) {
    const { entries, problems } = matchChangesCsv(await file.text(), rows, validate);
    setImportProblems(problems);
    if (!problems.length) store.getState().setEdits(entries);
    setImportNote(
      problems.length
        ? `Nothing was imported: ${problems.length} problem(s) to fix in ${file.name} first.`
        : `Imported the actions of ${entries.length} row(s) from ${file.name}.`,
    );
  }

  return (
    <>
      <div className="actions">
        <button type="button" className="btn" onClick={acceptProposed} disabled={!visible.length} data-testid="accept-proposed">
          Accept the proposed values of the rows shown
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void store.getState().previewEdits()} disabled={!pending} data-testid="preview-apply">
          Preview and apply {pending.toLocaleString()} action{pending === 1 ? '' : 's'}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => downloadFindingsCsv(visible.map((r) => ({ ...r, ...store.getState().editOf(r) })))}
          disabled={!visible.length}
          data-testid="export-csv"
        >
          Export the rows shown (CSV)
        </button>
        <label htmlFor={fileId} className="btn">
          Import actions (CSV)
        </label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          className="visually-hidden"
          data-testid="import-csv"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importCsv(f);
            e.target.value = '';
          }}
        />
      </div>
      {importNote && (
        <div role="status" data-testid="import-note" className={importProblems?.length ? 'notice notice-bad' : 'notice notice-good'}>
          <p>{importNote}</p>
          {importProblems && importProblems.length > 0 && (
            <ul data-testid="import-problems">
              {importProblems.map((p, i) => (
                <li key={i}>{describeCsvProblem(p)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}
