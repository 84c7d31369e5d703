import { describe, expect, it } from 'vitest';
import { createRunWaits } from './run-wait';

describe('the run wait the window follows', () => {
  it('says what it waits on and for how long, and cancel aborts it exactly once', () => {
    let t = Date.parse('2026-06-01T12:00:00Z');
    const waits = createRunWaits(() => new Date(t));
    expect(waits.status()).toEqual({ waiting: false, what: null, startedAt: null, elapsedSeconds: 0 });
    expect(waits.cancel()).toBe(false);
    const w = waits.begin('the synchronization run on SYNC01 to end');
    t += 7_500;
    expect(waits.status()).toEqual({
      waiting: true,
      what: 'the synchronization run on SYNC01 to end',
      startedAt: '2026-06-01T12:00:00.000Z',
      elapsedSeconds: 7,
    });
    expect(w.signal.aborted).toBe(false);
    // A cycle moving from run to run says so.
    w.update('Export on contoso.onmicrosoft.com - AAD (2 runs done)');
    expect(waits.status()).toMatchObject({ what: 'Export on contoso.onmicrosoft.com - AAD (2 runs done)', elapsedSeconds: 7 });
    expect(waits.cancel()).toBe(true);
    expect(w.signal.aborted).toBe(true);
    expect(w.cancelled.aborted).toBe(true);
    expect(waits.cancel()).toBe(false);
    w.end();
    expect(waits.status().waiting).toBe(false);
  });

  it("aborts with the caller's signal too (the channel's timeout)", () => {
    const outer = new AbortController();
    const w = createRunWaits().begin('x', outer.signal);
    outer.abort();
    expect(w.signal.aborted).toBe(true);
    expect(w.cancelled.aborted).toBe(false); // the admin did not cancel: the caller gave up
  });
});
