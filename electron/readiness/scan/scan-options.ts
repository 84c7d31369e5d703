// The readiness scan's options, progress and summary (what runScan takes and gives back), and the
// connection limits a full scan reads on.
import type { ScanErrorType, ScanFinding } from '../../../shared/readiness/scan/finding';
import type { OutdatedScanState, ScanState } from './scan-state';

export interface ScanProgress {
  phase: 'reading' | 'deletions' | 'duplicates' | 'done';
  /** Objects read so far (changed objects, in a re-scan). */
  read: number;
  /** Objects to read, once counted; null until then. */
  total: number | null;
  /** Findings made so far. */
  findings: number;
  /** A split full scan's parts: how many, how many have a count (the total waits for all), how many are read. */
  parts?: { total: number; counted: number; done: number; countedObjects: number };
}

export type ScanCount = 'estimate' | 'search' | 'none';

/**
 * Connections a full scan reads on by default: one stream. Measured by `npm run bench:scan`
 * (README, Benchmarks, readiness scan). At 5,000 objects on the busy shared machine 2 connections
 * took 0.55-1.07x one stream's time, within the noise; at 100,000 objects on the quiet machine one
 * stream took 1.02-1.06x `ldapsearch` and 2 connections 1.13-1.22x one stream, and one stream has
 * the progress total with its first page (10-11 s) where the split has it only at the end.
 * `--connections` / options.connections still split the scan for a DC with cores to spare.
 */
export const DEFAULT_SCAN_CONNECTIONS = 1;
export const MAX_SCAN_CONNECTIONS = 16;

export interface ScanOptions {
  /** OUs (or containers) to scan; default the domain's naming context. */
  baseDns?: readonly string[];
  /**
   * Containers inside baseDns to leave out, the way Entra Connect's container exclusions do: the
   * nearest listed container above an object decides (shared/ldap/container-scope.ts), so a base
   * listed inside an excluded one is scanned again.
   */
  excludeDns?: readonly string[];
  /**
   * A saved state: re-scan only what changed since (same DC and scope), else scan in full. An
   * OutdatedScanState (saved by an older version) makes a full scan, its reason in the summary.
   */
  since?: ScanState | OutdatedScanState;
  /**
   * The caller will not use options.since again (the CLI, which read it from a file): the re-scan
   * changes its index in place instead of copying it first. Without it the saved state stays whole
   * whatever happens to the re-scan (the app re-scans from it again after a cancel).
   */
  sinceDisposable?: boolean;
  signal?: AbortSignal;
  pageSize?: number;
  /** Connections a full scan reads its parts on (1-16, default DEFAULT_SCAN_CONNECTIONS); 1 reads one stream. */
  connections?: number;
  /** Time limit of each page request (default the directory's). */
  pageTimeoutMs?: number;
  /**
   * How progress gets its total: 'estimate' (default) takes the server's own count from the paged
   * read's first page and runs a counting search beside the read only where the server gives none;
   * 'search' always counts with that second search (the older way, kept for the benchmark); 'none'
   * leaves the total null until the read ends.
   */
  count?: ScanCount;
  /** Progress is reported every this many objects (default 500) and at each phase. */
  progressEvery?: number;
  onFinding?: (finding: ScanFinding) => void;
  onResolved?: (finding: ScanFinding) => void;
  onProgress?: (progress: ScanProgress) => void;
}

export interface ScanQuota {
  limit: number;
  inScope: number;
  over: boolean;
  /** What to do above the quota; null when under it. */
  advice: string | null;
}

export interface ScanSummary {
  mode: 'full' | 'incremental';
  /** Why a re-scan (options.since) had to read everything; null when it did not. */
  fullScanReason: string | null;
  dcHostName: string;
  invocationId: string;
  baseDns: string[];
  /** The excluded containers (empty when none). */
  excludeDns: string[];
  /** Objects read from the directory in this run (all of them, or the changed ones). */
  objectsRead: number;
  /** Deleted objects read (re-scans). */
  deletionsRead: number;
  /** Objects in scope now (matched by the query, skipped ones included). */
  objectsInScope: number;
  /** Of those, skipped by IdFix's exclusions (system accounts, conflict objects, …). */
  skipped: number;
  /** All current findings (after a re-scan: the saved ones updated). */
  findings: number;
  /** Findings reported in this run through onFinding (new or changed). */
  reported: number;
  /** Findings of the saved state resolved in this run. */
  resolved: number;
  byError: Record<ScanErrorType, number>;
  quota: ScanQuota;
  durationMs: number;
  /** Save it (saveScanState) to re-scan incrementally next time. */
  state: ScanState;
}
