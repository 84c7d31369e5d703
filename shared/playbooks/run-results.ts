// What a sync run's result means, in words, and how bad it is. The result strings are the sync
// engine's run statuses (NOTES-windows.md §4-5); unknown stopped-* / completed-* values are
// treated generically as failures / warnings.
export interface RunResultMeaning {
  outcome: 'success' | 'warning' | 'failure';
  meaning: string;
}

const KNOWN: Record<string, RunResultMeaning> = {
  success: { outcome: 'success', meaning: 'The run finished without errors.' },
  'completed-no-objects': { outcome: 'success', meaning: 'The run finished; there was nothing to change.' },
  'completed-export-errors': {
    outcome: 'warning',
    meaning: 'The run finished, but some objects could not be exported: they are not in Entra ID as they are on-premises.',
  },
  'completed-sync-errors': { outcome: 'warning', meaning: 'The run finished, but some objects failed the synchronization rules.' },
  'completed-discovery-errors': { outcome: 'warning', meaning: 'The run finished, but some objects could not be read from the source.' },
  'completed-transient-objects': {
    outcome: 'warning',
    meaning: 'The run finished with objects left in a transient state; the next run normally settles them.',
  },
  'stopped-server-down': {
    outcome: 'failure',
    meaning:
      'The run stopped because the other side did not answer or refused the sign-in (for the Entra connector: often the cloud account or a long outage).',
  },
  'stopped-extension-dll-exception': {
    outcome: 'failure',
    meaning: 'The run stopped inside the connector: for the Entra connector this is usually the cloud account failing to sign in.',
  },
  'stopped-deletion-threshold-exceeded': {
    outcome: 'failure',
    meaning: 'The export stopped because it would delete more objects than the deletion threshold allows. Nothing is exported until that is resolved.',
  },
  'stopped-database-disk-full': {
    outcome: 'failure',
    meaning: 'The run stopped because the sync database is full (the 10 GB limit of SQL Server Express LocalDB).',
  },
  'stopped-connectivity': { outcome: 'failure', meaning: 'The run stopped because the connection was lost.' },
  'no-start-connection': { outcome: 'failure', meaning: 'The run could not start: the connector could not connect.' },
};

export function runResultMeaning(result: string): RunResultMeaning {
  const r = result.trim().toLowerCase();
  const known = KNOWN[r];
  if (known) return known;
  if (r.startsWith('completed-')) return { outcome: 'warning', meaning: `The run finished with problems (${r}).` };
  return { outcome: 'failure', meaning: `The run did not finish normally (${r}).` };
}

/** A delta cycle must run at least every 7 days; older than that, one initial (full) cycle is needed. */
export const FULL_SYNC_AFTER_DAYS = 7;
