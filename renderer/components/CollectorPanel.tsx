// The start page's way in for servers the app cannot run on: which Windows the app runs on, the
// legacy collector to save and carry there, and opening the file it brings back. When the app
// shows such a file, this panel says where its facts come from and what they lack.
import { useState } from 'react';
import { APP_PLATFORMS } from '../../shared/domain/app-platforms';
import { COLLECTOR_SCRIPT } from '../../shared/collector/old-server';
import type { AppInfo } from '../../shared/domain/app';
import { useApp } from '../state/context';
import { ErrorNotice } from './ErrorNotice';
import { downloadBlob } from './download';
import { SupportBundleButton } from './SupportBundleDialog';

export function CollectorPanel({ info }: { info: AppInfo | null }) {
  const collectorScript = useApp((s) => s.collectorScript);
  const openCollectedFile = useApp((s) => s.openCollectedFile);
  const opening = useApp((s) => s.collectedOpening);
  const error = useApp((s) => s.collectedError);
  const [message, setMessage] = useState('');
  const collected = info?.collected ?? null;

  async function save() {
    const r = await collectorScript();
    if ('problem' in r) {
      setMessage(`Not saved: ${r.problem}`);
      return;
    }
    downloadBlob(new Blob([r.text], { type: 'text/plain' }), r.fileName);
    setMessage(`Saved ${r.fileName}. Copy it to the old server and run it there (command below).`);
  }

  async function open() {
    const opened = await openCollectedFile();
    setMessage(opened ? 'Opened. The checks now read the collected facts.' : '');
  }

  return (
    <section aria-labelledby="collector-title" className="panel" data-testid="collector-panel">
      <h2 id="collector-title">A server this app cannot run on</h2>
      {collected && (
        <div className="notice" data-testid="collected-banner">
          <p>
            Showing <strong>{collected.computerName}</strong> from a {collected.kind === 'collector' ? 'collected file' : 'support bundle'} read{' '}
            {new Date(collected.at).toLocaleString()} by {collected.by}. Nothing here can change that server: steps that must happen there are shown as commands
            to run there.
          </p>
          {collected.notes.length > 0 && (
            <>
              <p>Not read on that server:</p>
              <ul data-testid="collected-notes">
                {collected.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <p data-testid="app-platforms">
        This app runs on {APP_PLATFORMS.runsOn}. {APP_PLATFORMS.notOn}. For such a server, save the read-only collector, run it there with PowerShell 2.0 or
        later, and open the file it writes here.
      </p>
      <p className="muted small">
        On the old server, in PowerShell as administrator:{' '}
        <code>powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\{COLLECTOR_SCRIPT} -OutFile .\sync-facts.json</code>
      </p>
      <div className="actions">
        <button type="button" className="btn" onClick={() => void save()} data-testid="save-collector">
          Save the collector script
        </button>
        {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to the page. */}
        <button type="button" className="btn btn-primary" aria-disabled={opening} onClick={() => !opening && void open()} data-testid="open-collected">
          {opening ? 'Opening…' : 'Open a collected file or support bundle…'}
        </button>
        <SupportBundleButton />
      </div>
      <p role="status" data-testid="collector-status">
        {message}
      </p>
      {error && <ErrorNotice title="Could not open that file" error={error} />}
    </section>
  );
}
