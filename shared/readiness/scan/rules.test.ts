// Every rule on hand-made objects: IdFix's rules, Microsoft's table where IdFix's numbers differ,
// IdFix's defects fixed, the skips, and the values that must stay clean.
import { describe, expect, it } from 'vitest';
import { checkSmtpAddress } from './address';
import { DuplicateIndex } from './duplicate-index';
import { ATTRIBUTE_LIMITS } from './limits';
import { checkObject, type ValueProblem } from './rules';
import { normaliseEntry, skipReason, type ScanObject } from './scan-object';
import { TLD_LIST_SOURCE, TOP_LEVEL_DOMAINS } from './tld-list';

const b64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes));
const GUID_B64 = b64([...Array(16).keys()]);

function obj(attrs: Record<string, string[]>, dn = 'CN=Ann,OU=Staff,DC=contoso,DC=com'): ScanObject {
  return normaliseEntry({ dn, attributes: { objectClass: ['top', 'person', 'organizationalPerson', 'user'], cn: ['Ann'], objectGUID: [GUID_B64], ...attrs } });
}
const problems = (attrs: Record<string, string[]>) => checkObject(obj(attrs));
const only = (attrs: Record<string, string[]>): ValueProblem => {
  const p = problems(attrs);
  expect(p).toHaveLength(1);
  return p[0]!;
};

