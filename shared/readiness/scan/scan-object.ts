// One directory object as the rules see it: the attributes IdFix reads (plus sn, which the
// attribute-preparation table limits, and objectGUID / uSNChanged for re-scans), every value of
// every multi-valued attribute, and whether IdFix's exclusions skip it.

/** IdFix's query: people (users, inetOrgPersons, contacts) and groups. */
export const SCAN_FILTER = '(|(objectCategory=Person)(objectCategory=Group))';

/** The attributes IdFix queries, in its order. */
export const IDFIX_ATTRIBUTES = [
  'cn',
  'displayName',
  'distinguishedName',
  'givenName',
  'groupType',
  'homeMDB',
  'isCriticalSystemObject',
  'mail',
  'mailNickname',
  'msExchHideFromAddressLists',
  'msExchRecipientTypeDetails',
  'objectClass',
  'proxyAddresses',
  'sAMAccountName',
  'targetAddress',
  'userPrincipalName',
] as const;

/** What the scan reads: IdFix's attributes, sn (in the table), objectGUID and uSNChanged (re-scans). */
export const SCAN_ATTRIBUTES = [...IDFIX_ATTRIBUTES, 'sn', 'objectGUID', 'uSNChanged'] as const;
export type ScanAttributeName = (typeof SCAN_ATTRIBUTES)[number];

export interface ScanObject {
  dn: string;
  objectGuid: string;
  /** user, inetOrgPerson, group or contact (the most specific structural class). */
  objectClass: string;
  /** uSNChanged as a decimal string ('' when not read). */
  usnChanged: string;
  /** Attribute values by the names in SCAN_ATTRIBUTES; absent attributes are []. */
  values: Record<ScanAttributeName, readonly string[]>;
}

/** Raw entry: values by attribute name (any case); objectGUID base64 (as the directory port returns it). */
export interface RawEntry {
  dn: string;
  attributes: Record<string, readonly string[]>;
}

const CLASS_ORDER = ['inetOrgPerson', 'user', 'contact', 'group'];
const CLASS_ORDER_LOWER = CLASS_ORDER.map((c) => c.toLowerCase());
const EMPTY: readonly string[] = Object.freeze([]);

const BASE64_VALUE = new Int8Array(128).fill(-1);
for (const [i, ch] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) BASE64_VALUE[ch.charCodeAt(0)] = i;

const HEX_CODES = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));
/** Where each byte of AD's mixed-endian objectGUID goes in the registry form (-1: a dash). */
const GUID_ORDER = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];
const guidBytes = new Uint8Array(16);
const guidChars: number[] = new Array<number>(36).fill(0);

/**
 * The registry form (b88e3506-2440-4441-8b41-6e307f2783dd) of a base64 objectGUID, or '' when it
 * does not decode to 16 bytes; one string built, no byte array (shared/ has neither Buffer nor atob).
 */
function guidFromBase64(b64: string): string {
  let count = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < b64.length; i++) {
    const code = b64.charCodeAt(i);
    const v = code < 128 ? BASE64_VALUE[code]! : -1;
    if (v < 0) continue; // padding or line breaks
    buffer = ((buffer << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (count < 16) guidBytes[count] = (buffer >> bits) & 0xff;
      count += 1;
    }
  }
  if (count !== 16) return '';
  let c = 0;
  for (const i of GUID_ORDER) {
    if (i < 0)
      guidChars[c++] = 45; // '-'
    else {
      guidChars[c++] = HEX_CODES[guidBytes[i]! >> 4]!;
      guidChars[c++] = HEX_CODES[guidBytes[i]! & 15]!;
    }
  }
  return String.fromCharCode.apply(null, guidChars);
}

/** Lower-case attribute name → its position in SCAN_ATTRIBUTES. */
const SCAN_POSITION = new Map<string, number>(SCAN_ATTRIBUTES.map((a, i) => [a.toLowerCase(), i]));

/** The values found, by position in SCAN_ATTRIBUTES, made into one object of one shape for all entries. */
function valuesFrom(f: readonly (readonly string[])[]): Record<ScanAttributeName, readonly string[]> {
  return {
    cn: f[0]!,
    displayName: f[1]!,
    distinguishedName: f[2]!,
    givenName: f[3]!,
    groupType: f[4]!,
    homeMDB: f[5]!,
    isCriticalSystemObject: f[6]!,
    mail: f[7]!,
    mailNickname: f[8]!,
    msExchHideFromAddressLists: f[9]!,
    msExchRecipientTypeDetails: f[10]!,
    objectClass: f[11]!,
    proxyAddresses: f[12]!,
    sAMAccountName: f[13]!,
    targetAddress: f[14]!,
    userPrincipalName: f[15]!,
    sn: f[16]!,
    objectGUID: f[17]!,
    uSNChanged: f[18]!,
  };
}

