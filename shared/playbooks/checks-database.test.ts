// LocalDB full (issue 17): event 6323 and a service that cannot start lead to the database step,
// which says what to purge and how and passes again once a run succeeded after the last 6323.
import { describe, expect, it } from 'vitest';
import type { ConnectorRun, EventRecord } from '../domain/host';
import { CHECKS } from './checks';
import { checkServicesRunning, checkSyncDatabase, checkSyncRuns } from './checks-method1';
import { KB2882421 } from './kb2882421';
import { STEP } from './kb2882421-ids';
import type { SyncDatabaseProbe, SyncServiceProbe } from './probes';

const NOW = '2026-12-06T12:00:00.000Z';
const at = (minutesAgo: number) => new Date(Date.parse(NOW) - minutesAgo * 60_000).toISOString();
const full = (minutesAgo: number): EventRecord => ({
  log: 'Application',
  source: 'ADSync',
  id: 6323,
  level: 'error',
  timeCreated: at(minutesAgo),
  message: 'The server encountered an error because SQL Server is out of disk space.',
});
const run = (result: string, minutesAgo: number): ConnectorRun => ({
  connector: 'contoso.onmicrosoft.com - AAD',
  connectorType: 'entra',
  profile: 'Export',
  result,
  startTime: at(minutesAgo + 1),
  endTime: at(minutesAgo),
  counts: { adds: 0, updates: 0, deletes: 0, pendingDeletes: null, exportErrors: 0, syncErrors: 0 },
});

function db(runs: ConnectorRun[], fullEvents: EventRecord[], engineRunning = true): SyncDatabaseProbe {
  return {
    generation: 'entra-connect',
    history: {
      connectors: [{ name: 'contoso.onmicrosoft.com - AAD', type: 'entra', latestRuns: runs }],
      deletionThreshold: { enabled: true, value: 500 },
      source: 'adsync',
    } as SyncDatabaseProbe['history'],
    stagingMode: false,
    engineRunning,
    now: NOW,
    fullEvents,
  };
}

describe('the sync database step', () => {
  it('fails on a run stopped for lack of space, and on a 6323 newer than the last successful run', () => {
    expect(checkSyncDatabase(db([run('stopped-database-disk-full', 5)], []))).toMatchObject({
      status: 'fail',
      cause: 'sync-database-full',
      severity: 'critical',
    });
    const stopped = checkSyncDatabase(db([run('success', 60)], [full(30)], false));
    expect(stopped).toMatchObject({ status: 'fail', cause: 'sync-database-full' });
    expect(stopped.summary).toMatch(/cannot start/);
    expect(stopped.evidence.some((e) => e.label.includes('6323'))).toBe(true);
  });

  it('passes once a run succeeded after the last 6323 (the re-check after making room)', () => {
    expect(checkSyncDatabase(db([run('success', 5)], [full(30)])).status).toBe('pass');
    expect(checkSyncDatabase(db([run('success', 5)], [])).status).toBe('pass');
  });

  it('is not for DirSync', () => {
    expect(checkSyncDatabase({ ...db([], [full(1)]), generation: 'dirsync' }).status).toBe('not-applicable');
  });

  it('the step tells what to purge, how, and how it is checked again', () => {
    const step = KB2882421.steps.find((s) => s.id === STEP.database)!;
    const text = step.manual!.instructions.join(' ');
    for (const words of [/Start-ADSyncPurgeRunHistory/, /SHRINKDATABASE/, /PurgeRunHistoryInterval/, /10 GB/, /6323/]) expect(text).toMatch(words);
    expect(CHECKS[step.check].probe).toBe('sync-database');
  });

  it('the runs step leaves a full database to the database step', () => {
    const r = checkSyncRuns(db([run('stopped-database-disk-full', 5)], []));
    expect(r).toMatchObject({ status: 'unknown', cause: 'waits-for-earlier-step' });
  });
});

describe('a stopped sync service with event 6323', () => {
  const service = {
    name: 'ADSync',
    displayName: 'Microsoft Azure AD Sync',
    state: 'stopped' as const,
    startType: 'automatic' as const,
    logonAccount: 'NT SERVICE\\ADSync',
    processId: null,
  };
  const probe: SyncServiceProbe = {
    generation: 'entra-connect',
    expected: { name: 'ADSync', displayName: 'Microsoft Azure AD Sync' },
    service,
    services: [service],
    logonFailures: [],
    keyFailures: [],
    databaseFull: [full(10)],
  };

  it('leads to the database step and offers no start that would fail', () => {
    const r = checkServicesRunning(probe);
    expect(r).toMatchObject({ status: 'fail', fixable: false, route: { stepId: STEP.database } });
    expect(r.summary).toMatch(/6323/);
  });

  it('without 6323 it stays a plain stopped service the start fixes', () => {
    expect(checkServicesRunning({ ...probe, databaseFull: [] })).toMatchObject({ status: 'fail', cause: 'sync-service-stopped', severity: 'error' });
    expect(checkServicesRunning({ ...probe, databaseFull: [] }).route).toBeUndefined();
  });
});
