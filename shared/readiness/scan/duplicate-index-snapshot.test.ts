// The duplicate index saved as a snapshot (what a re-scan loads instead of re-adding every object)
// and copied with clone(): over random puts, replacements and removes (so object numbers are freed
// and reused, and table slots deleted), with values that need trimming, Unicode case folding or
// UTF-16 beyond Latin-1, the restored index answers every question as the original does, holders
// in the same order, and goes on behaving the same when both are changed further. Damaged
// snapshots are refused with what is wrong.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DuplicateIndex, type DuplicateIndexSnapshot } from './duplicate-index';
import { normaliseEntry, type RawEntry } from './scan-object';

const guidOf = (i: number) => btoa(String.fromCharCode(...Array<number>(16).fill(i)));
const guid = fc.integer({ min: 0, max: 15 }).map(guidOf);
/** Values that collide across attributes and objects, need trimming or Unicode case rules, or are wide. */
const shared = fc.oneof(
  fc.constantFrom(
    'ann@contoso.com',
    'ANN@Contoso.com',
    ' ann@contoso.com ',
    '\tann@contoso.com',
    'SMTP:ann@contoso.com',
    'smtp:Ann@contoso.com',
    'X500:/o=a/cn=ann',
    'x500:/O=A/cn=ANN',
    'ann',
    'Ann ',
    'İx',
    'i̇x',
    'ſmtp:ann@contoso.com',
    'Σa:b',
    'σa:b',
    'josé@contoso.com',
    'JOSÉ@contoso.com',
    '日本@contoso.com',
    '😀@contoso.com',
    '\ud800x@contoso.com',
    '',
    `SMTP:${'l'.repeat(300)}@contoso.com`,
    `x500:/cn=${'Ж'.repeat(300)}`,
  ),
  fc.string({ maxLength: 6 }),
);
const classes = fc.constantFrom(['top', 'person', 'organizationalPerson', 'user'], ['top', 'person', 'organizationalPerson', 'contact'], ['top', 'group']);
const entry: fc.Arbitrary<RawEntry> = fc.record({
  dn: fc.constantFrom('CN=a,DC=c', 'CN=Björk,OU=Ä,DC=c', 'CN=x\\0ACNF:1,DC=c', 'CN=日本,DC=c'),
  attributes: fc.record({
    objectClass: classes,
    objectGUID: guid.map((g) => [g]),
    mail: fc.array(shared, { maxLength: 2 }),
    userPrincipalName: fc.array(shared, { maxLength: 1 }),
    proxyAddresses: fc.array(shared, { maxLength: 4 }),
    mailNickname: fc.array(shared, { maxLength: 1 }),
    sAMAccountName: fc.array(shared, { maxLength: 1 }),
    targetAddress: fc.array(shared, { maxLength: 1 }),
  }),
});
const op = fc.oneof({ weight: 5, arbitrary: entry.map((e) => ({ put: e })) }, { weight: 2, arbitrary: guid.map((g) => ({ remove: g })) });
const ops = fc.array(op, { maxLength: 40, size: 'max' });

const guidKey = (b64: string) => normaliseEntry({ dn: 'x', attributes: { objectGUID: [b64] } }).objectGuid;

function apply(index: DuplicateIndex, step: { put: RawEntry } | { remove: string }): void {
  if ('put' in step) index.put(normaliseEntry(step.put));
  else index.remove(guidKey(step.remove));
}

/** Every question the scanner asks of an index, answered by both. */
function expectSameIndex(actual: DuplicateIndex, expected: DuplicateIndex): void {
  expect(actual.size).toBe(expected.size);
  expect([...actual.duplicateSets()]).toEqual([...expected.duplicateSets()]);
  for (let i = 0; i < 16; i++) {
    const g = guidKey(guidOf(i));
    expect(actual.has(g)).toBe(expected.has(g));
    const keys = actual.keysOf(g);
    expect(keys).toEqual(expected.keysOf(g));
    for (const key of keys) {
      expect(actual.holdersOf(key)).toEqual(expected.holdersOf(key));
      expect(actual.duplicateSet(key)).toEqual(expected.duplicateSet(key));
    }
  }
  expect(actual.serialise()).toBe(expected.serialise());
}

/** A snapshot through structured cloning (what a file round trip keeps: the strings and numbers). */
const copied = (s: DuplicateIndexSnapshot): DuplicateIndexSnapshot => structuredClone(s);

