// The readiness workbench's IPC channels (spread into shared/ipc/contract.ts). The contract is
// request/response, so a scan streams by polling: scan:start gives a scan id, scan:poll returns
// what changed since the caller's cursor (at most `limit` findings a call, never all 200,000 at
// once), scan:cancel stops it. Batches (apply, undo) run the same way: readiness:apply starts one
// from a stored preview, readiness:batch-poll reports progress and the result.
import { z } from 'zod';
import { containerScope } from '../ldap/container-scope';
import { ScanAction, ScanFinding } from './scan/finding';
import { BatchPreview, BatchResult } from './batch';

const ScanId = z.string().regex(/^[a-z0-9-]{8,64}$/, 'must be an id from scan:start');
const PreviewId = z.string().regex(/^[a-z0-9-]{8,64}$/, 'must be an id from a preview');
const BatchId = z.string().regex(/^[a-z0-9-]{8,64}$/, 'must be a batch id');
const DraftId = z.string().regex(/^[a-z0-9-]{8,64}$/, 'must be an id from readiness:preview-part');
const SelectionId = z.string().regex(/^[a-z0-9-]{8,64}$/, 'must be an id from readiness:upn-selection-part');
const UserDn = z.string().min(3).max(2048);

/** Rows one preview may hold. */
export const MAX_PREVIEW_ROWS = 200_000;
/**
 * Bytes of edited rows (as JSON) per preview request: under the test bridge's 64 KiB body cap with
 * room for the rest of the body. Electron's IPC has no such cap; the renderer splits the same way.
 */
export const PREVIEW_PART_BYTES = 48 * 1024;

export const ScanProgressInfo = z.object({
  phase: z.enum(['starting', 'reading', 'deletions', 'duplicates', 'done']),
  read: z.number(),
  total: z.number().nullable(),
  findings: z.number(),
  /** A split scan's parts (the total waits for every part's count; countedObjects sums those counted). */
  parts: z.object({ total: z.number(), counted: z.number(), done: z.number(), countedObjects: z.number() }).optional(),
});
export type ScanProgressInfo = z.infer<typeof ScanProgressInfo>;

export const ScanQuotaInfo = z.object({ limit: z.number(), inScope: z.number(), over: z.boolean(), advice: z.string().nullable() });
export type ScanQuotaInfo = z.infer<typeof ScanQuotaInfo>;

export const ScanSummaryInfo = z.object({
  mode: z.enum(['full', 'incremental']),
  fullScanReason: z.string().nullable(),
  objectsInScope: z.number(),
  findings: z.number(),
  byError: z.record(z.string(), z.number()),
  quota: ScanQuotaInfo,
  durationMs: z.number(),
});
export type ScanSummaryInfo = z.infer<typeof ScanSummaryInfo>;

const ScopeDn = z.string().trim().min(3).max(2048);

/**
 * What a scan covers: the whole domain, OUs the admin picked (included, and excluded inside
 * them, the nearest listed OU deciding as Entra Connect does), or the sync server's own OU
 * filtering, which the main process reads itself when the scan starts.
 */
export const ScanScopeRequest = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('domain') }).strict(),
    z
      .object({
        kind: z.literal('ous'),
        baseDns: z.array(ScopeDn).min(1, 'choose at least one OU to include').max(50),
        excludeDns: z.array(ScopeDn).max(200).default([]),
      })
      .strict(),
    z.object({ kind: z.literal('server') }).strict(),
  ])
  .superRefine((s, ctx) => {
    if (s.kind !== 'ous' || s.baseDns.length === 0) return;
    try {
      containerScope(s.baseDns, s.excludeDns);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['excludeDns'], message: (err as Error).message });
    }
  });
export type ScanScopeRequest = z.input<typeof ScanScopeRequest>;

/** The scope a scan ran with, as resolved in the main process (shown with the scan, kept with its state). */
export const ScanScopeInfo = z.object({
  kind: z.enum(['domain', 'ous', 'server']),
  baseDns: z.array(z.string()),
  excludeDns: z.array(z.string()),
  /** For the server's filtering: which connector and partition it came from, and its OUs. */
  description: z.string().nullable(),
});
export type ScanScopeInfo = z.infer<typeof ScanScopeInfo>;

/** The directory's OUs (and the containers right under the domain), to choose a scope from. */
export const OuListing = z.object({
  domainDn: z.string(),
  ous: z.array(z.object({ dn: z.string(), name: z.string() })),
  /** More OUs than the listing holds: the rest are not shown. */
  truncated: z.boolean(),
});
export type OuListing = z.infer<typeof OuListing>;