/** value.toLowerCase() === lower (an already lower-case name), without lower-casing ASCII values. */
function equalsIgnoringCase(value: string, lower: string): boolean {
  if (value === lower) return true;
  let ascii = true;
  for (let i = 0; i < value.length && ascii; i++) ascii = value.charCodeAt(i) < 128;
  if (!ascii) return value.toLowerCase() === lower;
  if (value.length !== lower.length) return false;
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** The most specific class IdFix's order knows (inetOrgPerson, user, contact, group), else the last listed. */
function mostSpecificClass(classes: readonly string[]): string {
  for (let k = 0; k < CLASS_ORDER.length; k++) {
    for (let i = 0; i < classes.length; i++) if (equalsIgnoringCase(classes[i]!, CLASS_ORDER_LOWER[k]!)) return CLASS_ORDER[k]!;
  }
  return classes[classes.length - 1] ?? 'unknown';
}

// Entries of one search list the same attribute names in the same order: the names of the last
// entry and what they matched, so most names cost one comparison instead of a lookup.
const lastNames: string[] = [];
const lastPositions: number[] = [];
const found: (readonly string[])[] = SCAN_ATTRIBUTES.map(() => EMPTY);

/** Directory entry → ScanObject: attribute names matched case-insensitively, the GUID decoded. */
export function normaliseEntry(entry: RawEntry): ScanObject {
  found.fill(EMPTY);
  let at = 0;
  for (const name in entry.attributes) {
    let position: number;
    if (lastNames[at] === name) position = lastPositions[at]!;
    else {
      position = SCAN_POSITION.get(name) ?? SCAN_POSITION.get(name.toLowerCase()) ?? -1;
      lastNames[at] = name;
      lastPositions[at] = position;
    }
    at += 1;
    if (position >= 0) found[position] = entry.attributes[name]!;
  }
  const values = valuesFrom(found);
  return {
    dn: entry.dn,
    objectGuid: values.objectGUID[0] ? guidFromBase64(values.objectGUID[0]) : '',
    objectClass: mostSpecificClass(values.objectClass),
    usnChanged: values.uSNChanged[0] ?? '',
    values,
  };
}

/** IdFix's well-known exclusions: objects whose cn starts with one of these are system objects. */
export const WELL_KNOWN_EXCLUSIONS = [
  'Admini',
  'CAS_{',
  'DiscoverySearchMailbox',
  'FederatedEmail',
  'Guest',
  'HTTPConnector',
  'krbtgt',
  'iusr_',
  'iwam',
  'msol',
  'support_',
  'SystemMailbox',
  'WWIOadmini',
  'HealthMailbox',
  'Exchange Online-ApplicationAccount',
];

/**
 * Exchange system mailbox types IdFix skips (msExchRecipientTypeDetails). IdFix compares the
 * attribute's text with "0x1000" and the like, which never matches the decimal value AD returns,
 * so it never skips them; these are the same numbers in decimal.
 */
export const SKIPPED_RECIPIENT_TYPES = new Set(['4096', '8192', '16384', '4194304', '8388608', '16777216', '536870912']);

const isTrue = (value: string | undefined) => value?.toUpperCase() === 'TRUE';

/** The first of `prefixes` that `value` starts with, ignoring case (each lower-cased once, here). */
function prefixOf(value: string | undefined, prefixes: readonly string[], lowered: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  for (let i = 0; i < lowered.length; i++) if (lower.startsWith(lowered[i]!)) return prefixes[i];
  return undefined;
}
const lowerAll = (xs: readonly string[]) => xs.map((x) => x.toLowerCase());
const EXCLUSIONS_LOWER = lowerAll(WELL_KNOWN_EXCLUSIONS);
const SAM_PREFIXES = ['CAS_', 'SUPPORT_', 'MSOL_'];
const SAM_PREFIXES_LOWER = lowerAll(SAM_PREFIXES);
const NICKNAME_PREFIXES = ['CAS_', 'SYSTEMMAILBOX'];
const NICKNAME_PREFIXES_LOWER = lowerAll(NICKNAME_PREFIXES);
const CONFLICT_DN = /\\0ACNF:|\nCNF:/i;

/** Why IdFix's rules leave this object alone, or null when it is checked. */
export function skipReason(o: ScanObject): string | null {
  const cn = o.values.cn[0] ?? '';
  if (cn.endsWith('$')) return 'its cn ends with $ (a machine or service account)';
  const exclusion = prefixOf(cn, WELL_KNOWN_EXCLUSIONS, EXCLUSIONS_LOWER);
  if (exclusion) return `its cn starts with ${exclusion} (a well-known system object)`;
  if (o.dn.includes(':') && CONFLICT_DN.test(o.dn)) return 'it is a replication conflict object (CNF)';
  if (isTrue(o.values.isCriticalSystemObject[0])) return 'it is a critical system object';
  if (o.objectClass === 'user' || o.objectClass === 'inetOrgPerson') {
    const samPrefix = prefixOf(o.values.sAMAccountName[0], SAM_PREFIXES, SAM_PREFIXES_LOWER);
    if (samPrefix) return `its sAMAccountName starts with ${samPrefix}`;
    const nickPrefix = prefixOf(o.values.mailNickname[0], NICKNAME_PREFIXES, NICKNAME_PREFIXES_LOWER);
    if (nickPrefix) return `its mailNickname starts with ${nickPrefix}`;
    if (isTrue(o.values.msExchHideFromAddressLists[0]) && prefixOf(o.values.displayName[0], ['MSOL'], ['msol'])) return 'it is a hidden MSOL account';
    const type = o.values.msExchRecipientTypeDetails[0];
    if (type !== undefined && SKIPPED_RECIPIENT_TYPES.has(type.trim())) return `it is an Exchange system mailbox (msExchRecipientTypeDetails ${type})`;
  }
  if (o.objectClass === 'group') {
    const groupType = Number(o.values.groupType[0] ?? '0');
    if (groupType < 0 && o.values.mail.length === 0) return 'it is a security group without mail';
    if (groupType >= 0 && o.values.proxyAddresses.length === 0) return 'it is a distribution group without proxyAddresses';
  }
  return null;
}
