// userAccountControl and msDS-User-Account-Control-Computed, decoded into the flags the app
// reasons about. Bit values: [MS-ADTS] 2.2.16 (userAccountControl) and the computed
// attribute's UF_LOCKOUT / UF_PASSWORD_EXPIRED bits.
import type { AccountFlags } from '../domain/account';

export const UAC = {
  ACCOUNTDISABLE: 0x0002,
  LOCKOUT: 0x0010,
  PASSWD_NOTREQD: 0x0020,
  NORMAL_ACCOUNT: 0x0200,
  WORKSTATION_TRUST_ACCOUNT: 0x1000,
  DONT_EXPIRE_PASSWORD: 0x10000,
  PASSWORD_EXPIRED: 0x800000,
} as const;

export interface RawAccountControl {
  userAccountControl: number;
  /** msDS-User-Account-Control-Computed; null when the server did not return it. */
  computed: number | null;
  /** pwdLastSet as the directory stores it (FILETIME decimal string); null when absent. */
  pwdLastSet: string | null;
}

/** Parses an AD Integer attribute value (userAccountControl is a signed 32-bit value). */
export function parseIntegerAttribute(name: string, value: string | undefined | null): number | null {
  if (value === undefined || value === null) return null;
  if (!/^-?\d{1,10}$/.test(value.trim())) throw new RangeError(`${name} "${value}" is not an integer`);
  const n = Number(value);
  if (n < -2147483648 || n > 4294967295) throw new RangeError(`${name} "${value}" is out of the 32-bit range`);
  return n;
}

export function decodeAccountFlags(raw: RawAccountControl): AccountFlags {
  const uac = raw.userAccountControl >>> 0;
  const computed = (raw.computed ?? 0) >>> 0;
  const has = (bits: number, bit: number) => (bits & bit) !== 0;
  const mustChangePassword = raw.pwdLastSet !== null && raw.pwdLastSet.trim() === '0';
  const passwordNeverExpires = has(uac, UAC.DONT_EXPIRE_PASSWORD);
  return {
    disabled: has(uac, UAC.ACCOUNTDISABLE),
    // AD keeps lockout in the computed attribute; the userAccountControl bit is the pre-2003 place.
    lockedOut: has(computed, UAC.LOCKOUT) || has(uac, UAC.LOCKOUT),
    // AD also sets UF_PASSWORD_EXPIRED when pwdLastSet is 0. That case is "must change" (bind
    // error 773, fixed by setting a password), not "expired" (532), so it is reported only once.
    passwordExpired: !mustChangePassword && !passwordNeverExpires && (has(computed, UAC.PASSWORD_EXPIRED) || has(uac, UAC.PASSWORD_EXPIRED)),
    passwordNeverExpires,
    mustChangePassword,
  };
}

/** userAccountControl with `bit` set or cleared. */
export function withUacBit(userAccountControl: number, bit: number, on: boolean): number {
  const uac = userAccountControl >>> 0;
  return (on ? uac | bit : uac & ~bit) >>> 0;
}
