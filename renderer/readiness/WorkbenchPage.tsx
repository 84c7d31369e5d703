// The readiness workbench: scan (with progress and cancel), the findings (filter chips, filters,
// the grid, the side panel, CSV export/import), seed 002's UPN suffix move, the list of applied
// batches to undo, and the batch dialog over all of it. Each part is its own module; this page
// only lays them out and keeps the page inert while the dialog is open.
import { useRef } from 'react';
import { useStore } from 'zustand';
import { useFocusOnMount } from '../components/focus';
import { BatchDialog } from './BatchDialog';
import { BatchList } from './BatchList';
import { FindingsSection } from './FindingsSection';
import { ScanSection } from './ScanSection';
import { UpnSuffixPanel } from './UpnSuffixPanel';
import type { WorkbenchStore } from './workbench-store';
import type { InitialFindingsFilter } from './use-findings-filters';

/** initialFilter: the findings filter the address asked for (the home's symptom picker links with one). */
export function WorkbenchPage({ store, initialFilter }: { store: WorkbenchStore; initialFilter?: InitialFindingsFilter }) {
  const batch = useStore(store, (s) => s.batch);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(titleRef);
  const dialogOpen = batch.stage !== 'idle';

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
        <ScanSection store={store} />
        <FindingsSection store={store} {...(initialFilter ? { initialFilter } : {})} />
        <UpnSuffixPanel store={store} />
        <BatchList store={store} />
      </div>
      {dialogOpen && (
        <BatchDialog
          batch={batch}
          onConfirm={() => void store.getState().confirmBatch()}
          onStop={() => void store.getState().cancelBatch()}
          onClose={() => store.getState().closeBatch()}
        />
      )}
    </div>
  );
}
