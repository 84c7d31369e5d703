import { describe, expect, it } from 'vitest';
import type { ValueChange } from './value-change';
import { judgeWrite, protectedReason, WritePolicyError, type ObjectFacts } from './write-policy';

const ctx = { domainDn: 'DC=corp,DC=example', partitionsDn: 'CN=Partitions,CN=Configuration,DC=corp,DC=example' };
const user = (over: Partial<ObjectFacts> = {}): ObjectFacts => ({
  dn: 'CN=Ann,OU=Staff,DC=corp,DC=example',
  objectClasses: ['top', 'person', 'organizationalPerson', 'user'],
  adminCount: null,
  isCriticalSystemObject: null,
  sAMAccountName: 'ann',
  objectSid: 'S-1-5-21-1-2-3-1105',
  ...over,
});
const change = (attribute: string, dn = 'CN=Ann,OU=Staff,DC=corp,DC=example', add = ['x']): ValueChange => ({
  dn,
  objectGuid: null,
  attribute,
  remove: [],
  add,
  source: 'line 2',
});

describe('the write policy', () => {
  it('allows the judged attributes on an ordinary user, contact and group', () => {
    for (const a of ['displayName', 'proxyAddresses', 'userPrincipalName', 'mail', 'sAMAccountName', 'givenName', 'sn', 'mailNickname', 'targetAddress']) {
      expect(judgeWrite(change(a), user(), ctx)).toBeNull();
    }
    expect(judgeWrite(change('mail'), user({ objectClasses: ['top', 'contact'], objectSid: null }), ctx)).toBeNull();
    expect(judgeWrite(change('displayName'), user({ objectClasses: ['top', 'group'] }), ctx)).toBeNull();
  });

  it('refuses any other attribute, naming the row and the rule', () => {
    for (const a of [
      'member',
      'servicePrincipalName',
      'adminCount',
      'userAccountControl',
      'description',
      'unicodePwd',
      'msDS-AllowedToActOnBehalfOfOtherIdentity',
    ]) {
      expect(judgeWrite(change(a), user(), ctx)).toMatchObject({ source: 'line 2', rule: 'attribute' });
    }
  });

  it('refuses protected objects: adminCount, critical system objects, krbtgt, built-in and well-known principals', () => {
    expect(protectedReason(user({ adminCount: '1' }))).toMatch(/adminCount/);
    expect(protectedReason(user({ isCriticalSystemObject: 'TRUE' }))).toMatch(/critical/);
    expect(protectedReason(user({ sAMAccountName: 'krbtgt', objectSid: 'S-1-5-21-1-2-3-502' }))).toMatch(/krbtgt/);
    expect(protectedReason(user({ sAMAccountName: 'krbtgt_31337', objectSid: 'S-1-5-21-1-2-3-1200' }))).toMatch(/krbtgt/);
    expect(protectedReason(user({ objectSid: 'S-1-5-32-549' }))).toMatch(/built-in/);
    expect(protectedReason(user({ objectSid: 'S-1-5-21-1-2-3-512' }))).toMatch(/RID 512/);
    expect(protectedReason(user({ adminCount: '0' }))).toBeNull();
    expect(judgeWrite(change('displayName'), user({ objectSid: 'S-1-5-21-1-2-3-512', objectClasses: ['top', 'group'] }), ctx)).toMatchObject({
      rule: 'protected-object',
    });
  });

  it('refuses computers and objects outside the scanned domain', () => {
    expect(judgeWrite(change('displayName'), user({ objectClasses: ['top', 'person', 'organizationalPerson', 'user', 'computer'] }), ctx)).toMatchObject({
      rule: 'object-class',
    });
    expect(judgeWrite(change('displayName', 'CN=Ann,DC=other,DC=example'), undefined, ctx)).toMatchObject({ rule: 'naming-context' });
    expect(judgeWrite(change('displayName', 'CN=x,CN=Configuration,DC=corp,DC=example'), undefined, ctx)).toBeNull(); // inside the domain DN textually, gone: the batch skips it
  });

  it('allows the forest UPN suffix list only on CN=Partitions, and only DNS names', () => {
    expect(judgeWrite(change('uPNSuffixes', ctx.partitionsDn, ['contoso.com']), undefined, ctx)).toBeNull();
    expect(judgeWrite(change('uPNSuffixes', ctx.partitionsDn, ['not a name']), undefined, ctx)).toMatchObject({ rule: 'upn-suffix' });
    expect(judgeWrite(change('uPNSuffixes', 'CN=Ann,OU=Staff,DC=corp,DC=example', ['contoso.com']), user(), ctx)).toMatchObject({ rule: 'upn-suffix' });
  });

  it('says nothing was written and lists each refused row', () => {
    const e = new WritePolicyError([
      { source: 'line 3', dn: 'CN=Domain Admins,CN=Users,DC=corp,DC=example', attribute: 'member', rule: 'attribute', reason: 'r' },
    ]);
    expect(e.message).toMatch(/^nothing was written/);
    expect(e.message).toContain('line 3: CN=Domain Admins,CN=Users,DC=corp,DC=example: member: refused by the attribute rule');
  });
});
