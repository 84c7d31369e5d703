// The one dialog of an apply or undo batch: the preview (every change, old → new, counted, and
// the rows refused or held back with the reason), one confirmation, progress with a stop button,
// then the outcome with every skipped or failed row and why. Focus stays inside while it is open.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { describeChange } from '../../shared/readiness/value-change';
import type { ValueChange } from '../../shared/readiness/value-change';
import type { BatchResult } from '../../shared/readiness/batch';
import { focusableIn } from '../components/focus';
import type { BatchStage } from './workbench-store';

export interface BatchDialogProps {
  batch: Exclude<BatchStage, { stage: 'idle' }>;
  onConfirm: () => void;
  onStop: () => void;
  onClose: () => void;
}

function ChangeRows({ changes }: { changes: ValueChange[] }) {
  const ref = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is the chosen library; this component re-renders on scroll by design
  const v = useVirtualizer({ count: changes.length, getScrollElement: () => ref.current, estimateSize: () => 44, overscan: 8 });
  return (
    <div ref={ref} className="change-scroll" tabIndex={0} role="region" aria-label="Every change">
      <ul style={{ height: v.getTotalSize(), position: 'relative' }} className="change-rows">
        {v.getVirtualItems().map((item) => {
          const c = changes[item.index]!;
          return (
            <li
              key={item.key}
              data-testid="preview-change"
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
            >
              <span className="change-target">{c.dn}</span>
              <span className="change-what">{describeChange(c)}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function BatchDialog({ batch, onConfirm, onStop, onClose }: BatchDialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);
  useEffect(() => {
    headingRef.current?.focus();
  }, [batch.stage]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape' && batch.stage !== 'running') {
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = focusableIn(ref.current);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && (document.activeElement === first || document.activeElement === headingRef.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  let title: string;
  let body: React.ReactNode;
  let actions: React.ReactNode = null;
  if (batch.stage === 'previewing') {
    title = batch.kind === 'undo' ? 'Preparing the undo…' : 'Preparing the preview…';
    body = <p role="status">Reading the rows and checking each new value against the rules and the directory.</p>;
  } else if (batch.stage === 'confirm') {
    const { preview, refused, heldBack, kind } = batch.preview;
    const n = preview.changes.length;
    title =
      kind === 'undo'
        ? `Undo: restore ${n} value${n === 1 ? '' : 's'}?`
        : `Apply ${n} change${n === 1 ? '' : 's'} to ${preview.objects} object${preview.objects === 1 ? '' : 's'}?`;
    body = (
      <>
        <p data-testid="preview-counts">
          {Object.entries(preview.byAttribute)
            .map(([a, c]) => `${a}: ${c}`)
            .join(' · ') || 'Nothing to write.'}
          {preview.completed ? ` · ${preview.completed} row(s) marked complete (nothing written)` : ''}
        </p>
        {n > 0 && <ChangeRows changes={preview.changes} />}
        {refused.length > 0 && (
          <div className="notice notice-bad" data-testid="preview-refused">
            <p className="notice-title">{refused.length} row(s) will not be written:</p>
            <ul>
              {refused.slice(0, 200).map((r) => (
                <li key={r.findingId}>{r.reason}</li>
              ))}
            </ul>
          </div>
        )}
        {heldBack.length > 0 && (
          <div className="notice" data-testid="preview-held-back">
            <p className="notice-title">{heldBack.length} user(s) held back because the new value would collide:</p>
            <ul>
              {heldBack.map((h) => (
                <li key={h.dn}>
                  {h.dn}: {h.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
        <p className="muted small">
          {kind === 'undo'
            ? 'Each value is re-read first; a value changed again since the batch is left alone and listed.'
            : 'An undo file is written before the first change. Each object is re-read first; a value changed since the scan is skipped and listed. Every change is written to the audit log before and after.'}
        </p>
      </>
    );
    actions = (
      <>
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" onClick={onConfirm} disabled={n === 0} data-testid="batch-confirm">
          {kind === 'undo' ? `Yes, undo ${n} change${n === 1 ? '' : 's'}` : `Yes, apply ${n} change${n === 1 ? '' : 's'}`}
        </button>
      </>
    );
  } else if (batch.stage === 'running') {
    const done = batch.poll?.done ?? 0;
    const total = batch.poll?.total ?? batch.preview.preview.changes.length;
    title = batch.preview.kind === 'undo' ? 'Undoing…' : 'Applying…';
    body = (
      <>
        <progress max={total} value={done} aria-label="Changes written" />
        <p role="status">
          {done} of {total} written
        </p>
      </>
    );
    actions = (
      <button type="button" className="btn" onClick={onStop} data-testid="batch-stop">
        Stop after the current change
      </button>
    );
  } else if (batch.stage === 'finished') {
    const r = batch.poll.result;
    title = batch.poll.kind === 'undo' ? 'Undo finished' : 'Apply finished';
    body = r ? (
      <>
        <p role="status" data-testid="batch-summary">
          {r.counts.applied} applied, {r.counts.skipped} skipped, {r.counts.failed} failed
          {r.counts.cancelled ? `, ${r.counts.cancelled} not started (stopped)` : ''}
          {r.counts.unchanged ? `, ${r.counts.unchanged} already as before` : ''}.
        </p>
        {r.rows.some((x) => x.status === 'skipped' || x.status === 'failed') && (
          <ul className="notice notice-bad" data-testid="batch-problems">
            {r.rows
              .filter((x) => x.status === 'skipped' || x.status === 'failed')
              .map((x, i) => (
                <li key={i} data-testid="batch-problem">
                  {x.status}: {x.change.dn} ({describeChange(x.change)}): {x.reason}
                </li>
              ))}
          </ul>
        )}
        {r.counts.cancelled > 0 && <StoppedReport rows={r.rows} />}
        {r.undoFile && <p className="muted small">Undo file: {r.undoFile}</p>}
      </>
    ) : (
      <p className="notice notice-bad" role="alert">
        {batch.poll.error}
      </p>
    );
    actions = (
      <button type="button" className="btn btn-primary" onClick={onClose} data-testid="batch-close">
        Close
      </button>
    );
  } else {
    title = 'That did not work';
    body = (
      <p className="notice notice-bad" role="alert" data-testid="batch-error">
        {batch.error.message}
      </p>
    );
    actions = (
      <button type="button" className="btn" onClick={onClose} data-testid="batch-close">
        Close
      </button>
    );
  }

  return (
    <div className="dialog-backdrop">
      <div
        ref={ref}
        className="dialog dialog-wide"
        role="dialog"
        aria-modal="true"
        aria-labelledby="batch-title"
        data-testid="batch-dialog"
        onKeyDown={onKeyDown}
      >
        <h2 id="batch-title" ref={headingRef} tabIndex={-1}>
          {title}
        </h2>
        {body}
        {actions && <div className="dialog-actions">{actions}</div>}
      </div>
    </div>
  );
}

/** Rows listed per group after a stop; the rest are counted (a stopped 10,000-row batch stays light). */
const STOPPED_LIST_MAX = 200;

function ChangeList({ rows, testId }: { rows: BatchResult['rows']; testId: string }) {
  return (
    <ul data-testid={testId}>
      {rows.slice(0, STOPPED_LIST_MAX).map((x, i) => (
        <li key={i}>
          {x.change.dn} ({describeChange(x.change)})
        </li>
      ))}
      {rows.length > STOPPED_LIST_MAX && <li>and {rows.length - STOPPED_LIST_MAX} more</li>}
    </ul>
  );
}

/** After a stop: exactly which changes reached the directory and which did not. */
function StoppedReport({ rows }: { rows: BatchResult['rows'] }) {
  const written = rows.filter((x) => x.status === 'applied');
  const notWritten = rows.filter((x) => x.status === 'cancelled');
  return (
    <section data-testid="batch-stopped" aria-labelledby="batch-stopped-title">
      <h3 id="batch-stopped-title">
        Stopped: {written.length} written, {notWritten.length} not written
      </h3>
      {written.length > 0 && (
        <>
          <p>Written before the stop:</p>
          <ChangeList rows={written} testId="batch-written" />
        </>
      )}
      <p>Not written (left as they were):</p>
      <ChangeList rows={notWritten} testId="batch-not-written" />
    </section>
  );
}
