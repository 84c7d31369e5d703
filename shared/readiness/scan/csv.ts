// The findings CSV: what `scan --format csv` and the workbench's export write, and what
// `scan apply` and the workbench's import read back, in the app's one CSV policy
// (shared/domain/csv.ts: quoting, and formula values neutralised). A header row with
// SCAN_CSV_COLUMNS; errors are joined with ';' in one field. Reading is strict and names the line
// and column of every problem, so an admin's spreadsheet edit that broke a row is found, not
// half-applied.
import { csvLine, CsvSyntaxError, parseCsvRecords, type CsvRecord } from '../../domain/csv';
import { ScanAction, ScanErrorType, SCAN_CSV_COLUMNS, type ScanFinding } from './finding';

export type CsvColumn = (typeof SCAN_CSV_COLUMNS)[number];

export const CSV_HEADER = csvLine(SCAN_CSV_COLUMNS);

/** One finding as one CSV line (without the header). */
export function findingToCsvLine(f: Pick<ScanFinding, 'dn' | 'objectClass' | 'attribute' | 'value' | 'errors' | 'action' | 'proposedValue'>): string {
  return csvLine([f.dn, f.objectClass, f.attribute, f.value, f.errors.join(';'), f.action, f.proposedValue ?? '']);
}

export function findingsToCsv(findings: Iterable<Parameters<typeof findingToCsvLine>[0]>): string {
  let out = CSV_HEADER;
  for (const f of findings) out += findingToCsvLine(f);
  return out;
}

/** A row of the changes CSV, as `scan apply` and the workbench import read it. */
export interface CsvChangeRow {
  line: number;
  dn: string;
  objectClass: string;
  attribute: string;
  value: string;
  errors: ScanErrorType[];
  action: ScanAction;
  proposedValue: string | null;
}

export interface CsvProblem {
  line: number;
  /** The column's name, or null for a problem with the whole line. */
  column: CsvColumn | null;
  message: string;
}

export function describeCsvProblem(p: CsvProblem): string {
  return `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}`;
}

/**
 * Reads a changes CSV row by row: every bad row is reported (line and column), good rows are
 * returned. Callers apply nothing when problems is not empty.
 */
export function parseChangesCsv(text: string): { rows: CsvChangeRow[]; problems: CsvProblem[] } {
  let records: CsvRecord[];
  try {
    records = parseCsvRecords(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { rows: [], problems: [{ line: e.line, column: null, message: e.message.replace(/^line \d+: /, '') }] };
    throw e;
  }
  const header = records.shift();
  if (!header) return { rows: [], problems: [{ line: 1, column: null, message: `the file is empty; expected a header row: ${SCAN_CSV_COLUMNS.join(',')}` }] };
  const index = new Map<string, number>();
  header.fields.forEach((name, i) => index.set(name.trim().toLowerCase(), i));
  const missing = SCAN_CSV_COLUMNS.filter((c) => !index.has(c.toLowerCase()));
  if (missing.length) {
    return {
      rows: [],
      problems: [{ line: header.line, column: null, message: `the header lacks ${missing.join(', ')} (expected ${SCAN_CSV_COLUMNS.join(',')})` }],
    };
  }
  const rows: CsvChangeRow[] = [];
  const problems: CsvProblem[] = [];
  for (const r of records) {
    if (r.fields.length !== header.fields.length) {
      problems.push({ line: r.line, column: null, message: `has ${r.fields.length} fields, the header has ${header.fields.length}` });
      continue;
    }
    const get = (c: CsvColumn) => r.fields[index.get(c.toLowerCase())!]!;
    const before = problems.length;
    const dn = get('dn').trim();
    if (!dn) problems.push({ line: r.line, column: 'dn', message: 'is empty' });
    else if (!/^[A-Za-z][\w-]*=/.test(dn)) problems.push({ line: r.line, column: 'dn', message: `"${dn.slice(0, 80)}" is not a distinguished name` });
    const attribute = get('attribute').trim();
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(attribute))
      problems.push({ line: r.line, column: 'attribute', message: `"${attribute.slice(0, 80)}" is not an attribute name` });
    const actionText = get('action').trim().toLowerCase() || 'none';
    const action = ScanAction.safeParse(actionText);
    if (!action.success) problems.push({ line: r.line, column: 'action', message: `"${actionText}" is not one of ${ScanAction.options.join(', ')}` });
    const errors: ScanErrorType[] = [];
    for (const e of get('errors')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const parsed = ScanErrorType.safeParse(e.toLowerCase());
      if (parsed.success) errors.push(parsed.data);
      else problems.push({ line: r.line, column: 'errors', message: `"${e}" is not an error type (${ScanErrorType.options.join(', ')})` });
    }
    const proposed = get('proposedValue');
    if (action.success && action.data === 'edit' && proposed === '') {
      problems.push({ line: r.line, column: 'proposedValue', message: 'is empty, but the action is edit (use remove to clear the value)' });
    }
    if (problems.length > before) continue;
    rows.push({
      line: r.line,
      dn,
      objectClass: get('objectClass').trim(),
      attribute,
      value: get('value'),
      errors,
      action: action.data!,
      proposedValue: proposed === '' ? null : proposed,
    });
  }
  return { rows, problems };
}