describe('IdFix rules', () => {
  it('displayName: blank is reported with the cn proposed; a mail-enabled group without one too', () => {
    expect(only({ displayName: ['  '] })).toMatchObject({ attribute: 'displayName', errors: ['blank'], proposedValue: 'Ann' });
    const group = normaliseEntry({
      dn: 'CN=Sales,DC=contoso,DC=com',
      attributes: { objectClass: ['top', 'group'], cn: ['Sales'], groupType: ['8'], proxyAddresses: ['SMTP:sales@contoso.com'] },
    });
    expect(checkObject(group)).toEqual([expect.objectContaining({ attribute: 'displayName', value: '', errors: ['blank'], proposedValue: 'Sales' })]);
  });

  it("length limits follow Microsoft's table where IdFix's source differs (displayName 256 not 255, givenName 64 not 63, targetAddress 256 not 255)", () => {
    expect(ATTRIBUTE_LIMITS.displayName).toEqual({ max: 256, idfix: 255 });
    expect(problems({ displayName: ['d'.repeat(256)] })).toEqual([]);
    expect(only({ displayName: ['d'.repeat(257)] })).toMatchObject({ errors: ['length'], proposedValue: 'd'.repeat(256) });
    expect(problems({ givenName: ['g'.repeat(64)] })).toEqual([]);
    expect(only({ givenName: ['g'.repeat(65)] }).errors).toEqual(['length']);
    expect(problems({ sn: ['s'.repeat(64)] })).toEqual([]);
    expect(only({ sn: ['s'.repeat(65)] }).errors).toEqual(['length']);
    expect(problems({ targetAddress: [`SMTP:${'t'.repeat(239)}@contoso.com`] })).toEqual([]); // 256
    expect(only({ targetAddress: [`SMTP:${'t'.repeat(240)}@contoso.com`] }).errors).toEqual(['length']);
    expect(only({ mail: [`${'m'.repeat(245)}@contoso.com`] }).errors).toEqual(['length']); // 257
    expect(only({ proxyAddresses: [`smtp:${'p'.repeat(240)}@contoso.com`] }).errors).toEqual(['length']); // 257
  });

  it("mailNickname: at most 64, valid characters, and no period at either end (IdFix's period rule never reports)", () => {
    expect(only({ mailNickname: ['ann.'] })).toMatchObject({ errors: ['character'], proposedValue: 'ann' });
    expect(only({ mailNickname: ['.ann'] })).toMatchObject({ errors: ['character'], proposedValue: 'ann' });
    expect(only({ mailNickname: ['ann lee'] })).toMatchObject({ errors: ['character'], proposedValue: 'annlee' });
    expect(only({ mailNickname: ['n'.repeat(65)] })).toMatchObject({ errors: ['length'], proposedValue: 'n'.repeat(64) });
    expect(problems({ mailNickname: ["ann.o'lee_2"] })).toEqual([]);
  });

  it('sAMAccountName: at most 20 for users, none of \\ " | , / [ ] : < > + = ; ? *', () => {
    expect(only({ sAMAccountName: ['a'.repeat(21)] })).toMatchObject({ errors: ['length'], proposedValue: 'a'.repeat(20) });
    expect(only({ sAMAccountName: ['ann+lee'] })).toMatchObject({ errors: ['character'], proposedValue: 'annlee' });
    const group = normaliseEntry({
      dn: 'CN=G,DC=c,DC=com',
      attributes: {
        objectClass: ['group'],
        cn: ['G'],
        groupType: ['-2147483646'],
        mail: ['g@contoso.com'],
        displayName: ['G'],
        sAMAccountName: ['g'.repeat(30)],
      },
    });
    expect(checkObject(group)).toEqual([]);
  });

  it('userPrincipalName: 113 in all, 64 before the @, 48 after; valid characters; no period at the ends of the local part; a routable suffix', () => {
    expect(only({ userPrincipalName: [`${'u'.repeat(65)}@contoso.com`] }).errors).toEqual(['length']);
    expect(only({ userPrincipalName: [`ann@${'d'.repeat(45)}.com`] }).errors).toEqual(['length']);
    expect(problems({ userPrincipalName: [`${'u'.repeat(64)}@${'d'.repeat(44)}.com`] })).toEqual([]); // 64 + 1 + 48 = 113
    expect(only({ userPrincipalName: ['ann lee@contoso.com'] })).toMatchObject({ errors: ['character'], proposedValue: 'annlee@contoso.com' });
    expect(only({ userPrincipalName: ['ann.@contoso.com'] })).toMatchObject({ errors: ['localpart'], proposedValue: 'ann@contoso.com' });
    expect(only({ userPrincipalName: ['ann@contoso.local'] })).toMatchObject({ errors: ['topleveldomain'], proposedValue: null });
    expect(only({ userPrincipalName: ['ann'] }).errors).toEqual(['format']);
  });

  it('mail and SMTP proxy addresses: local part, domain part, format, top-level domain, a colon after the prefix', () => {
    expect(checkSmtpAddress('ann@contoso..com').errors).toContain('domainpart');
    expect(only({ mail: ['ann lee@contoso.com'] })).toMatchObject({ errors: ['localpart'], proposedValue: 'annlee@contoso.com' });
    expect(only({ mail: ['ann@contoso'] }).errors).toEqual(['domainpart', 'topleveldomain', 'format']);
    expect(only({ proxyAddresses: ['smtp:ann:x@contoso.com'] })).toMatchObject({ errors: ['character'], proposedValue: 'smtp:annx@contoso.com' });
    expect(only({ proxyAddresses: ['ann@contoso.com'] }).errors).toEqual(['format']);
    expect(problems({ proxyAddresses: ['SMTP:ann@contoso.com', 'SMTP:lee@contoso.com'] }).map((p) => p.errors)).toEqual([['format'], ['format']]);
  });
});

