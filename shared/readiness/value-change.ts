// One write of the workbench: values removed from and added to one attribute of one object, in a
// single LDAP modify so the attribute is never half-written. The same shape describes an apply
// and its undo (the inverse swaps remove and add), and the same precondition decides, for both,
// whether the object is still as the change expects it or was changed by someone else since.
import type { CsvChangeRow } from './scan/csv';

/** Attributes the workbench writes value by value; every other attribute holds one value. */
export const MULTI_VALUED_ATTRIBUTES: ReadonlySet<string> = new Set(['proxyaddresses', 'upnsuffixes', 'othermailbox', 'objectclass']);

export const isMultiValued = (attribute: string) => MULTI_VALUED_ATTRIBUTES.has(attribute.toLowerCase());

export interface ValueChange {
  dn: string;
  /** objectGUID from the scan; a re-read refuses an object that has another GUID at that DN. Null when unknown. */
  objectGuid: string | null;
  attribute: string;
  /** Values to delete (each must be present). */
  remove: string[];
  /** Values to add. */
  add: string[];
  /** Where the change came from: "line 12", "finding <id>", "UPN suffix move". */
  source: string;
}

export function inverseChange(c: ValueChange): ValueChange {
  return { ...c, remove: [...c.add], add: [...c.remove] };
}

/** "old → new" for previews, audit lines and the CLI. */
export function describeChange(c: ValueChange): string {
  const show = (vs: string[]) => (vs.length ? vs.map((v) => JSON.stringify(v)).join(', ') : '(empty)');
  if (c.remove.length && c.add.length) return `${c.attribute}: ${show(c.remove)} → ${show(c.add)}`;
  if (c.add.length) return `${c.attribute}: add ${show(c.add)}`;
  return `${c.attribute}: remove ${show(c.remove)}`;
}

const valueKey = (v: string) => v;

/**
 * Is the object still as the change expects? `current` are the attribute's values read just now.
 * Returns null when the write may go ahead, 'done' when the object already holds the result (the
 * change was applied or undone before), or the reason it was changed by someone else.
 */
export function checkPrecondition(c: ValueChange, current: readonly string[]): null | 'done' | string {
  const have = new Set(current.map(valueKey));
  const missing = c.remove.filter((v) => !have.has(valueKey(v)));
  const alreadyAdded = c.add.filter((v) => have.has(valueKey(v)));
  const show = current.length ? current.map((v) => JSON.stringify(v)).join(', ') : '(empty)';
  if (!isMultiValued(c.attribute)) {
    const expected = c.remove[0] ?? null;
    const now = current[0] ?? null;
    if (now === expected && current.length <= 1) return null;
    if (now === (c.add[0] ?? null) && current.length <= 1) return 'done';
    return `${c.attribute} changed since: expected ${expected === null ? '(empty)' : JSON.stringify(expected)}, found ${show}`;
  }
  if (missing.length === 0 && alreadyAdded.length === 0) return null;
  if (missing.length === c.remove.length && alreadyAdded.length === c.add.length) return 'done';
  if (missing.length) return `${c.attribute} no longer holds ${missing.map((v) => JSON.stringify(v)).join(', ')} (now ${show})`;
  return `${c.attribute} already holds ${alreadyAdded.map((v) => JSON.stringify(v)).join(', ')}`;
}

export type RowToChange = { change: ValueChange } | { complete: true } | { problem: { column: 'action' | 'value' | 'proposedValue'; message: string } };

/** A CSV / grid row's action as a write: edit replaces the value, remove deletes it, complete and none write nothing. */
export function rowToChange(
  row: Pick<CsvChangeRow, 'dn' | 'attribute' | 'value' | 'action' | 'proposedValue'> & { objectGuid?: string | null },
  source: string,
): RowToChange {
  const base = { dn: row.dn, objectGuid: row.objectGuid ?? null, attribute: row.attribute, source };
  switch (row.action) {
    case 'none':
    case 'complete':
      return { complete: true };
    case 'edit': {
      if (row.proposedValue === null || row.proposedValue === '') return { problem: { column: 'proposedValue', message: 'is empty, but the action is edit' } };
      if (row.proposedValue === row.value) return { problem: { column: 'proposedValue', message: 'equals the current value: nothing would change' } };
      return { change: { ...base, remove: row.value === '' ? [] : [row.value], add: [row.proposedValue] } };
    }
    case 'remove':
      if (row.value === '') return { problem: { column: 'value', message: 'is empty: there is nothing to remove' } };
      return { change: { ...base, remove: [row.value], add: [] } };
  }
}
