// The readiness workbench: scan (with progress and cancel), counts per error type as filter
// chips, filters, the grid, the side panel, CSV export/import, the batch dialog, seed 002's UPN
// suffix move and the list of applied batches to undo.
import type { ColumnFiltersState, SortingState } from '@tanstack/react-table';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { MAX_UPN_CHOICE, type ScanProgressInfo } from '../../shared/readiness/ipc';
import { validateEdit } from '../../shared/readiness/validate-edit';
import { describeCsvProblem, findingsToCsv, parseChangesCsv, type CsvProblem } from '../../shared/readiness/scan/csv';
import { ScanErrorType } from '../../shared/readiness/scan/finding';
import { useFocusOnMount } from '../components/focus';
import { BatchDialog } from './BatchDialog';
import { FindingsGrid } from './FindingsGrid';
import { gridIndexOf } from './grid-index';
import { ScanScopePanel } from './ScanScopePanel';
import { SidePanel } from './SidePanel';
import { moveChoiceOf } from './upn-pick';
import { UpnUserPicker } from './UpnUserPicker';
import { scopeRequestOf, type GridRow, type WorkbenchStore } from './workbench-store';

const validate = (row: GridRow, value: string) => validateEdit(row, value);

/** Objects read of the total; a split scan's total waits for every part's count, so until then say how much is counted. */
function describeRead(p: ScanProgressInfo): string {
  const read = p.read.toLocaleString();
  if (p.total !== null) return `${read} of ${p.total.toLocaleString()} objects read`;
  if (!p.parts || p.parts.counted === 0) return `${read} objects read`;
  const left = p.parts.total - p.parts.counted;
  return `${read} of at least ${p.parts.countedObjects.toLocaleString()} objects read (total not known yet: ${left} of ${p.parts.total} parts not counted)`;
}

