import { describe, expect, it } from 'vitest';
import { dnEquals, dnFromDomain, domainFromDn, isDnWithin, normalizeDn, parentDn, parseDn, splitDn } from '../../shared/ldap';

describe('DN helpers', () => {
  it('splits on unescaped commas only', () => {
    expect(splitDn('CN=Doe\\, Jane,OU=Staff,DC=lab,DC=example,DC=com')).toEqual(['CN=Doe\\, Jane', 'OU=Staff', 'DC=lab', 'DC=example', 'DC=com']);
    expect(splitDn('CN=a\\\\,DC=x')).toEqual(['CN=a\\\\', 'DC=x']);
    expect(splitDn('')).toEqual([]);
    expect(() => splitDn('CN=a,,DC=x')).toThrow(/empty RDN/);
  });

  it('finds the parent of a tombstone name with an escaped newline', () => {
    const dn = 'CN=t1\\0ADEL:b88e3506-2440-4441-8b41-6e307f2783dd,CN=Deleted Objects,DC=lab,DC=example,DC=com';
    expect(parentDn(dn)).toBe('CN=Deleted Objects,DC=lab,DC=example,DC=com');
    expect(parseDn(dn)[0]!.value).toBe('t1\nDEL:b88e3506-2440-4441-8b41-6e307f2783dd');
  });

  it('compares case-insensitively and ignores spacing and escaping style', () => {
    expect(dnEquals('CN=Users, DC=Lab,DC=example,DC=com', 'cn=users,dc=lab,dc=EXAMPLE,dc=com')).toBe(true);
    expect(dnEquals('CN=caf\\C3\\A9,DC=x', 'CN=CAFÉ,DC=x')).toBe(true);
    expect(dnEquals('CN=Users,DC=lab', 'OU=Users,DC=lab')).toBe(false);
    expect(normalizeDn('OU=A\\,B ,DC=x')).toBe('ou=a\\,b,dc=x');
  });

  it('tells whether a DN lies within another', () => {
    expect(isDnWithin('CN=a,CN=Users,DC=lab,DC=com', 'DC=lab,DC=com')).toBe(true);
    expect(isDnWithin('CN=a,CN=Users,DC=lab,DC=com', 'cn=users,dc=lab,dc=com')).toBe(true);
    expect(isDnWithin('CN=a,CN=Users,DC=lab,DC=com', 'OU=Users,DC=lab,DC=com')).toBe(false);
    expect(isDnWithin('DC=com', 'DC=lab,DC=com')).toBe(false);
  });

  it('converts between DNS domains and naming contexts', () => {
    expect(domainFromDn('DC=Lab,DC=Example,DC=com')).toBe('lab.example.com');
    expect(dnFromDomain('lab.example.com.')).toBe('DC=lab,DC=example,DC=com');
    expect(() => dnFromDomain('lab..com')).toThrow(/not a DNS domain/);
    expect(() => parseDn('=x,DC=com')).toThrow(/attribute type/);
  });
});
