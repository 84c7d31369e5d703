// Version floors of the sync tools: below a floor, from its date on, a build stops syncing (or
// its wizard cannot sign in); and one row per current Entra Connect build with its support dates.
// Facts that change with time, kept as data with their public source and the date of that source
// (re-checked 2026-12-06), and evaluated against a given date by pure functions.
import type { SyncToolGeneration } from './host';
import { SOURCES, sourceLine } from './public-sources';

export type FloorConsequence =
  /** Entra ID refuses this build: sync has stopped. */
  | 'sync-stops'
  /** No longer supported: may stop at any time; upgrade. Sync still runs. */
  | 'unsupported'
  /** The configuration wizard cannot sign in; sync itself keeps running. */
  | 'wizard-sign-in-fails';

export interface VersionFloor {
  generation: Exclude<SyncToolGeneration, 'none'>;
  /** Builds below this version are affected; null = every build of the generation. */
  below: string | null;
  /** The day the consequence starts (UTC, inclusive). */
  from: string;
  consequence: FloorConsequence;
  /** What happens, in the app's words. */
  summary: string;
  source: string;
  /** When the source said so (its publication or the copy read). */
  sourceDate: string;
}

const HISTORY = sourceLine(SOURCES.versionHistory);

export const VERSION_FLOORS: readonly VersionFloor[] = [
  {
    generation: 'dirsync',
    below: null,
    from: '2021-01-01',
    consequence: 'sync-stops',
    summary: 'DirSync is retired: Microsoft blocks it, and it no longer synchronizes. Upgrade to Entra Connect Sync.',
    source: `${sourceLine(SOURCES.dirsyncUpgrade)} ("aren't supported and no longer work"); blocking began in 2021`,
    sourceDate: '2024-12-01',
  },
  {
    generation: 'aadsync',
    below: null,
    from: '2021-01-01',
    consequence: 'sync-stops',
    summary: 'Azure AD Sync (AADSync) is retired and no longer synchronizes. Upgrade to Entra Connect Sync.',
    source: `${sourceLine(SOURCES.dirsyncUpgrade)} (DirSync and Azure AD Sync "aren't supported and no longer work")`,
    sourceDate: '2024-12-01',
  },
  {
    generation: 'entra-connect',
    below: '2.0.0.0',
    from: '2023-10-01',
    consequence: 'sync-stops',
    summary: 'Azure AD Connect 1.x stopped synchronizing on 1 October 2023. Upgrade to a current Entra Connect Sync build.',
    source: `${HISTORY} (retirement of 1.x)`,
    sourceDate: '2023-11-01',
  },
  {
    generation: 'entra-connect',
    below: '2.4.18.0',
    from: '2025-04-07',
    consequence: 'wizard-sign-in-fails',
    summary: 'Since 7 April 2025 the configuration wizard of builds below 2.4.18.0 cannot sign in to Entra ID (sync itself kept running).',
    source: sourceLine(SOURCES.hardenAdfs),
    sourceDate: '2024-12-01',
  },
  {
    generation: 'entra-connect',
    below: '2.5.79.0',
    from: '2026-10-01',
    consequence: 'sync-stops',
    summary: 'Builds below 2.5.79.0 stopped synchronizing after 30 September 2026 (new Entra sync service application). Upgrade from the Entra admin center.',
    source: `${sourceLine(SOURCES.whatsNew)} (2.5.79.0 required by September 2026)`,
    sourceDate: '2026-09-04',
  },
  {
    // The hard stop: from this day sync needs 2.6.84.0 or later AND application-based
    // authentication. The build half is this row; the sign-in half is APP_AUTH_HARD_STOP.
    generation: 'entra-connect',
    below: '2.6.84.0',
    from: '2027-04-07',
    consequence: 'sync-stops',
    summary:
      'From 7 April 2027 Entra ID accepts sync only from Entra Connect 2.6.84.0 or later signing in with application-based authentication: ' +
      'below 2.6.84.0 sync stops on that day. Upgrade from the Entra admin center before then.',
    source: sourceLine(SOURCES.prerequisites, SOURCES.appAuth),
    sourceDate: '2026-01-16',
  },
];

/**
 * The sign-in half of the 7 April 2027 stop: a server that still signs in to Entra ID as its
 * Sync_ user (not as an application with a certificate) stops syncing that day, whatever its
 * build. The fix is the configuration wizard's "Configure application-based authentication".
 */
export const APP_AUTH_HARD_STOP = {
  from: '2027-04-07',
  minimumVersion: '2.6.84.0',
  summary:
    'From 7 April 2027 Entra ID accepts sync only from servers that sign in with application-based authentication (a certificate) ' +
    'instead of the Sync_ user, on Entra Connect 2.6.84.0 or later.',
  source: sourceLine(SOURCES.prerequisites, SOURCES.appAuth),
  sourceDate: '2026-01-16',
} as const;

