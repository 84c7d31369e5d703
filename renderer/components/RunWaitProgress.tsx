// Live progress of a fix that waits on the sync engine (a run to end, a sync cycle the app started):
// what is waited on, the time so far, and a Cancel that really stops the waiting in the main
// process. It never stops the run itself, and says so.
import { useEffect, useState } from 'react';
import type { RunWaitStatus } from '../state/wizard-slice';

/** How often the window asks how the wait stands. */
const POLL_MS = 1_000;

export interface RunWaitProgressProps {
  status: () => Promise<RunWaitStatus | null>;
  cancel: () => Promise<boolean>;
}

export function RunWaitProgress({ status, cancel }: RunWaitProgressProps) {
  const [now, setNow] = useState<RunWaitStatus | null>(null);
  const [cancelling, setCancelling] = useState(false);

  useEffect(() => {
    let live = true;
    const poll = () =>
      void status().then((s) => {
        if (live && s) setNow(s);
      });
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [status]);

  const waiting = now?.waiting === true;
  return (
    <section className="panel" aria-labelledby="run-wait-title" data-testid="run-wait">
      <h3 id="run-wait-title">Waiting</h3>
      <p data-testid="run-wait-progress" aria-live="polite">
        {waiting ? `Waiting for ${now.what ?? 'the run to end'}: ${now.elapsedSeconds} s so far.` : 'Starting the wait…'}
      </p>
      <p className="muted small">Cancelling stops the waiting only: the run goes on in the sync engine, and the step shows its result when you check again.</p>
      <button
        type="button"
        data-testid="run-wait-cancel"
        disabled={!waiting || cancelling}
        onClick={() => {
          setCancelling(true);
          void cancel().finally(() => setCancelling(false));
        }}
      >
        {cancelling ? 'Stopping…' : 'Cancel the wait'}
      </button>
    </section>
  );
}
