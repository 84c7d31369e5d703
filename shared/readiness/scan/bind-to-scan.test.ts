// Binding CSV rows to the findings of a saved scan: only a row whose object, attribute and current
// value the scan found is kept (with the scan's objectGUID); any other row refuses the batch by line.
import { describe, expect, it } from 'vitest';
import type { ValueChange } from '../value-change';
import { bindChangesToScan, describeUnboundRow } from './bind-to-scan';
import type { ScanFinding } from './finding';

const finding = (dn: string, attribute: string, value: string, objectGuid: string): ScanFinding => ({
  id: `${objectGuid}|${attribute}|${value}`,
  dn,
  objectGuid,
  objectClass: 'user',
  attribute,
  value,
  errors: ['format'],
  action: 'none',
  proposedValue: null,
  detail: '',
  duplicates: [],
});
const change = (dn: string, attribute: string, remove: string[], add: string[], line: number): { line: number; change: ValueChange } => ({
  line,
  change: { dn, objectGuid: null, attribute, remove, add, source: `line ${line}` },
});

const ann = 'CN=Ann,OU=Staff,DC=lab,DC=example,DC=com';
const findings = [
  finding(ann, 'proxyAddresses', 'smtp:ann@@lab.example.com', 'g-ann'),
  finding('CN=Sales,OU=Staff,DC=lab,DC=example,DC=com', 'displayName', '', 'g-sales'),
];

describe('bindChangesToScan', () => {
  it('keeps a row that matches a finding, with the objectGUID the scan recorded (DN and attribute compared without case)', () => {
    const r = bindChangesToScan(
      [
        change('cn=ann, ou=staff,dc=LAB,dc=example,dc=com', 'proxyaddresses', ['smtp:ann@@lab.example.com'], [], 2),
        change('CN=Sales,OU=Staff,DC=lab,DC=example,DC=com', 'displayName', [], ['Sales'], 3),
      ],
      findings,
    );
    expect(r.unbound).toEqual([]);
    expect(r.changes.map((c) => [c.source, c.objectGuid])).toEqual([
      ['line 2', 'g-ann'],
      ['line 3', 'g-sales'],
    ]);
  });

  it('refuses, by line and whole, a row for an object, an attribute or a value the scan did not find', () => {
    const admins = 'CN=Domain Admins,CN=Users,DC=lab,DC=example,DC=com';
    const r = bindChangesToScan(
      [
        change(ann, 'proxyAddresses', ['smtp:ann@@lab.example.com'], ['smtp:ann@lab.example.com'], 2),
        change(admins, 'member', ['CN=Administrator,CN=Users,DC=lab,DC=example,DC=com'], ['CN=Ann,OU=Staff,DC=lab,DC=example,DC=com'], 3),
        change(ann, 'servicePrincipalName', [], ['HTTP/x'], 4),
        change(ann, 'proxyAddresses', ['SMTP:ann@lab.example.com'], ['SMTP:boss@lab.example.com'], 5),
        change('not a dn', 'mail', ['x'], [], 6),
      ],
      findings,
    );
    expect(r.changes).toEqual([]);
    expect(r.unbound.map(describeUnboundRow)).toEqual([
      `line 3: ${admins} member: the saved scan has no finding on this object`,
      `line 4: ${ann} servicePrincipalName: the saved scan has no finding for servicePrincipalName of this object (its findings are on proxyAddresses)`,
      `line 5: ${ann} proxyAddresses: the saved scan found proxyAddresses "smtp:ann@@lab.example.com", not "SMTP:ann@lab.example.com"`,
      'line 6: not a dn mail: the saved scan has no finding on this object',
    ]);
  });

  it('a blank value is matched as empty: filling a blank the scan did not report is refused', () => {
    const r = bindChangesToScan([change(ann, 'displayName', [], ['Ann'], 2)], findings);
    expect(r.unbound.map((u) => u.line)).toEqual([2]);
  });
});
