import { describe, expect, it } from 'vitest';
import { auditEntriesOf, auditFilterChoices, filterAuditEntries, localDay } from './audit-entries';

const start = (id: string, at: string, action: string) => ({
  v: 2,
  id,
  phase: 'start',
  at,
  actor: 'CONTOSO\\tech',
  host: 'SYNC01',
  action,
  target: 'Service ADSync',
  origin: 'playbook kb2882421 / step',
  planned: [{ target: 'Service ADSync', property: 'state', from: 'Stopped', to: 'Running' }],
  prev: 'x',
  hash: 'y',
});
const end = (id: string, at: string, result: 'succeeded' | 'failed') => ({
  v: 2,
  id,
  phase: 'end',
  at,
  result,
  summary: 'done',
  errorCode: null,
  recheck: { status: 'pass', summary: 'runs' },
  prev: 'x',
  hash: 'y',
});

describe('auditEntriesOf', () => {
  it('joins each start to its end, newest first, with before/after and the re-check', () => {
    const entries = auditEntriesOf([
      start('a', '2026-12-05T10:00:00Z', 'service.start'),
      end('a', '2026-12-05T10:00:05Z', 'succeeded'),
      start('b', '2026-12-06T09:00:00Z', 'scheduler.enable'),
    ]);
    expect(entries.map((e) => e.id)).toEqual(['b', 'a']);
    expect(entries[1]).toMatchObject({ action: 'service.start', result: 'succeeded', endedAt: '2026-12-05T10:00:05Z', recheck: { status: 'pass' } });
    expect(entries[1]!.planned[0]).toEqual({ target: 'Service ADSync', property: 'state', from: 'Stopped', to: 'Running' });
    expect(entries[0]).toMatchObject({ result: 'unfinished', endedAt: null });
  });

  it('leaves out lines of other shapes', () => {
    expect(auditEntriesOf([{ hello: 1 }, null, 'text', end('z', '2026-12-05T10:00:00Z', 'failed')])).toEqual([]);
  });
});

describe('filters', () => {
  const entries = auditEntriesOf([
    start('a', '2026-12-05T23:30:00Z', 'service.start'),
    start('b', '2026-12-06T09:00:00Z', 'scheduler.enable'),
    start('c', '2026-12-06T10:00:00Z', 'service.start'),
  ]);

  it('days are local: 23:30 UTC is the next day one hour east (offset -60)', () => {
    expect(localDay('2026-12-05T23:30:00Z', 0)).toBe('2026-12-05');
    expect(localDay('2026-12-05T23:30:00Z', -60)).toBe('2026-12-06');
  });

  it('filters by day and by action, and offers the days and actions there are', () => {
    expect(filterAuditEntries(entries, { day: '2026-12-06', action: null }, 0).map((e) => e.id)).toEqual(['c', 'b']);
    expect(filterAuditEntries(entries, { day: null, action: 'service.start' }, 0).map((e) => e.id)).toEqual(['c', 'a']);
    expect(filterAuditEntries(entries, { day: '2026-12-06', action: 'service.start' }, -60).map((e) => e.id)).toEqual(['c', 'a']);
    expect(auditFilterChoices(entries, 0)).toEqual({ days: ['2026-12-06', '2026-12-05'], actions: ['scheduler.enable', 'service.start'] });
  });
});
