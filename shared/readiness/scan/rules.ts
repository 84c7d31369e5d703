// The readiness rules: pure functions over one ScanObject, one result per offending value (every
// value of a multi-valued attribute is checked, not only the first as IdFix does). Duplicates
// need the other objects and live in duplicate-index.ts; this file never sees more than one object.
import { checkSmtpAddress, hasRealTopLevelDomain, isCleanAddress } from './address';
import type { ScanErrorType, ScanFinding } from './finding';
import { ATTRIBUTE_LIMITS, UPN_DOMAIN_MAX, UPN_LOCAL_MAX } from './limits';
import type { ScanAttributeName, ScanObject } from './scan-object';

export interface ValueProblem {
  attribute: ScanAttributeName;
  value: string;
  errors: ScanErrorType[];
  proposedValue: string | null;
  detail: string;
}

/** The attributes rules look at (and duplicates are reported on). */
export const CHECKED_ATTRIBUTES = [
  'displayName',
  'givenName',
  'sn',
  'mail',
  'mailNickname',
  'proxyAddresses',
  'sAMAccountName',
  'targetAddress',
  'userPrincipalName',
] as const satisfies readonly ScanAttributeName[];

/** Stable across re-scans: objectGUID, attribute and value (lower-cased). */
export function findingId(objectGuid: string, attribute: string, value: string): string {
  return `${objectGuid}|${attribute}|${value.toLowerCase()}`;
}

export function toFinding(o: ScanObject, p: ValueProblem, duplicates: ScanFinding['duplicates'] = []): ScanFinding {
  return {
    id: findingId(o.objectGuid || o.dn, p.attribute, p.value),
    dn: o.dn,
    objectGuid: o.objectGuid,
    objectClass: o.objectClass,
    attribute: p.attribute,
    value: p.value,
    errors: p.errors,
    action: 'none',
    proposedValue: p.proposedValue,
    detail: p.detail,
    duplicates,
  };
}

