// The home page's answer to "is sync working?": the newest export to Entra ID, the next cycle the
// scheduler will start, and where the installed tool stands against Microsoft's dated version
// floors (the same table the diagnosis judges builds by). Pure: facts and a date in, words out.
import { z } from 'zod';
import { ConnectorRun, type ConnectorRunHistory, type SchedulerState, SyncToolGeneration } from '../domain/host';
import { compareVersions, evaluateSyncToolVersion, VERSION_FLOORS, type VersionFloor } from '../domain/version-floors';
import type { ToolStanding } from '../domain/app';

/** KB 2882421's alert: Entra ID warns when it has not heard from the server for more than a day. */
export const NO_SYNC_ALERT_HOURS = 24;

const FloorLine = z.object({
  summary: z.string(),
  from: z.string(),
  consequence: z.enum(['sync-stops', 'unsupported', 'wizard-sign-in-fails']),
  source: z.string(),
  sourceDate: z.string(),
});
export type FloorLine = z.infer<typeof FloorLine>;

export const SyncSummary = z.object({
  /** yes: the last export succeeded within a day and cycles are scheduled; no: a reason says why not; unknown: facts missing. */
  working: z.enum(['yes', 'no', 'unknown']),
  /** Why it is not working or not known, in words (empty when working). */
  reasons: z.array(z.string()),
  /** The newest export run to Entra ID the engine reports (any result); null when none is known. */
  lastExport: ConnectorRun.nullable(),
  /** When the newest export that succeeded ended; null when the history shows none. */
  lastSuccessfulExportAt: z.string().nullable(),
  /** The next scheduled cycle; null with nextCycleNote saying why there is none or it is not known. */
  nextCycleAt: z.string().nullable(),
  nextCycleKind: z.enum(['delta', 'initial']).nullable(),
  nextCycleNote: z.string().nullable(),
  intervalMinutes: z.number().nullable(),
  tool: z.object({
    generation: SyncToolGeneration,
    label: z.string(),
    version: z.string().nullable(),
    status: z.enum(['supported', 'unsupported', 'retired', 'unknown', 'none']),
    /** The floors in force this build is below, worst first. */
    inForce: z.array(FloorLine),
    /** Floors with a later date this build is below: what will happen, and when. */
    upcoming: z.array(FloorLine),
  }),
  /** When these facts were read (ISO). */
  readAt: z.string(),
});
export type SyncSummary = z.infer<typeof SyncSummary>;

export interface SyncFacts {
  scheduler: SchedulerState | null;
  runs: ConnectorRunHistory | null;
  /** standing: the verdict of the diagnosis' tool step (shared/home/tool-standing.ts), the one judge of the build. */
  tool: { generation: SyncToolGeneration; label: string; version: string | null; standing: ToolStanding };
  /** Why a fact could not be read, by fact. */
  problems: { scheduler?: string; runs?: string };
}

const isExport = (run: ConnectorRun) => run.connectorType === 'entra' && /export/i.test(run.profile);
const newestFirst = (a: ConnectorRun, b: ConnectorRun) => Date.parse(b.endTime) - Date.parse(a.endTime);
const floorLine = (f: VersionFloor): FloorLine => ({
  summary: f.summary,
  from: f.from,
  consequence: f.consequence,
  source: f.source,
  sourceDate: f.sourceDate,
});

/** Floors dated after `on` that this build is (or, for a whole generation, will be) below. */
export function upcomingFloors(
  generation: SyncToolGeneration,
  version: string | null,
  on: Date,
  floors: readonly VersionFloor[] = VERSION_FLOORS,
): VersionFloor[] {
  if (generation === 'none') return [];
  const day = on.toISOString().slice(0, 10);
  return floors
    .filter((f) => f.generation === generation && f.from > day)
    .filter((f) => f.below === null || (version !== null && (compareVersions(version, f.below) ?? 0) < 0))
    .sort((a, b) => a.from.localeCompare(b.from));
}

export function summarizeSync(facts: SyncFacts, now: Date, floors: readonly VersionFloor[] = VERSION_FLOORS): SyncSummary {
  const reasons: string[] = [];
  /** Facts that could not be read: sync is "unknown" unless a fact that was read already says "no". */
  const unread: string[] = [];

  const exports = (facts.runs?.connectors ?? [])
    .flatMap((c) => c.latestRuns)
    .filter(isExport)
    .sort(newestFirst);
  const lastExport = exports[0] ?? null;
  const lastSuccess = exports.find((r) => r.result === 'success') ?? null;
  if (!facts.runs || facts.runs.source === 'none') {
    unread.push(facts.problems.runs ?? 'The run history of the sync engine could not be read.');
  } else if (!lastExport) {
    reasons.push('The run history shows no export to Entra ID.');
  } else if (lastExport.result !== 'success') {
    reasons.push(`The newest export to Entra ID ended with "${lastExport.result}".`);
  }
  if (lastSuccess) {
    const hours = (now.getTime() - Date.parse(lastSuccess.endTime)) / 3_600_000;
    if (hours > NO_SYNC_ALERT_HOURS)
      reasons.push(`The last successful export was more than ${NO_SYNC_ALERT_HOURS} hours ago: Entra ID warns that no sync registered.`);
  }

  let nextCycleAt: string | null = null;
  let nextCycleNote: string | null = null;
  const s = facts.scheduler;
  if (!s) {
    nextCycleNote = facts.problems.scheduler ?? 'The scheduler could not be read.';
    unread.push(nextCycleNote);
  } else if (!s.available) {
    nextCycleNote = 'This build has no scheduler the app can read (it runs its cycles from Task Scheduler).';
  } else if (s.syncCycleEnabled === false) {
    nextCycleNote = 'None: the scheduler is turned off, so no cycle starts by itself.';
    reasons.push('The scheduler is turned off.');
  } else if (s.schedulerSuspended) {
    nextCycleNote = 'None while the scheduler is suspended.';
    reasons.push('The scheduler is suspended.');
  } else {
    nextCycleAt = s.nextSyncCycleStartTime;
    if (s.stagingModeEnabled) {
      nextCycleNote = 'Staging mode: cycles import and synchronize but never export to Entra ID.';
      reasons.push('The server is in staging mode: it does not export.');
    } else if (!nextCycleAt) nextCycleNote = 'The scheduler did not say when the next cycle starts.';
  }

  // The floors are listed beside the build (dates and sources); the status is the tool step's verdict.
  const verdict = evaluateSyncToolVersion(facts.tool.generation, facts.tool.version, now, floors);
  const status = facts.tool.generation === 'none' ? 'none' : facts.tool.standing;
  if (status === 'none') reasons.push('No sync tool is installed on this server.');
  if (status === 'retired') reasons.push('Microsoft no longer accepts this build: it does not synchronize.');

  return {
    working: reasons.length > 0 ? 'no' : unread.length > 0 ? 'unknown' : 'yes',
    reasons: [...reasons, ...unread],
    lastExport,
    lastSuccessfulExportAt: lastSuccess?.endTime ?? null,
    nextCycleAt,
    nextCycleKind: nextCycleAt ? (s?.nextSyncCyclePolicyType ?? null) : null,
    nextCycleNote,
    intervalMinutes: s?.intervalMinutes ?? null,
    tool: {
      generation: facts.tool.generation,
      label: facts.tool.label,
      version: facts.tool.version,
      status,
      inForce: verdict.floors.map(floorLine),
      upcoming: upcomingFloors(facts.tool.generation, facts.tool.version, now, floors).map(floorLine),
    },
    readAt: now.toISOString(),
  };
}
