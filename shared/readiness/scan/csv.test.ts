import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeCsvProblem, findingsToCsv, parseChangesCsv } from './csv';
import { ScanAction, ScanErrorType } from './finding';

const finding = fc.record({
  dn: fc.string({ minLength: 1 }).map((s) => `CN=${s.replace(/[\r\n]/g, '') || 'x'},DC=lab`),
  objectClass: fc.constantFrom('user', 'group', 'contact', 'inetOrgPerson'),
  attribute: fc.constantFrom('proxyAddresses', 'mail', 'displayName', 'userPrincipalName'),
  value: fc.string(),
  errors: fc.uniqueArray(fc.constantFrom(...ScanErrorType.options), { minLength: 1 }),
  action: fc.constantFrom(...ScanAction.options.filter((a) => a !== 'edit')),
  proposedValue: fc.option(fc.string({ minLength: 1 }), { nil: null }),
});

describe('findings CSV', () => {
  it('reads back every field it writes, whatever the characters (quotes, commas, line breaks, formulas)', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 5 }), (rows) => {
        const { rows: back, problems } = parseChangesCsv(findingsToCsv(rows));
        expect(problems).toEqual([]);
        expect(back.map(({ line: _line, ...r }) => ({ ...r, dn: r.dn }))).toEqual(rows.map((r) => ({ ...r, dn: r.dn.trim(), attribute: r.attribute })));
      }),
    );
  });

  it('writes a directory value a spreadsheet would run with the neutraliser, and imports the original value', () => {
    const value = '=HYPERLINK("http://x","y")';
    const csv = findingsToCsv([
      { dn: 'CN=a,DC=lab', objectClass: 'user', attribute: 'displayName', value, errors: ['character'], action: 'edit', proposedValue: '-x' },
    ]);
    expect(csv.split('\r\n')[1]).toBe('"CN=a,DC=lab",user,displayName,"\'=HYPERLINK(""http://x"",""y"")",character,edit,\'-x');
    expect(parseChangesCsv(csv).rows[0]).toMatchObject({ value, proposedValue: '-x' });
  });

  it('names every bad row by line and column, and keeps the good ones', () => {
    const text = [
      'dn,objectClass,attribute,value,errors,action,proposedValue',
      '"CN=ok,DC=lab",user,mail,a@b.local,topleveldomain,edit,a@b.com',
      '"CN=a,DC=lab",user,mail,x,format,rewrite,y',
      'not a dn,user,mail,x,format,edit,y',
      '"CN=b,DC=lab",user,mail,x,formt,edit,y',
      '"CN=c,DC=lab",user,mail,x,format,edit,',
      '"CN=d,DC=lab",user,mail,x',
    ].join('\n');
    const { rows, problems } = parseChangesCsv(text);
    expect(rows).toEqual([
      {
        line: 2,
        dn: 'CN=ok,DC=lab',
        objectClass: 'user',
        attribute: 'mail',
        value: 'a@b.local',
        errors: ['topleveldomain'],
        action: 'edit',
        proposedValue: 'a@b.com',
      },
    ]);
    expect(problems.map(describeCsvProblem)).toEqual([
      'line 3, column action: "rewrite" is not one of none, edit, remove, complete',
      'line 4, column dn: "not a dn" is not a distinguished name',
      'line 5, column errors: "formt" is not an error type (format, blank, duplicate, character, topleveldomain, domainpart, localpart, length)',
      'line 6, column proposedValue: is empty, but the action is edit (use remove to clear the value)',
      'line 7: has 4 fields, the header has 7',
    ]);
  });

  it('stops at a syntax error with its line, and refuses a file without the header', () => {
    expect(parseChangesCsv('dn,objectClass,attribute,value,errors,action,proposedValue\n"CN=a,DC=x,user').problems).toEqual([
      { line: 2, column: null, message: 'a quoted field is not closed' },
    ]);
    expect(parseChangesCsv('dn,attribute\nx,y').problems[0]!.message).toMatch(/header lacks objectClass, value, errors, action, proposedValue/);
    expect(parseChangesCsv('').problems[0]!.message).toMatch(/empty/);
  });
});
