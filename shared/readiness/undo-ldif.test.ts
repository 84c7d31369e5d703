import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Utf8, formatUndoLdif, fromBase64Utf8, parseUndoLdif, type UndoBatch } from './undo-ldif';

const change = fc
  .record({
    dn: fc.string({ minLength: 1 }).map((s) => `CN=${s},DC=lab,DC=example,DC=com`),
    objectGuid: fc.option(fc.uuid(), { nil: null }),
    attribute: fc.constantFrom('proxyAddresses', 'displayName', 'userPrincipalName', 'uPNSuffixes'),
    remove: fc.array(fc.string({ minLength: 1 }), { maxLength: 2 }),
    add: fc.array(fc.string({ minLength: 1 }), { maxLength: 2 }),
    // eslint-disable-next-line no-control-regex -- sources are single-line text
    source: fc.string({ minLength: 1 }).filter((s) => !/[\x00-\x1f]/.test(s) && s.trim() === s),
  })
  .filter((c) => c.remove.length + c.add.length > 0);

describe('undo file (LDIF)', () => {
  it('reads back exactly the restores it writes, for any value (base64 where LDIF needs it)', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 6 }), (restores) => {
        const notApplied = restores.length ? [{ index: restores.length - 1, reason: 'skipped: changed since the scan' }] : [];
        const batch: UndoBatch = {
          batchId: 'b-1',
          createdAt: '2026-11-22T03:00:00.000Z',
          server: 'ldaps://dc:636',
          origin: 'scan apply x.csv',
          restores,
          notApplied,
        };
        expect(parseUndoLdif(formatUndoLdif(batch))).toEqual(batch);
      }),
    );
  });

  it('base64 round-trips any Unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(fromBase64Utf8(base64Utf8(s))).toBe(s);
      }),
    );
    expect(base64Utf8('Zoë')).toBe('Wm/Dqw==');
  });

  it('is readable: plain values stay plain, each record says what it undoes', () => {
    const text = formatUndoLdif({
      batchId: 'b-2',
      createdAt: '2026-11-22T03:00:00.000Z',
      server: 'ldaps://dc:636',
      origin: 'workbench',
      restores: [
        { dn: 'CN=Ann,OU=Staff,DC=lab', objectGuid: 'g', attribute: 'proxyAddresses', remove: ['smtp:new@x.com'], add: ['smtp:old@x.com'], source: 'line 2' },
      ],
    });
    expect(text).toContain('# undoes line 2: proxyAddresses: "smtp:old@x.com" → "smtp:new@x.com"');
    expect(text).toContain(
      'dn: CN=Ann,OU=Staff,DC=lab\nchangetype: modify\ndelete: proxyAddresses\nproxyAddresses: smtp:new@x.com\n-\nadd: proxyAddresses\nproxyAddresses: smtp:old@x.com\n-\n',
    );
  });

  it('refuses a broken file, naming the line', () => {
    const good = formatUndoLdif({
      batchId: 'b-3',
      createdAt: 't',
      server: 's',
      origin: 'o',
      restores: [{ dn: 'CN=a,DC=lab', objectGuid: null, attribute: 'mail', remove: ['x@y.com'], add: [], source: 'line 2' }],
    });
    expect(() => parseUndoLdif('hello')).toThrow(/line 1: unexpected "hello"/);
    expect(() => parseUndoLdif(good.replace('changetype: modify', 'changetype: delete'))).toThrow(/line 14: expected "changetype: modify"/);
    expect(() => parseUndoLdif(good.replace('-\n', ''))).toThrow(/must end with "-"/);
    expect(() => parseUndoLdif(good.replace('mail: x@y.com\n', ''))).toThrow(/names no value/);
    expect(() => parseUndoLdif(good.replace('# dsd-server: s\n', ''))).toThrow(/lacks "# dsd-server:"/);
  });
});
