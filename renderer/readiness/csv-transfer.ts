// CSV in and out of the workbench: the rows shown written as a file to download, and a changes
// file matched back to this scan's findings (by DN, attribute and exact value) with every line that
// does not fit named, so an import applies all of its rows or none.
import { describeCsvProblem, findingsToCsv, parseChangesCsv, type CsvProblem } from '../../shared/readiness/scan/csv';
import { findingMatchKey } from '../../shared/readiness/scan/bind-to-scan';
import type { GridRow, RowEditState } from './workbench-store';

export { describeCsvProblem, type CsvProblem };

export interface CsvImport {
  entries: [string, RowEditState][];
  problems: CsvProblem[];
}

/** The edits a changes file sets on these rows, or the problems that keep it from being imported. */
export function matchChangesCsv(text: string, rows: readonly GridRow[], validate: (row: GridRow, value: string) => string | null): CsvImport {
  const { rows: lines, problems } = parseChangesCsv(text);
  // Matched as `scan apply` binds a file to its scan (one rule: findingMatchKey), so a file the
  // workbench takes is one the CLI takes too, and the reverse.
  const index = new Map<string, GridRow>();
  for (const r of rows) {
    const key = findingMatchKey(r.dn, r.attribute, r.value);
    if (key !== null) index.set(key, r);
  }
  const entries: [string, RowEditState][] = [];
  for (const line of lines) {
    const key = findingMatchKey(line.dn, line.attribute, line.value);
    const match = key === null ? undefined : index.get(key);
    if (!match) {
      problems.push({ line: line.line, column: 'dn', message: `no finding of this scan for ${line.attribute} "${line.value}" of ${line.dn}` });
      continue;
    }
    if (line.action === 'edit' && line.proposedValue !== null) {
      const why = validate(match, line.proposedValue);
      if (why) {
        problems.push({ line: line.line, column: 'proposedValue', message: `"${line.proposedValue}" would itself be an error: ${why}` });
        continue;
      }
    }
    entries.push([match.id, { action: line.action, proposedValue: line.proposedValue }]);
  }
  problems.sort((a, b) => a.line - b.line);
  return { entries, problems };
}

/** Offer the rows (with the admin's actions) as a CSV download. */
export function downloadFindingsCsv(rows: Parameters<typeof findingsToCsv>[0], fileName = 'readiness-findings.csv'): void {
  const url = URL.createObjectURL(new Blob([findingsToCsv(rows)], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
