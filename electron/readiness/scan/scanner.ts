// The directory readiness scan (the IdFix successor), streaming over the directory port.
//
// API
//   runScan(dir: DirectoryPort, options: ScanOptions): Promise<ScanSummary>
//     Reads every person and group (IdFix's query, SCAN_FILTER) under options.baseDns (default: the
//     naming context) page by page, runs the pure rules (shared/readiness/scan/rules.ts) on each object as it
//     arrives and feeds the duplicate index (shared/readiness/scan/duplicate-index.ts); nothing else of an
//     object is kept, so memory follows the index, not the directory.
//     - options.onFinding(f): called as findings are made. Rule findings come while objects stream
//       in; duplicate findings come once the last object is read (only then is a value known to be
//       unique). A call with an id already seen REPLACES the earlier finding (a value with a rule
//       error that turns out to be shared as well comes again with both errors).
//     - options.onResolved(f): incremental re-scans only: a finding of the saved scan that no longer
//       holds (the object was fixed, deleted or left the scope, or its duplicate partner changed).
//     - options.onProgress(p): { phase, read, total, findings }: objects read of the total in scope
//       (options.count: by default the server's own count from the first page, else a counting
//       search beside the read; total is null until it is known).
//     - options.signal: aborting stops paging at once; runScan rejects with DirectoryError('cancelled').
//     - options.connections (default DEFAULT_SCAN_CONNECTIONS): a full scan splits its scope into
//       parts (shared/ldap/scope-parts.ts: each base's child containers as subtrees, its own level,
//       the base object; a level deeper while there are fewer subtrees than connections) and reads them on this many connections at once (DirectoryPort.openReader;
//       1, or a port without it, reads one stream as before). Entries of all parts feed the one
//       engine and duplicate index in the order they arrive, so findings stream in that order; the
//       findings themselves (and each duplicate's list of the others, sorted by DN) do not depend
//       on it. The progress total is then the sum of the parts' counts, null until every part has
//       one (progress.parts says how many are still uncounted). A failing part fails the scan with
//       the part named; cancel or a failure stops every part and closes every extra connection
//       before runScan settles. Re-scans read one stream.
//     - options.since: a saved ScanState. When it is from the same DC (invocationId) and scope, only
//       objects with uSNChanged above its mark and the objects deleted since (CN=Deleted Objects,
//       show-deleted control, searched beside the changed ones) are read, the duplicate index is a
//       copy of the saved one (never rebuilt), and only the findings the changes touched are
//       compared; otherwise (another DC or scope, or an OutdatedScanState from an older version) a
//       full scan runs and summary.fullScanReason says why.
//     The summary carries the new state (its index is this scan's own; save it with saveScanState
//     for the next --since, or hand it to the next runScan as it is), counts by error type, and the
//     object count in scope against Entra ID's 50,000-object quota.
//
// The work is split by job: scan-options.ts (what runScan takes and gives), scan-run.ts (one
// scan's findings and counts), full-scan.ts (one stream), split-scan.ts (a pool of connections)
// and rescan.ts (the changes since a saved scan).
import { containerScope, dnEquals, isDnWithin, type ContainerScope } from '../../../shared/ldap';
import type { DirectoryPort } from '../../ports/directory-port';
import { DirectoryError } from '../../ports/errors';
import { fullScan } from './full-scan';
import { rescan } from './rescan';
import { DEFAULT_SCAN_CONNECTIONS, MAX_SCAN_CONNECTIONS, type ScanOptions, type ScanSummary } from './scan-options';
import { countByError, quotaOf, ScanRun } from './scan-run';
import { SCAN_STATE_VERSION, type ScanState } from './scan-state';
import { splitScan } from './split-scan';

export { DEFAULT_SCAN_CONNECTIONS, MAX_SCAN_CONNECTIONS } from './scan-options';
export type { ScanCount, ScanOptions, ScanProgress, ScanQuota, ScanSummary } from './scan-options';

