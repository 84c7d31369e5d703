import { describe, expect, it } from 'vitest';
import { validateEdit } from './validate-edit';

const f = (attribute: string, objectClass = 'user') => ({ dn: 'CN=a,DC=lab', objectGuid: 'g', objectClass, attribute });

describe('an edited value is judged by the scan rules', () => {
  it('refuses values the rules flag, with their reason', () => {
    expect(validateEdit(f('userPrincipalName'), 'ann@corp.local')).toMatch(/topleveldomain/);
    expect(validateEdit(f('proxyAddresses'), 'smtp:ann@@contoso.com')).toMatch(/format|character/);
    expect(validateEdit(f('mailNickname'), '.ann')).toMatch(/character|format/);
    expect(validateEdit(f('userPrincipalName'), `${'a'.repeat(65)}@contoso.com`)).toMatch(/length/);
    expect(validateEdit(f('displayName'), '   ')).toMatch(/empty/);
  });

  it('accepts values that pass every rule, including the cases IdFix got wrong', () => {
    expect(validateEdit(f('userPrincipalName'), "o'brien@contoso.com")).toBeNull();
    expect(validateEdit(f('mail'), 'ann@uni.edu.au')).toBeNull();
    expect(validateEdit(f('proxyAddresses'), 'smtp:ann.2@contoso.com')).toBeNull();
    expect(validateEdit(f('displayName', 'group'), 'Sales')).toBeNull();
  });
});
