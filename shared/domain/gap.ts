// The deletion gap: objects deleted on-premises while no sync tool runs are never deleted in the
// cloud (KB kit file 003, "Upgrade the Directory Sync tool"). Before the old tool stops, the app
// records the in-scope objects to a snapshot file; later it lists the ones deleted since, matched
// by objectGUID, so the admin can remove them in the cloud. These are the file and list shapes.
import { z } from 'zod';
import { csvLine } from './csv';

export const GAP_SNAPSHOT_FORMAT = 'dirsync-doctor/gap-snapshot';

const Guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lower-case GUID');

export const GapObjectClass = z.enum(['user', 'group', 'contact']);
export type GapObjectClass = z.infer<typeof GapObjectClass>;

/** First line of a snapshot file (JSON Lines): what was recorded, where and when. */
export const GapSnapshotHeader = z
  .object({
    format: z.literal(GAP_SNAPSHOT_FORMAT),
    version: z.literal(1),
    takenAt: z.iso.datetime(),
    domain: z.string().min(1),
    baseDn: z.string().min(1),
  })
  .strict();
export type GapSnapshotHeader = z.infer<typeof GapSnapshotHeader>;

/** One in-scope object as it was when the snapshot was taken. */
export const GapObject = z
  .object({
    objectGuid: Guid,
    dn: z.string().min(1),
    objectClass: GapObjectClass,
    upn: z.string().nullable(),
    mail: z.string().nullable(),
  })
  .strict();
export type GapObject = z.infer<typeof GapObject>;

/** Last line: the count written, so a cut-off file is told from a complete one. */
export const GapSnapshotTrailer = z.object({ end: z.literal(true), count: z.number().int().nonnegative() }).strict();
export type GapSnapshotTrailer = z.infer<typeof GapSnapshotTrailer>;

/** An object of the snapshot that is now among the deleted objects. */
export const GapDeletion = GapObject.extend({
  /** whenChanged of the tombstone: when it was deleted (or last changed as a deleted object). */
  deletedAt: z.iso.datetime().nullable(),
  lastKnownParent: z.string().nullable(),
}).strict();
export type GapDeletion = z.infer<typeof GapDeletion>;

export const GapReport = z.object({
  snapshot: GapSnapshotHeader.extend({ file: z.string(), count: z.number().int().nonnegative() }),
  checkedAt: z.iso.datetime(),
  deleted: z.array(GapDeletion),
});
export type GapReport = z.infer<typeof GapReport>;

/** The CSV columns of the deleted-since list, in this order. */
export const GAP_CSV_COLUMNS = ['objectGuid', 'objectClass', 'dn', 'upn', 'mail', 'deletedAt', 'lastKnownParent'] as const;

export function gapCsv(rows: readonly GapDeletion[]): string {
  let out = csvLine(GAP_CSV_COLUMNS);
  for (const r of rows) out += csvLine(GAP_CSV_COLUMNS.map((c) => r[c]));
  return out;
}