// Characters each attribute may not hold (IdFix's sets; the apostrophe is valid in a UPN, as Entra ID allows it).
// eslint-disable-next-line no-control-regex -- control characters are among the invalid ones
const UPN_INVALID = /[\s\\%&*+/=?{}|<>();:,[\]"\u00e4\u00eb\u00ef\u00f6\u00fc\u00ff\u00c4\u00cb\u00cf\u00d6\u00dc\u0178\u0000-\u001f]/g;
const SAM_INVALID = /[\\"|,/[\]:<>+=;?*]/g;
/** Exchange alias characters: letters, digits, !#$%&'*+-/=?^_`{|}~ and periods between them. */
const NICKNAME_INVALID = /[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]/g;
const SMTP_PROXY_INVALID = /[\s<>();,[\]"]/g;
const OTHER_PROXY_INVALID = /[\s<>(),[\]"]/g;
// eslint-disable-next-line no-control-regex -- X.400 and X.500 values may hold spaces and ; but never control characters
const X400_X500_INVALID = /[\u0000-\u001f\u007f]/g;
const TARGET_SMTP_INVALID = /[\s\\<>();,[\]"]/g;

// Fast paths: nearly every value of a directory is clean, and these decide that without building a
// Problem. Each accepts only values its rule's full check passes (property-tested against the
// full rules); anything else takes the full check, which says what is wrong.
/** A mailNickname that is valid and has no period at either end or two in a row. */
const NICKNAME_CLEAN = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;
/** An ASCII userPrincipalName with valid characters, periods only inside the local part, and a valid domain. */
const UPN_CLEAN = /^[A-Za-z0-9!#$'^_`~-]+(?:\.[A-Za-z0-9!#$'^_`~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i;
const SAM_ANY_INVALID = new RegExp(SAM_INVALID.source);
const OTHER_PROXY_ANY_INVALID = new RegExp(OTHER_PROXY_INVALID.source);
const X400_X500_ANY_INVALID = new RegExp(X400_X500_INVALID.source);

/** The value has text and nothing to trim. */
function isTrimmedNonBlank(value: string): boolean {
  const trimmed = value.trim();
  return trimmed !== '' && trimmed.length === value.length;
}

/** "smtp:" / "SMTP:" (any case) before the first colon: proxyType(value) === 'smtp' without the slice. */
function isSmtpTyped(value: string): boolean {
  return (
    value.length > 4 &&
    value.charCodeAt(4) === 58 &&
    (value.charCodeAt(0) | 32) === 115 &&
    (value.charCodeAt(1) | 32) === 109 &&
    (value.charCodeAt(2) | 32) === 116 &&
    (value.charCodeAt(3) | 32) === 112
  );
}

/**
 * A proxy (or target) address of another type than smtp that its rule passes: typed, without a
 * bad character. X.400/X.500 values may hold spaces in proxyAddresses only (checkTargetAddress
 * treats every non-SMTP type alike).
 */
function isCleanOtherTyped(value: string, x400x500Apart: boolean): boolean {
  const type = proxyType(value);
  if (!type) return false;
  if (x400x500Apart && (type === 'x400' || type === 'x.400' || type === 'x500' || type === 'x.500')) return !X400_X500_ANY_INVALID.test(value);
  return !OTHER_PROXY_ANY_INVALID.test(value);
}

class Problem {
  readonly errors = new Set<ScanErrorType>();
  readonly why: string[] = [];
  fixed: string;
  fixable = true;
  constructor(
    readonly attribute: ScanAttributeName,
    readonly value: string,
  ) {
    this.fixed = value;
  }
  add(error: ScanErrorType, why: string): void {
    this.errors.add(error);
    this.why.push(why);
  }
  removeChars(pattern: RegExp, why: string): void {
    const cleaned = this.fixed.replace(pattern, '');
    if (cleaned !== this.fixed) {
      this.add('character', why);
      this.fixed = cleaned;
    }
  }
  maxLength(max: number, what = this.attribute as string, truncate = true): void {
    if (this.value.length > max) {
      this.add('length', `${what} is ${this.value.length} characters; Entra ID takes at most ${max}`);
      if (truncate) this.fixed = this.fixed.slice(0, max);
      else this.fixable = false;
    }
  }
  result(): ValueProblem | null {
    if (this.errors.size === 0) return null;
    const proposed = this.fixable && this.fixed !== this.value && this.fixed.trim() !== '' ? this.fixed : null;
    return { attribute: this.attribute, value: this.value, errors: [...this.errors], proposedValue: proposed, detail: this.why.join('; ') };
  }
}

function checkDisplayName(o: ScanObject, out: ValueProblem[]): void {
  const values = o.values.displayName;
  const mailEnabledGroup = o.objectClass === 'group' && (o.values.mail.length > 0 || o.values.proxyAddresses.length > 0);
  if (values.length === 0 && mailEnabledGroup) {
    const cn = o.values.cn[0] ?? null;
    out.push({
      attribute: 'displayName',
      value: '',
      errors: ['blank'],
      proposedValue: cn,
      detail: 'a mail-enabled group needs a displayName; the cn is proposed',
    });
    return;
  }
  for (const value of values) {
    if (value.length <= ATTRIBUTE_LIMITS.displayName.max && isTrimmedNonBlank(value)) continue;
    const p = new Problem('displayName', value);
    if (value.trim() === '') {
      p.add('blank', 'displayName is blank; the cn is proposed');
      p.fixed = o.values.cn[0] ?? '';
    } else {
      if (value !== value.trim()) {
        p.add('character', 'leading or trailing spaces');
        p.fixed = p.fixed.trim();
      }
      p.maxLength(ATTRIBUTE_LIMITS.displayName.max);
    }
    push(out, p);
  }
}

function checkLengthOnly(o: ScanObject, attribute: 'givenName' | 'sn', out: ValueProblem[]): void {
  for (const value of o.values[attribute]) {
    if (value.length <= ATTRIBUTE_LIMITS[attribute].max) continue;
    const p = new Problem(attribute, value);
    p.maxLength(ATTRIBUTE_LIMITS[attribute].max);
    push(out, p);
  }
}

function checkAddressValue(p: Problem, address: string, prefix: string): void {
  const check = checkSmtpAddress(address);
  const named: Record<string, string> = {
    format: 'not an email address (name@domain)',
    localpart: 'the part before @ holds characters an address may not',
    domainpart: 'the domain after @ is not a valid domain name',
    topleveldomain: 'the domain does not end in a real top-level domain (not routable on the internet)',
    character: 'leading or trailing spaces',
  };
  for (const e of check.errors) p.add(e, named[e] ?? e);
  if (check.errors.length) {
    if (check.proposed) p.fixed = prefix + check.proposed;
    else p.fixable = false;
  }
}

function checkMail(o: ScanObject, out: ValueProblem[]): void {
  for (const value of o.values.mail) {
    if (value.length <= ATTRIBUTE_LIMITS.mail.max && isCleanAddress(value)) continue;
    const p = new Problem('mail', value);
    p.maxLength(ATTRIBUTE_LIMITS.mail.max, 'mail', false);
    checkAddressValue(p, value, '');
    push(out, p);
  }
}

function checkMailNickname(o: ScanObject, out: ValueProblem[]): void {
  for (const value of o.values.mailNickname) {
    if (value.length <= ATTRIBUTE_LIMITS.mailNickname.max && NICKNAME_CLEAN.test(value)) continue;
    const p = new Problem('mailNickname', value);
    if (value.trim() === '') {
      p.add('blank', 'mailNickname is blank');
      p.fixable = false;
      push(out, p);
      continue;
    }
    p.removeChars(NICKNAME_INVALID, 'mailNickname holds characters an Exchange alias may not (spaces, @, quotes, brackets, non-ASCII…)');
    // IdFix's period rule never reports; this one does, at either end.
    if (/^\.|\.$/.test(p.fixed)) {
      p.add('character', 'mailNickname may not begin or end with a period');
      p.fixed = p.fixed.replace(/^\.+|\.+$/g, '');
    }
    if (/\.\./.test(p.fixed)) {
      p.add('character', 'mailNickname may not hold two periods in a row');
      p.fixed = p.fixed.replace(/\.{2,}/g, '.');
    }
    p.maxLength(ATTRIBUTE_LIMITS.mailNickname.max);
    if (p.fixed.length > ATTRIBUTE_LIMITS.mailNickname.max) p.fixed = p.fixed.slice(0, ATTRIBUTE_LIMITS.mailNickname.max);
    push(out, p);
  }
}

/** The address type of a proxy address value ("smtp", "x500", "sip", …), lower-case; '' when there is none. */
export function proxyType(value: string): string {
  const colon = value.indexOf(':');
  return colon > 0 ? value.slice(0, colon).toLowerCase() : '';
}

function checkProxyAddresses(o: ScanObject, out: ValueProblem[]): void {
  let primaries = 0;
  for (const value of o.values.proxyAddresses) if (value.startsWith('SMTP:')) primaries += 1;
  for (const value of o.values.proxyAddresses) {
    if (value.length <= ATTRIBUTE_LIMITS.proxyAddresses.max) {
      if (isSmtpTyped(value) ? isCleanAddress(value.slice(5)) && !(primaries > 1 && value.startsWith('SMTP:')) : isCleanOtherTyped(value, true)) continue;
    }
    const p = new Problem('proxyAddresses', value);
    p.maxLength(ATTRIBUTE_LIMITS.proxyAddresses.max, 'this proxy address', false);
    const type = proxyType(value);
    const colon = value.indexOf(':');
    if (!type) {
      p.add('format', 'a proxy address needs a type prefix such as smtp:');
      p.fixable = false;
    } else if (type === 'smtp') {
      const prefix = value.slice(0, colon + 1);
      let address = value.slice(colon + 1);
      if (address.includes(':')) {
        p.add('character', 'a colon after the smtp: prefix');
        address = address.replace(/:/g, '');
      }
      const cleaned = address.replace(SMTP_PROXY_INVALID, '');
      if (cleaned !== address) p.add('character', 'spaces or < > ( ) ; , [ ] " in an SMTP address');
      p.fixed = prefix + cleaned;
      checkAddressValue(p, cleaned, prefix);
      if (value.startsWith('SMTP:') && primaries > 1) {
        p.add('format', 'more than one primary (SMTP:) address on the object; the others should be smtp:');
        p.fixed = `smtp:${p.fixed.slice(5)}`;
      }
    } else if (type === 'x400' || type === 'x.400' || type === 'x500' || type === 'x.500') {
      // X.400 and X.500 values are not email addresses (IdFix checked them as if they were).
      p.removeChars(X400_X500_INVALID, 'control characters in an X.400/X.500 address');
    } else {
      p.removeChars(OTHER_PROXY_INVALID, `spaces or < > ( ) , [ ] " in a ${type.toUpperCase()} address`);
    }
    push(out, p);
  }
}

function checkSamAccountName(o: ScanObject, out: ValueProblem[]): void {
  const isUser = o.objectClass === 'user' || o.objectClass === 'inetOrgPerson';
  for (const value of o.values.sAMAccountName) {
    if ((!isUser || value.length <= ATTRIBUTE_LIMITS.sAMAccountName.max) && !SAM_ANY_INVALID.test(value)) continue;
    const p = new Problem('sAMAccountName', value);
    p.removeChars(SAM_INVALID, 'sAMAccountName holds \\ " | , / [ ] : < > + = ; ? or *');
    if (isUser) {
      p.maxLength(ATTRIBUTE_LIMITS.sAMAccountName.max);
      if (p.fixed.length > ATTRIBUTE_LIMITS.sAMAccountName.max) p.fixed = p.fixed.slice(0, ATTRIBUTE_LIMITS.sAMAccountName.max);
    }
    push(out, p);
  }
}

function checkTargetAddress(o: ScanObject, out: ValueProblem[]): void {
  for (const value of o.values.targetAddress) {
    if (value.length <= ATTRIBUTE_LIMITS.targetAddress.max && (isSmtpTyped(value) ? isCleanAddress(value.slice(5)) : isCleanOtherTyped(value, false))) continue;
    const p = new Problem('targetAddress', value);
    p.maxLength(ATTRIBUTE_LIMITS.targetAddress.max, 'targetAddress', false);
    const type = proxyType(value);
    if (type === 'smtp') {
      const colon = value.indexOf(':');
      const prefix = value.slice(0, colon + 1);
      let address = value.slice(colon + 1);
      if (address.includes(':')) {
        p.add('character', 'a colon after the smtp: prefix');
        address = address.replace(/:/g, '');
      }
      const cleaned = address.replace(TARGET_SMTP_INVALID, '');
      if (cleaned !== address) p.add('character', 'spaces or \\ < > ( ) ; , [ ] " in an SMTP address');
      p.fixed = prefix + cleaned;
      checkAddressValue(p, cleaned, prefix);
    } else if (!type) {
      p.add('format', 'targetAddress needs a type prefix such as SMTP:');
      p.fixable = false;
    } else {
      p.removeChars(OTHER_PROXY_INVALID, `spaces or < > ( ) , [ ] " in a ${type.toUpperCase()} address`);
    }
    push(out, p);
  }
}

function isCleanUpn(value: string): boolean {
  if (value.length > ATTRIBUTE_LIMITS.userPrincipalName.max || !UPN_CLEAN.test(value)) return false;
  const at = value.indexOf('@');
  return at <= UPN_LOCAL_MAX && value.length - at - 1 <= UPN_DOMAIN_MAX && hasRealTopLevelDomain(value);
}

function checkUserPrincipalName(o: ScanObject, out: ValueProblem[]): void {
  for (const value of o.values.userPrincipalName) {
    if (isCleanUpn(value)) continue;
    const p = new Problem('userPrincipalName', value);
    if (value.trim() === '') {
      p.add('blank', 'userPrincipalName is blank');
      p.fixable = false;
      push(out, p);
      continue;
    }
    p.removeChars(UPN_INVALID, 'userPrincipalName holds spaces or \\ % & * + / = ? { } | < > ( ) ; : , [ ] " or an umlaut');
    const at = p.fixed.lastIndexOf('@');
    if (at < 0 || p.fixed.indexOf('@') !== at) {
      p.add('format', 'a userPrincipalName needs exactly one @');
      p.fixable = false;
      push(out, p);
      continue;
    }
    let local = p.fixed.slice(0, at);
    let domain = p.fixed.slice(at + 1);
    if (/^\.|\.$/.test(local) || /\.\./.test(local)) {
      p.add('localpart', 'the part before @ may not begin or end with a period, or hold two in a row');
      local = local.replace(/^\.+|\.+$/g, '').replace(/\.{2,}/g, '.');
    }
    if (local === '') {
      p.add('localpart', 'nothing before the @');
      p.fixable = false;
    }
    if (/\.$/.test(domain)) {
      p.add('character', 'a userPrincipalName may not end with a period');
      domain = domain.replace(/\.+$/, '');
    }
    if (!/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i.test(domain)) {
      p.add('domainpart', 'the suffix after @ is not a valid domain name');
      p.fixable = false;
    } else if (!hasRealTopLevelDomain(domain)) {
      p.add('topleveldomain', `the suffix ${domain} is not routable (no such top-level domain); use a verified domain suffix`);
      p.fixable = false;
    }
    if (local.length > UPN_LOCAL_MAX) {
      p.add('length', `${local.length} characters before the @; Entra ID takes at most ${UPN_LOCAL_MAX}`);
      p.fixable = false;
    }
    if (domain.length > UPN_DOMAIN_MAX) {
      p.add('length', `${domain.length} characters after the @; Entra ID takes at most ${UPN_DOMAIN_MAX}`);
      p.fixable = false;
    }
    p.maxLength(ATTRIBUTE_LIMITS.userPrincipalName.max, 'userPrincipalName', false);
    p.fixed = `${local}@${domain}`;
    push(out, p);
  }
}

function push(out: ValueProblem[], p: Problem): void {
  const r = p.result();
  if (r) out.push(r);
}

/** Every rule over one object (skip it first with skipReason). Duplicates are not checked here. */
export function checkObject(o: ScanObject): ValueProblem[] {
  const out: ValueProblem[] = [];
  checkDisplayName(o, out);
  checkLengthOnly(o, 'givenName', out);
  checkLengthOnly(o, 'sn', out);
  checkMail(o, out);
  checkMailNickname(o, out);
  checkProxyAddresses(o, out);
  checkSamAccountName(o, out);
  checkTargetAddress(o, out);
  checkUserPrincipalName(o, out);
  return out;
}