export async function runScan(dir: DirectoryPort, options: ScanOptions = {}): Promise<ScanSummary> {
  const started = Date.now();
  const opts = { signal: options.signal, timeoutMs: options.pageTimeoutMs };
  if (options.signal?.aborted) throw new DirectoryError('cancelled', 'the scan was cancelled');
  // Both from the rootDSE, asked at once (one round trip's wait instead of two).
  const [info, replication] = await Promise.all([dir.info(opts), dir.replicationState(opts)]);
  const requested = options.baseDns && options.baseDns.length ? options.baseDns : [info.baseDn];
  for (const b of requested) {
    if (!isDnWithin(b, info.baseDn)) throw new DirectoryError('bad-input', `scan scope ${b} is not inside the domain ${info.baseDn}`);
  }
  let scope: ContainerScope;
  try {
    scope = containerScope(requested, options.excludeDns ?? []);
  } catch (err) {
    throw new DirectoryError('bad-input', `scan scope: ${(err as Error).message}`);
  }
  const baseDns = scope.bases;
  const excludeDns = scope.exclude;
  const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.some((y) => dnEquals(x, y)));
  const pageSize = options.pageSize ?? 1000;
  const connections = options.connections ?? DEFAULT_SCAN_CONNECTIONS;
  if (!Number.isInteger(connections) || connections < 1 || connections > MAX_SCAN_CONNECTIONS) {
    throw new DirectoryError('bad-input', `connections must be a whole number from 1 to ${MAX_SCAN_CONNECTIONS}, got ${String(options.connections)}`);
  }
  const every = Math.max(1, options.progressEvery ?? 500);

  let fullScanReason: string | null = null;
  const given = options.since;
  let since: ScanState | undefined;
  if (given && (given.version !== SCAN_STATE_VERSION || 'outdated' in given)) {
    const reason =
      'reason' in given ? given.reason : `the saved scan state is version ${String(given.version)}, this version of DirSync Doctor reads ${SCAN_STATE_VERSION}`;
    fullScanReason = `${reason}: scanning in full`;
  } else if (given) {
    since = given as ScanState;
    if (since.invocationId !== replication.invocationId) {
      fullScanReason = `the saved scan was read from ${since.dcHostName} (invocationId ${since.invocationId}); ${replication.dcHostName} has invocationId ${replication.invocationId}, so its change numbers do not compare: scanning in full`;
    } else if (!dnEquals(since.namingContext, info.baseDn)) {
      fullScanReason = `the saved scan is of ${since.namingContext}, not ${info.baseDn}: scanning in full`;
    } else if (!sameList(since.baseDns, baseDns) || !sameList(since.excludeDns, excludeDns)) {
      const saved = `${since.baseDns.join('; ')}${since.excludeDns.length ? ` without ${since.excludeDns.join('; ')}` : ''}`;
      fullScanReason = `the scope changed (saved: ${saved}): scanning in full`;
    } else if (BigInt(replication.highestCommittedUsn) < BigInt(since.highestUsn)) {
      fullScanReason = `the DC's highest USN (${replication.highestCommittedUsn}) is below the saved mark (${since.highestUsn}): scanning in full`;
    }
  }
  const from = fullScanReason === null ? since : undefined;
  const incremental = from !== undefined;
  const run = new ScanRun(options, !incremental);

  try {
    if (from) {
      await rescan(dir, run, from, replication.highestCommittedUsn, scope, info.baseDn, opts, pageSize, every);
    } else {
      const count = options.count ?? 'estimate';
      if (connections > 1 && dir.openReader) await splitScan(dir, run, scope, opts, pageSize, every, count, connections);
      else await fullScan(dir, run, scope, opts, pageSize, every, count);
    }
  } catch (e) {
    // A cancelled or failed scan still tells how far it got (progress is otherwise every 500 objects).
    run.progress('reading');
    throw e;
  }

  const findings = [...run.findings.values()];
  const state: ScanState = {
    version: SCAN_STATE_VERSION,
    dcHostName: replication.dcHostName,
    invocationId: replication.invocationId,
    highestUsn: replication.highestCommittedUsn,
    namingContext: info.baseDn,
    baseDns,
    excludeDns,
    scannedAt: new Date(started).toISOString(),
    objectCount: run.objectCount,
    skipped: [...run.skipped],
    index: run.index,
    findings,
  };
  run.progress('done');
  return {
    mode: incremental ? 'incremental' : 'full',
    fullScanReason,
    dcHostName: replication.dcHostName,
    invocationId: replication.invocationId,
    baseDns,
    excludeDns,
    objectsRead: run.read,
    deletionsRead: run.deletionsRead,
    objectsInScope: run.objectCount,
    skipped: run.skipped.size,
    findings: findings.length,
    reported: run.reported,
    resolved: run.resolved,
    byError: countByError(findings),
    quota: quotaOf(run.objectCount),
    durationMs: Date.now() - started,
    state,
  };
}
