// One scan's working state: the findings made so far (by id and by object), the skipped objects,
// the duplicate index and the counts progress reports; and the small helpers the readers share.
import { DuplicateIndex, type DuplicateSet } from '../../../shared/readiness/scan/duplicate-index';
import type { ScanErrorType, ScanFinding } from '../../../shared/readiness/scan/finding';
import { ENTRA_OBJECT_QUOTA, ENTRA_OBJECT_QUOTA_ADVICE } from '../../../shared/readiness/scan/limits';
import { checkObject, findingId, toFinding } from '../../../shared/readiness/scan/rules';
import { skipReason, type ScanObject } from '../../../shared/readiness/scan/scan-object';
import { DirectoryError } from '../../ports/errors';
import type { ScanOptions, ScanProgress, ScanQuota } from './scan-options';

const DUPLICATE_MARK = ' | duplicate: ';

/** A finding with its duplicate part taken off (what the rules alone say), or null when only the duplicate was wrong. */
export function withoutDuplicate(f: ScanFinding): ScanFinding | null {
  const errors = f.errors.filter((e) => e !== 'duplicate');
  if (errors.length === 0) return null;
  const cut = f.detail.indexOf(DUPLICATE_MARK);
  return { ...f, errors, duplicates: [], detail: cut >= 0 ? f.detail.slice(0, cut) : f.detail };
}

export function sameFinding(a: ScanFinding, b: ScanFinding): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class ScanRun {
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

export function countByError(findings: Iterable<ScanFinding>): Record<ScanErrorType, number> {
  const out: Record<ScanErrorType, number> = { format: 0, blank: 0, duplicate: 0, character: 0, topleveldomain: 0, domainpart: 0, localpart: 0, length: 0 };
  for (const f of findings) for (const e of f.errors) out[e] += 1;
  return out;
}

export function quotaOf(inScope: number): ScanQuota {
  const over = inScope > ENTRA_OBJECT_QUOTA;
  return { limit: ENTRA_OBJECT_QUOTA, inScope, over, advice: over ? ENTRA_OBJECT_QUOTA_ADVICE : null };
}

export type PageOpts = { signal?: AbortSignal; timeoutMs?: number };

/** A cancel is honoured between phases too (a search that has already ended does not notice it). */
export function stopIfCancelled(opts: PageOpts): void {
  if (opts.signal?.aborted) throw new DirectoryError('cancelled', 'the scan was cancelled');
}
