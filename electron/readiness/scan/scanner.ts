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
import { CHILD_CONTAINER_FILTER, containerScope, describePart, dnEquals, isDnWithin, splitScope, type ContainerScope, type ScopePart } from '../../../shared/ldap';
import { DuplicateIndex, type DuplicateSet } from '../../../shared/readiness/scan/duplicate-index';
import type { ScanErrorType, ScanFinding } from '../../../shared/readiness/scan/finding';
import { ENTRA_OBJECT_QUOTA, ENTRA_OBJECT_QUOTA_ADVICE } from '../../../shared/readiness/scan/limits';
import { checkObject, findingId, toFinding } from '../../../shared/readiness/scan/rules';
import { changedUsnFilters } from '../../../shared/readiness/scan/usn-filter';
import { normaliseEntry, SCAN_ATTRIBUTES, SCAN_FILTER, skipReason, type ScanObject } from '../../../shared/readiness/scan/scan-object';
import type { DirectoryPort, DirectoryReader } from '../../ports/directory-port';
import { DirectoryError } from '../../ports/errors';
import { SCAN_STATE_VERSION, type OutdatedScanState, type ScanState } from './scan-state';

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
/** How deep the split scan lists containers to find enough parts, and how many listings at most. */
const SPLIT_DEPTH = 3;
const SPLIT_LISTINGS = 32;

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

const DUPLICATE_MARK = ' | duplicate: ';

/** A finding with its duplicate part taken off (what the rules alone say), or null when only the duplicate was wrong. */
function withoutDuplicate(f: ScanFinding): ScanFinding | null {
  const errors = f.errors.filter((e) => e !== 'duplicate');
  if (errors.length === 0) return null;
  const cut = f.detail.indexOf(DUPLICATE_MARK);
  return { ...f, errors, duplicates: [], detail: cut >= 0 ? f.detail.slice(0, cut) : f.detail };
}

function sameFinding(a: ScanFinding, b: ScanFinding): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

class ScanRun {
  readonly findings = new Map<string, ScanFinding>();
  readonly findingsByGuid = new Map<string, string[]>();
  readonly skipped = new Set<string>();
  index = new DuplicateIndex();
  objectCount = 0;
  read = 0;
  total: number | null = null;
  reported = 0;
  resolved = 0;
  deletionsRead = 0;
  /** Told the id of every finding set or dropped (a re-scan diffs only those). */
  onChange: ((id: string) => void) | null = null;
  parts: ScanProgress['parts'] = undefined;

  constructor(
    readonly options: ScanOptions,
    /** Whether findings are reported as they are made (a full scan) or diffed at the end (a re-scan). */
    public emitting: boolean,
  ) {}

  progress(phase: ScanProgress['phase']): void {
    const p: ScanProgress = { phase, read: this.read, total: this.total, findings: this.findings.size };
    if (this.parts) p.parts = { ...this.parts };
    this.options.onProgress?.(p);
  }

  setFinding(f: ScanFinding): void {
    this.findings.set(f.id, f);
    this.onChange?.(f.id);
    const ids = this.findingsByGuid.get(f.objectGuid);
    if (!ids) this.findingsByGuid.set(f.objectGuid, [f.id]);
    else if (!ids.includes(f.id)) ids.push(f.id);
    if (this.emitting) {
      this.reported += 1;
      this.options.onFinding?.(f);
    }
  }

  dropFindingsOf(guid: string): void {
    for (const id of this.findingsByGuid.get(guid) ?? []) {
      this.findings.delete(id);
      this.onChange?.(id);
    }
    this.findingsByGuid.delete(guid);
  }

  /** One object read from the directory: rules, then the duplicate index. */
  check(o: ScanObject): void {
    const guid = o.objectGuid || o.dn;
    if (skipReason(o) !== null) {
      this.skipped.add(guid);
      return;
    }
    for (const p of checkObject(o)) this.setFinding(toFinding(o, p));
    this.index.put(o);
  }

