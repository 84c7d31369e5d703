// What every part of the simulated sync server shares: the scenario it was loaded from, the
// clock, the time an operation takes, and the server's event log.
import type { EventQuery, EventRecord, RunCounts } from '../../shared/domain/host';
import { EventQuery as EventQuerySchema } from '../../shared/domain/host';
import { HostError } from '../ports/errors';
import type { OperationOptions } from '../ports/host-port';
import type { Scenario } from './scenario';

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export const NO_COUNTS: RunCounts = { adds: null, updates: null, deletes: null, pendingDeletes: null, exportErrors: null, syncErrors: null };

/** The Windows event logs of the lab server (Application and System), newest last. */
export class LabEventLog {
  private readonly events: EventRecord[];

  constructor(
    scenario: Scenario,
    private readonly now: () => Date,
  ) {
    const at = (minutesAgo: number) => new Date(now().getTime() - minutesAgo * MINUTE).toISOString();
    this.events = scenario.events.map((e) => ({ log: e.log, source: e.source, id: e.id, level: e.level, timeCreated: at(e.minutesAgo), message: e.message }));
  }

  write(log: string, source: string, id: number, level: EventRecord['level'], message: string): void {
    this.events.push({ log, source, id, level, timeCreated: this.now().toISOString(), message });
  }

  /** The id the first event of this source carries (DirSync's refusal is 0 or 109, as the scenario planted it). */
  firstIdOf(source: string): number | undefined {
    return this.events.find((e) => e.source === source)?.id;
  }

  query(query: EventQuery): EventRecord[] {
    const q = EventQuerySchema.parse(query);
    const since = q.since ? Date.parse(q.since) : -Infinity;
    const sources = q.sources?.map((x) => x.toLowerCase());
    return this.events
      .filter((e) => e.log.toLowerCase() === q.log.toLowerCase())
      .filter((e) => !sources || sources.includes(e.source.toLowerCase()))
      .filter((e) => !q.ids || q.ids.includes(e.id))
      .filter((e) => Date.parse(e.timeCreated) >= since)
      .sort((a, b) => Date.parse(b.timeCreated) - Date.parse(a.timeCreated))
      .slice(0, q.maxEvents);
  }
}

export interface LabContext {
  readonly scenario: Scenario;
  readonly now: () => Date;
  readonly events: LabEventLog;
  /** Waits as long as an operation takes on the server (default: a service's state change); cancellable. */
  delay(opts: OperationOptions, ms?: number): Promise<void>;
}

export function labContext(loaded: Scenario, now: () => Date, transitionMs: number): LabContext {
  // The server's own copy: the admin's simulated work (lab-admin.ts) changes it, never the loaded
  // scenario, so "Reload scenario" starts from the file again.
  const scenario = structuredClone(loaded);
  return {
    scenario,
    now,
    events: new LabEventLog(scenario, now),
    delay: (opts, ms = transitionMs) =>
      new Promise((resolve, reject) => {
        if (opts.signal?.aborted) return reject(new HostError('service-timeout', 'Cancelled.'));
        const t = setTimeout(resolve, ms);
        opts.signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(t);
            reject(new HostError('service-timeout', 'Cancelled.'));
          },
          { once: true },
        );
      }),
  };
}

/** Changing the machine needs an elevated session, as on Windows (access denied, 5). */
export function requireElevated(ctx: LabContext, what: string): void {
  if (!ctx.scenario.os.isElevated) throw new HostError('not-elevated', `${what} needs an elevated (administrator) session.`, { win32: 5 });
}
