// Which change numbers a re-scan asks the DC for. Every change on a DC takes the next update sequence
// number (USN) and leaves it in the object's uSNChanged, so the objects changed since a scan are
// those whose uSNChanged lies between the scan's mark and the DC's highest committed USN now.
// `(uSNChanged>=mark)` says that in one term, but Samba does not answer a range from its index: it
// reads the whole partition (measured at 5,000 objects: ~110 ms for a range matching nothing, 1-2 ms
// for `(uSNChanged=n)`, which it looks up in its index), so the re-scan's cost would follow the
// directory. Listing the numbers as equality terms, ORed in chunks, is looked up term by term, so it
// follows the changes. When the numbers are many (a busy DC, a long gap), one range is cheaper than
// many chunked searches and is used instead.
import { orFilterChunks, OR_FILTER_LIMITS } from '../../ldap/or-filter';

/**
 * List the USNs one by one only up to this many, or a twentieth of the objects scanned if that is
 * more, but never more than USN_LIST_MAX (50 chunked searches): past that one range is cheaper.
 */
export const USN_LIST_MIN = 1_000;
export const USN_LIST_SHARE = 20;
export const USN_LIST_MAX = 10_000;

/**
 * The filters selecting objects changed after `savedUsn` up to `highestUsn`: `[]` when nothing
 * changed (no search needed), chunks of `(|(uSNChanged=n)…)` when the gap is small enough to list,
 * else the one range `(uSNChanged>=savedUsn+1)`.
 */
export function changedUsnFilters(savedUsn: string, highestUsn: string, objectsScanned: number): string[] {
  const from = BigInt(savedUsn) + 1n;
  const to = BigInt(highestUsn);
  if (to < from) return [];
  const gap = to - from + 1n;
  if (gap > BigInt(usnListLimit(objectsScanned))) return [`(uSNChanged>=${from})`];
  const numbers: string[] = [];
  for (let u = from; u <= to; u++) numbers.push(String(u));
  return orFilterChunks(numbers, (n) => `(uSNChanged=${n})`, OR_FILTER_LIMITS).map((c) => c.filter);
}

/** How many USNs are listed at most for a scan of this many objects. */
export const usnListLimit = (objectsScanned: number): number => Math.min(USN_LIST_MAX, Math.max(USN_LIST_MIN, Math.floor(objectsScanned / USN_LIST_SHARE)));
