import { describe, expect, it } from 'vitest';
import type { ConnectorRun, ConnectorRunHistory, SchedulerState } from '../domain/host';
import type { VersionFloor } from '../domain/version-floors';
import { summarizeSync, upcomingFloors, type SyncFacts } from './sync-summary';

/** A fixed table, so the test does not move when the dated facts are updated. */
const floor = (below: string | null, from: string, consequence: VersionFloor['consequence']): VersionFloor => ({
  generation: 'entra-connect',
  below,
  from,
  consequence,
  summary: `below ${below} from ${from}`,
  source: 'test',
  sourceDate: '2026-01-01',
});
const FLOORS = [floor('2.0.0.0', '2023-10-01', 'sync-stops'), floor('2.5.79.0', '2026-10-01', 'sync-stops'), floor('2.6.84.0', '2026-10-23', 'unsupported')];

const NOW = new Date('2026-12-06T12:00:00Z');
const counts = { adds: 0, updates: 0, deletes: 0, pendingDeletes: 0, exportErrors: 0, syncErrors: 0 };
const run = (profile: string, result: string, endTime: string, type: 'ad' | 'entra' = 'entra'): ConnectorRun => ({
  connector: type === 'entra' ? 'contoso.onmicrosoft.com - AAD' : 'contoso.com',
  connectorType: type,
  profile,
  result,
  startTime: endTime,
  endTime,
  counts,
});
const history = (runs: ConnectorRun[]): ConnectorRunHistory => ({
  connectors: [{ name: 'x', type: 'entra', latestRuns: runs }],
  deletionThreshold: { enabled: true, value: 500 },
  source: 'adsync',
});
const scheduler = (over: Partial<SchedulerState> = {}): SchedulerState => ({
  available: true,
  syncCycleEnabled: true,
  schedulerSuspended: false,
  stagingModeEnabled: false,
  syncCycleInProgress: false,
  nextSyncCycleStartTime: '2026-12-06T12:20:00.000Z',
  nextSyncCyclePolicyType: 'delta',
  intervalMinutes: 30,
  ...over,
});
const facts = (over: Partial<SyncFacts> = {}): SyncFacts => ({
  scheduler: scheduler(),
  runs: history([run('Export', 'success', '2026-12-06T11:50:00.000Z'), run('Delta Import', 'success', '2026-12-06T11:55:00.000Z')]),
  tool: { generation: 'entra-connect', label: 'Microsoft Entra Connect', version: '2.6.84.0', standing: 'supported' },
  problems: {},
  ...over,
});

describe('summarizeSync', () => {
  it('is working with a recent successful export and a scheduled cycle: last export and next cycle named', () => {
    const s = summarizeSync(facts(), NOW, FLOORS);
    expect(s.working).toBe('yes');
    expect(s.reasons).toEqual([]);
    expect(s.lastSuccessfulExportAt).toBe('2026-12-06T11:50:00.000Z');
    expect(s.nextCycleAt).toBe('2026-12-06T12:20:00.000Z');
    expect(s.nextCycleKind).toBe('delta');
    expect(s.tool.status).toBe('supported');
  });

  it('reads only exports to Entra ID (not an AD connector run or an import) as the last export', () => {
    const s = summarizeSync(
      facts({ runs: history([run('Export', 'success', '2026-12-06T11:59:00.000Z', 'ad'), run('Full Import', 'success', '2026-12-06T11:58:00.000Z')]) }),
      NOW,
    );
    expect(s.lastExport).toBeNull();
    expect(s.working).toBe('no');
  });

  it('a failed newest export is not working and keeps no success it cannot see', () => {
    const s = summarizeSync(facts({ runs: history([run('Export', 'stopped-server-down', '2026-12-06T11:50:00.000Z')]) }), NOW);
    expect(s.working).toBe('no');
    expect(s.lastSuccessfulExportAt).toBeNull();
    expect(s.reasons.join(' ')).toMatch(/stopped-server-down/);
  });

  it('an export older than a day is not working (the KB 2882421 alert)', () => {
    const s = summarizeSync(facts({ runs: history([run('Export', 'success', '2026-12-05T11:00:00.000Z')]) }), NOW);
    expect(s.working).toBe('no');
    expect(s.reasons.join(' ')).toMatch(/24 hours/);
  });

  it('a turned-off scheduler has no next cycle, and says why', () => {
    const s = summarizeSync(facts({ scheduler: scheduler({ syncCycleEnabled: false }) }), NOW);
    expect(s.nextCycleAt).toBeNull();
    expect(s.nextCycleNote).toMatch(/turned off/);
    expect(s.working).toBe('no');
  });

  it('staging mode names the next cycle but says it never exports', () => {
    const s = summarizeSync(facts({ scheduler: scheduler({ stagingModeEnabled: true }) }), NOW);
    expect(s.nextCycleAt).not.toBeNull();
    expect(s.nextCycleNote).toMatch(/never export/);
    expect(s.working).toBe('no');
  });

  it('facts that could not be read make it unknown, with the reason', () => {
    const s = summarizeSync(facts({ scheduler: null, runs: null, problems: { scheduler: 'server did not answer', runs: 'module missing' } }), NOW);
    expect(s.working).toBe('unknown');
    expect(s.reasons).toEqual(['module missing', 'server did not answer']);
  });

  it("takes the build's standing from the tool step (a retired build is not working) and lists the dated floors beside it", () => {
    const retired = summarizeSync(facts({ tool: { generation: 'entra-connect', label: 'Connect', version: '1.6.16.0', standing: 'retired' } }), NOW, FLOORS);
    expect(retired.tool.status).toBe('retired');
    expect(retired.working).toBe('no');
    expect(retired.tool.inForce.map((f) => f.from)).toContain('2023-10-01');
    const before = summarizeSync(
      facts({ tool: { generation: 'entra-connect', label: 'Connect', version: '2.5.79.0', standing: 'supported' } }),
      new Date('2026-09-01T00:00:00Z'),
      FLOORS,
    );
    expect(before.tool.status).toBe('supported');
    expect(before.tool.upcoming.map((f) => f.from)).toEqual(['2026-10-23']);
  });

  it('upcomingFloors leaves out floors already in force and builds at or above the floor', () => {
    expect(upcomingFloors('entra-connect', '2.6.84.0', new Date('2026-01-01T00:00:00Z'), FLOORS)).toEqual([]);
    expect(upcomingFloors('entra-connect', '2.4.18.0', new Date('2026-01-01T00:00:00Z'), FLOORS).map((f) => f.below)).toEqual(['2.5.79.0', '2.6.84.0']);
  });
});