  /** Marks every member of a duplicate set, each naming the others. */
  applyDuplicateSet(set: DuplicateSet): void {
    for (const h of set.holders) {
      // Sorted, so a finding does not depend on the order objects were read in (a split scan's parts interleave).
      const peers = set.holders
        .filter((x) => x.objectGuid !== h.objectGuid)
        .map((x) => ({ dn: x.dn, attribute: x.attribute }))
        .sort((a, b) => (a.dn < b.dn ? -1 : a.dn > b.dn ? 1 : a.attribute < b.attribute ? -1 : a.attribute > b.attribute ? 1 : 0));
      if (peers.length === 0) continue;
      const id = findingId(h.objectGuid, h.attribute, h.value);
      const existing = this.findings.get(id);
      const base = existing ? (withoutDuplicate(existing) ?? null) : null;
      const held = `also held by ${peers.map((p) => `${p.dn} (${p.attribute})`).join(', ')}`;
      const f: ScanFinding = base
        ? { ...base, errors: [...base.errors, 'duplicate'], duplicates: peers, detail: `${base.detail}${DUPLICATE_MARK}${held}` }
        : {
            id,
            dn: h.dn,
            objectGuid: h.objectGuid,
            objectClass: h.objectClass,
            attribute: h.attribute,
            value: h.value,
            errors: ['duplicate'],
            action: 'none',
            proposedValue: null,
            detail: `duplicate: ${held}`,
            duplicates: peers,
          };
      if (existing && sameFinding(existing, f)) continue;
      this.setFinding(f);
    }
  }
}

function countByError(findings: Iterable<ScanFinding>): Record<ScanErrorType, number> {
  const out: Record<ScanErrorType, number> = { format: 0, blank: 0, duplicate: 0, character: 0, topleveldomain: 0, domainpart: 0, localpart: 0, length: 0 };
  for (const f of findings) for (const e of f.errors) out[e] += 1;
  return out;
}

function quotaOf(inScope: number): ScanQuota {
  const over = inScope > ENTRA_OBJECT_QUOTA;
  return { limit: ENTRA_OBJECT_QUOTA, inScope, over, advice: over ? ENTRA_OBJECT_QUOTA_ADVICE : null };
}

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
    const reason = 'reason' in given ? given.reason : `the saved scan state is version ${String(given.version)}, this version of DirSync Doctor reads ${SCAN_STATE_VERSION}`;
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

type PageOpts = { signal?: AbortSignal; timeoutMs?: number };

/** A cancel is honoured between phases too (a search that has already ended does not notice it). */
function stopIfCancelled(opts: PageOpts): void {
  if (opts.signal?.aborted) throw new DirectoryError('cancelled', 'the scan was cancelled');
}

async function fullScan(dir: DirectoryPort, run: ScanRun, scope: ContainerScope, opts: PageOpts, pageSize: number, every: number, count: ScanCount): Promise<void> {
  // The total for progress. Counting with a second search (DNs only, beside the read) doubles the
  // server's matching work (measured 1.62x a raw ldapsearch at 15,000 objects); the paged-results
  // response carries the server's own count where it gives one (Samba does, at the first page), so
  // that is used and the counting search runs only for a base whose first page brought none.
  const baseDns = scope.bases;
  const estimates = new Map<string, number>();
  const counted = new Map<string, Promise<number>>();
  const countBase = (base: string): Promise<number> => {
    let p = counted.get(base);
    if (!p) {
      p = (async () => {
        let n = 0;
        for await (const _ of dir.search({ base, filter: SCAN_FILTER, attributes: ['1.1'], pageSize: 1000 }, opts)) n += 1;
        return n;
      })();
      p.catch(() => {});
      counted.set(base, p);
    }
    return p;
  };
  const updateTotal = () => {
    if (baseDns.every((b) => estimates.has(b))) run.total = baseDns.reduce((sum, b) => sum + estimates.get(b)!, 0);
  };
  if (count === 'search') {
    for (const b of baseDns) void countBase(b).then((n) => (estimates.set(b, n), updateTotal()), () => {});
  }
  run.progress('reading');
  for (const base of baseDns) {
    let first = true;
    const onSizeEstimate = count === 'estimate' ? (n: number) => (estimates.set(base, n), updateTotal()) : undefined;
    for await (const entry of dir.search({ base, filter: SCAN_FILTER, attributes: SCAN_ATTRIBUTES, pageSize, onSizeEstimate }, opts)) {
      if (first) {
        first = false;
        // No estimate with the first page: count this base (and, for the total, the ones still to come).
        if (count === 'estimate' && !estimates.has(base)) for (const b of baseDns) if (!estimates.has(b)) void countBase(b).then((n) => (estimates.has(b) || estimates.set(b, n), updateTotal()), () => {});
      }
      run.read += 1;
      // Excluded containers are read (one subtree search per base) and dropped here.
      if (scope.contains(entry.dn)) {
        run.objectCount += 1;
        run.check(normaliseEntry(entry));
      }
      if (run.read % every === 0) run.progress('reading');
    }
    if (first) estimates.set(base, 0);
  }
  run.total = run.read;
  stopIfCancelled(opts);
  run.progress('duplicates');
  for (const set of run.index.duplicateSets()) run.applyDuplicateSet(set);
}

