// Binding a changes CSV to what the app saw: each write a row asks for must match a finding of the
// saved scan it names — the same object (by DN in the CSV, then written only to the objectGUID the
// scan recorded for it), the same attribute, and the row's current value equal to the value the scan
// found. A row that matches no finding is named by its line with the reason, and the caller refuses
// the whole batch: a CSV received from someone else cannot reach objects or attributes the scan did
// not judge, nor values it did not see.
import { normalizeDn } from '../../ldap/dn';
import type { ValueChange } from '../value-change';
import type { ScanFinding } from './finding';

export interface RowChange {
  /** The CSV line the change came from. */
  line: number;
  change: ValueChange;
}

export interface UnboundRow {
  line: number;
  dn: string;
  attribute: string;
  reason: string;
}

const dnKey = (dn: string): string | null => {
  try {
    return normalizeDn(dn);
  } catch {
    return null;
  }
};

/**
 * The one way a changes-file line and a finding are the same (the CLI's binding and the
 * workbench's import alike): the DN as LDAP compares it (case and spacing do not matter), the
 * attribute's name without case, and the value exactly ("SMTP:" and "smtp:" are different
 * proxyAddresses). null for a DN that cannot be read.
 */
export function findingMatchKey(dn: string, attribute: string, value: string): string | null {
  const key = dnKey(dn);
  return key === null ? null : `${key}\u0000${attribute.toLowerCase()}\u0000${value}`;
}

const show = (v: string) => (v === '' ? '(empty)' : JSON.stringify(v));

/**
 * Each row's change with the objectGUID of the finding it matches, or, when any row matches no
 * finding, every such row with why (and no changes: the batch is refused whole).
 */
export function bindChangesToScan(rows: readonly RowChange[], findings: readonly ScanFinding[]): { changes: ValueChange[]; unbound: UnboundRow[] } {
  const byObject = new Map<string, ScanFinding[]>();
  for (const f of findings) {
    const key = dnKey(f.dn);
    if (key === null) continue;
    const list = byObject.get(key);
    if (list) list.push(f);
    else byObject.set(key, [f]);
  }
  const changes: ValueChange[] = [];
  const unbound: UnboundRow[] = [];
  for (const { line, change } of rows) {
    const refuse = (reason: string) => unbound.push({ line, dn: change.dn, attribute: change.attribute, reason });
    const key = dnKey(change.dn);
    const ofObject = key === null ? [] : (byObject.get(key) ?? []);
    if (!ofObject.length) {
      refuse('the saved scan has no finding on this object');
      continue;
    }
    const ofAttribute = ofObject.filter((f) => f.attribute.toLowerCase() === change.attribute.toLowerCase());
    if (!ofAttribute.length) {
      refuse(
        `the saved scan has no finding for ${change.attribute} of this object (its findings are on ${[...new Set(ofObject.map((f) => f.attribute))].join(', ')})`,
      );
      continue;
    }
    // The value the row says the object holds now: the one it removes, or '' for a blank value it fills.
    const value = change.remove[0] ?? '';
    const want = findingMatchKey(change.dn, change.attribute, value);
    const match = ofAttribute.find((f) => findingMatchKey(f.dn, f.attribute, f.value) === want);
    if (!match) {
      refuse(`the saved scan found ${change.attribute} ${ofAttribute.map((f) => show(f.value)).join(', ')}, not ${show(value)}`);
      continue;
    }
    if (!match.objectGuid) {
      refuse('the saved scan recorded no objectGUID for this object');
      continue;
    }
    changes.push({ ...change, objectGuid: match.objectGuid });
  }
  return unbound.length ? { changes: [], unbound } : { changes, unbound };
}

export const describeUnboundRow = (u: UnboundRow) => `line ${u.line}: ${u.dn} ${u.attribute}: ${u.reason}`;
