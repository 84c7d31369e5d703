// A step that must happen on a server the app cannot run on: the exact commands to run there,
// what their outcome means, and the collector run whose new file, opened here, checks the step.
import { useEffect, useState } from 'react';
import type { OldServerSteps } from '../../shared/collector/old-server';

export interface OldServerPanelProps {
  stepId: string;
  load: (stepId: string) => Promise<OldServerSteps | null | { problem: string }>;
  /** Open the next collected file of this server; true when one was opened. */
  openNext: () => Promise<boolean>;
  /** Called after a new file was opened: the step is checked again against it. */
  onOpened: () => void;
}

export function OldServerPanel({ stepId, load, openNext, onOpened }: OldServerPanelProps) {
  const [steps, setSteps] = useState<OldServerSteps | null | { problem: string } | 'loading'>('loading');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    void load(stepId).then((r) => current && setSteps(r));
    return () => {
      current = false;
    };
  }, [load, stepId]);

  async function open() {
    if (busy) return;
    setBusy(true);
    const opened = await openNext();
    setBusy(false);
    if (opened) onOpened();
  }

  if (steps === 'loading') return <p role="status">Working out the commands for that server…</p>;
  if (steps === null) return null;
  if ('problem' in steps)
    return (
      <p className="notice notice-bad" role="alert">
        {steps.problem}
      </p>
    );
  return (
    <section aria-labelledby="old-server-title" className="panel" data-testid="old-server-steps">
      <h3 id="old-server-title">{steps.title}</h3>
      <p>The app cannot do this from here. Run these on {steps.server}, then collect again and open the new file: the step is checked against it.</p>
      <ol>
        {steps.commands.map((c) => (
          <li key={c.command}>
            {c.label}:
            <pre>
              <code data-testid="old-server-command">{c.command}</code>
            </pre>
          </li>
        ))}
        <li>
          {steps.verify.label}:
          <pre>
            <code data-testid="old-server-verify">{steps.verify.command}</code>
          </pre>
        </li>
      </ol>
      {steps.notes.map((n) => (
        <p key={n} className="muted small">
          {n}
        </p>
      ))}
      <button type="button" className="btn btn-primary" aria-disabled={busy} onClick={() => void open()} data-testid="open-next-collected">
        {busy ? 'Opening…' : 'Open the new collected file…'}
      </button>
    </section>
  );
}
