// Version floors of the sync tools: below a floor, from its date on, a build stops syncing (or
// loses support). Facts that change with time, kept as data with their source and the date of
// that source (NOTES-windows.md §8), and evaluated against a given date by a pure function.
import type { SyncToolGeneration } from './host';

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

export const VERSION_FLOORS: readonly VersionFloor[] = [
  {
    generation: 'dirsync',
    below: null,
    from: '2021-01-01',
    consequence: 'sync-stops',
    summary: 'DirSync is retired: Microsoft blocks it, and it no longer synchronizes. Upgrade to Entra Connect Sync.',
    source: 'entra-docs how-to-dirsync-upgrade-get-started ("aren\'t supported and no longer work"); OfficeDocs-Support PR 1443 (blocking began in 2021)',
    sourceDate: '2024-12-01',
  },
  {
    generation: 'aadsync',
    below: null,
    from: '2021-01-01',
    consequence: 'sync-stops',
    summary: 'Azure AD Sync (AADSync) is retired and no longer synchronizes. Upgrade to Entra Connect Sync.',
    source: 'entra-docs how-to-dirsync-upgrade-get-started (DirSync and Azure AD Sync "aren\'t supported and no longer work")',
    sourceDate: '2024-12-01',
  },
  {
    generation: 'entra-connect',
    below: '2.0.0.0',
    from: '2023-10-01',
    consequence: 'sync-stops',
    summary: 'Azure AD Connect 1.x stopped synchronizing on 1 October 2023. Upgrade to a current Entra Connect Sync build.',
    source: 'entra-docs reference-connect-version-history (retirement of 1.x)',
    sourceDate: '2023-11-01',
  },
  {
    generation: 'entra-connect',
    below: '2.4.18.0',
    from: '2025-04-07',
    consequence: 'wizard-sign-in-fails',
    summary: 'Since 7 April 2025 the configuration wizard of builds below 2.4.18.0 cannot sign in to Entra ID (sync itself kept running).',
    source: 'entra-docs harden-update-ad-fs-pingfederate',
    sourceDate: '2024-12-01',
  },
  {
    generation: 'entra-connect',
    below: '2.5.79.0',
    from: '2026-10-01',
    consequence: 'sync-stops',
    summary: 'Builds below 2.5.79.0 stopped synchronizing after 30 September 2026 (new Entra sync service application). Upgrade from the Entra admin center.',
    source: 'entra-docs fundamentals/whats-new (ja, 2.5.79.0 by Sep 2026); "Microsoft Entra Connect September 2026 Upgrade Guide"; Microsoft Q&A answer',
    sourceDate: '2026-09-04',
  },
  {
    generation: 'entra-connect',
    below: '2.6.84.0',
    from: '2026-10-23',
    consequence: 'unsupported',
    summary: 'Support for 2.5.79.0 ended on 23 October 2026 (2.6.79.0 was recalled; 2.6.84.0 is current): a retired build may stop at any time. Upgrade.',
    source: '"Microsoft Entra Connect September 2026 Upgrade Guide" (practitioner blog); retirement policy in entra-docs reference-connect-version-history',
    sourceDate: '2026-09-04',
  },
];

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
}

const SEVERITY: Record<FloorConsequence, number> = { 'sync-stops': 0, unsupported: 1, 'wizard-sign-in-fails': 2 };

/**
 * Where a build stands on a date: retired (sync stops), unsupported (may stop; upgrade),
 * supported, or unknown (no version to compare).
 */
export function evaluateSyncToolVersion(
  generation: SyncToolGeneration,
  version: string | null,
  on: Date,
  floors: readonly VersionFloor[] = VERSION_FLOORS,
): VersionVerdict {
  if (generation === 'none') return { status: 'unknown', floors: [] };
  const day = on.toISOString().slice(0, 10);
  const inForce = floors.filter((f) => f.generation === generation && f.from <= day);
  const hit: VersionFloor[] = [];
  let unknown = false;
  for (const f of inForce) {
    if (f.below === null) {
      hit.push(f);
      continue;
    }
    const cmp = version === null ? null : compareVersions(version, f.below);
    if (cmp === null) unknown = true;
    else if (cmp < 0) hit.push(f);
  }
  hit.sort((a, b) => SEVERITY[a.consequence] - SEVERITY[b.consequence]);
  if (hit.some((f) => f.consequence === 'sync-stops')) return { status: 'retired', floors: hit };
  if (unknown) return { status: 'unknown', floors: hit };
  if (hit.some((f) => f.consequence === 'unsupported')) return { status: 'unsupported', floors: hit };
  return { status: 'supported', floors: hit };
}
