// What an apply or undo batch shows before it runs (the preview) and reports after (one outcome
// per row). Shared by the CLI, the IPC channels and the workbench's dialogs.
import { z } from 'zod';
import type { ValueChange } from './value-change';

export const ValueChangeSchema = z
  .object({
    dn: z.string().min(1).max(4096),
    objectGuid: z.string().max(64).nullable(),
    attribute: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be an attribute name')
      .max(128),
    remove: z.array(z.string().max(4096)).max(64),
    add: z.array(z.string().max(4096)).max(64),
    source: z.string().max(512),
  })
  .strict()
  .refine((c) => c.remove.length + c.add.length > 0, 'a change must remove or add a value');

export const RowStatus = z.enum(['applied', 'skipped', 'failed', 'cancelled', 'unchanged']);
export type RowStatus = z.infer<typeof RowStatus>;

export const RowOutcome = z.object({
  change: ValueChangeSchema,
  status: RowStatus,
  /** Why it was skipped, failed or left unchanged, in words; null when applied. */
  reason: z.string().nullable(),
});
export type RowOutcome = z.infer<typeof RowOutcome>;

export const BatchResult = z.object({
  batchId: z.string(),
  kind: z.enum(['apply', 'undo']),
  rows: z.array(RowOutcome),
  counts: z.object({ applied: z.number(), skipped: z.number(), failed: z.number(), cancelled: z.number(), unchanged: z.number() }),
  /** The undo file of an apply (null for an undo). */
  undoFile: z.string().nullable(),
});
export type BatchResult = z.infer<typeof BatchResult>;

export const BatchPreview = z.object({
  changes: z.array(ValueChangeSchema),
  /** Rows that write nothing (action complete / none), counted for the summary. */
  completed: z.number(),
  objects: z.number(),
  byAttribute: z.record(z.string(), z.number()),
});
export type BatchPreview = z.infer<typeof BatchPreview>;

export function previewOf(changes: readonly ValueChange[], completed = 0): BatchPreview {
  const byAttribute: Record<string, number> = {};
  for (const c of changes) byAttribute[c.attribute] = (byAttribute[c.attribute] ?? 0) + 1;
  return { changes: [...changes], completed, objects: new Set(changes.map((c) => c.dn.toLowerCase())).size, byAttribute };
}

export function countOutcomes(rows: readonly RowOutcome[]): BatchResult['counts'] {
  const counts = { applied: 0, skipped: 0, failed: 0, cancelled: 0, unchanged: 0 };
  for (const r of rows) counts[r.status]++;
  return counts;
}

/** Every row applied (or, for an undo, already as before): exit 0 / a green summary. */
export const batchSucceeded = (r: BatchResult) => r.counts.skipped + r.counts.failed + r.counts.cancelled === 0;
