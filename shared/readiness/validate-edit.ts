// Judges a value the admin typed with the scan engine's own rules (shared/readiness/scan/rules.ts), never
// a copy of them: the object is checked as it would be with the edited value in place, and any
// problem the rules find with that value is the reason it is refused. Duplicates need the whole
// directory and are checked by the main process when the batch is previewed.
import type { ScanFinding } from './scan/finding';
import { checkObject } from './scan/rules';
import { SCAN_ATTRIBUTES, type ScanAttributeName, type ScanObject } from './scan/scan-object';

const KNOWN = new Map(SCAN_ATTRIBUTES.map((a) => [a.toLowerCase(), a]));

/** null when the rules accept `value` for the finding's attribute; otherwise the reason, in words. */
export function validateEdit(finding: Pick<ScanFinding, 'dn' | 'objectGuid' | 'objectClass' | 'attribute'>, value: string): string | null {
  if (value.trim() === '') return 'the value is empty (use the remove action to clear it)';
  const attribute = KNOWN.get(finding.attribute.toLowerCase());
  if (!attribute) return null;
  const values = {} as Record<ScanAttributeName, readonly string[]>;
  for (const a of SCAN_ATTRIBUTES) values[a] = a === attribute ? [value] : [];
  const o: ScanObject = { dn: finding.dn, objectGuid: finding.objectGuid, objectClass: finding.objectClass, usnChanged: '', values };
  const problem = checkObject(o).find((p) => p.attribute === attribute && p.value === value);
  return problem ? `${problem.errors.join(', ')}: ${problem.detail}` : null;
}