/** The sync server's OU filtering as a scope, or why it cannot be one and what to do instead. */
export const ServerScopeInfo = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    baseDns: z.array(z.string()),
    excludeDns: z.array(z.string()),
    connector: z.string(),
    partition: z.string(),
    description: z.string(),
  }),
  z.object({ ok: z.literal(false), reason: z.string(), advice: z.string() }),
]);
export type ServerScopeInfo = z.infer<typeof ServerScopeInfo>;

export const ScanPollResult = z.object({
  /** Drop every row held before applying this answer (a full re-scan replaced the findings). */
  reset: z.boolean(),
  /** New or changed findings since the cursor (a finding with a known id replaces it). */
  findings: z.array(ScanFinding),
  /** Ids of findings that no longer hold (fixed, deleted, out of scope). */
  removed: z.array(z.string()),
  cursor: z.number().int().min(0),
  /** More is waiting beyond `limit`: poll again at once. */
  more: z.boolean(),
  progress: ScanProgressInfo,
  done: z.boolean(),
  cancelled: z.boolean(),
  summary: ScanSummaryInfo.nullable(),
  error: z.string().nullable(),
  /** The scope this scan runs with. */
  scope: ScanScopeInfo.nullable().optional(),
});
export type ScanPollResult = z.infer<typeof ScanPollResult>;

/** A row's action as the admin set it in the grid (or a CSV import matched to a finding). */
export const RowEdit = z.object({ findingId: z.string().min(1).max(2048), action: ScanAction, proposedValue: z.string().max(4096).nullable() }).strict();
export type RowEdit = z.infer<typeof RowEdit>;

export const RowRefusal = z.object({ findingId: z.string(), reason: z.string() });
export type RowRefusal = z.infer<typeof RowRefusal>;

export const PreviewResult = z.object({
  previewId: PreviewId,
  kind: z.enum(['apply', 'undo']),
  preview: BatchPreview,
  /** Rows that will not be written, with the reason (a value the rules reject, a value another object holds). */
  refused: z.array(RowRefusal),
  /** For a UPN move: users held back because their new UPN would collide. */
  heldBack: z.array(z.object({ dn: z.string(), value: z.string(), reason: z.string() })),
});
export type PreviewResult = z.infer<typeof PreviewResult>;

export const BatchPoll = z.object({
  batchId: BatchId,
  kind: z.enum(['apply', 'undo']),
  done: z.number(),
  total: z.number(),
  finished: z.boolean(),
  result: BatchResult.nullable(),
  error: z.string().nullable(),
});
export type BatchPoll = z.infer<typeof BatchPoll>;

export const BatchListing = z.object({
  batchId: z.string(),
  createdAt: z.string(),
  origin: z.string(),
  changes: z.number(),
  file: z.string(),
  /** When the batch was undone (then it offers no undo), or null. */
  undoneAt: z.string().nullable(),
});
export type BatchListing = z.infer<typeof BatchListing>;

export const UpnSuffixUsage = z.object({
  suffix: z.string(),
  users: z.number(),
  routable: z.boolean(),
  /** A few users, to show who is meant. */
  sample: z.array(z.object({ dn: z.string(), userPrincipalName: z.string() })),
});

export const UpnSuffixReport = z.object({
  /** The forest's extra UPN suffixes (uPNSuffixes on CN=Partitions). */
  forestSuffixes: z.array(z.string()),
  domain: z.string(),
  suffixes: z.array(UpnSuffixUsage),
});
export type UpnSuffixReport = z.infer<typeof UpnSuffixReport>;

/** Users a UPN move's choice (and the picker listing them) may hold. */
export const MAX_UPN_CHOICE = 200_000;

/** The users of one UPN suffix, to choose who moves: sorted by UPN, at most MAX_UPN_CHOICE. */
export const UpnSuffixUsers = z.object({
  suffix: z.string(),
  users: z.array(z.object({ dn: z.string(), userPrincipalName: z.string() })),
  /** The suffix has more users than the list holds; they cannot be chosen one by one. */
  truncated: z.boolean(),
});
export type UpnSuffixUsers = z.infer<typeof UpnSuffixUsers>;

const Suffix = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$/, 'must be a DNS domain such as contoso.com');

/** The suffix users are moved from, as the suffix report spells it (lower case). */
const UpnFrom = z.string().trim().toLowerCase().min(1).max(253);

const empty = z.object({}).strict();
const ch = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res, timeoutMs = 30_000) => ({ request, response, timeoutMs });

