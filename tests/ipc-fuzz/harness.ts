// IPC fuzz harness: hostile payloads for every channel of the contract (read from CONTRACT, so a
// new channel is fuzzed without anyone listing it) and for unknown channel names, sent through
// dispatch to the handlers of a real lab session, the way a compromised renderer would send them.
//
// For each payload it records:
//   crash           dispatch rejected, answered something that is not an IpcResult, answered
//                   code 'internal' (a handler failed unexpectedly), or Object.prototype changed
//   hang            no answer within the hang limit, or the channel's own timeout fired
//   acceptedInvalid a handler ran with a request the schema should refuse: the strict schema
//                   fails on it, it has keys the schema does not declare, or an own __proto__,
//                   constructor or prototype key
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { createAppSession, type AppSession } from '../../electron/app/session';
import { dispatch, type Handler, type Handlers } from '../../electron/ipc/dispatch';
import { CHANNELS, CONTRACT, isChannel, type Channel } from '../../shared/ipc/contract';

export interface ChannelTally {
  channel: string;
  payloads: number;
  reachedHandler: number;
  refused: number;
  crashes: number;
  hangs: number;
  acceptedInvalid: number;
  /** The first few problems, for the report. */
  examples: string[];
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** The keys an object schema declares (undefined for other schemas). */
function declaredKeys(schema: z.ZodType): string[] | undefined {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

function hugeString() {
  return fc.tuple(fc.integer({ min: 5_000, max: 150_000 }), fc.constantFrom('A', 'é', '\u0000', '\ud83d\ude00', '%s', '../')).map(([n, c]) => c.repeat(n));
}

function deepNesting() {
  return fc.tuple(fc.integer({ min: 50, max: 1_000 }), fc.boolean()).map(([depth, asArray]) => {
    let v: unknown = 'leaf';
    for (let i = 0; i < depth; i += 1) v = asArray ? [v] : { a: v, __proto__: null };
    return v;
  });
}

function keyArbitrary(known: readonly string[]) {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(known.length ? known : ['x']), ...PROTO_KEYS) },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  );
}

function valueArbitrary(known: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.constantFrom(null, undefined, true, '', 'ldaps://127.0.0.1:1', 'kb2882421', 'm1-s2-sync-service-running', 'healthy-entra-connect'),
    hugeString(),
    deepNesting(),
    fc.anything({ key: keyArbitrary(known), maxDepth: 3 }),
  );
}