/**
 * The full scan on a pool of connections: the scope cut into parts (shared/ldap/scope-parts.ts),
 * each part read whole by whichever connection is free, every entry handed to the one engine as it
 * arrives (JavaScript runs one handler at a time, so the engine needs no locking). The caller's
 * cancel or the first failing part aborts one controller that every part's search and count
 * listens to; the extra connections are closed and every count settled before this returns.
 */
async function splitScan(
  dir: DirectoryPort,
  run: ScanRun,
  scope: ContainerScope,
  opts: PageOpts,
  pageSize: number,
  every: number,
  count: ScanCount,
  connections: number,
): Promise<void> {
  // Each base's children that can hold people or groups: one small one-level read per base. When
  // that gives fewer subtrees than connections (say, everything sits in one OU), their children are
  // listed too, down to SPLIT_DEPTH levels and SPLIT_LISTINGS reads in all.
  const children = new Map<string, string[]>();
  const list = async (dn: string) => {
    const found: string[] = [];
    try {
      for await (const e of dir.search({ base: dn, scope: 'one', filter: CHILD_CONTAINER_FILTER, attributes: ['1.1'], pageSize: 1000 }, opts)) found.push(e.dn);
    } catch (err) {
      // A container deleted since it was listed: its part will find it gone too. A base must exist.
      if (!(err instanceof DirectoryError && err.code === 'not-found') || scope.bases.includes(dn)) throw err;
    }
    children.set(dn, found);
  };
  for (const base of scope.bases) await list(base);
  let parts = splitScope(scope, (dn) => children.get(dn));
  for (let depth = 1; depth < SPLIT_DEPTH; depth++) {
    const subtrees = parts.filter((p) => p.scope === 'sub');
    const unlisted = subtrees.filter((p) => !children.has(p.base));
    if (subtrees.length >= connections || unlisted.length === 0 || children.size >= SPLIT_LISTINGS) break;
    for (const p of unlisted.slice(0, SPLIT_LISTINGS - children.size)) await list(p.base);
    parts = splitScope(scope, (dn) => children.get(dn));
  }

  const tally = { total: parts.length, counted: 0, done: 0, countedObjects: 0 };
  run.parts = tally;
  const counts: (number | undefined)[] = parts.map(() => undefined);
  const setCount = (i: number, n: number) => {
    if (counts[i] !== undefined) return;
    counts[i] = n;
    tally.counted += 1;
    tally.countedObjects += n;
    if (tally.counted === parts.length) run.total = tally.countedObjects;
  };

  const stop = new AbortController();
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) stop.abort();
  const partOpts = { signal: stop.signal, timeoutMs: opts.timeoutMs };
  const request = (part: ScopePart, attributes: readonly string[]) => ({ base: part.base, scope: part.scope, filter: SCAN_FILTER, attributes, pageSize });

  // A part still without a count after its first page (or every part, count 'search') is counted beside its read.
  const counting: Promise<void>[] = [];
  const countPart = (reader: Pick<DirectoryReader, 'search'>, i: number) => {
    const task = (async () => {
      let n = 0;
      for await (const _ of reader.search({ ...request(parts[i]!, ['1.1']), pageSize: 1000 }, partOpts)) n += 1;
      setCount(i, n);
    })();
    counting.push(task.catch(() => {}));
  };

  const readers: DirectoryReader[] = [];
  let failure: { part: ScopePart; error: unknown } | null = null;
  try {
    run.progress('reading');
    const opened = await Promise.allSettled(Array.from({ length: Math.min(connections, parts.length) - 1 }, () => dir.openReader!(partOpts)));
    for (const o of opened) if (o.status === 'fulfilled') readers.push(o.value);
    const refused = opened.find((o) => o.status === 'rejected');
    if (refused) throw (refused as PromiseRejectedResult).reason;

    let next = 0;
    const work = async (reader: Pick<DirectoryReader, 'search'>) => {
      while (!stop.signal.aborted && next < parts.length) {
        const i = next++;
        const part = parts[i]!;
        let inPart = 0;
        try {
          if (count === 'search') countPart(reader, i);
          const onSizeEstimate = count === 'estimate' ? (n: number) => setCount(i, n) : undefined;
          for await (const entry of reader.search({ ...request(part, SCAN_ATTRIBUTES), onSizeEstimate }, partOpts)) {
            // Samba sent no size for a result that fits in one page (seen in the split test), and then the
            // read itself is the count: only a part still uncounted past its first page is counted aside.
            inPart += 1;
            if (inPart === pageSize + 1 && count === 'estimate' && counts[i] === undefined) countPart(reader, i);
            run.read += 1;
            // Excluded containers below a part's base are read with it and dropped here.
            if (scope.contains(entry.dn)) {
              run.objectCount += 1;
              run.check(normaliseEntry(entry));
            }
            if (run.read % every === 0) run.progress('reading');
          }
          if (count !== 'none') setCount(i, inPart);
          tally.done += 1;
        } catch (error) {
          // A container deleted since the scope was split holds nothing now: one stream would not
          // have seen it either, so that part is empty rather than a failed scan.
          if (inPart === 0 && error instanceof DirectoryError && error.code === 'not-found' && !stop.signal.aborted) {
            if (count !== 'none') setCount(i, 0);
            tally.done += 1;
            continue;
          }
          failure ??= { part, error };
          stop.abort();
          return;
        }
      }
    };
    await Promise.all([dir, ...readers].map(work));
  } finally {
    // Nothing outlives the scan: counts still running are stopped and awaited, the extra connections closed.
    stop.abort();
    opts.signal?.removeEventListener('abort', onAbort);
    await Promise.all(counting);
    await Promise.all(readers.map((r) => r.close().catch(() => {})));
  }
  if (opts.signal?.aborted) throw new DirectoryError('cancelled', 'the scan was cancelled');
  if (failure) {
    const { part, error } = failure as { part: ScopePart; error: unknown };
    const message = error instanceof Error ? error.message : String(error);
    throw new DirectoryError(error instanceof DirectoryError ? error.code : 'ldap-error', `reading ${describePart(part)} failed: ${message}`);
  }
  run.total = run.read;
  run.progress('duplicates');
  for (const set of run.index.duplicateSets()) run.applyDuplicateSet(set);
}

