import { describe, expect, it } from 'vitest';
import { buildGridIndex, STATIC_COLUMNS } from './grid-index';
import { prebuildRanks, type IdleDeadline, type IdleScheduler } from './idle-ranks';
import type { GridRow } from './workbench-store';

const rows: GridRow[] = Array.from({ length: 6_000 }, (_, i) => ({
  id: `g${i}`,
  dn: `CN=User ${(i * 7919) % 6_007},OU=Staff,DC=lab`,
  dnKey: `cn=user ${(i * 7919) % 6_007},ou=staff,dc=lab`,
  objectGuid: `g${i}`,
  objectClass: i % 3 ? 'user' : 'group',
  attribute: i % 2 ? 'mail' : 'proxyAddresses',
  value: `v${(i * 31) % 6_000}@x.local`,
  errors: [i % 5 ? 'topleveldomain' : 'duplicate'],
  action: 'none',
  proposedValue: null,
  detail: '',
  duplicates: [],
  ou: 'OU=Staff,DC=lab',
}));

/** Idle periods run by hand; each deadline allows a fixed number of checks of the time left. */
function manualIdle(checksPerPeriod: number) {
  const queue = new Map<number, (d: IdleDeadline) => void>();
  let ids = 0;
  const scheduler: IdleScheduler = {
    request: (work) => {
      queue.set(++ids, work);
      return ids;
    },
    cancel: (id) => void queue.delete(id),
  };
  let checks = 0;
  return {
    scheduler,
    pending: () => queue.size,
    /** Runs one idle period; the number of steps it took. */
    period(): number {
      const [id, work] = [...queue][0]!;
      queue.delete(id);
      let left = checksPerPeriod;
      checks = 0;
      work({ timeRemaining: () => (checks++, left-- > 0 ? 50 : 0) });
      return checks;
    },
  };
}

describe('prebuildRanks', () => {
  it('builds every column ranks over many short idle periods, stopping each when the time is up', () => {
    const idx = buildGridIndex(rows);
    const idle = manualIdle(3);
    prebuildRanks(idx, idle.scheduler);
    let periods = 0;
    while (idle.pending()) {
      // Each period stops once the deadline says so: at most the allowed checks plus the one that said stop, per column reached.
      expect(idle.period()).toBeLessThanOrEqual(3 + 1 + STATIC_COLUMNS.length);
      periods++;
    }
    expect(periods).toBeGreaterThan(5);
    for (const c of STATIC_COLUMNS) expect(idx.hasRank(c)).toBe(true);
    // The ranks built in idle time are the ones a sort would have built.
    const fresh = buildGridIndex(rows);
    for (const c of STATIC_COLUMNS) expect([...idx.rank(c)]).toEqual([...fresh.rank(c)]);
  });

  it('stops when cancelled (the findings changed) and leaves the rest to the first sort', () => {
    const idx = buildGridIndex(rows);
    const idle = manualIdle(2);
    const stop = prebuildRanks(idx, idle.scheduler);
    idle.period();
    stop();
    expect(idle.pending()).toBe(0);
    expect(idx.hasRank('object')).toBe(false);
    expect([...idx.rank('object')]).toEqual([...buildGridIndex(rows).rank('object')]);
  });
});
