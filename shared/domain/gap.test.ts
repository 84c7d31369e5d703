import { describe, expect, it } from 'vitest';
import { gapCsv } from './gap';

describe('gap CSV', () => {
  it('writes a directory value a spreadsheet would run as text (the CSV policy of shared/domain/csv.ts)', () => {
    const csv = gapCsv([
      {
        objectGuid: '00000000-0000-4000-8000-000000000002',
        objectClass: 'user',
        dn: 'CN=u,DC=x',
        upn: '+1@x',
        mail: '=HYPERLINK("http://x","y")',
        deletedAt: null,
        lastKnownParent: null,
      },
    ]);
    expect(csv.split('\r\n')[1]).toBe('00000000-0000-4000-8000-000000000002,user,"CN=u,DC=x",\'+1@x,"\'=HYPERLINK(""http://x"",""y"")",,');
  });
  it('writes the header and one CRLF line per row', () => {
    const csv = gapCsv([
      {
        objectGuid: '00000000-0000-4000-8000-000000000001',
        objectClass: 'group',
        dn: 'CN=g,DC=x',
        upn: null,
        mail: 'g@x',
        deletedAt: null,
        lastKnownParent: 'DC=x',
      },
    ]);
    expect(csv).toBe('objectGuid,objectClass,dn,upn,mail,deletedAt,lastKnownParent\r\n00000000-0000-4000-8000-000000000001,group,"CN=g,DC=x",,g@x,,DC=x\r\n');
  });
});
