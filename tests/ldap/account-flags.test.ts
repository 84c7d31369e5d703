import { describe, expect, it } from 'vitest';
import { decodeAccountFlags, guidFromBytes, guidToBytes, guidToFilterValue, parseIntegerAttribute, UAC, withUacBit } from '../../shared/ldap';

const decode = (userAccountControl: number, computed: number | null = 0, pwdLastSet: string | null = '134397338212985630') =>
  decodeAccountFlags({ userAccountControl, computed, pwdLastSet });

describe('decodeAccountFlags', () => {
  it('reads a normal enabled account as healthy', () => {
    expect(decode(512)).toEqual({ disabled: false, lockedOut: false, passwordExpired: false, passwordNeverExpires: false, mustChangePassword: false });
  });

  it('reads disabled and never-expires from userAccountControl (values seen on Samba)', () => {
    expect(decode(514).disabled).toBe(true);
    expect(decode(546).disabled).toBe(true); // a fresh LDAP-created user: disabled + PASSWD_NOTREQD
    const f = decode(66048);
    expect(f.passwordNeverExpires).toBe(true);
    expect(f.disabled).toBe(false);
  });

  it('reads lockout and expiry from the computed attribute', () => {
    expect(decode(512, UAC.LOCKOUT).lockedOut).toBe(true);
    expect(decode(512, UAC.PASSWORD_EXPIRED).passwordExpired).toBe(true);
    expect(decode(512 | UAC.LOCKOUT, 0).lockedOut).toBe(true); // legacy bit
  });

  it('reports pwdLastSet = 0 as must-change, not as expired, although AD sets the expired bit too', () => {
    const f = decode(512, UAC.PASSWORD_EXPIRED, '0');
    expect(f.mustChangePassword).toBe(true);
    expect(f.passwordExpired).toBe(false);
  });

  it('never reports an expired password on a never-expires account', () => {
    expect(decode(66048, UAC.PASSWORD_EXPIRED).passwordExpired).toBe(false);
  });

  it('handles a missing computed attribute and pwdLastSet', () => {
    expect(decode(512, null, null)).toMatchObject({ lockedOut: false, passwordExpired: false, mustChangePassword: false });
  });

  it('sets and clears bits without touching the others', () => {
    expect(withUacBit(546, UAC.ACCOUNTDISABLE, false)).toBe(544);
    expect(withUacBit(512, UAC.DONT_EXPIRE_PASSWORD, true)).toBe(66048);
    expect(withUacBit(66050, UAC.DONT_EXPIRE_PASSWORD, false)).toBe(514);
  });

  it('parses integer attributes strictly', () => {
    expect(parseIntegerAttribute('userAccountControl', '66048')).toBe(66048);
    expect(parseIntegerAttribute('userAccountControl', undefined)).toBeNull();
    expect(() => parseIntegerAttribute('userAccountControl', '0x200')).toThrow(/userAccountControl "0x200" is not an integer/);
  });
});

describe('GUIDs', () => {
  // objectGUID bytes as Samba returned them for a test account.
  const bytes = [0x06, 0x35, 0x8e, 0xb8, 0x40, 0x24, 0x41, 0x44, 0x8b, 0x41, 0x6e, 0x30, 0x7f, 0x27, 0x83, 0xdd];

  it('formats AD mixed-endian bytes and back', () => {
    expect(guidFromBytes(bytes)).toBe('b88e3506-2440-4441-8b41-6e307f2783dd');
    expect(guidToBytes('{B88E3506-2440-4441-8B41-6E307F2783DD}')).toEqual(bytes);
    expect(guidToFilterValue('b88e3506-2440-4441-8b41-6e307f2783dd')).toBe('\\06\\35\\8e\\b8\\40\\24\\41\\44\\8b\\41\\6e\\30\\7f\\27\\83\\dd');
    expect(() => guidFromBytes([1, 2])).toThrow(/16 bytes/);
    expect(() => guidToBytes('nope')).toThrow(/not a GUID/);
  });
});
