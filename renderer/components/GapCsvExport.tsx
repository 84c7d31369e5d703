// The deletion-gap list downloaded as CSV on the last step: the same file `gap list --format csv`
// writes, handed to the browser through a blob URL (the workbench exports the same way).
import { useState } from 'react';

export interface GapCsvExportProps {
  exportCsv: () => Promise<{ csv: string; rows: number } | { problem: string }>;
}

export function GapCsvExport({ exportCsv }: GapCsvExportProps) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  async function download() {
    if (busy) return;
    setBusy(true);
    setMessage('Listing the deletions…');
    const r = await exportCsv();
    setBusy(false);
    if ('problem' in r) {
      setMessage(`Not exported: ${r.problem}`);
      return;
    }
    const url = URL.createObjectURL(new Blob([r.csv], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'deletion-gap.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setMessage(`Exported ${r.rows} deleted object(s) to deletion-gap.csv.`);
  }

  return (
    <section className="panel" aria-labelledby="gap-export-title" data-testid="gap-export">
      <h3 id="gap-export-title">Export the list</h3>
      {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to the page. */}
      <button type="button" data-testid="gap-export-csv" aria-disabled={busy} onClick={() => void download()}>
        Download the deletions as CSV
      </button>
      <p role="status" data-testid="gap-export-status">
        {message}
      </p>
    </section>
  );
}
