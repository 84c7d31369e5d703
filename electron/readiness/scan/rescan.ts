// An incremental re-scan: only the objects changed or deleted since a saved scan are read, the
// saved duplicate index is updated in place of a rebuild, and only the findings the changes
// touched are compared with the saved ones.
import { isDnWithin, type ContainerScope } from '../../../shared/ldap';
import type { ScanFinding } from '../../../shared/readiness/scan/finding';
import { findingId } from '../../../shared/readiness/scan/rules';
import { changedUsnFilters } from '../../../shared/readiness/scan/usn-filter';
import { normaliseEntry, SCAN_ATTRIBUTES, SCAN_FILTER } from '../../../shared/readiness/scan/scan-object';
import type { DirectoryPort } from '../../ports/directory-port';
import type { ScanState } from './scan-state';
import { sameFinding, stopIfCancelled, withoutDuplicate, type PageOpts, type ScanRun } from './scan-run';

export async function rescan(
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
