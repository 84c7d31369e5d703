// The engine's faster implementations (fast paths in the rules, the hashed duplicate index, the
// entry decoder and skips) against the implementation they replaced (./test/*-v1.ts, kept as it
// was): on random objects and random sequences of index changes, the same results, field by
// field and in the same order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSmtpAddress, isCleanAddress } from './address';
import { DuplicateIndex } from './duplicate-index';
import { checkObject } from './rules';
import { normaliseEntry, SCAN_ATTRIBUTES, skipReason, type RawEntry, type ScanObject } from './scan-object';
import { checkSmtpAddress as checkSmtpAddressV1 } from './test/address-v1';
import { DuplicateIndex as DuplicateIndexV1 } from './test/duplicate-index-v1';
import { checkObject as checkObjectV1 } from './test/rules-v1';
import { normaliseEntry as normaliseEntryV1, skipReason as skipReasonV1 } from './test/scan-object-v1';

/** Pieces that exercise every rule's edge: case, spaces, periods, prefixes, bad characters, Unicode, TLDs. */
const FRAGMENTS = [
  'ann',
  'Ann',
  'LEE',
  "o'brien",
  'x',
  '2',
  '.',
  '..',
  '@',
  '@@',
  ' ',
  '  ',
  '\t',
  '\u00a0',
  '\u0001',
  '\u007f',
  '-',
  '_',
  '+',
  '/',
  '\\',
  '"',
  '<',
  '>',
  '(',
  ')',
  ';',
  ',',
  '[',
  ']',
  ':',
  '*',
  '?',
  '=',
  '{',
  '|',
  '%',
  '&',
  '!',
  '#',
  '$',
  '^',
  '`',
  '~',
  'ä',
  'Ö',
  'é',
  'İ',
  'Σ',
  '\u212a',
  'ſ',
  '日本',
  'smtp:',
  'SMTP:',
  'Smtp:',
  'X500:',
  'x400:',
  'X.500:',
  'sip:',
  'eum:',
  'contoso',
  'Contoso',
  'com',
  'COM',
  'local',
  'lan',
  'edu',
  'au',
  'photography',
  'xn--p1ai',
  'xn--',
  'onmicrosoft',
  'a'.repeat(20),
  'B'.repeat(40),
  'd'.repeat(60),
];
const fragmentText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 8 }).map((xs) => xs.join(''));
const label = fc.oneof(
  fc.constantFrom('contoso', 'Contoso', 'uni', 'mail', 'a-b', 'x1', 'sub-', '-bad', 'D'.repeat(40)),
  fc.stringMatching(/^[a-z0-9-]{1,12}$/),
);
const tld = fc.constantFrom('com', 'COM', 'au', 'photography', 'local', 'lan', 'internal', 'xn--p1ai', 'c', '123', 'co-uk');
const domain = fc.tuple(fc.array(label, { minLength: 0, maxLength: 3 }), tld).map(([ls, t]) => [...ls, t].join('.'));
const local = fc.oneof(
  fc.constantFrom('ann', "o'brien", 'ann.lee', 'ann..lee', '.ann', 'ann.', 'Ann Lee', 'ann+tag', 'ann_lee', 'ÄNN', 'a'.repeat(64), 'a'.repeat(65)),
  fc.stringMatching(/^[a-zA-Z0-9.'_+-]{1,14}$/),
);
const address = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);
const prefixed = fc
  .tuple(fc.constantFrom('SMTP:', 'smtp:', 'sMtP:', 'X500:', 'x400:', 'X.400:', 'sip:', '', ' smtp:', 'smtp: '), address)
  .map(([p, a]) => p + a);
const x500 = fc.constantFrom(
  'X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=ann',
  'x500:/o=A/cn=b\u0001',
  'X400:c=US;a= ;p=Contoso;o=Exchange;s=Lee;g=Ann;',
);
const anyValue = fc.oneof(
  { weight: 3, arbitrary: address },
  { weight: 3, arbitrary: prefixed },
  { weight: 2, arbitrary: fragmentText },
  { weight: 1, arbitrary: x500 },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const values = (v: fc.Arbitrary<string>) => fc.array(v, { maxLength: 3 });

const objectClasses = fc.constantFrom(
  ['top', 'person', 'organizationalPerson', 'user'],
  ['top', 'person', 'organizationalPerson', 'user', 'inetOrgPerson'],
  ['TOP', 'PERSON', 'USER'],
  ['top', 'person', 'organizationalPerson', 'contact'],
  ['top', 'group'],
  ['top', 'Group'],
  ['top', 'msExchDynamicDistributionList'],
  ['top', '\u212aontact'],
  [],
);
const guidB64 = fc.oneof(
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => btoa(String.fromCharCode(...b))),
  fc.uint8Array({ minLength: 0, maxLength: 20 }).map((b) => btoa(String.fromCharCode(...b))),
  fc.constantFrom('not base64!', '', 'AAECAwQFBgcICQoLDA0ODw==\n'),
);

/** A directory entry as the directory port returns it, with every attribute the engine reads. */
function rawEntry(guids: fc.Arbitrary<string> = guidB64): fc.Arbitrary<RawEntry> {
  return fc
    .record({
      dn: fc.constantFrom(
        'CN=Ann,OU=Staff,DC=contoso,DC=com',
        'CN=Ann\\0ACNF:1234,OU=Staff,DC=contoso,DC=com',
        'CN=x\nCNF:1,DC=c,DC=com',
        'CN=a:b,DC=c,DC=com',
      ),
      objectClass: objectClasses,
      objectGUID: guids.map((g) => [g]),
      cn: values(fc.oneof(fc.constantFrom('Ann', 'SQL01$', 'HealthMailbox12', 'admin', 'ADMINISTRATOR', 'MSOL_x', 'msolFoo', 'Guest', ''), fragmentText)),
      displayName: values(
        fc.oneof(fc.constantFrom('Ann Lee', ' Ann', 'Ann ', '', '  ', 'José', 'd'.repeat(256), 'd'.repeat(257), 'MSOL account'), fragmentText),
      ),
      givenName: values(fc.oneof(fc.constantFrom('Pat', 'g'.repeat(64), 'g'.repeat(65)), fragmentText)),
      sn: values(fc.oneof(fc.constantFrom('Lee', 's'.repeat(64), 's'.repeat(65)), fragmentText)),
      mail: values(anyValue),
      mailNickname: values(
        fc.oneof(fc.constantFrom('ann', 'ann.', '.ann', 'ann..lee', 'ann lee', 'CAS_x', 'SystemMailbox{1}', 'n'.repeat(64), 'n'.repeat(65), ''), fragmentText),
      ),
      proxyAddresses: fc.array(fc.oneof(prefixed, x500, anyValue), { maxLength: 4 }),
      sAMAccountName: values(fc.oneof(fc.constantFrom('ann', 'a'.repeat(20), 'a'.repeat(21), 'ann+lee', 'CAS_1', 'support_x', 'MSOL_1'), fragmentText)),
      targetAddress: values(fc.oneof(prefixed, x500, anyValue)),
      userPrincipalName: values(
        fc.oneof(
          address,
          fragmentText,
          fc.constantFrom(`${'u'.repeat(64)}@${'d'.repeat(44)}.com`, `${'u'.repeat(65)}@contoso.com`, `ann@${'d'.repeat(45)}.com`),
        ),
      ),
      groupType: fc.constantFrom([], ['-2147483646'], ['8'], ['2']),
      isCriticalSystemObject: fc.constantFrom([], ['TRUE'], ['FALSE'], ['true']),
      msExchHideFromAddressLists: fc.constantFrom([], ['TRUE']),
      msExchRecipientTypeDetails: fc.constantFrom([], ['1'], ['8388608'], [' 4096']),
    })
    .map(({ dn, ...attributes }) => ({ dn, attributes }));
}

const RUNS = { numRuns: 2000 };

describe('the engine against the implementation it replaced', () => {
  it('decodes entries and skips objects the same way', () => {
    fc.assert(
      fc.property(rawEntry(), (e) => {
        const o = normaliseEntry(e);
        expect(o).toEqual(normaliseEntryV1(e));
        expect(skipReason(o)).toBe(skipReasonV1(o));
      }),
      RUNS,
    );
  });

  it('makes the same findings (errors, proposed value, detail) for every value', () => {
    fc.assert(
      fc.property(rawEntry(), (e) => {
        const o = normaliseEntry(e);
        expect(checkObject(o)).toEqual(checkObjectV1(o));
      }),
      RUNS,
    );
  });

  it('isCleanAddress passes only addresses the full check finds nothing in', () => {
    fc.assert(
      fc.property(fc.oneof(address, anyValue), (a) => {
        expect(checkSmtpAddress(a)).toEqual(checkSmtpAddressV1(a));
        if (isCleanAddress(a)) expect(checkSmtpAddress(a).errors).toEqual([]);
      }),
      RUNS,
    );
  });

  it('the duplicate index: the same sets, holders, keys, saved state and touched keys over random puts and removes', () => {
    // A small pool of GUIDs and shared values, so objects replace each other and collide often.
    const guid = fc.integer({ min: 0, max: 11 }).map((i) => btoa(String.fromCharCode(...Array<number>(16).fill(i))));
    const shared = fc.constantFrom(
      'ann@contoso.com',
      'ANN@Contoso.com',
      ' ann@contoso.com',
      'SMTP:ann@contoso.com',
      'smtp:Ann@contoso.com',
      'X500:/o=a/cn=ann',
      'x500:/O=A/cn=ANN',
      'sip:ann@contoso.com',
      'ann',
      'Ann',
      'ann.',
      'İx',
      'i̇x',
      'ſmtp:ann@contoso.com',
      'Σa:b',
      'σa:b',
      '',
      `SMTP:${'l'.repeat(300)}@contoso.com`,
      `x500:/cn=${'Ж'.repeat(300)}`,
    );
    const pooled = fc.record({
      dn: fc.constantFrom('CN=a,DC=c', 'CN=b,DC=c', 'CN=c,DC=c'),
      attributes: fc.record({
        objectClass: objectClasses,
        objectGUID: guid.map((g) => [g]),
        mail: values(shared),
        userPrincipalName: values(shared),
        proxyAddresses: fc.array(shared, { maxLength: 4 }),
        mailNickname: values(shared),
        sAMAccountName: values(shared),
        targetAddress: values(shared),
      }),
    });
    const op = fc.oneof(
      { weight: 5, arbitrary: pooled.map((e) => ({ put: e })) },
      { weight: 2, arbitrary: guid.map((g) => ({ remove: g })) },
      { weight: 1, arbitrary: fc.constant({ track: true }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30, size: 'max' }), (ops) => {
        const index = new DuplicateIndex();
        const oracle = new DuplicateIndexV1();
        for (const step of ops) {
          if ('put' in step) {
            const o: ScanObject = normaliseEntry(step.put);
            index.put(o);
            oracle.put(o);
          } else if ('remove' in step) {
            const g = normaliseEntry({ dn: 'x', attributes: { objectGUID: [step.remove] } }).objectGuid;
            index.remove(g);
            oracle.remove(g);
            expect(index.has(g)).toBe(false);
          } else {
            expect(index.takeTouchedKeys()).toEqual(oracle.takeTouchedKeys());
            index.trackChanges();
            oracle.trackChanges();
          }
        }
        expect(index.size).toBe(oracle.size);
        const sets = [...index.duplicateSets()];
        expect(sets).toEqual([...oracle.duplicateSets()]);
        expect(index.serialise()).toBe(oracle.serialise());
        // Reloaded from saved state, holders come in saved order (as they did before): compare with the old reload.
        expect([...DuplicateIndex.parse(index.serialise()).duplicateSets()]).toEqual([...DuplicateIndexV1.parse(oracle.serialise()).duplicateSets()]);
        expect(index.takeTouchedKeys()).toEqual(oracle.takeTouchedKeys());
        for (let i = 0; i < 12; i++) {
          const g = normaliseEntry({ dn: 'x', attributes: { objectGUID: [btoa(String.fromCharCode(...Array<number>(16).fill(i)))] } }).objectGuid;
          expect(index.has(g)).toBe(oracle.has(g));
          const keys = index.keysOf(g);
          expect(keys).toEqual(oracle.keysOf(g));
          for (const key of keys) {
            expect(index.holdersOf(key)).toEqual(oracle.holdersOf(key));
            expect(index.duplicateSet(key)).toEqual(oracle.duplicateSet(key));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('values longer than 65,535 characters keep their length in the packed index', () => {
    const long = `x500:/cn=${'Ж'.repeat(70_000)}`;
    const mk = (i: number, proxies: string[]) =>
      normaliseEntry({
        dn: `CN=${i},DC=c`,
        attributes: {
          objectClass: ['user'],
          objectGUID: [btoa(String.fromCharCode(...Array<number>(16).fill(i)))],
          proxyAddresses: proxies,
          mail: [`m${i}@contoso.com`],
        },
      });
    const index = new DuplicateIndex();
    const oracle = new DuplicateIndexV1();
    for (const o of [mk(1, [long, 'SMTP:a@contoso.com']), mk(2, [long.toUpperCase()]), mk(3, ['smtp:A@Contoso.com'])]) {
      index.put(o);
      oracle.put(o);
    }
    const sets = [...index.duplicateSets()];
    expect(sets.map((s) => s.holders.map((h) => h.value.length))).toEqual([
      [70_009, 70_009],
      [18, 18],
    ]);
    expect(sets).toEqual([...oracle.duplicateSets()]);
    expect(index.serialise()).toBe(oracle.serialise());
  });

  it('decodes every attribute the scan reads to its own name, whatever the case the directory spells it in', () => {
    for (const spell of [(a: string) => a, (a: string) => a.toUpperCase(), (a: string) => a.toLowerCase()]) {
      const e: RawEntry = { dn: 'CN=x,DC=c', attributes: Object.fromEntries(SCAN_ATTRIBUTES.map((a) => [spell(a), [`value of ${a}`]])) };
      const o = normaliseEntry(e);
      for (const a of SCAN_ATTRIBUTES) expect(o.values[a]).toEqual([`value of ${a}`]);
      expect(o).toEqual(normaliseEntryV1(e));
    }
  });
});
