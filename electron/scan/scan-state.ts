// The saved state of a scan, for the next incremental re-scan: which DC (invocationId) and where its
// update sequence stood, the scope, the duplicate index and the current findings. Saved as one
// JSON file; read back strictly (a damaged or foreign file is refused with the reason).
import fs from 'node:fs';
import { z } from 'zod';
import { ScanFinding } from '../../shared/scan/finding';

export const SCAN_STATE_VERSION = 1;

export const ScanState = z.object({
  version: z.literal(SCAN_STATE_VERSION),
  /** The DC the scan read, and its invocationId: a re-scan against another DC must start over. */
  dcHostName: z.string(),
  invocationId: z.string().min(1),
  /** highestCommittedUSN when the scan began: changes above it are read by the next re-scan. */
  highestUsn: z.string().regex(/^\d+$/),
  /** The naming context and the scope (base DNs) the scan covered. */
  namingContext: z.string(),
  baseDns: z.array(z.string()).min(1),
  /** Containers excluded inside them (saved since OU filtering; older states have none). */
  excludeDns: z.array(z.string()).default([]),
  scannedAt: z.string(),
  /** Objects in scope (matched by the query, skipped ones included). */
  objectCount: z.number().int().nonnegative(),
  /** objectGUIDs of objects in scope that IdFix's exclusions skip (so a re-scan counts them right). */
  skipped: z.array(z.string()),
  /** DuplicateIndex.serialise(). */
  index: z.string(),
  findings: z.array(ScanFinding),
});
export type ScanState = z.infer<typeof ScanState>;

export function saveScanState(file: string, state: ScanState): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export function loadScanState(file: string): ScanState {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`scan state ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`scan state ${file} is not JSON`, { cause: err });
  }
  const parsed = ScanState.safeParse(json);
  if (!parsed.success) {
    throw new Error(`scan state ${file} is not a saved scan: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
