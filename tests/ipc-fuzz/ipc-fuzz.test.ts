// The IPC fuzz in the suite: 1,000 hostile payloads per contract channel (and as many to unknown
// channel names) through dispatch to a real lab session; no crash, no hang, and no payload the
// schema should refuse reaches a handler. `npm run fuzz:ipc` runs 10,000 per channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import { fuzzChannel, fuzzSession, type FuzzSession } from './harness';

const RUNS = 1_000;
let session: FuzzSession;

beforeAll(async () => {
  session = await fuzzSession();
});
afterAll(() => session.close());

describe('IPC fuzz through dispatch', () => {
  it.each([...CHANNELS, null])(
    '%s',
    async (channel) => {
      const t = await fuzzChannel(session, channel, { runs: RUNS, seed: 20261122 });
      expect(t.payloads).toBe(RUNS);
      expect({ crashes: t.crashes, hangs: t.hangs, acceptedInvalid: t.acceptedInvalid, examples: t.examples }).toEqual({
        crashes: 0,
        hangs: 0,
        acceptedInvalid: 0,
        examples: [],
      });
    },
    60_000,
  );
});

describe('the fuzz oracle', () => {
  it('calls a request invalid when the strict schema refuses it, or it carries undeclared or prototype keys', async () => {
    const { shouldHaveBeenRefused } = await import('./harness');
    expect(shouldHaveBeenRefused('lab:load-scenario', { scenarioId: 'healthy-entra-connect' })).toBeNull();
    expect(shouldHaveBeenRefused('lab:load-scenario', { scenarioId: 'Not An Id' })).toMatch(/schema refuses/);
    expect(shouldHaveBeenRefused('app:info', JSON.parse('{"__proto__": {"polluted": 1}}'))).toMatch(/schema refuses|own "__proto__"/);
    const withProto = { scenarioId: 'a' };
    Object.defineProperty(withProto, 'constructor', { value: 1, enumerable: true });
    expect(shouldHaveBeenRefused('lab:load-scenario', withProto)).toMatch(/schema refuses|own "constructor"/);
  });

  it('finds a handler reached by an invalid payload (a dispatch that skipped validation)', async () => {
    const { fuzzChannel } = await import('./harness');
    const lax: FuzzSession = {
      ...session,
      // A broken dispatch would hand the raw payload over; simulate that by noting every payload as reached.
      take: () => [{ channel: 'lab:load-scenario', request: { scenarioId: 'a', extra: true } }],
    };
    const t = await fuzzChannel(lax, 'lab:load-scenario', { runs: 5, seed: 1 });
    expect(t.acceptedInvalid).toBe(5);
    expect(t.examples[0]).toMatch(/accepted invalid: the schema refuses it/);
  });
});