/** Whether the 7 April 2027 sign-in rule is in force on a date. */
export function appAuthRequired(on: Date): boolean {
  return on.toISOString().slice(0, 10) >= APP_AUTH_HARD_STOP.from;
}

/**
 * One row per Entra Connect build of the current line: when it shipped, and when its support
 * ends (12 months after its successor shipped; a recalled build does not count as a successor).
 * Release days marked derived are read back from that rule (the predecessor's end of support).
 */
export interface ConnectBuild {
  version: string;
  /** Release day (YYYY-MM-DD); null when no source gives it. */
  released: string | null;
  /** From this day the build is no longer supported; null for the latest build (no successor yet). */
  supportEnds: string | null;
  /** Microsoft withdrew the build: uninstall it and install the current one. */
  recalled: boolean;
  note: string;
  source: string;
  sourceDate: string;
}

const BUILD_SOURCE = `${HISTORY} (a build loses support 12 months after its successor ships), as read in a third-party support table checked 2026-10-06`;

export const CONNECT_BUILDS: readonly ConnectBuild[] = [
  {
    version: '2.5.79.0',
    released: null,
    supportEnds: '2026-10-23',
    recalled: false,
    note: 'Minimum build since 30 September 2026.',
    source: BUILD_SOURCE,
    sourceDate: '2026-10-06',
  },
  {
    version: '2.5.190.0',
    released: null,
    supportEnds: '2027-02-02',
    recalled: false,
    note: 'Supported until 2 February 2027.',
    source: BUILD_SOURCE,
    sourceDate: '2026-10-06',
  },
  {
    version: '2.6.1.0',
    released: '2026-02-02',
    supportEnds: '2027-03-10',
    recalled: false,
    note: 'Supported until 10 March 2027 (release day derived).',
    source: BUILD_SOURCE,
    sourceDate: '2026-10-06',
  },
  {
    version: '2.6.3.0',
    released: '2026-03-10',
    supportEnds: '2027-07-07',
    recalled: false,
    note: 'Supported until 7 July 2027 (release day derived).',
    source: BUILD_SOURCE,
    sourceDate: '2026-10-06',
  },
  {
    version: '2.6.79.0',
    released: null,
    supportEnds: null,
    recalled: true,
    note: 'Recalled by Microsoft: uninstall it and install the current build.',
    source: `${HISTORY}; third-party upgrade guide of 2026-09-04`,
    sourceDate: '2026-09-04',
  },
  {
    version: '2.6.84.0',
    released: '2026-07-07',
    supportEnds: '2027-09-16',
    recalled: false,
    note: 'Security release: SQL LocalDB 2022, no silent fallback from application-based authentication, password hash sync no longer re-enables itself.',
    source: HISTORY,
    sourceDate: '2026-09-23',
  },
  {
    version: '2.6.91.0',
    released: '2026-09-16',
    supportEnds: '2027-09-23',
    recalled: false,
    note: 'Added the "Transition to Cloud Sync" wizard; a pass-through authentication registration bug was fixed in 2.6.92.0.',
    source: HISTORY,
    sourceDate: '2026-09-23',
  },
  {
    version: '2.6.92.0',
    released: '2026-09-23',
    supportEnds: null,
    recalled: false,
    note: 'The latest build (hotfix).',
    source: HISTORY,
    sourceDate: '2026-09-23',
  },
];

/** The latest build in the table. */
export const LATEST_CONNECT_BUILD = CONNECT_BUILDS[CONNECT_BUILDS.length - 1]!.version;

export interface BuildSupport {
  status: 'supported' | 'ended' | 'recalled' | 'unlisted';
  /** The row this build is, or the next listed row after an unlisted build; null outside the table. */
  row: ConnectBuild | null;
  /** The day support ends (or ended), when known; for an unlisted build, the latest it can be. */
  endsOn: string | null;
  summary: string;
}

