// Distinguished names as strings: split into RDNs, find the parent, compare the way AD does
// (attribute types and values case-insensitively, escaping normalised).
import { escapeDnValue, unescapeDnValue } from './escape';

export interface Rdn {
  /** Attribute type as written, e.g. CN, OU, DC. */
  type: string;
  /** Unescaped value. */
  value: string;
}

/** Splits a DN into its RDN strings (still escaped), honouring `\,` and `\XX` escapes. */
export function splitDn(dn: string): string[] {
  if (dn.trim() === '') return [];
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i += 1) {
    const ch = dn[i]!;
    if (ch === '\\') {
      if (i + 1 >= dn.length) throw new SyntaxError(`DN "${dn}" ends with a lone backslash`);
      current += ch + dn[i + 1];
      i += 1;
    } else if (ch === ',') {
      parts.push(trimRdn(current));
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(trimRdn(current));
  if (parts.some((p) => p === '')) throw new SyntaxError(`DN "${dn}" has an empty RDN`);
  return parts;
}

/** Drops spaces around an RDN, but keeps a trailing space that is escaped (`CN=a\ `). */
function trimRdn(rdn: string): string {
  let s = rdn.trimStart();
  while (s.endsWith(' ')) {
    let backslashes = 0;
    for (let i = s.length - 2; i >= 0 && s[i] === '\\'; i -= 1) backslashes += 1;
    if (backslashes % 2 === 1) break;
    s = s.slice(0, -1);
  }
  return s;
}

/** Parses one RDN string (`CN=Jane\, Doe`) into its type and unescaped value. Multi-valued RDNs are not used by AD. */
export function parseRdn(rdn: string): Rdn {
  let eq = -1;
  for (let i = 0; i < rdn.length; i += 1) {
    if (rdn[i] === '\\') i += 1;
    else if (rdn[i] === '=') {
      eq = i;
      break;
    }
  }
  if (eq <= 0) throw new SyntaxError(`RDN "${rdn}" has no attribute type`);
  const type = rdn.slice(0, eq).trim();
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(type)) throw new SyntaxError(`RDN "${rdn}" has an invalid attribute type`);
  return { type, value: unescapeDnValue(rdn.slice(eq + 1)) };
}

export function parseDn(dn: string): Rdn[] {
  return splitDn(dn).map(parseRdn);
}

export function formatRdn(rdn: Rdn): string {
  return `${rdn.type}=${escapeDnValue(rdn.value)}`;
}

/** The DN of the container holding `dn`; '' for a single-RDN DN. */
export function parentDn(dn: string): string {
  return splitDn(dn).slice(1).join(',');
}

/** Canonical form for comparisons: lower-case types and values, minimal escaping, no spaces around separators. */
export function normalizeDn(dn: string): string {
  return parseDn(dn)
    .map((r) => `${r.type.toLowerCase()}=${escapeDnValue(r.value.toLowerCase())}`)
    .join(',');
}

export function dnEquals(a: string, b: string): boolean {
  return normalizeDn(a) === normalizeDn(b);
}

/** True when `dn` is `ancestor` itself or lies under it. */
export function isDnWithin(dn: string, ancestor: string): boolean {
  const d = parseDn(dn).map((r) => formatRdn({ type: r.type.toLowerCase(), value: r.value.toLowerCase() }));
  const a = parseDn(ancestor).map((r) => formatRdn({ type: r.type.toLowerCase(), value: r.value.toLowerCase() }));
  if (a.length > d.length) return false;
  return a.every((part, i) => part === d[d.length - a.length + i]);
}

/** `DC=lab,DC=example,DC=com` → `lab.example.com` (only the DC components count). */
export function domainFromDn(baseDn: string): string {
  return parseDn(baseDn)
    .filter((r) => r.type.toLowerCase() === 'dc')
    .map((r) => r.value.toLowerCase())
    .join('.');
}

/** `lab.example.com` → `DC=lab,DC=example,DC=com`. */
export function dnFromDomain(domain: string): string {
  const labels = domain.trim().replace(/\.$/, '').split('.');
  if (labels.some((l) => l === '')) throw new SyntaxError(`"${domain}" is not a DNS domain name`);
  return labels.map((l) => `DC=${escapeDnValue(l)}`).join(',');
}
