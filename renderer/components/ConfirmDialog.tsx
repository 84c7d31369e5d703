// The last stop before a change: lists every item the fix will change (target, setting,
// from -> to). Focus is trapped inside while it is open and returns where it was after.
// For a destructive plan Cancel has the focus, so a stray Enter does nothing harmful.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { PlannedChange } from '../../shared/playbooks/types';
import { ChangeList } from './ChangeList';
import { focusableIn } from './focus';
import { timeOfDay } from '../words';

export interface ConfirmDialogProps {
  plan: PlannedChange;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ plan, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const destructive = plan.destructive;

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    (destructive ? cancelRef : confirmRef).current?.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, [destructive]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
      return;
    }
    if (event.key !== 'Tab' || !dialogRef.current) return;
    const items = focusableIn(dialogRef.current);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !dialogRef.current.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialogRef.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  const count = plan.changes.length;
  return (
    <div className="dialog-backdrop">
      <div
        ref={dialogRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-intro"
        data-testid="confirm-dialog"
        onKeyDown={onKeyDown}
      >
        <h2 id="confirm-title">{plan.title}?</h2>
        <p id="confirm-intro">
          {count === 1 ? 'This is the one change that will be made:' : `These ${count} changes will be made:`}
        </p>
        <ChangeList changes={plan.changes} testId="planned-change" />
        {destructive ? (
          <p className="notice notice-bad" data-testid="destructive-warning">
            Careful: this change removes or overwrites something{plan.reversible ? '.' : ' and cannot be undone.'}
          </p>
        ) : (
          <p className="muted">{plan.reversible ? 'You can undo this later if needed.' : 'This cannot be undone.'}</p>
        )}
        <p className="muted small">This plan is valid until {timeOfDay(plan.expiresAt)}. Nothing changes unless you confirm.</p>
        <div className="dialog-actions">
          <button ref={cancelRef} type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button
            ref={confirmRef}
            type="button"
            className={destructive ? 'btn btn-danger' : 'btn btn-primary'}
            onClick={onConfirm}
          >
            Yes, make this change
          </button>
        </div>
      </div>
    </div>
  );
}