const addYear = (day: string) => `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;
const longDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Where one Entra Connect 2.5+ build stands on a day by the build table. */
export function connectBuildSupport(version: string, on: Date, builds: readonly ConnectBuild[] = CONNECT_BUILDS): BuildSupport {
  const day = on.toISOString().slice(0, 10);
  const exact = builds.find((b) => compareVersions(b.version, version) === 0);
  if (exact) {
    if (exact.recalled)
      return {
        status: 'recalled',
        row: exact,
        endsOn: null,
        summary: `Build ${version} was recalled by Microsoft: uninstall it and install the current build (${LATEST_CONNECT_BUILD}).`,
      };
    if (exact.supportEnds && day >= exact.supportEnds) {
      return {
        status: 'ended',
        row: exact,
        endsOn: exact.supportEnds,
        summary: `Support for build ${version} ended on ${longDay(exact.supportEnds)}: upgrade to ${LATEST_CONNECT_BUILD}.`,
      };
    }
    return {
      status: 'supported',
      row: exact,
      endsOn: exact.supportEnds,
      summary: exact.supportEnds ? `Build ${version} is supported until ${longDay(exact.supportEnds)}.` : `Build ${version} is the latest build.`,
    };
  }
  const lowest = builds[0];
  if (!lowest || (compareVersions(version, lowest.version) ?? -1) < 0)
    return { status: 'unlisted', row: null, endsOn: null, summary: `Build ${version} is not in the build table.` };
  // Not listed: a build between two rows was superseded by the next row at the latest.
  const next = builds.filter((b) => !b.recalled).find((b) => (compareVersions(b.version, version) ?? -1) > 0) ?? null;
  if (!next) return { status: 'supported', row: null, endsOn: null, summary: `Build ${version} is newer than every build in the table.` };
  if (!next.released)
    return { status: 'unlisted', row: next, endsOn: null, summary: `Build ${version} is not in the build table; its end of support is not known.` };
  const ends = addYear(next.released);
  if (day >= ends)
    return {
      status: 'ended',
      row: next,
      endsOn: ends,
      summary: `Build ${version} was superseded by ${next.version} at the latest; its support ended by ${longDay(ends)}: upgrade to ${LATEST_CONNECT_BUILD}.`,
    };
  return {
    status: 'supported',
    row: next,
    endsOn: ends,
    summary: `Build ${version} is supported until ${longDay(ends)} at the latest (superseded by ${next.version}).`,
  };
}

/** Compares dotted numeric versions (1.0.7020.0, 2.5.79.0, 6862.0000); null when either is not one. */
export function compareVersions(a: string, b: string): number | null {
  const parse = (v: string) => (/^\d+(\.\d+)*$/.test(v.trim()) ? v.trim().split('.').map(Number) : null);
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export type VersionStatus = 'supported' | 'unsupported' | 'retired' | 'unknown';

export interface VersionVerdict {
  status: VersionStatus;
  /** The floors in force that this build is below, worst first. */
  floors: VersionFloor[];
  /** Entra Connect 2.5+: where the build stands in the build table; null otherwise. */
  build: BuildSupport | null;
  /** Floors not yet in force that this build is below (sync stops on their day), soonest first. */
  upcoming: VersionFloor[];
}

const SEVERITY: Record<FloorConsequence, number> = { 'sync-stops': 0, unsupported: 1, 'wizard-sign-in-fails': 2 };

/**
 * Where a build stands on a date: retired (sync stops), unsupported (support ended or recalled:
 * may stop; upgrade), supported, or unknown (no version to compare); with the stops to come.
 */
export function evaluateSyncToolVersion(
  generation: SyncToolGeneration,
  version: string | null,
  on: Date,
  floors: readonly VersionFloor[] = VERSION_FLOORS,
  builds: readonly ConnectBuild[] = CONNECT_BUILDS,
): VersionVerdict {
  if (generation === 'none') return { status: 'unknown', floors: [], build: null, upcoming: [] };
  const day = on.toISOString().slice(0, 10);
  const below = (f: VersionFloor): boolean | null => {
    if (f.below === null) return true;
    const cmp = version === null ? null : compareVersions(version, f.below);
    return cmp === null ? null : cmp < 0;
  };
  const mine = floors.filter((f) => f.generation === generation);
  const hit: VersionFloor[] = [];
  let unknown = false;
  for (const f of mine.filter((x) => x.from <= day)) {
    const b = below(f);
    if (b === null) unknown = true;
    else if (b) hit.push(f);
  }
  hit.sort((a, b) => SEVERITY[a.consequence] - SEVERITY[b.consequence]);
  const upcoming = mine.filter((f) => f.from > day && f.consequence === 'sync-stops' && below(f) === true).sort((a, b) => a.from.localeCompare(b.from));
  const line25 = version === null ? null : compareVersions(version, '2.5.0.0');
  const build = generation === 'entra-connect' && version !== null && line25 !== null && line25 >= 0 ? connectBuildSupport(version, on, builds) : null;
  if (hit.some((f) => f.consequence === 'sync-stops')) return { status: 'retired', floors: hit, build, upcoming };
  if (unknown) return { status: 'unknown', floors: hit, build, upcoming };
  if (hit.some((f) => f.consequence === 'unsupported') || build?.status === 'ended' || build?.status === 'recalled') {
    return { status: 'unsupported', floors: hit, build, upcoming };
  }
  return { status: 'supported', floors: hit, build, upcoming };
}
