// The workbench's scan panel: the scope, start / scan again / cancel, the live count of objects
// read, why a re-scan read everything, the scan's error and the object quota.
import { useStore } from 'zustand';
import type { ScanProgressInfo } from '../../shared/readiness/ipc';
import { ScanScopePanel } from './ScanScopePanel';
import { scopeRequestOf, type WorkbenchStore } from './workbench-store';

/** Objects read of the total; a split scan's total waits for every part's count, so until then say how much is counted. */
export function describeRead(p: ScanProgressInfo): string {
  const read = p.read.toLocaleString();
  if (p.total !== null) return `${read} of ${p.total.toLocaleString()} objects read`;
  if (!p.parts || p.parts.counted === 0) return `${read} objects read`;
  const left = p.parts.total - p.parts.counted;
  return `${read} of at least ${p.parts.countedObjects.toLocaleString()} objects read (total not known yet: ${left} of ${p.parts.total} parts not counted)`;
}

export function ScanSection({ store }: { store: WorkbenchStore }) {
  const s = useStore(store);
  const running = s.scanStatus === 'running';
  // The scan waits for a scope it can run: OUs chosen that make sense, or the server's filtering read.
  const scopeReady = scopeRequestOf(s.scope).ok && (s.scope.kind !== 'server' || s.serverScope?.ok === true);
  const progressText = s.progress ? `${describeRead(s.progress)} · ${s.rows.length.toLocaleString()} findings` : '';

  return (
    <section className="panel" aria-labelledby="scan-title">
      <h2 id="scan-title">Scan</h2>
      <ScanScopePanel store={store} disabled={running} />
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={running || !scopeReady}
          onClick={() => void store.getState().startScan(s.scanStatus === 'done')}
          data-testid="scan-start"
        >
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
  );
}
