import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine, neutraliseCsvValue, parseCsvRecords, restoreCsvValue } from './csv';

const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];
/** Strings rich in what CSV and spreadsheets care about: quotes, commas, line ends, formula starts, apostrophes. */
const cell = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', "'", '"', ',', 'a', ' ') }));

describe('the CSV policy', () => {
  it('round trip: every record of any strings reads back as written', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 6 }), { maxLength: 6 }), (rows) => {
        const text = rows.map(csvLine).join('');
        expect(parseCsvRecords(text).map((r) => r.fields)).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });

  it('no written cell starts with a formula character, quoted or not', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 2, maxLength: 6 }), (fields) => {
        const line = csvLine(fields);
        // Split the one record the way a spreadsheet sees its cells: quotes are not part of the cell.
        const cells = [...line.slice(0, -2).matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '')).slice(0, fields.length);
        for (const c of cells) expect(FORMULA_STARTS).not.toContain(c[0]);
      }),
      { numRuns: 500 },
    );
  });

  it('writes =HYPERLINK(…) from the directory as text a spreadsheet will not run, and reads the value back', () => {
    const value = '=HYPERLINK("http://x","y")';
    const line = csvLine(['CN=a,DC=lab', value]);
    expect(line).toBe('"CN=a,DC=lab","\'=HYPERLINK(""http://x"",""y"")"\r\n');
    expect(parseCsvRecords(line)[0]!.fields).toEqual(['CN=a,DC=lab', value]);
  });

  it('neutralises each formula start and leaves other values alone', () => {
    for (const c of FORMULA_STARTS) expect(neutraliseCsvValue(`${c}1`)).toBe(`'${c}1`);
    expect(neutraliseCsvValue('plain@contoso.com')).toBe('plain@contoso.com');
    expect(neutraliseCsvValue("O'Brien")).toBe("O'Brien");
    expect(neutraliseCsvValue("'quoted")).toBe("'quoted");
    // An apostrophe already before a formula start gets one more, so the reader can tell them apart.
    expect(neutraliseCsvValue("'=x")).toBe("''=x");
    expect(restoreCsvValue("''=x")).toBe("'=x");
    expect(restoreCsvValue("'quoted")).toBe("'quoted");
  });

  it('writes null as an empty cell and quotes commas, quotes and line breaks', () => {
    expect(csvLine(['CN=a,OU=b', 'say "hi"', 'two\nlines', null, 'x'])).toBe('"CN=a,OU=b","say ""hi""","two\nlines",,x\r\n');
  });

  it('counts lines across quoted line breaks', () => {
    const recs = parseCsvRecords('a,b\r\n"x\ny",2\r\nz,3\r\n');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(recs[1]!.fields).toEqual(['x\ny', '2']);
  });
});