describe('DuplicateIndex snapshots and copies', () => {
  it('an index restored from its snapshot equals the one it came from, and stays equal as both change', () => {
    fc.assert(
      fc.property(ops, ops, (before, after) => {
        const original = new DuplicateIndex();
        for (const step of before) apply(original, step);
        const restored = DuplicateIndex.fromSnapshot(copied(original.toSnapshot()));
        expectSameIndex(restored, original);
        expect(restored.toSnapshot()).toEqual(original.toSnapshot());
        // Free object numbers, list numbers and table slots were restored too: further changes agree.
        original.trackChanges();
        restored.trackChanges();
        for (const step of after) {
          apply(original, step);
          apply(restored, step);
        }
        expect([...restored.takeTouchedKeys()]).toEqual([...original.takeTouchedKeys()]);
        expectSameIndex(restored, original);
      }),
      { numRuns: 300 },
    );
  });

  it('a clone equals its original, and changing one leaves the other as it was', () => {
    fc.assert(
      fc.property(ops, ops, (before, after) => {
        const original = new DuplicateIndex();
        for (const step of before) apply(original, step);
        const reference = DuplicateIndex.fromSnapshot(copied(original.toSnapshot()));
        const clone = original.clone();
        expectSameIndex(clone, original);
        const twin = original.clone();
        for (const step of after) {
          apply(clone, step);
          apply(twin, step);
        }
        expectSameIndex(original, reference);
        expectSameIndex(clone, twin);
      }),
      { numRuns: 200 },
    );
  });

  describe('a damaged snapshot is refused, naming what is wrong', () => {
    const index = new DuplicateIndex();
    const put = (i: number, mail: string) =>
      index.put(
        normaliseEntry({ dn: `CN=u${i},DC=c`, attributes: { objectClass: ['user'], objectGUID: [guidOf(i)], mail: [mail], proxyAddresses: [`SMTP:${mail}`] } }),
      );
    put(1, 'a@contoso.com');
    put(2, 'a@contoso.com');
    put(3, 'b@contoso.com');
    put(4, 'c@contoso.com');
    index.remove(guidKey(guidOf(3)));
    const good = index.toSnapshot();
    const damaged = (change: (s: DuplicateIndexSnapshot) => void) => {
      const s = copied(good);
      change(s);
      return () => DuplicateIndex.fromSnapshot(s);
    };

    it('the undamaged one loads', () => {
      expectSameIndex(DuplicateIndex.fromSnapshot(copied(good)), index);
    });
    it('a column whose lengths do not fit its text', () => {
      expect(damaged((s) => (s.dns.text = s.dns.text.slice(0, -1)))).toThrow(/DNs of object \d runs past the saved text/);
      expect(damaged((s) => (s.dns.text += 'x'))).toThrow(/DNs has 1 characters no object owns/);
      expect(damaged((s) => (s.classes.lengths = s.classes.lengths.subarray(1)))).toThrow(/classes has 3 entries for 4 objects/);
    });
    it('held values cut short', () => {
      expect(
        damaged((s) => {
          s.held.text = s.held.text.slice(0, 10) + s.held.text.slice(11);
          s.held.lengths[0]! -= 1;
        }),
      ).toThrow(/the held values of CN=u1,DC=c are cut or damaged/);
    });
    it('free numbers that disagree with the objects', () => {
      expect(damaged((s) => (s.free = Int32Array.of(0)))).toThrow(/free object number 0 is not a free entry/);
      expect(damaged((s) => (s.free = new Int32Array(0)))).toThrow(/1 object numbers are neither held nor free/);
    });
    it('an objectGUID saved twice', () => {
      expect(
        damaged((s) => {
          const [a, b] = [s.guids.text.slice(0, s.guids.lengths[0]), s.guids.text.slice(s.guids.lengths[0])];
          s.guids.text = a + a + b.slice(s.guids.lengths[1]);
        }),
      ).toThrow(/is saved twice/);
    });
    it('a hash table that names a free object, has no empty slot, or miscounts', () => {
      expect(
        damaged((s) => {
          const i = s.table.slots.findIndex((v, k) => k % 3 === 1 && v === 3 && s.table.slots[k - 1] !== 0);
          s.table.slots[i] = 2; // object 2 is the freed one
        }),
      ).toThrow(/names object 2, which the index does not hold/);
      expect(damaged((s) => (s.table.count += 1))).toThrow(/hashes but its slots hold/);
      expect(damaged((s) => (s.table.slots = new Int32Array(9)))).toThrow(/power-of-two table/);
      expect(damaged((s) => (s.table.listLengths = Int32Array.of(...s.table.listLengths, 2)))).toThrow(/within the saved values/);
    });
  });
});
