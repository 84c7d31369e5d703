// Windows FILETIME (100-ns intervals since 1601-01-01 UTC, as AD's Large Integer attributes
// carry it: a decimal string) and LDAP GeneralizedTime, to and from ISO dates.

/** 0 and 0x7FFFFFFFFFFFFFFF both mean "never" (accountExpires) / "not set" (pwdLastSet). */
export const FILETIME_NEVER = '9223372036854775807';
const EPOCH_DIFF_MS = 11_644_473_600_000n; // 1601-01-01 → 1970-01-01
const TICKS_PER_MS = 10_000n;

/** FILETIME decimal string → ISO date, or null for 0 / 0x7FFFFFFFFFFFFFFF. Throws on anything that is not a FILETIME. */
export function fileTimeToIso(value: string): string | null {
  const text = value.trim();
  if (!/^-?\d{1,20}$/.test(text)) throw new RangeError(`"${value}" is not a Windows FILETIME (expected a decimal integer)`);
  const ticks = BigInt(text);
  if (ticks === 0n || text === FILETIME_NEVER) return null;
  if (ticks < 0n || ticks > BigInt(FILETIME_NEVER)) throw new RangeError(`"${value}" is outside the FILETIME range`);
  const ms = ticks / TICKS_PER_MS - EPOCH_DIFF_MS;
  return new Date(Number(ms)).toISOString();
}

/** ISO date → FILETIME decimal string (millisecond precision). */
export function isoToFileTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`"${iso}" is not a date`);
  const ticks = (BigInt(ms) + EPOCH_DIFF_MS) * TICKS_PER_MS;
  if (ticks <= 0n) throw new RangeError(`"${iso}" is before 1601, which FILETIME cannot hold`);
  return ticks.toString();
}

/** LDAP GeneralizedTime as AD writes it (`20261121112341.0Z`) → ISO date. */
export function generalizedTimeToIso(value: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?Z$/.exec(value.trim());
  if (!m) throw new RangeError(`"${value}" is not a GeneralizedTime in UTC (YYYYMMDDHHMMSS[.f]Z)`);
  const [, y, mo, d, h, mi, s, frac = '0'] = m;
  const ms = Math.round(Number(`0.${frac}`) * 1000);
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) {
    throw new RangeError(`"${value}" is not a valid calendar date`);
  }
  return date.toISOString();
}

/** ISO date → GeneralizedTime (`YYYYMMDDHHMMSS.0Z`), the form AD returns. */
export function isoToGeneralizedTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`"${iso}" is not a date`);
  const t = new Date(ms).toISOString(); // 2026-11-21T11:23:41.000Z
  return `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}${t.slice(11, 13)}${t.slice(14, 16)}${t.slice(17, 19)}.0Z`;
}