/** Payloads for one channel: anything at all, objects over its own keys, hostile keys, extra keys. */
export function payloadArbitrary(channel: Channel): fc.Arbitrary<unknown> {
  const known = declaredKeys(CONTRACT[channel].request) ?? [];
  const keys = keyArbitrary(known);
  const values = valueArbitrary(known);
  const shaped = fc.dictionary(keys, values, { maxKeys: known.length + 3 });
  // Every declared key with a value, sometimes plus one more (an extra or prototype key).
  const full = fc.tuple(fc.tuple(...known.map(() => values)), fc.option(fc.tuple(keys, values))).map(([vals, extra]) => {
    const o: Record<string, unknown> = {};
    known.forEach((k, i) => (o[k] = vals[i]));
    if (extra) Object.defineProperty(o, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
    return o;
  });
  return fc.oneof(
    fc.anything({
      key: keys,
      maxDepth: 4,
      withNullPrototype: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      withBigInt: true,
      withBoxedValues: true,
    }),
    shaped,
    known.length ? full : shaped,
    hugeString(),
    deepNesting(),
  );
}

/** Channel names that are not in the contract, including the names every object inherits. */
export function unknownChannelArbitrary(): fc.Arbitrary<unknown> {
  return fc
    .oneof(
      fc.constantFrom(
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        'valueOf',
        'dsd:app:info',
        'APP:INFO',
        'app:info ',
        '',
        'lab:load-scenario\u0000',
      ),
      fc.string({ maxLength: 40 }),
      fc.anything({ maxDepth: 2 }),
    )
    .filter((c) => !isChannel(c));
}

/** What a request that reached a handler says about the schema: why it should have been refused, or null. */
export function shouldHaveBeenRefused(channel: Channel, request: unknown): string | null {
  const schema = CONTRACT[channel].request;
  if (!schema.safeParse(request).success) return 'the schema refuses it';
  if (request && typeof request === 'object') {
    const own = Reflect.ownKeys(request).map(String);
    const bad = own.find((k) => PROTO_KEYS.includes(k));
    if (bad) return `it has an own "${bad}" key`;
    const declared = declaredKeys(schema);
    const extra = declared && own.find((k) => !declared.includes(k));
    if (extra) return `it has the undeclared key "${extra}"`;
  }
  return null;
}

const shown = (v: unknown) => {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > 160 ? `${s.slice(0, 160)}… (${s.length} chars)` : s;
};

export interface FuzzSession {
  handlers: Handlers;
  close(): Promise<void>;
  /** Requests that reached a handler since the last take(). */
  take(): { channel: Channel; request: unknown }[];
}

/** A real lab session (memory directory) whose handlers note every request they receive. */
export async function fuzzSession(): Promise<FuzzSession> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-fuzz-'));
  const session: AppSession = await createAppSession({ dataDir, mode: 'lab', appVersion: 'fuzz', labTransitionMs: 1, actor: 'fuzz' });
  let reached: { channel: Channel; request: unknown }[] = [];
  const handlers = Object.fromEntries(
    CHANNELS.map((c) => {
      const real = session.handlers[c] as Handler<Channel>;
      const noted: Handler<Channel> = (request, signal) => {
        reached.push({ channel: c, request });
        return real(request, signal);
      };
      return [c, noted];
    }),
  ) as Handlers;
  return {
    handlers,
    take: () => {
      const r = reached;
      reached = [];
      return r;
    },
    close: async () => {
      await session.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const PROTOTYPE_KEYS = () => Reflect.ownKeys(Object.prototype).map(String).sort().join(',');

export interface FuzzOptions {
  runs: number;
  seed?: number;
  /** A payload without an answer within this time is a hang. */
  hangMs?: number;
}

/** Sends `runs` payloads to one channel (or, with channel null, to unknown channel names). */
export async function fuzzChannel(session: FuzzSession, channel: Channel | null, options: FuzzOptions): Promise<ChannelTally> {
  const tally: ChannelTally = {
    channel: channel ?? '(unknown channels)',
    payloads: 0,
    reachedHandler: 0,
    refused: 0,
    crashes: 0,
    hangs: 0,
    acceptedInvalid: 0,
    examples: [],
  };
  const note = (kind: string, payload: unknown, why: string) => {
    if (tally.examples.length < 5) tally.examples.push(`${kind}: ${why}; payload ${shown(payload)}`);
  };
  const prototypeBefore = PROTOTYPE_KEYS();
  const hangMs = options.hangMs ?? 5_000;
  const samples = fc.sample(
    channel ? fc.tuple(fc.constant(channel as unknown), payloadArbitrary(channel)) : fc.tuple(unknownChannelArbitrary(), fc.anything({ maxDepth: 2 })),
    {
      numRuns: options.runs,
      seed: options.seed,
    },
  );
  for (const [name, original] of samples) {
    let payload: unknown;
    try {
      payload = structuredClone(original); // what crosses the IPC boundary
    } catch {
      payload = original;
    }
    tally.payloads += 1;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hung = new Promise<'hung'>((resolve) => {
      timer = setTimeout(() => resolve('hung'), hangMs);
    });
    let result: unknown;
    try {
      result = await Promise.race([dispatch(session.handlers, name, payload, { timeoutMs: hangMs }), hung]);
    } catch (e) {
      tally.crashes += 1;
      note('crash', payload, `dispatch rejected: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    } finally {
      clearTimeout(timer);
    }
    const reached = session.take();
    tally.reachedHandler += reached.length > 0 ? 1 : 0;
    for (const r of reached) {
      const why = shouldHaveBeenRefused(r.channel, r.request);
      if (why) {
        tally.acceptedInvalid += 1;
        note('accepted invalid', payload, why);
      }
    }
    if (reached.length > 0 && channel === null) {
      tally.acceptedInvalid += 1;
      note('accepted invalid', name, 'an unknown channel reached a handler');
    }
    if (result === 'hung') {
      tally.hangs += 1;
      note('hang', payload, `no answer within ${hangMs} ms`);
      continue;
    }
    const r = result as { ok?: unknown; error?: { code?: unknown } };
    if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') {
      tally.crashes += 1;
      note('crash', payload, `not an IpcResult: ${shown(result)}`);
    } else if (!r.ok && r.error?.code === 'timeout') {
      tally.hangs += 1;
      note('hang', payload, 'the channel timed out');
    } else if (!r.ok && r.error?.code === 'internal') {
      tally.crashes += 1;
      note('crash', payload, `internal error: ${shown(r.error)}`);
    } else if (!r.ok) {
      tally.refused += 1;
    }
    if (PROTOTYPE_KEYS() !== prototypeBefore || ({} as Record<string, unknown>).polluted !== undefined) {
      tally.crashes += 1;
      note('crash', payload, 'Object.prototype was changed');
    }
  }
  return tally;
}

export const problems = (t: ChannelTally) => t.crashes + t.hangs + t.acceptedInvalid;
