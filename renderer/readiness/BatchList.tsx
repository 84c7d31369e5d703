// The batches applied from the workbench (newest first, as the main process lists them), each
// with its Undo.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { WorkbenchStore } from './workbench-store';

export function BatchList({ store }: { store: WorkbenchStore }) {
  const batches = useStore(store, (s) => s.batches);
  useEffect(() => {
    void store.getState().loadBatches();
  }, [store]);

  return (
    <section className="panel" aria-labelledby="batches-title" data-testid="batches">
      <h2 id="batches-title">Applied batches</h2>
      {batches.length === 0 ? (
        <p className="muted">No batch applied yet.</p>
      ) : (
        <ul className="batch-list">
          {batches.map((b) => (
            <li key={b.batchId} data-testid="batch-item">
              <span>
                {new Date(b.createdAt).toLocaleString()} · {b.origin} · {b.changes} change(s)
              </span>{' '}
              {b.undoneAt ? (
                <span className="muted" data-testid="batch-undone">
                  Undone {new Date(b.undoneAt).toLocaleString()}
                </span>
              ) : (
                <button type="button" className="btn" onClick={() => void store.getState().previewUndo(b.batchId)} data-testid="undo-batch">
                  Undo…
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
