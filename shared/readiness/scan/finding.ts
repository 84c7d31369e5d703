// A readiness finding: one attribute value of one directory object that Entra ID would reject or
// treat as a conflict. This shape is the contract between the scan engine (rules in shared/readiness/scan,
// the streaming reader in electron/readiness/scan), the CLI (`scan --format jsonl|csv`) and the workbench.
// The error types and actions are IdFix's, so admins who know its grid and CSV recognise them.
import { z } from 'zod';

/** IdFix's error types, kept by name: its users' CSVs and habits use them. */
export const ScanErrorType = z.enum(['format', 'blank', 'duplicate', 'character', 'topleveldomain', 'domainpart', 'localpart', 'length']);
export type ScanErrorType = z.infer<typeof ScanErrorType>;

/**
 * What the admin wants done with the row: `edit` writes proposedValue, `remove` removes that value
 * (or clears a single-valued attribute), `complete` marks the row handled without a write, `none`
 * is the untouched state of a fresh finding.
 */
export const ScanAction = z.enum(['none', 'edit', 'remove', 'complete']);
export type ScanAction = z.infer<typeof ScanAction>;

/** Another object that holds the same value (a duplicate set names every other member). */
export const DuplicatePeer = z.object({ dn: z.string(), attribute: z.string() });
export type DuplicatePeer = z.infer<typeof DuplicatePeer>;

export const ScanFinding = z.object({
  /** Stable across re-scans: objectGUID, attribute and value (lower-cased) joined. */
  id: z.string().min(1),
  dn: z.string().min(1),
  /** objectGUID as a string (RFC 4122 form); the key a re-scan and undo match objects by. */
  objectGuid: z.string(),
  /** The most specific structural class: user, inetOrgPerson, group or contact. */
  objectClass: z.string().min(1),
  attribute: z.string().min(1),
  /** The offending value (one value of a multi-valued attribute); '' for a blank one. */
  value: z.string(),
  errors: z.array(ScanErrorType).min(1),
  action: ScanAction,
  /** A value that would pass every rule, where one can be computed; null otherwise. */
  proposedValue: z.string().nullable(),
  /** Why, in words (for the grid's tooltip and the CLI's text). */
  detail: z.string(),
  /** For duplicate errors: the other objects of the set. */
  duplicates: z.array(DuplicatePeer).default([]),
});
export type ScanFinding = z.infer<typeof ScanFinding>;

/** The CSV columns `scan --format csv` writes and `scan apply` reads, in this order. */
export const SCAN_CSV_COLUMNS = ['dn', 'objectClass', 'attribute', 'value', 'errors', 'action', 'proposedValue'] as const;
