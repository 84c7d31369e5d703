// The audit log for the app's audit-log view: the whole file read once, its chain checked by the
// same verifyAuditText as `audit verify`, and the newest entries joined start to end.
import { auditEntriesOf, type AuditView } from '../../shared/home/audit-entries';
import { verifyAuditText } from './audit-log';
import { BoundedFileError, readBoundedTextSync } from '../files/bounded-file';

/** At most this many entries go to the window (the newest); the rest are counted. */
export const AUDIT_VIEW_LIMIT = 1_000;

export function readAuditView(file: string, limit = AUDIT_VIEW_LIMIT): AuditView {
  let text = '';
  try {
    text = readBoundedTextSync(file, 'audit-log');
  } catch (e) {
    if (!(e instanceof BoundedFileError && e.code === 'missing')) throw e;
  }
  const parsed: unknown[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      parsed.push(JSON.parse(line));
    } catch {
      // An unreadable line is left out here; the chain check below names it.
    }
  }
  const entries = auditEntriesOf(parsed);
  return { file, verification: verifyAuditText(text), entries: entries.slice(0, limit), omitted: Math.max(0, entries.length - limit) };
}
