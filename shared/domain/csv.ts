// The app's one CSV policy: every CSV it writes goes through csvLine, every CSV it reads through
// parseCsvRecords. RFC 4180 quoting (a field with a comma, quote, CR or LF is quoted, quotes
// doubled), CRLF line ends. The values come from the directory, so a value a spreadsheet would run
// as a formula (starting with = + - @, a tab or a CR) is written with a leading apostrophe, the
// neutraliser OWASP names for CSV injection; quoting alone does not stop it. The reader takes that
// apostrophe off again, so a file read back gives the values that were written.

/** The character put in front of a value a spreadsheet would run. */
export const CSV_NEUTRALISER = "'";

/** Apostrophes, then a character that starts a formula: such a value gets one more apostrophe. */
const NEEDS_NEUTRALISER = /^'*[=+\-@\t\r]/;
/** What the writer made of such a value: one apostrophe to take off. */
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/**
 * A value as written to a CSV cell. Values that already start with apostrophes before a formula
 * character get one more too, so reading back is exact for every string.
 */
export function neutraliseCsvValue(value: string): string {
  return NEEDS_NEUTRALISER.test(value) ? `${CSV_NEUTRALISER}${value}` : value;
}

/** The value a CSV cell written by neutraliseCsvValue stands for. */
export function restoreCsvValue(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(CSV_NEUTRALISER.length) : cell;
}

function quote(field: string): string {
  const safe = neutraliseCsvValue(field);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV record (with its CRLF); null is an empty cell. */
export function csvLine(fields: readonly (string | null)[]): string {
  return `${fields.map((f) => (f === null ? '' : quote(f))).join(',')}\r\n`;
}

export interface CsvRecord {
  /** 1-based line where the record starts (the header is line 1). */
  line: number;
  /** The values, neutralisers taken off. */
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** RFC 4180 records with the line each starts on. A BOM is dropped; blank lines are skipped. */
export function parseCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let endOfRecord = false;
    let fieldStart = true;
    while (i < text.length && !endOfRecord) {
      const c = text[i]!;
      if (fieldStart && c === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new CsvSyntaxError(startLine, 'a quoted field is not closed');
          const q = text[i]!;
          if (q === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (q === '\n') line++;
          field += q;
          i++;
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
          throw new CsvSyntaxError(line, `unexpected "${next}" after a closing quote (quotes inside a field must be doubled)`);
        }
        fieldStart = false;
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        fieldStart = true;
        i++;
      } else if (c === '\r' || c === '\n') {
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        endOfRecord = true;
      } else {
        if (c === '"') throw new CsvSyntaxError(line, 'a quote inside an unquoted field (quote the whole field and double the quote)');
        field += c;
        fieldStart = false;
        i++;
      }
    }
    fields.push(field);
    if (fields.length === 1 && fields[0] === '') continue;
    records.push({ line: startLine, fields: fields.map(restoreCsvValue) });
  }
  return records;
}
