// KB 2882421: sync stopped or not registered for more than a day.
// Method 1 checks the sync service and the admin account; Method 2 the service logon account.
import { KB, cite } from './kb-articles';
import type { Playbook } from './types';

export const KB2882421: Playbook = {
  id: 'kb2882421',
  title: 'Sync stopped or has not run for a day',
  summary: 'Checks the sync service and the accounts it depends on, in the order the article does.',
  cite: cite(KB.syncStopped),
  steps: [
    {
      id: 'm1-s2-sync-service-running',
      title: 'The sync service is running',
      why: 'The sync service does all the work: while it is stopped nothing is sent to Entra ID and the 24-hour warning follows.',
      cite: cite(KB.syncStopped, 'Method 1', '2'),
      probe: 'sync-service',
      check: 'sync-service-running',
      fix: 'start-sync-service',
    },
  ],
};