export function WorkbenchPage({ store }: { store: WorkbenchStore }) {
  const s = useStore(store);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(titleRef);
  const [errorFilter, setErrorFilter] = useState<string | null>(null);
  const [attribute, setAttribute] = useState('');
  const [objectClass, setObjectClass] = useState('');
  const [ou, setOu] = useState('');
  const [text, setText] = useState('');
  const [sorting, setSorting] = useState<SortingState>([]);
  const [visible, setVisible] = useState<GridRow[]>([]);
  const [selected, setSelected] = useState<GridRow | null>(null);
  const [importProblems, setImportProblems] = useState<CsvProblem[] | null>(null);
  const [importNote, setImportNote] = useState<string | null>(null);
  const ids = { attr: useId(), cls: useId(), ou: useId(), text: useId(), file: useId() };

  useEffect(() => {
    void store.getState().loadBatches();
  }, [store]);

  const columnFilters = useMemo<ColumnFiltersState>(() => {
    const f: ColumnFiltersState = [];
    if (errorFilter) f.push({ id: 'errors', value: errorFilter });
    if (attribute) f.push({ id: 'attribute', value: attribute });
    if (objectClass) f.push({ id: 'objectClass', value: objectClass });
    if (ou.trim()) f.push({ id: 'ou', value: ou.trim() });
    return f;
  }, [errorFilter, attribute, objectClass, ou]);

  // Counts per error type and the lists of attributes and classes, kept by the grid's index as slices arrive.
  const facets = useMemo(() => {
    const f = gridIndexOf(s.rows).facets;
    return { byError: f.byError, attrs: f.attributes, classes: f.classes };
  }, [s.rows]);

  const onEdit = useCallback((row: GridRow, edit: { action: GridRow['action']; proposedValue: string | null }) => store.getState().setEdit(row.id, edit), [store]);
  const pending = [...s.edits.values()].filter((e) => e.action !== 'none').length;
  const running = s.scanStatus === 'running';
  const dialogOpen = s.batch.stage !== 'idle';
  // The scan waits for a scope it can run: OUs chosen that make sense, or the server's filtering read.
  const scopeReady = scopeRequestOf(s.scope).ok && (s.scope.kind !== 'server' || s.serverScope?.ok === true);

  function acceptProposed() {
    const entries: [string, { action: 'edit'; proposedValue: string }][] = [];
    for (const r of visible) if (r.proposedValue !== null && r.proposedValue !== r.value && !validate(r, r.proposedValue)) entries.push([r.id, { action: 'edit', proposedValue: r.proposedValue }]);
    store.getState().setEdits(entries);
  }

  function exportCsv() {
    const csv = findingsToCsv(visible.map((r) => ({ ...r, ...store.getState().editOf(r) })));
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'readiness-findings.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function importCsv(file: File) {
    const { rows, problems } = parseChangesCsv(await file.text());
    const index = new Map(s.rows.map((r) => [`${r.dn}\u0000${r.attribute}\u0000${r.value}`.toLowerCase(), r]));
    const entries: [string, { action: GridRow['action']; proposedValue: string | null }][] = [];
    for (const row of rows) {
      const match = index.get(`${row.dn}\u0000${row.attribute}\u0000${row.value}`.toLowerCase());
      if (!match) {
        problems.push({ line: row.line, column: 'dn', message: `no finding of this scan for ${row.attribute} "${row.value}" of ${row.dn}` });
        continue;
      }
      if (row.action === 'edit' && row.proposedValue !== null) {
        const why = validate(match, row.proposedValue);
        if (why) {
          problems.push({ line: row.line, column: 'proposedValue', message: `"${row.proposedValue}" would itself be an error: ${why}` });
          continue;
        }
      }
      entries.push([match.id, { action: row.action, proposedValue: row.proposedValue }]);
    }
    problems.sort((a, b) => a.line - b.line);
    setImportProblems(problems);
    if (!problems.length) store.getState().setEdits(entries);
    setImportNote(problems.length ? `Nothing was imported: ${problems.length} problem(s) to fix in ${file.name} first.` : `Imported the actions of ${entries.length} row(s) from ${file.name}.`);
  }

  const progressText = s.progress ? `${describeRead(s.progress)} · ${s.rows.length.toLocaleString()} findings` : '';

  return (
    <div className="workbench" data-testid="workbench">
      <div inert={dialogOpen}>
        <p>
          <a href="#/">← Back to the check-up</a>
        </p>
        <h1 ref={titleRef} tabIndex={-1}>
          Directory readiness workbench
        </h1>
        <p className="muted">
          Every user and group Entra ID would reject or treat as a conflict, one value a row. Set an action per row, preview, apply; every batch can be undone.
        </p>

        <section className="panel" aria-labelledby="scan-title">
          <h2 id="scan-title">Scan</h2>
          <ScanScopePanel store={store} disabled={running} />
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={running || !scopeReady} onClick={() => void store.getState().startScan(s.scanStatus === 'done')} data-testid="scan-start">
              {s.scanStatus === 'done' || s.scanStatus === 'cancelled' ? 'Scan again' : 'Scan the directory'}
            </button>
            {running && (
              <button type="button" className="btn" onClick={() => void store.getState().cancelScan()} data-testid="scan-cancel">
                Cancel the scan
              </button>
            )}
          </div>
          <p role="status" data-testid="scan-status">
            {running && `Scanning… ${progressText}`}
            {s.scanStatus === 'done' && `Scan finished${s.summary?.mode === 'incremental' ? ' (changes since the last scan)' : ''}: ${progressText}`}
            {s.scanStatus === 'cancelled' &&
              `Scan cancelled, results partial: ${progressText}. Only the objects read before the cancel were checked; scan again for complete results.`}
          </p>
          {s.scanStatus === 'done' && s.summary?.fullScanReason && (
            <p className="muted" data-testid="scan-full-reason">
              Everything was read again, not only the changes: {s.summary.fullScanReason}.
            </p>
          )}
          {s.scanError && (
            <p className="notice notice-bad" role="alert" data-testid="scan-error">
              {s.scanError.message}
            </p>
          )}
          {s.summary && (
            <p data-testid="quota" className={s.summary.quota.over ? 'notice notice-bad' : 'muted'}>
              Objects in scope: {s.summary.quota.inScope.toLocaleString()} of the {s.summary.quota.limit.toLocaleString()} Entra ID allows by default.
              {s.summary.quota.advice ? ` ${s.summary.quota.advice}` : ''}
            </p>
          )}
        </section>

        <section aria-labelledby="filter-title" className="panel">
          <h2 id="filter-title">Findings</h2>
          <div className="chips" role="group" aria-label="Filter by error type">
            {ScanErrorType.options.map((e) => (
              <button
                key={e}
                type="button"
                className={`chip${errorFilter === e ? ' chip-on' : ''}`}
                aria-pressed={errorFilter === e}
                disabled={!facets.byError.get(e)}
                onClick={() => setErrorFilter(errorFilter === e ? null : e)}
                data-testid={`chip-${e}`}
              >
                {e} <span className="chip-count">{(facets.byError.get(e) ?? 0).toLocaleString()}</span>
              </button>
            ))}
          </div>
          <div className="filters">
            <label htmlFor={ids.attr}>Attribute</label>
            <select id={ids.attr} value={attribute} onChange={(e) => setAttribute(e.target.value)} data-testid="filter-attribute">
              <option value="">All</option>
              {facets.attrs.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
            <label htmlFor={ids.cls}>Class</label>
            <select id={ids.cls} value={objectClass} onChange={(e) => setObjectClass(e.target.value)} data-testid="filter-class">
              <option value="">All</option>
              {facets.classes.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
            <label htmlFor={ids.ou}>OU contains</label>
            <input id={ids.ou} type="text" value={ou} onChange={(e) => setOu(e.target.value)} data-testid="filter-ou" />
            <label htmlFor={ids.text}>Search</label>
            <input id={ids.text} type="search" value={text} onChange={(e) => setText(e.target.value)} data-testid="filter-text" />
          </div>
          <p className="muted small" data-testid="row-count">
            {visible.length.toLocaleString()} of {s.rows.length.toLocaleString()} rows shown · {pending.toLocaleString()} with an action
          </p>
          <div className="workbench-grid">
            <FindingsGrid
              rows={s.rows}
              edits={s.edits}
              editsVersion={s.editsVersion}
              columnFilters={columnFilters}
              globalFilter={text}
              sorting={sorting}
              onSortingChange={setSorting}
              validate={validate}
              onEdit={onEdit}
              onOpen={setSelected}
              onVisibleRows={setVisible}
            />
            {selected && (
              <SidePanel
                store={store}
                row={selected}
                onClose={() => {
                  setSelected(null);
                  // Back to the cell the panel was opened from, for keyboard users.
                  document.querySelector<HTMLElement>('[data-testid=findings-grid] [role=gridcell][tabindex="0"]')?.focus();
                }}
              />
            )}
          </div>
          <div className="actions">
            <button type="button" className="btn" onClick={acceptProposed} disabled={!visible.length} data-testid="accept-proposed">
              Accept the proposed values of the rows shown
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void store.getState().previewEdits()} disabled={!pending} data-testid="preview-apply">
              Preview and apply {pending.toLocaleString()} action{pending === 1 ? '' : 's'}
            </button>
            <button type="button" className="btn" onClick={exportCsv} disabled={!visible.length} data-testid="export-csv">
              Export the rows shown (CSV)
            </button>
            <label htmlFor={ids.file} className="btn">
              Import actions (CSV)
            </label>
            <input
              id={ids.file}
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
        </section>

        <UpnSuffixPanel store={store} />

        <section className="panel" aria-labelledby="batches-title" data-testid="batches">
          <h2 id="batches-title">Applied batches</h2>
          {s.batches.length === 0 ? (
            <p className="muted">No batch applied yet.</p>
          ) : (
            <ul className="batch-list">
              {s.batches.map((b) => (
                <li key={b.batchId} data-testid="batch-item">
                  <span>
                    {new Date(b.createdAt).toLocaleString()} · {b.origin} · {b.changes} change(s)
                  </span>{' '}
                  <button type="button" className="btn" onClick={() => void store.getState().previewUndo(b.batchId)} data-testid="undo-batch">
                    Undo…
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {s.batch.stage !== 'idle' && (
        <BatchDialog
          batch={s.batch}
          onConfirm={() => void store.getState().confirmBatch()}
          onStop={() => void store.getState().cancelBatch()}
          onClose={() => store.getState().closeBatch()}
        />
      )}
    </div>
  );
}

function UpnSuffixPanel({ store }: { store: WorkbenchStore }) {
  const upn = useStore(store, (s) => s.upn);
  const error = useStore(store, (s) => s.upnError);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const fromId = useId();
  const toId = useId();
  const whyId = useId();
  const nonRoutable = upn?.suffixes.filter((x) => !x.routable) ?? [];
  const picked = useStore(store, (s) => s.upnPick);
  const pick = from && picked?.from === from ? picked : null;
  const choice = moveChoiceOf(pick);
  const ready = choice.ready && to.trim() !== '';
  const why = !choice.ready ? choice.why : 'Type the verified domain to move them to.';
  return (
    <section className="panel" aria-labelledby="upn-title" data-testid="upn-panel">
      <h2 id="upn-title">Non-routable UPN suffixes</h2>
      <p className="muted">
        Users whose sign-in name ends in a suffix such as .local cannot sign in to Microsoft 365 with it. Add a domain verified in your tenant to the forest and move the users you choose to it; users
        whose new name would collide are held back.
      </p>
      <button type="button" className="btn" onClick={() => void store.getState().loadUpnSuffixes()} data-testid="upn-load">
        List UPN suffixes
      </button>
      {error && (
        <p className="notice notice-bad" role="alert">
          {error.message}
        </p>
      )}
      {upn && (
        <>
          <table className="evidence" data-testid="upn-suffixes">
            <caption className="visually-hidden">Users per UPN suffix</caption>
            <thead>
              <tr>
                <th scope="col">Suffix</th>
                <th scope="col">Users</th>
                <th scope="col">Routable</th>
                <th scope="col">For example</th>
              </tr>
            </thead>
            <tbody>
              {upn.suffixes.map((x) => (
                <tr key={x.suffix}>
                  <td>{x.suffix}</td>
                  <td>{x.users}</td>
                  <td>{x.routable ? 'yes' : 'no'}</td>
                  <td>{x.sample.map((u) => u.userPrincipalName).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="filters">
            <label htmlFor={fromId}>Move users of</label>
            <select
              id={fromId}
              value={from}
              onChange={(e) => {
                setFrom(e.target.value);
                if (e.target.value) void store.getState().loadUpnUsers(e.target.value);
              }}
              data-testid="upn-from"
            >
              <option value="">Choose a suffix</option>
              {nonRoutable.map((x) => (
                <option key={x.suffix} value={x.suffix}>
                  {x.suffix} ({x.users})
                </option>
              ))}
              {/* A suffix every user was moved off stays chosen (its list says it is empty) until another is picked. */}
              {from && !nonRoutable.some((x) => x.suffix === from) && <option value={from}>{from} (0)</option>}
            </select>
            <label htmlFor={toId}>to the verified domain</label>
            <input id={toId} type="text" value={to} onChange={(e) => setTo(e.target.value)} placeholder="contoso.com" data-testid="upn-to" />
          </div>
          {pick?.list && !pick.list.truncated && pick.list.users.length > 0 && <UpnUserPicker list={pick.list} leftOut={pick.leftOut} onChoose={(dns, chosen) => store.getState().setUpnChosen(dns, chosen)} />}
          {pick?.list?.truncated && (
            <p className="notice" data-testid="upn-too-many">
              {pick.from} has more than {MAX_UPN_CHOICE.toLocaleString()} users, too many to choose from one by one: the move takes every one of them, and the preview lists each before anything is written.
            </p>
          )}
          <div className="filters">
            <button type="button" className="btn btn-primary" disabled={!ready} aria-describedby={ready ? undefined : whyId} onClick={() => choice.ready && void store.getState().previewUpnMove(from, to.trim(), choice.users)} data-testid="upn-preview">
              {choice.ready && choice.chosen !== null ? `Preview the move of ${choice.chosen.toLocaleString()} user(s)` : 'Preview the move'}
            </button>
            {!ready && (
              <span id={whyId} className={pick?.error ? 'notice notice-bad' : 'muted'} role={pick?.error ? 'alert' : undefined} data-testid="upn-preview-why">
                {why}
              </span>
            )}
          </div>
        </>
      )}
    </section>
  );
}
