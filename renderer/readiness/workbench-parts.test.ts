// The pure parts the workbench page was split into: the column filters of the admin's filter
// choices, the progress words of a scan, and a changes CSV matched back to the scan's rows.
import { describe, expect, it } from 'vitest';
import { findingsToCsv } from '../../shared/readiness/scan/csv';
import { matchChangesCsv } from './csv-transfer';
import { describeRead } from './ScanSection';
import { columnFiltersOf } from './use-findings-filters';
import { parentOf, type GridRow } from './workbench-store';

function row(dn: string, value: string, over: Partial<GridRow> = {}): GridRow {
  return {
    id: `${dn}|${value}`,
    dn,
    objectGuid: '00000000-0000-4000-8000-000000000001',
    objectClass: 'user',
    attribute: 'mail',
    value,
    errors: ['format'],
    action: 'none',
    proposedValue: 'fixed@contoso.com',
    detail: 'not an address',
    duplicates: [],
    ou: parentOf(dn),
    dnKey: dn.toLowerCase(),
    ...over,
  } as GridRow;
}

describe('columnFiltersOf', () => {
  it('leaves out what is not set and trims the OU', () => {
    expect(columnFiltersOf({ errorFilter: null, attribute: '', objectClass: '', ou: '  ' })).toEqual([]);
    expect(columnFiltersOf({ errorFilter: 'duplicate', attribute: 'mail', objectClass: 'user', ou: ' OU=Sales ' })).toEqual([
      { id: 'errors', value: 'duplicate' },
      { id: 'attribute', value: 'mail' },
      { id: 'objectClass', value: 'user' },
      { id: 'ou', value: 'OU=Sales' },
    ]);
  });
});

describe('describeRead', () => {
  it('names the total when known, else what is counted so far', () => {
    expect(describeRead({ read: 5, total: 10 } as never)).toBe('5 of 10 objects read');
    expect(describeRead({ read: 5, total: null } as never)).toBe('5 objects read');
    expect(describeRead({ read: 5, total: null, parts: { total: 3, counted: 1, countedObjects: 7 } } as never)).toBe(
      '5 of at least 7 objects read (total not known yet: 2 of 3 parts not counted)',
    );
  });
});

describe('matchChangesCsv', () => {
  const rows = [row('CN=A,OU=Sales,DC=x', 'a@bad'), row('CN=B,OU=Sales,DC=x', 'b@bad')];
  const ok = () => null;

  it('sets the actions of the rows the file names (DN as LDAP compares it, attribute without case)', () => {
    const csv = findingsToCsv([{ ...rows[0]!, dn: 'cn=a, ou=sales,dc=x', attribute: 'MAIL', action: 'edit', proposedValue: 'a@contoso.com' }]);
    expect(matchChangesCsv(csv, rows, ok)).toEqual({ entries: [[rows[0]!.id, { action: 'edit', proposedValue: 'a@contoso.com' }]], problems: [] });
  });

  it('matches the value exactly, as scan apply does: SMTP: and smtp: are different addresses', () => {
    const proxies = [
      row('CN=A,OU=Sales,DC=x', 'SMTP:a@bad', { attribute: 'proxyAddresses' }),
      row('CN=A,OU=Sales,DC=x', 'smtp:a@bad', { attribute: 'proxyAddresses' }),
    ];
    const csv = findingsToCsv([{ ...proxies[1]!, action: 'remove', proposedValue: null }]);
    expect(matchChangesCsv(csv, proxies, ok).entries).toEqual([[proxies[1]!.id, { action: 'remove', proposedValue: null }]]);
    const other = findingsToCsv([{ ...proxies[1]!, value: 'Smtp:a@bad', action: 'remove', proposedValue: null }]);
    expect(matchChangesCsv(other, proxies, ok).problems.map((p) => p.column)).toEqual(['dn']);
  });

  it('names a line that matches no finding and a proposed value that would itself fail', () => {
    const csv = findingsToCsv([
      { ...rows[0]!, action: 'edit', proposedValue: 'still bad' },
      { ...rows[1]!, value: 'other@bad', action: 'remove', proposedValue: null },
    ]);
    const r = matchChangesCsv(csv, rows, (_r, v) => (v === 'still bad' ? 'no @' : null));
    expect(r.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'proposedValue'],
      [3, 'dn'],
    ]);
    expect(r.problems[0]!.message).toBe('"still bad" would itself be an error: no @');
  });
});
