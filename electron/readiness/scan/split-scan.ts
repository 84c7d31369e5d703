// A full scan on a pool of connections: the scope cut into parts, each read whole by whichever
// connection is free, every entry fed to the one scan run.
import { CHILD_CONTAINER_FILTER, describePart, splitScope, type ContainerScope, type ScopePart } from '../../../shared/ldap';
import { normaliseEntry, SCAN_ATTRIBUTES, SCAN_FILTER } from '../../../shared/readiness/scan/scan-object';
import type { DirectoryPort, DirectoryReader } from '../../ports/directory-port';
import { DirectoryError } from '../../ports/errors';
import type { ScanCount } from './scan-options';
import type { PageOpts, ScanRun } from './scan-run';

/** How deep the split scan lists containers to find enough parts, and how many listings at most. */
const SPLIT_DEPTH = 3;
const SPLIT_LISTINGS = 32;

/**
 * The full scan on a pool of connections: the scope cut into parts (shared/ldap/scope-parts.ts),
 * each part read whole by whichever connection is free, every entry handed to the one engine as it
 * arrives (JavaScript runs one handler at a time, so the engine needs no locking). The caller's
 * cancel or the first failing part aborts one controller that every part's search and count
 * listens to; the extra connections are closed and every count settled before this returns.
 */
export async function splitScan(
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
