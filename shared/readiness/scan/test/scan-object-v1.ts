// The implementation as it was before the engine's performance work (commit ae443bf), kept unchanged
// as the oracle that the property tests (../*.property.test.ts) compare the faster one with.
// One directory object as the rules see it: the attributes IdFix reads (plus sn, which the
// attribute-preparation table limits, and objectGUID / uSNChanged for re-scans), every value of
// every multi-valued attribute, and whether IdFix's exclusions skip it.
import { guidFromBytes } from '../../../ldap/guid';

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
const EMPTY: readonly string[] = Object.freeze([]);

const BASE64_VALUE = new Int8Array(128).fill(-1);
for (const [i, ch] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) BASE64_VALUE[ch.charCodeAt(0)] = i;

/** Base64 → bytes (shared/ has neither Buffer nor atob). */
function decodeBase64(b64: string): number[] {
  const out: number[] = [];
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
      out.push((buffer >> bits) & 0xff);
    }
  }
  return out;
}

/** Lower-case attribute name → the spelling in SCAN_ATTRIBUTES. */
const SCAN_NAME = new Map<string, ScanAttributeName>(SCAN_ATTRIBUTES.map((a) => [a.toLowerCase(), a]));

/** Directory entry → ScanObject: attribute names matched case-insensitively, the GUID decoded. */
export function normaliseEntry(entry: RawEntry): ScanObject {
  const values = {} as Record<ScanAttributeName, readonly string[]>;
  for (const name of SCAN_ATTRIBUTES) values[name] = EMPTY;
  for (const name in entry.attributes) {
    const known = SCAN_NAME.get(name) ?? SCAN_NAME.get(name.toLowerCase());
    if (known) values[known] = entry.attributes[name]!;
  }
  const guidBytes = values.objectGUID[0] ? decodeBase64(values.objectGUID[0]) : [];
  const classes = values.objectClass.map((c) => c.toLowerCase());
  const objectClass = CLASS_ORDER.find((c) => classes.includes(c.toLowerCase())) ?? values.objectClass[values.objectClass.length - 1] ?? 'unknown';
  return {
    dn: entry.dn,
    objectGuid: guidBytes.length === 16 ? guidFromBytes(guidBytes) : '',
    objectClass,
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

const startsWithCi = (value: string | undefined, prefix: string) => value !== undefined && value.toLowerCase().startsWith(prefix.toLowerCase());
const isTrue = (value: string | undefined) => value?.toUpperCase() === 'TRUE';

/** Why IdFix's rules leave this object alone, or null when it is checked. */
export function skipReason(o: ScanObject): string | null {
  const cn = o.values.cn[0] ?? '';
  if (cn.endsWith('$')) return 'its cn ends with $ (a machine or service account)';
  const exclusion = WELL_KNOWN_EXCLUSIONS.find((p) => startsWithCi(cn, p));
  if (exclusion) return `its cn starts with ${exclusion} (a well-known system object)`;
  if (/\\0ACNF:|\nCNF:/i.test(o.dn)) return 'it is a replication conflict object (CNF)';
  if (isTrue(o.values.isCriticalSystemObject[0])) return 'it is a critical system object';
  if (o.objectClass === 'user' || o.objectClass === 'inetOrgPerson') {
    const sam = o.values.sAMAccountName[0];
    const samPrefix = ['CAS_', 'SUPPORT_', 'MSOL_'].find((p) => startsWithCi(sam, p));
    if (samPrefix) return `its sAMAccountName starts with ${samPrefix}`;
    const nickPrefix = ['CAS_', 'SYSTEMMAILBOX'].find((p) => startsWithCi(o.values.mailNickname[0], p));
    if (nickPrefix) return `its mailNickname starts with ${nickPrefix}`;
    if (isTrue(o.values.msExchHideFromAddressLists[0]) && startsWithCi(o.values.displayName[0], 'MSOL')) return 'it is a hidden MSOL account';
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