describe('IdFix defects, fixed', () => {
  it('an apostrophe in a UPN is valid (IdFix 2.6 rejects it)', () => {
    expect(problems({ userPrincipalName: ["o'brien@contoso.com"], mail: ["o'brien@contoso.com"], proxyAddresses: ["SMTP:o'brien@contoso.com"] })).toEqual([]);
  });

  it('top-level domains come from a dated list (tlds): .edu.au and new gTLDs are routable, .local and .lan are not', () => {
    expect(TLD_LIST_SOURCE).toMatchObject({
      package: 'tlds',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      published: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(TOP_LEVEL_DOMAINS.size).toBeGreaterThan(1000);
    for (const ok of ['ann@uni.edu.au', 'ann@studio.photography', 'ann@contoso.technology', 'ann@example.xn--p1ai'])
      expect(checkSmtpAddress(ok).errors).toEqual([]);
    for (const bad of ['ann@contoso.local', 'ann@corp.lan', 'ann@contoso.internal']) expect(checkSmtpAddress(bad).errors).toEqual(['topleveldomain']);
  });

  it('every value of a multi-valued attribute is checked, not only the first', () => {
    expect(only({ proxyAddresses: ['SMTP:ann@contoso.com', 'smtp:ann@contoso.local'] })).toMatchObject({
      value: 'smtp:ann@contoso.local',
      errors: ['topleveldomain'],
    });
  });

  it('X.400 and X.500 proxy addresses are not checked as SMTP addresses', () => {
    expect(
      problems({
        proxyAddresses: [
          'SMTP:ann@contoso.com',
          'X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=ann',
          'X400:c=US;a= ;p=Contoso;o=Exchange;s=Lee;g=Ann;',
        ],
      }),
    ).toEqual([]);
  });

  it("duplicates: one pass over a hash index; every member reported naming the others; UPN vs another object's smtp: address, case-insensitive", () => {
    const index = new DuplicateIndex();
    const mk = (name: string, attrs: Record<string, string[]>, guid: number) =>
      normaliseEntry({ dn: `CN=${name},DC=c,DC=com`, attributes: { objectClass: ['user'], cn: [name], objectGUID: [b64(Array(16).fill(guid))], ...attrs } });
    index.put(mk('a', { userPrincipalName: ['Ann@Contoso.com'] }, 1));
    index.put(mk('b', { proxyAddresses: ['SMTP:b@contoso.com', 'smtp:ann@CONTOSO.COM'] }, 2));
    index.put(mk('c', { mail: ['ann@contoso.com'], proxyAddresses: ['SMTP:ann@contoso.com'] }, 3));
    index.put(mk('d', { userPrincipalName: ['dee@contoso.com'], mail: ['dee@contoso.com'], proxyAddresses: ['SMTP:dee@contoso.com'] }, 4));
    const sets = [...index.duplicateSets()];
    expect(sets).toHaveLength(1);
    expect(sets[0]!.holders.map((h) => `${h.dn.slice(3, 4)}:${h.attribute}`).sort()).toEqual([
      'a:userPrincipalName',
      'b:proxyAddresses',
      'c:mail',
      'c:proxyAddresses',
    ]);
    // Saved and reloaded (a re-scan's state), the index finds the same set.
    expect([...DuplicateIndex.parse(index.serialise()).duplicateSets()][0]!.holders).toHaveLength(4);
    index.remove(normaliseEntry({ dn: 'x', attributes: { objectGUID: [b64(Array(16).fill(3))] } }).objectGuid);
    expect([...index.duplicateSets()][0]!.holders).toHaveLength(2);
  });
});

describe('IdFix skips', () => {
  const skip = (attrs: Record<string, string[]>, dn?: string) => skipReason(obj(attrs, dn));
  it('system names, $ accounts, conflict objects, critical system objects, MSOL_ and Exchange system mailboxes (by the decimal type IdFix never matched)', () => {
    expect(skip({ cn: ['HealthMailbox1234'] })).toMatch(/HealthMailbox/);
    expect(skip({ cn: ['Administrator'] })).toMatch(/Admini/);
    expect(skip({ cn: ['SQL01$'] })).toMatch(/\$/);
    expect(skip({}, 'CN=Ann\\0ACNF:1234,OU=Staff,DC=contoso,DC=com')).toMatch(/conflict/);
    expect(skip({ isCriticalSystemObject: ['TRUE'] })).toMatch(/critical/);
    expect(skip({ sAMAccountName: ['MSOL_0123abcd'] })).toMatch(/MSOL_/);
    expect(skip({ msExchRecipientTypeDetails: ['8388608'] })).toMatch(/system mailbox/);
    expect(skip({ mailNickname: ['SystemMailbox{abc}'] })).toMatch(/SYSTEMMAILBOX/);
    expect(skip({ cn: ['Ann Lee'] })).toBeNull();
  });
  it('security groups without mail and distribution groups without proxy addresses', () => {
    const group = (attrs: Record<string, string[]>) =>
      skipReason(normaliseEntry({ dn: 'CN=G,DC=c,DC=com', attributes: { objectClass: ['group'], cn: ['G'], ...attrs } }));
    expect(group({ groupType: ['-2147483646'] })).toMatch(/security group/);
    expect(group({ groupType: ['-2147483646'], mail: ['g@contoso.com'] })).toBeNull();
    expect(group({ groupType: ['8'] })).toMatch(/distribution group/);
    expect(group({ groupType: ['8'], proxyAddresses: ['SMTP:g@contoso.com'] })).toBeNull();
  });
});
