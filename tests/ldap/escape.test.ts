// Property tests for the filter and DN escapers: whatever the value, the escaped form carries no
// active syntax, and unescaping gives the value back.
import fc from 'fast-check';
import { EqualityFilter, FilterParser } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { escapeDnValue, escapeFilterValue, parseDn, splitDn, unescapeDnValue, unescapeFilterValue } from '../../shared/ldap';

/** Drops the escape sequences the escapers produce, leaving only the literal text. */
const withoutEscapes = (s: string) => s.replace(/\\[0-9A-Fa-f]{2}/g, '').replace(/\\[\s\S]/g, '');

// Strings rich in LDAP syntax characters, plus arbitrary Unicode.
const hostile = fc.oneof(
  fc.string({ unit: fc.constantFrom('*', '(', ')', '\\', '\u0000', '=', ',', '+', '"', ';', '<', '>', '#', ' ', 'a', 'é', '\n') }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
);

describe('escapeFilterValue', () => {
  it('leaves no unescaped * ( ) \\ or NUL', () => {
    fc.assert(
      fc.property(hostile, (v) => {
        const literal = withoutEscapes(escapeFilterValue(v));
        for (const bad of ['*', '(', ')', '\\', '\u0000']) expect(literal).not.toContain(bad);
      }),
    );
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(hostile, (v) => {
        expect(unescapeFilterValue(escapeFilterValue(v))).toBe(v);
      }),
    );
  });

  it('parses as one equality filter whose value is the original string', () => {
    fc.assert(
      fc.property(hostile, (v) => {
        const parsed = FilterParser.parseString(`(sAMAccountName=${escapeFilterValue(v)})`);
        expect(parsed).toBeInstanceOf(EqualityFilter);
        expect((parsed as EqualityFilter).value).toBe(v);
      }),
    );
  });

  it('escapes the classic injection', () => {
    expect(escapeFilterValue('*)(objectClass=*')).toBe('\\2a\\29\\28objectClass=\\2a');
    expect(escapeFilterValue('a\\b\u0000')).toBe('a\\5cb\\00');
  });

  it('decodes multi-byte escapes as UTF-8 and rejects bad escapes', () => {
    expect(unescapeFilterValue('caf\\c3\\a9')).toBe('café');
    expect(() => unescapeFilterValue('a\\zz')).toThrow(/invalid escape/);
    expect(() => unescapeFilterValue('\\c3')).toThrow(/UTF-8/);
  });
});

describe('escapeDnValue', () => {
  it('leaves no unescaped special character, leading # or space, or trailing space', () => {
    fc.assert(
      fc.property(hostile, (v) => {
        const e = escapeDnValue(v);
        // Remove escapes one token at a time so "\\," is not mistaken for an escaped comma.
        const literal = e.replace(/\\(?:[0-9A-Fa-f]{2}|[\s\S])/g, '\u0001');
        for (const bad of ['"', '+', ',', ';', '<', '>', '\\', '=', '\u0000']) expect(literal).not.toContain(bad);
        if (v.length) {
          expect(e.startsWith(' ') || e.startsWith('#')).toBe(false);
          expect(e.endsWith(' ') && !e.endsWith('\\ ')).toBe(false);
        }
      }),
    );
  });

  it('round-trips, also inside a DN', () => {
    fc.assert(
      fc.property(
        hostile.filter((v) => v.length > 0),
        (v) => {
          expect(unescapeDnValue(escapeDnValue(v))).toBe(v);
          const dn = `CN=${escapeDnValue(v)},OU=Lab,DC=lab,DC=example,DC=com`;
          expect(splitDn(dn)).toHaveLength(5);
          expect(parseDn(dn)[0]).toEqual({ type: 'CN', value: v });
        },
      ),
    );
  });

  it('writes control characters as hex, like an AD tombstone name', () => {
    expect(escapeDnValue('t1\nDEL:b88e3506')).toBe('t1\\0ADEL:b88e3506');
    expect(escapeDnValue(' #a, b ')).toBe('\\ #a\\, b\\ ');
    expect(escapeDnValue('#x')).toBe('\\#x');
  });

  it('rejects malformed escapes', () => {
    expect(() => unescapeDnValue('a\\')).toThrow(/lone backslash/);
    expect(() => unescapeDnValue('a\\q')).toThrow(/invalid escape/);
  });
});
