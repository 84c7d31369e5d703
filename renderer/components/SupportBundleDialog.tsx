// "Support bundle…": before anything is saved the tech sees every section exactly as it goes in,
// can pseudonymise names (stable keyed hashes), and then saves the zip. Keyboard: the dialog
// takes focus, Escape closes it, focus returns to the button that opened it.
import { useEffect, useRef, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { useApp } from '../state/context';
import { downloadBlob } from './download';

type Made = ResponseOf<'bundle:make'>;

export function SupportBundleButton() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button ref={buttonRef} type="button" className="btn" onClick={() => setOpen(true)} data-testid="open-support-bundle">
        Support bundle…
      </button>
      {open && (
        <SupportBundleDialog
          onClose={() => {
            setOpen(false);
            buttonRef.current?.focus();
          }}
        />
      )}
    </>
  );
}

function SupportBundleDialog({ onClose }: { onClose: () => void }) {
  const makeBundle = useApp((s) => s.makeBundle);
  const [pseudonymise, setPseudonymise] = useState(false);
  const [preview, setPreview] = useState<Made | { problem: string } | null>(null);
  const [status, setStatus] = useState('');
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => titleRef.current?.focus(), []);
  useEffect(() => {
    let current = true;
    void makeBundle(pseudonymise, true).then((r) => current && setPreview(r));
    return () => {
      current = false;
    };
  }, [makeBundle, pseudonymise]);

  async function save() {
    setStatus('Making the bundle…');
    const r = await makeBundle(pseudonymise, false);
    if ('problem' in r || !r.zipBase64) {
      setStatus(`Not saved: ${'problem' in r ? r.problem : 'no data'}`);
      return;
    }
    const bytes = Uint8Array.from(atob(r.zipBase64), (c) => c.charCodeAt(0));
    downloadBlob(new Blob([bytes], { type: 'application/zip' }), r.fileName);
    setStatus(`Saved ${r.fileName} (${r.bytes} bytes), case ${r.caseId}.`);
  }

  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="bundle-title"
        className="dialog"
        data-testid="support-bundle-dialog"
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2 id="bundle-title" ref={titleRef} tabIndex={-1}>
          Support bundle
        </h2>
        <p>
          One zip for support: a manifest, a readable report, the same data as JSON, and this server&apos;s facts (support can replay them). No password or
          secret goes in.
        </p>
        <label>
          <input
            type="checkbox"
            checked={pseudonymise}
            onChange={(e) => {
              setPreview(null);
              setPseudonymise(e.target.checked);
            }}
            data-testid="bundle-pseudonymise"
          />{' '}
          Pseudonymise user names, addresses, DNs, server and tenant names (the same name gets the same code everywhere in the bundle)
        </label>
        {!preview && <p role="status">Reading what goes in…</p>}
        {preview && 'problem' in preview && (
          <p className="notice notice-bad" role="alert">
            {preview.problem}
          </p>
        )}
        {preview && !('problem' in preview) && (
          <>
            <p className="muted small" data-testid="bundle-caps">
              {preview.caps}
            </p>
            {preview.sections.map((s) => (
              <details key={s.id} data-testid="bundle-section">
                <summary>
                  {s.title} ({s.id})
                </summary>
                <pre tabIndex={0} aria-label={`Contents of ${s.id}`} className="bundle-preview">
                  {s.text}
                </pre>
              </details>
            ))}
          </>
        )}
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={() => void save()} data-testid="bundle-save">
            Save the bundle
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </div>
        <p role="status" data-testid="bundle-status">
          {status}
        </p>
      </div>
    </div>
  );
}
