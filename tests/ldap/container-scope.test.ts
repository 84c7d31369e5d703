import { describe, expect, it } from 'vitest';
import { containerScope } from '../../shared/ldap';

const D = 'DC=contoso,DC=com';

describe('containerScope (Entra Connect style OU filtering)', () => {
  it('the nearest listed container decides: excluded inside included, included again inside excluded', () => {
    const s = containerScope([D, `OU=Keep,OU=Old,${D}`], [`OU=Old,${D}`]);
    expect(s.bases).toEqual([D]);
    expect(s.contains(`CN=a,OU=Staff,${D}`)).toBe(true);
    expect(s.contains(`CN=b,OU=Old,${D}`)).toBe(false);
    expect(s.contains(`CN=c,OU=Gone,OU=Old,${D}`)).toBe(false);
    expect(s.contains(`CN=d,OU=Keep,OU=Old,${D}`)).toBe(true);
    expect(s.contains(`OU=Old,${D}`)).toBe(false);
    // Case, spacing and escaping do not matter; a name that merely ends alike is not inside.
    expect(s.contains(`cn=e, ou=OLD,dc=CONTOSO,dc=com`)).toBe(false);
    expect(s.contains(`CN=f,OU=NotOld,${D}`)).toBe(true);
  });

  it('reads each included subtree once; outside every inclusion is out', () => {
    const s = containerScope([`OU=A,${D}`, `OU=B,OU=A,${D}`, `OU=C,${D}`, `ou=a,${D}`], [`OU=X,OU=A,${D}`]);
    expect(s.bases).toEqual([`OU=A,${D}`, `OU=C,${D}`]);
    expect(s.contains(`CN=z,OU=Z,${D}`)).toBe(false);
    expect(s.contains(`CN=y,OU=X,OU=A,${D}`)).toBe(false);
    expect(s.contains(`CN=w,OU=B,OU=A,${D}`)).toBe(true);
  });

  it('refuses lists that cannot be meant: naming the DN', () => {
    expect(() => containerScope([])).toThrow(/at least one container/);
    expect(() => containerScope([`OU=A,${D}`], [`OU=B,${D}`])).toThrow(/OU=B,DC=contoso,DC=com is not inside any included one/);
    expect(() => containerScope([`OU=A,${D}`], [`ou=a,${D}`])).toThrow(/both included and excluded/);
    expect(() => containerScope([`OU=A,,${D}`])).toThrow(/included container "OU=A,,DC=contoso,DC=com" is not a distinguished name/);
  });
});