export const READINESS_CHANNELS = {
  /** Start a scan of the connected directory (incremental when a previous scan of this session exists). */
  'scan:start': ch(
    z
      .object({
        incremental: z.boolean().default(true),
        baseDns: z.array(z.string().min(3).max(2048)).max(50).optional(),
        excludeDns: z.array(z.string().min(3).max(2048)).max(200).optional(),
        /** The scope to scan (instead of baseDns/excludeDns); without either, the whole domain. */
        scope: ScanScopeRequest.optional(),
      })
      .strict()
      .refine((r) => !(r.scope && (r.baseDns || r.excludeDns)), 'give scope or baseDns/excludeDns, not both'),
    z.object({ scanId: ScanId }).strict(),
    60_000,
  ),
  /** The directory's OUs to choose a scan scope from. */
  'scan:ous': ch(empty, OuListing, 60_000),
  /** The sync server's own OU filtering as a scan scope (or why not, and what to do instead). */
  'scan:server-scope': ch(empty, ServerScopeInfo, 60_000),
  'scan:poll': ch(
    z.object({ scanId: ScanId, cursor: z.number().int().min(0), limit: z.number().int().min(1).max(20_000).default(5_000) }).strict(),
    ScanPollResult,
  ),
  'scan:cancel': ch(z.object({ scanId: ScanId }).strict(), z.object({ cancelled: z.boolean() }).strict()),
  /**
   * Hand over a part of a long list of edited rows (each request stays under PREVIEW_PART_BYTES):
   * the first part opens a draft, the next ones name it; readiness:preview with the draft's id
   * then previews all its rows in the order sent.
   */
  'readiness:preview-part': ch(
    z.object({ draftId: DraftId.optional(), edits: z.array(RowEdit).min(1).max(MAX_PREVIEW_ROWS) }).strict(),
    z.object({ draftId: DraftId, rows: z.number().int() }).strict(),
  ),
  /** Plan a batch from the grid's edited rows (ids of the latest scan), after a draft's rows when one is named; nothing is written. */
  'readiness:preview': ch(
    z
      .object({ edits: z.array(RowEdit).max(MAX_PREVIEW_ROWS), draftId: DraftId.optional() })
      .strict()
      .refine((r) => r.edits.length > 0 || r.draftId !== undefined, 'edits must not be empty (or name a draft)'),
    PreviewResult,
    120_000,
  ),
  /**
   * Hand over a part of a long user selection for a UPN move (each request under the bridge's cap):
   * the first part opens it for the users of `from`, either only these users or all but these; the
   * next parts name it. readiness:upn-move-preview then names the selection instead of its DNs.
   */
  'readiness:upn-selection-part': ch(
    z.object({ selectionId: SelectionId.optional(), from: UpnFrom, mode: z.enum(['only', 'except']), userDns: z.array(UserDn).min(1).max(100_000) }).strict(),
    z.object({ selectionId: SelectionId, users: z.number().int() }).strict(),
  ),
  /**
   * Plan a UPN suffix move: add `to` to the forest's suffixes and move the users of `from`: all of
   * them, only `userDns`, all but `exceptDns`, or as a selection from readiness:upn-selection-part
   * says (at most one of the three).
   */
  'readiness:upn-move-preview': ch(
    z
      .object({
        from: UpnFrom,
        to: Suffix,
        userDns: z.array(UserDn).max(100_000).optional(),
        exceptDns: z.array(UserDn).max(100_000).optional(),
        selectionId: SelectionId.optional(),
      })
      .strict()
      .refine(
        (r) => [r.userDns, r.exceptDns, r.selectionId].filter((x) => x !== undefined).length <= 1,
        'name the users one way: userDns, exceptDns or selectionId',
      ),
    PreviewResult,
    120_000,
  ),
  'readiness:undo-preview': ch(z.object({ batchId: BatchId }).strict(), PreviewResult),
  /** Run a stored preview (apply or undo): the undo file is written first; poll with readiness:batch-poll. */
  'readiness:apply': ch(z.object({ previewId: PreviewId }).strict(), z.object({ batchId: BatchId }).strict()),
  'readiness:batch-poll': ch(z.object({ batchId: BatchId }).strict(), BatchPoll),
  /** Stop a running batch between two writes. */
  'readiness:batch-cancel': ch(z.object({ batchId: BatchId }).strict(), z.object({ cancelled: z.boolean() }).strict()),
  /** Applied batches that can be undone (their undo files), newest first. */
  'readiness:batches': ch(empty, z.array(BatchListing)),
  'readiness:upn-suffixes': ch(empty, UpnSuffixReport, 120_000),
  /** Every user of one UPN suffix (DN and UPN), for the admin to choose which of them move. */
  'readiness:upn-users': ch(z.object({ from: UpnFrom }).strict(), UpnSuffixUsers, 120_000),
  /** One object's scanned attributes as the directory holds them now (the grid's side panel). */
  'readiness:object': ch(
    z.object({ dn: z.string().min(3).max(4096) }).strict(),
    z.object({ dn: z.string(), attributes: z.record(z.string(), z.array(z.string())) }).nullable(),
  ),
} as const;
