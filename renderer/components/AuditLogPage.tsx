// The audit-log view (#/audit): every action the app took, newest first: when, who, on which
// server, what it planned to change (before → after), the result and the re-check; filtered by
// day (local time) and by action; with the chain check `audit verify` makes, and where the log is.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { auditFilterChoices, filterAuditEntries, type AuditEntry, type AuditView } from '../../shared/home/audit-entries';
import type { IpcError } from '../../shared/ipc/errors';
import { useApi } from '../api/app-api';
import { ErrorNotice } from './ErrorNotice';
import { StatusBadge } from './StatusBadge';
import { useFocusOnMount } from './focus';
import { localDateTime } from './home/when';

const RESULT = {
  succeeded: { text: 'Succeeded', tone: 'good' },
  failed: { text: 'Failed', tone: 'bad' },
  unfinished: { text: 'No end recorded', tone: 'warn' },
} as const;

export function AuditLogPage() {
  const api = useApi();
  const [view, setView] = useState<AuditView | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [loading, setLoading] = useState(true);
  const [day, setDay] = useState('');
  const [action, setAction] = useState('');
  const ids = { day: useId(), action: useId() };
  const titleRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(titleRef);
  const offset = new Date().getTimezoneOffset();

  const read = useCallback(() => {
    void api.call('audit:read', {}).then((r) => {
      setLoading(false);
      if (r.ok) {
        setView(r.value);
        setError(null);
      } else setError(r.error);
    });
  }, [api]);
  useEffect(() => read(), [read]);
  const load = () => {
    setLoading(true);
    read();
  };

  const choices = useMemo(() => auditFilterChoices(view?.entries ?? [], offset), [view, offset]);
  const shown = useMemo(() => filterAuditEntries(view?.entries ?? [], { day: day || null, action: action || null }, offset), [view, day, action, offset]);

  return (
    <div className="audit-page" data-testid="audit-page">
      <p>
        <a href="#/">← Back to the check-up</a>
      </p>
      <h1 ref={titleRef} tabIndex={-1}>
        Audit log
      </h1>
      {error && <ErrorNotice title="Could not read the audit log" error={error} onRetry={load} />}
      {view && (
        <section aria-labelledby="audit-chain-title" className="panel">
          <h2 id="audit-chain-title">Is the log intact?</h2>
          <p data-testid="audit-verification" data-ok={view.verification.ok}>
            {view.verification.ok ? (
              <>
                <StatusBadge text="Intact" tone="good" /> No line was edited, removed, inserted or moved since it was written ({view.verification.lines} lines
                checked).
              </>
            ) : (
              <>
                <StatusBadge text="Broken" tone="bad" /> Line {view.verification.line} of {view.verification.lines}: {view.verification.reason}.
              </>
            )}
          </p>
          <p className="muted small">
            The same check as <code>dirsync-doctor audit verify</code>. The log is <code data-testid="audit-file">{view.file}</code>
          </p>
        </section>
      )}
      <section aria-labelledby="audit-entries-title" className="panel" aria-busy={loading}>
        <h2 id="audit-entries-title">Actions</h2>
        <div className="filters">
          <label htmlFor={ids.day}>Day</label>
          <select id={ids.day} value={day} onChange={(e) => setDay(e.target.value)} data-testid="audit-day">
            <option value="">Every day</option>
            {choices.days.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
          <label htmlFor={ids.action}>Action</label>
          <select id={ids.action} value={action} onChange={(e) => setAction(e.target.value)} data-testid="audit-action">
            <option value="">Every action</option>
            {choices.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
          <button type="button" className="btn" onClick={load} disabled={loading}>
            {loading ? 'Reading…' : 'Read again'}
          </button>
        </div>
        <p role="status" data-testid="audit-count">
          {view
            ? `${shown.length} of ${view.entries.length} action${view.entries.length === 1 ? '' : 's'} shown${view.omitted ? ` (${view.omitted} older ones not read)` : ''}.`
            : ''}
        </p>
        {shown.length > 0 && (
          <ol className="audit-entries" data-testid="audit-entries">
            {shown.map((e) => (
              <AuditEntryCard key={e.id} entry={e} />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function AuditEntryCard({ entry: e }: { entry: AuditEntry }) {
  const result = RESULT[e.result];
  return (
    <li className="audit-entry" data-testid="audit-entry" data-action={e.action}>
      <h3>
        <StatusBadge text={result.text} tone={result.tone} /> {e.action}: {e.target}
      </h3>
      <dl className="facts">
        <div>
          <dt>When</dt>
          <dd>
            <time dateTime={e.startedAt}>{localDateTime(e.startedAt)}</time>
            {e.endedAt && (
              <>
                {' '}
                to <time dateTime={e.endedAt}>{localDateTime(e.endedAt)}</time>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>By</dt>
          <dd>
            {e.actor} on {e.host || 'an unnamed host'} ({e.origin})
          </dd>
        </div>
        {e.summary && (
          <div>
            <dt>Result</dt>
            <dd>{e.summary}</dd>
          </div>
        )}
        {e.recheck && (
          <div>
            <dt>Checked again</dt>
            <dd>
              {e.recheck.status}: {e.recheck.summary}
            </dd>
          </div>
        )}
      </dl>
      {e.planned.length > 0 && (
        <table className="evidence">
          <caption>Before and after</caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Property</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {e.planned.map((p, i) => (
              <tr key={i}>
                <td>{p.target}</td>
                <td>{p.property}</td>
                <td>{p.from}</td>
                <td>{p.to}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
