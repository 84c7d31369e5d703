// The row's whole object beside the grid: every scanned attribute as the directory holds it now,
// and for a duplicate the other objects of the set side by side, where the admin picks which one
// keeps the value (the others get an action: remove for a proxy address, the proposed value else).
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { GridRow, RowEditState, WorkbenchStore } from './workbench-store';

type ObjectView = { dn: string; attributes: Record<string, string[]> } | null | 'loading' | { error: string };

const bare = (v: string) => v.replace(/^smtp:/i, '').toLowerCase();

export interface SidePanelProps {
  store: WorkbenchStore;
  row: GridRow;
  onClose: () => void;
  /** Move the focus to the panel's heading when it opens (Enter from the grid); a click leaves the focus on the cell. */
  takeFocus: boolean;
}

export function SidePanel({ store, row, onClose, takeFocus }: SidePanelProps) {
  const rows = useStore(store, (s) => s.rows);
  const directoryVersion = useStore(store, (s) => s.directoryVersion);
  // The row as the latest scan has it: gone when the value no longer has a problem.
  const current = rows.find((r) => r.id === row.id) ?? null;
  const [objects, setObjects] = useState<Record<string, ObjectView>>({});
  const headingRef = useRef<HTMLHeadingElement>(null);
  const members = [row.dn, ...row.duplicates.map((d) => d.dn).filter((d) => d.toLowerCase() !== row.dn.toLowerCase())];
  const key = members.join('\n');

  useEffect(() => {
    if (takeFocus) headingRef.current?.focus();
  }, [row.id, takeFocus]);

  useEffect(() => {
    let live = true;
    const dns = key.split('\n');
    for (const dn of dns) {
      void store
        .getState()
        .readObject(dn)
        .then((r) => {
          if (live) setObjects((o) => ({ ...o, [`${key}\u0001${dn}`]: r.ok ? r.value : { error: r.error.message } }));
        });
    }
    return () => {
      live = false;
    };
    // Read again after a batch changed the directory: the panel shows the objects as they are now.
  }, [key, store, directoryVersion]);

  /** The findings of the same duplicate value on each member. */
  const setRows = (dn: string) =>
    rows.filter((r) => r.dn.toLowerCase() === dn.toLowerCase() && r.errors.includes('duplicate') && bare(r.value) === bare(row.value));

  function keepOn(keeper: string) {
    const entries: [string, RowEditState | null][] = [];
    for (const dn of members) {
      for (const r of setRows(dn)) {
        if (dn === keeper) entries.push([r.id, { action: 'complete', proposedValue: r.proposedValue }]);
        else if (r.attribute.toLowerCase() === 'proxyaddresses') entries.push([r.id, { action: 'remove', proposedValue: null }]);
        else if (r.proposedValue) entries.push([r.id, { action: 'edit', proposedValue: r.proposedValue }]);
      }
    }
    store.getState().setEdits(entries);
  }

  return (
    <aside
      className="side-panel"
      aria-labelledby="side-title"
      data-testid="side-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="side-head">
        <h2 id="side-title" ref={headingRef} tabIndex={-1}>
          {row.attribute} of {row.dn.split(',')[0]}
        </h2>
        <button type="button" className="btn" onClick={onClose} data-testid="side-close">
          Close
        </button>
      </div>
      {current ? (
        <p>
          <strong>{row.errors.join(', ')}</strong>: {row.detail}
        </p>
      ) : (
        <p className="notice notice-good" role="status" data-testid="side-resolved">
          The latest scan no longer finds this problem: “{row.value}” is fixed or gone.
        </p>
      )}
      {row.proposedValue !== null && <p>Proposed value: {row.proposedValue}</p>}
      {members.length > 1 && <p data-testid="duplicate-set">This value is held by {members.length} objects. Pick the one that keeps it:</p>}
      <div className={members.length > 1 ? 'side-compare' : undefined}>
        {members.map((dn) => {
          // Keyed by the set as well, so a panel opened on another row never shows this one's objects.
          const o = objects[`${key}\u0001${dn}`];
          return (
            <section key={dn} className="side-object" aria-label={dn} data-testid="side-object">
              <h3>{dn}</h3>
              {o === 'loading' || o === undefined ? (
                <p role="status">Reading the object…</p>
              ) : o === null ? (
                <p className="notice notice-bad">The object no longer exists.</p>
              ) : 'error' in o ? (
                <p className="notice notice-bad">{o.error}</p>
              ) : (
                <dl className="facts">
                  {Object.entries(o.attributes).map(([a, vs]) => (
                    <div key={a}>
                      <dt>{a}</dt>
                      <dd>{vs.join('; ')}</dd>
                    </div>
                  ))}
                </dl>
              )}
              {members.length > 1 && (
                <button type="button" className="btn" onClick={() => keepOn(dn)} data-testid="keep-here">
                  Keep the value on this object
                </button>
              )}
            </section>
          );
        })}
      </div>
    </aside>
  );
}
