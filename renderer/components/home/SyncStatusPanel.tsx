// The first thing on the home page: is sync working? The last successful export to Entra ID, the
// next scheduled cycle (local time, with the date), and the tool and build with its support status
// and dates from the dated version floors the diagnosis uses.
import type { SyncSummary } from '../../../shared/home/sync-summary';
import type { IpcError } from '../../../shared/ipc/errors';
import { ErrorNotice } from '../ErrorNotice';
import { StatusBadge } from '../StatusBadge';
import { localDateTime, relativeTo } from './when';

const WORKING = {
  yes: { text: 'Sync is working', tone: 'good' },
  no: { text: 'Sync is not working', tone: 'bad' },
  unknown: { text: 'Could not tell whether sync is working', tone: 'warn' },
} as const;

const TOOL_STATUS = {
  supported: { text: 'Supported', tone: 'good' },
  unsupported: { text: 'No longer supported', tone: 'warn' },
  retired: { text: 'Retired: no longer syncs', tone: 'bad' },
  unknown: { text: 'Support status unknown', tone: 'warn' },
  none: { text: 'Not installed', tone: 'bad' },
} as const;

const longDate = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

export function SyncStatusPanel({
  summary,
  error,
  loading,
  onRetry,
}: {
  summary: SyncSummary | null;
  error: IpcError | null;
  loading: boolean;
  onRetry: () => void;
}) {
  return (
    <section aria-labelledby="sync-status-title" className="panel sync-status" data-testid="sync-status" aria-busy={loading}>
      <h2 id="sync-status-title">Is sync working?</h2>
      {error && <ErrorNotice title="Could not read the sync status" error={error} onRetry={onRetry} />}
      {!summary && loading && <p>Reading the scheduler and the latest runs…</p>}
      {summary && <SummaryFacts summary={summary} />}
    </section>
  );
}

function SummaryFacts({ summary }: { summary: SyncSummary }) {
  const now = new Date(summary.readAt);
  const working = WORKING[summary.working];
  const tool = TOOL_STATUS[summary.tool.status];
  const last = summary.lastExport;
  return (
    <>
      <p className="sync-verdict" data-testid="sync-working" data-working={summary.working}>
        <StatusBadge text={working.text} tone={working.tone} />
      </p>
      {summary.reasons.length > 0 && (
        <ul className="sync-reasons" data-testid="sync-reasons">
          {summary.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <div>
          <dt>Last successful export to Entra ID</dt>
          <dd data-testid="last-export">
            {summary.lastSuccessfulExportAt ? (
              <>
                <time dateTime={summary.lastSuccessfulExportAt}>{localDateTime(summary.lastSuccessfulExportAt)}</time> (
                {relativeTo(summary.lastSuccessfulExportAt, now)})
              </>
            ) : (
              'None in the run history the sync engine keeps'
            )}
            {last && last.result !== 'success' && (
              <>
                {' '}
                · newest export: <q>{last.result}</q> at <time dateTime={last.endTime}>{localDateTime(last.endTime)}</time>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Next scheduled sync cycle</dt>
          <dd data-testid="next-cycle">
            {summary.nextCycleAt ? (
              <>
                <time dateTime={summary.nextCycleAt}>{localDateTime(summary.nextCycleAt)}</time> ({relativeTo(summary.nextCycleAt, now)}
                {summary.nextCycleKind ? `, ${summary.nextCycleKind}` : ''}
                {summary.intervalMinutes ? `, every ${summary.intervalMinutes} minutes` : ''})
              </>
            ) : null}
            {summary.nextCycleNote && <span>{summary.nextCycleAt ? ` · ${summary.nextCycleNote}` : summary.nextCycleNote}</span>}
          </dd>
        </div>
        <div>
          <dt>Sync tool and build</dt>
          <dd data-testid="tool-support">
            {summary.tool.generation === 'none' ? 'No sync tool installed' : `${summary.tool.label}${summary.tool.version ? ` ${summary.tool.version}` : ''}`}{' '}
            <StatusBadge text={tool.text} tone={tool.tone} />
            {[...summary.tool.inForce, ...summary.tool.upcoming].length > 0 && (
              <ul className="floor-lines">
                {summary.tool.inForce.map((f) => (
                  <li key={`now-${f.from}-${f.consequence}`}>
                    Since {longDate(f.from)}: {f.summary}{' '}
                    <span className="muted small">
                      (source: {f.source}, as of {longDate(f.sourceDate)})
                    </span>
                  </li>
                ))}
                {summary.tool.upcoming.map((f) => (
                  <li key={`later-${f.from}-${f.consequence}`}>
                    From {longDate(f.from)}: {f.summary}{' '}
                    <span className="muted small">
                      (source: {f.source}, as of {longDate(f.sourceDate)})
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </>
  );
}
