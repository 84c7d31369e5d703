// "Screenshot" in the header of every screen: asks for the support case id (and whether to hide
// user names and addresses too), masks every sensitive field, shows the footer, and has the main
// process capture the window, copy the PNG to the clipboard and save it where the tech picks.
import { useEffect, useId, useRef, useState } from 'react';
import { CaseId } from '../../../shared/ipc/contract';
import { useApi } from '../../api/app-api';
import { afterPaint, prepareCapture } from './mask';

export function ScreenshotControl({ appVersion }: { appVersion: string }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [caseId, setCaseId] = useState('');
  const [names, setNames] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState('');
  const ids = { panel: useId(), case: useId(), names: useId(), problem: useId() };
  const buttonRef = useRef<HTMLButtonElement>(null);
  const caseRef = useRef<HTMLInputElement>(null);
  const viewAt = useRef<number | null>(null);

  useEffect(() => {
    if (open) caseRef.current?.focus({ preventScroll: true });
  }, [open]);

  const close = () => {
    setOpen(false);
    setProblem(null);
    buttonRef.current?.focus();
  };

  const save = async () => {
    const parsed = CaseId.safeParse(caseId);
    if (!parsed.success) {
      setProblem(`Case id: ${parsed.error.issues[0]?.message ?? 'not valid'}.`);
      caseRef.current?.focus();
      return;
    }
    setBusy(true);
    setOpen(false); // the panel is not part of the picture
    setSaid('');
    await afterPaint(window);
    // The view the tech was looking at when the panel opened, should anything have scrolled since.
    if (viewAt.current !== null) window.scrollTo(window.scrollX, viewAt.current);
    await afterPaint(window);
    const capture = prepareCapture(document, { names, footer: { appVersion, at: new Date(), caseId: parsed.data } });
    let result: Awaited<ReturnType<typeof api.call<'screenshot:save'>>>;
    try {
      await afterPaint(window);
      result = await api.call('screenshot:save', { caseId: parsed.data });
    } finally {
      capture.undo();
      setBusy(false);
    }
    buttonRef.current?.focus();
    if (!result.ok) setSaid(`The screenshot was not taken: ${result.error.message}`);
    else {
      const v = result.value;
      const masked = `${capture.masked} sensitive field${capture.masked === 1 ? '' : 's'} hidden`;
      setSaid(
        v.savedAs
          ? `Screenshot saved as ${v.savedAs} and copied to the clipboard (${masked}).`
          : `Screenshot copied to the clipboard; not saved to a file (${masked}).`,
      );
    }
  };

  return (
    <div className="app-bar-tools">
      <button
        ref={buttonRef}
        type="button"
        className="btn"
        aria-expanded={open}
        aria-controls={open ? ids.panel : undefined}
        aria-disabled={busy}
        onClick={() => {
          if (busy) return; // aria-disabled, not disabled: the button keeps the focus while it works
          if (open) close();
          else {
            viewAt.current = window.scrollY;
            setOpen(true);
          }
        }}
        data-testid="screenshot-button"
      >
        {busy ? 'Taking the screenshot…' : 'Screenshot'}
      </button>
      <span role="status" className="visually-hidden" data-testid="screenshot-status">
        {said}
      </span>
      {said && !busy && (
        <span className="muted small" aria-hidden="true">
          {' '}
          {said}
        </span>
      )}
      {open && (
        <form
          id={ids.panel}
          className="screenshot-panel"
          aria-label="Screenshot for support"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <p className="small">
            Saves a picture of this screen with the app version, the time and the case id at the bottom. Passwords and typed secrets are always hidden.
          </p>
          <label htmlFor={ids.case}>Support case id</label>
          <input
            ref={caseRef}
            id={ids.case}
            type="text"
            value={caseId}
            onChange={(e) => setCaseId(e.target.value)}
            aria-invalid={!!problem}
            aria-describedby={problem ? ids.problem : undefined}
            data-testid="screenshot-case"
          />
          {problem && (
            <p id={ids.problem} className="notice notice-bad" role="alert">
              {problem}
            </p>
          )}
          <p>
            <input id={ids.names} type="checkbox" checked={names} onChange={(e) => setNames(e.target.checked)} data-testid="screenshot-names" />{' '}
            <label htmlFor={ids.names}>Also hide user names and addresses</label>
          </p>
          <button type="submit" className="btn btn-primary" data-testid="screenshot-save">
            Save screenshot
          </button>{' '}
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}
