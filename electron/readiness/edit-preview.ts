// The preview of the admin's edits to scan findings: every row checked against the latest scan and
// the rules, the values that must be unique looked up together, and each row either a change or
// a refusal with its reason.
import type { OrFilterLimits } from '../../shared/ldap';
import type { RowEdit, RowRefusal } from '../../shared/readiness/ipc';
import type { ScanFinding } from '../../shared/readiness/scan/finding';
import { rowToChange, type ValueChange } from '../../shared/readiness/value-change';
import type { DirectoryPort } from '../ports/directory-port';
import { holdersOfMany, UNIQUE_ATTRIBUTES, uniqueKey } from './unique-values';

/** The rules' verdict on an edited value: null when it passes, else why not (from the scan engine's rules). */
export type EditValidator = (finding: ScanFinding, value: string) => string | null;

export interface EditPreviewContext {
  dir: DirectoryPort;
  /** The finding of the latest finished scan with this id, or null. */
  findFinding: (id: string) => ScanFinding | null;
  validate: EditValidator;
  uniqueLookup?: OrFilterLimits;
  signal?: AbortSignal;
}

export interface EditPreview {
  changes: ValueChange[];
  refused: RowRefusal[];
  /** Rows marked complete (nothing to write). */
  completed: number;
}

export async function previewEditRows(ctx: EditPreviewContext, edits: readonly RowEdit[]): Promise<EditPreview> {
  // First the checks that need no directory, row by row; the values that must be unique are
  // then looked up together (holdersOfMany), and the rows judged in their order.
  type Item = { refusal: RowRefusal } | { change: ValueChange; dn: string; added: string; unique: string | null };
  const items: Item[] = [];
  let completed = 0;
  for (const edit of edits) {
    const f = ctx.findFinding(edit.findingId);
    if (!f) {
      items.push({ refusal: { findingId: edit.findingId, reason: 'this row is not in the latest scan (it was fixed or changed since): scan again' } });
      continue;
    }
    const r = rowToChange({ ...f, action: edit.action, proposedValue: edit.proposedValue }, `${f.attribute} of ${f.dn}`);
    if ('complete' in r) {
      if (edit.action === 'complete') completed++;
      continue;
    }
    if ('problem' in r) {
      items.push({ refusal: { findingId: f.id, reason: `${r.problem.column}: ${r.problem.message}` } });
      continue;
    }
    const added = r.change.add[0];
    const why = added === undefined ? null : ctx.validate(f, added);
    if (why) {
      items.push({ refusal: { findingId: f.id, reason: `"${added}" would itself be an error: ${why}` } });
      continue;
    }
    const unique = added !== undefined && UNIQUE_ATTRIBUTES.has(f.attribute.toLowerCase()) ? uniqueKey(added) : null;
    items.push({
      change: { ...r.change, objectGuid: f.objectGuid || null, findingId: f.id } as ValueChange & { findingId: string },
      dn: f.dn,
      added: added ?? '',
      unique: unique || null,
    });
  }
  const holders = await holdersOfMany(
    ctx.dir,
    items.flatMap((i) => ('change' in i && i.unique ? [i.unique] : [])),
    ctx.uniqueLookup,
    ctx.signal,
  );
  const changes: ValueChange[] = [];
  const refused: RowRefusal[] = [];
  const claimed = new Map<string, string>();
  for (const item of items) {
    if ('refusal' in item) {
      refused.push(item.refusal);
      continue;
    }
    const { findingId, ...change } = item.change as ValueChange & { findingId: string };
    if (item.unique) {
      const other = claimed.get(item.unique);
      if (other && other !== item.dn.toLowerCase()) {
        refused.push({ findingId, reason: `"${item.added}" is also proposed for another object in this batch` });
        continue;
      }
      const taken = (holders.get(item.unique) ?? []).filter((d) => d.toLowerCase() !== item.dn.toLowerCase()).slice(0, 3);
      if (taken.length) {
        refused.push({ findingId, reason: `"${item.added}" is already used by ${taken.join('; ')}` });
        continue;
      }
      claimed.set(item.unique, item.dn.toLowerCase());
    }
    changes.push(change);
  }
  return { changes, refused, completed };
}
