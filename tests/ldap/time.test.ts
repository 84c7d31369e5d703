import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileTimeToIso, FILETIME_NEVER, generalizedTimeToIso, isoToFileTime, isoToGeneralizedTime } from '../../shared/ldap';

describe('Windows FILETIME', () => {
  it('decodes a pwdLastSet value read from Samba', () => {
    // 134397338212985630 was written by Samba at 2026-11-21T11:23:41Z (see the lab DC).
    expect(fileTimeToIso('134397338212985630')).toBe('2026-11-21T11:23:41.298Z');
    expect(fileTimeToIso('116444736000000000')).toBe('1970-01-01T00:00:00.000Z');
  });

  it('treats 0 and 0x7FFFFFFFFFFFFFFF as never', () => {
    expect(fileTimeToIso('0')).toBeNull();
    expect(fileTimeToIso(FILETIME_NEVER)).toBeNull();
  });

  it('rejects values that are not FILETIMEs', () => {
    expect(() => fileTimeToIso('')).toThrow(/not a Windows FILETIME/);
    expect(() => fileTimeToIso('12.5')).toThrow(/not a Windows FILETIME/);
    expect(() => fileTimeToIso('-5')).toThrow(/outside/);
    expect(() => fileTimeToIso('9223372036854775808')).toThrow(/outside/);
    expect(() => isoToFileTime('yesterday')).toThrow(/not a date/);
  });

  it('round-trips at millisecond precision', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1601-01-02T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        expect(fileTimeToIso(isoToFileTime(d.toISOString()))).toBe(d.toISOString());
      }),
    );
  });
});

describe('GeneralizedTime', () => {
  it('decodes AD whenChanged values', () => {
    expect(generalizedTimeToIso('20261121112341.0Z')).toBe('2026-11-21T11:23:41.000Z');
    expect(generalizedTimeToIso('20240229235959.5Z')).toBe('2024-02-29T23:59:59.500Z');
    expect(() => generalizedTimeToIso('20230230000000.0Z')).toThrow(/calendar/);
    expect(() => generalizedTimeToIso('2026-11-21')).toThrow(/GeneralizedTime/);
  });

  it('round-trips whole seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799 }), (s) => {
        const iso = new Date(s * 1000).toISOString();
        expect(generalizedTimeToIso(isoToGeneralizedTime(iso))).toBe(iso);
      }),
    );
  });
});