async function rescan(
  dir: DirectoryPort,
  run: ScanRun,
  since: ScanState,
  highestUsn: string,
  scope: ContainerScope,
  namingContext: string,
  opts: PageOpts,
  pageSize: number,
  every: number,
): Promise<void> {
  // A copy, unless the caller is done with the saved state: it must stay whole if this re-scan fails
  // or is cancelled, when the app re-scans from it again.
  run.index = run.options.sinceDisposable ? since.index : since.index.clone();
  run.objectCount = since.objectCount;
  for (const g of since.skipped) run.skipped.add(g);
  const saved = new Map<string, ScanFinding>();
  for (const f of since.findings) {
    saved.set(f.id, f);
    run.findings.set(f.id, f);
    const ids = run.findingsByGuid.get(f.objectGuid);
    if (ids) ids.push(f.id);
    else run.findingsByGuid.set(f.objectGuid, [f.id]);
  }
  // Findings this re-scan set or dropped: only these can differ from the saved scan.
  const dirty = new Set<string>();
  run.onChange = (id) => dirty.add(id);
  run.index.trackChanges();
  // The change numbers since the saved scan, listed (Samba looks each up in its index; a range it
  // answers by reading the whole partition) or one range when too many; none when nothing changed.
  const usnFilters = changedUsnFilters(since.highestUsn, highestUsn, since.objectCount);
  const forget = (guid: string): boolean => {
    const known = run.index.has(guid) || run.skipped.has(guid);
    run.index.remove(guid);
    run.skipped.delete(guid);
    run.dropFindingsOf(guid);
    return known;
  };

  // The deleted objects are searched for beside the changed ones (one connection, two searches in
  // flight) and applied after them, as one after the other would; a failure of either stops both.
  const stop = new AbortController();
  const both = { ...opts, signal: opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal };
  const deletedGuids: string[] = [];
  let deletionsFailure: unknown = null;
  const deletions = (async () => {
    for (const usn of usnFilters) {
      for await (const entry of dir.search(
        { base: `CN=Deleted Objects,${namingContext}`, filter: `(&(isDeleted=TRUE)${usn})`, attributes: ['objectGUID'], pageSize, includeDeleted: true },
        both,
      )) {
        const guid = normaliseEntry(entry).objectGuid;
        if (guid) deletedGuids.push(guid);
      }
    }
  })();
  deletions.catch((e: unknown) => {
    deletionsFailure = e;
    stop.abort();
  });

  run.progress('reading');
  try {
    // Changed objects anywhere in the domain: one that moved out of the scope must leave the index too.
    for (const usn of usnFilters) {
      for await (const entry of dir.search({ base: namingContext, filter: `(&${SCAN_FILTER}${usn})`, attributes: SCAN_ATTRIBUTES, pageSize }, both)) {
        run.read += 1;
        const o = normaliseEntry(entry);
        const known = forget(o.objectGuid || o.dn);
        const inScope = scope.bases.some((b) => isDnWithin(o.dn, b)) && scope.contains(o.dn);
        if (!inScope) {
          if (known) run.objectCount -= 1;
          continue;
        }
        if (!known) run.objectCount += 1;
        run.check(o);
        if (run.read % every === 0) run.progress('reading');
      }
    }
  } catch (e) {
    stop.abort();
    // When the deletions search failed first, its error is the cause (this search was only stopped).
    throw deletionsFailure ?? e;
  }
  run.total = run.read;

  stopIfCancelled(opts);
  run.progress('deletions');
  await deletions;
  for (const guid of deletedGuids) {
    run.deletionsRead += 1;
    if (forget(guid)) run.objectCount -= 1;
  }

  // Only the duplicate sets the changes touched are looked at again.
  stopIfCancelled(opts);
  run.progress('duplicates');
  run.emitting = false;
  for (const key of run.index.takeTouchedKeys()) {
    const holders = run.index.holdersOf(key);
    for (const h of holders) {
      const id = findingId(h.objectGuid, h.attribute, h.value);
      const f = run.findings.get(id);
      if (!f || !f.errors.includes('duplicate')) continue;
      const rest = withoutDuplicate(f);
      run.findings.delete(id);
      dirty.add(id);
      if (rest) run.findings.set(id, rest);
    }
    if (holders.length > 1) run.applyDuplicateSet({ key, holders });
  }
  run.onChange = null;

  // Report exactly what differs from the saved scan: only findings this re-scan touched can.
  for (const id of dirty) {
    const f = run.findings.get(id);
    const before = saved.get(id);
    if (f && (!before || !sameFinding(before, f))) {
      run.reported += 1;
      run.options.onFinding?.(f);
    } else if (!f && before) {
      run.resolved += 1;
      run.options.onResolved?.(before);
    }
  }
}
