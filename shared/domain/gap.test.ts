import { describe, expect, it } from 'vitest';
import { csvField, gapCsv } from './gap';

describe('gap CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('CN=a,OU=b')).toBe('"CN=a,OU=b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField(null)).toBe('');
    expect(csvField('plain@contoso.com')).toBe('plain@contoso.com');
  });
  it('writes the header and one CRLF line per row', () => {
    const csv = gapCsv([{ objectGuid: '00000000-0000-4000-8000-000000000001', objectClass: 'group', dn: 'CN=g,DC=x', upn: null, mail: 'g@x', deletedAt: null, lastKnownParent: 'DC=x' }]);
    expect(csv).toBe('objectGuid,objectClass,dn,upn,mail,deletedAt,lastKnownParent\r\n00000000-0000-4000-8000-000000000001,group,"CN=g,DC=x",,g@x,,DC=x\r\n');
  });
});
