// The audit log as the app shows it: each action's start and end line joined into one entry
// (who, when, what was planned before → after, the result and the re-check), newest first, and
// the filters the view offers (a day in the viewer's local time, an action).
import { z } from 'zod';

const Planned = z.object({ target: z.string(), property: z.string(), from: z.string(), to: z.string() });

export const AuditEntry = z.object({
  id: z.string(),
  action: z.string(),
  actor: z.string(),
  host: z.string(),
  target: z.string(),
  origin: z.string(),
  startedAt: z.string(),
  /** null: the action began and no end line was written (it is still running, or the app stopped). */
  endedAt: z.string().nullable(),
  planned: z.array(Planned),
  result: z.enum(['succeeded', 'failed', 'unfinished']),
  summary: z.string().nullable(),
  recheck: z.object({ status: z.string(), summary: z.string() }).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** The chain check of `audit verify`, as the view shows it. */
export const AuditVerification = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), lines: z.number().int().nonnegative() }),
  z.object({ ok: z.literal(false), lines: z.number().int().nonnegative(), line: z.number().int().positive(), reason: z.string() }),
]);

export const AuditView = z.object({
  /** Where the log is, so a tech can name it to support. */
  file: z.string(),
  verification: AuditVerification,
  entries: z.array(AuditEntry),
  /** Entries left out because the log holds more than the view reads. */
  omitted: z.number().int().nonnegative(),
});
export type AuditView = z.infer<typeof AuditView>;

const StartLine = z.object({
  id: z.string(),
  phase: z.literal('start'),
  at: z.string(),
  actor: z.string().catch('unknown'),
  host: z.string().catch(''),
  action: z.string().catch('unknown'),
  target: z.string().catch(''),
  origin: z.string().catch(''),
  planned: z.array(Planned).catch([]),
});
const EndLine = z.object({
  id: z.string(),
  phase: z.literal('end'),
  at: z.string(),
  result: z.enum(['succeeded', 'failed']).catch('failed'),
  summary: z.string().nullable().catch(null),
  recheck: z.object({ status: z.string(), summary: z.string() }).nullable().catch(null),
});

/** Joins start and end lines by id, newest first; lines of other shapes are left out (the chain check still covers them). */
export function auditEntriesOf(lines: readonly unknown[]): AuditEntry[] {
  const ends = new Map<string, z.infer<typeof EndLine>>();
  for (const l of lines) {
    const end = EndLine.safeParse(l);
    if (end.success) ends.set(end.data.id, end.data);
  }
  const entries: AuditEntry[] = [];
  for (const l of lines) {
    const start = StartLine.safeParse(l);
    if (!start.success) continue;
    const s = start.data;
    const e = ends.get(s.id);
    entries.push({
      id: s.id,
      action: s.action,
      actor: s.actor,
      host: s.host,
      target: s.target,
      origin: s.origin,
      startedAt: s.at,
      endedAt: e?.at ?? null,
      planned: s.planned,
      result: e ? e.result : 'unfinished',
      summary: e?.summary ?? null,
      recheck: e?.recheck ?? null,
    });
  }
  return entries.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/** YYYY-MM-DD of an instant in the viewer's time zone (offset in minutes as Date.getTimezoneOffset gives it). */
export function localDay(iso: string, timezoneOffsetMinutes: number): string {
  return new Date(Date.parse(iso) - timezoneOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

export interface AuditFilter {
  day: string | null;
  action: string | null;
}

export function filterAuditEntries(entries: readonly AuditEntry[], filter: AuditFilter, timezoneOffsetMinutes: number): AuditEntry[] {
  return entries.filter((e) => (!filter.action || e.action === filter.action) && (!filter.day || localDay(e.startedAt, timezoneOffsetMinutes) === filter.day));
}

/** The days (newest first) and actions (sorted) the entries cover: the filters' choices. */
export function auditFilterChoices(entries: readonly AuditEntry[], timezoneOffsetMinutes: number): { days: string[]; actions: string[] } {
  const days = [...new Set(entries.map((e) => localDay(e.startedAt, timezoneOffsetMinutes)))].sort().reverse();
  const actions = [...new Set(entries.map((e) => e.action))].sort();
  return { days, actions };
}
