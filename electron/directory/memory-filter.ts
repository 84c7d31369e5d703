// Evaluates an LDAP filter against an in-memory entry the way AD matches: attribute names and
// string values case-insensitively, integers numerically, DNs as DNs, objectCategory by class
// name, and AD's bitwise matching rules. Parsing is ldapts's, so the in-memory directory
// accepts exactly the filters the real one would send.
import {
  AndFilter,
  ApproximateFilter,
  EqualityFilter,
  ExtensibleFilter,
  type Filter,
  FilterParser,
  GreaterThanEqualsFilter,
  LessThanEqualsFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  SubstringFilter,
} from 'ldapts';
import { dnEquals } from '../../shared/ldap';
import { DirectoryError } from '../ports/errors';

/** Values of an attribute by case-insensitive name; binary values base64-encoded. */
export type AttributeLookup = (name: string) => readonly string[] | undefined;

const BIT_AND = '1.2.840.113556.1.4.803';
const BIT_OR = '1.2.840.113556.1.4.804';
const IN_CHAIN = '1.2.840.113556.1.4.1941';

/** Attribute syntaxes the lab directory needs to know to match like AD. */
const INTEGER_ATTRIBUTES = new Set(
  [
    'userAccountControl',
    'msDS-User-Account-Control-Computed',
    'pwdLastSet',
    'accountExpires',
    'badPwdCount',
    'primaryGroupID',
    'sAMAccountType',
    'instanceType',
    'msExchRecipientTypeDetails',
    'lastLogonTimestamp',
    'lastLogon',
    'lockoutTime',
    'groupType',
    'systemFlags',
    'uSNChanged',
    'uSNCreated',
    'adminCount',
    'logonCount',
  ].map((a) => a.toLowerCase()),
);
const DN_ATTRIBUTES = new Set(
  ['distinguishedName', 'lastKnownParent', 'homeMDB', 'manager', 'member', 'memberOf', 'objectCategory', 'managedBy'].map((a) => a.toLowerCase()),
);
const BINARY_ATTRIBUTES = new Set(['objectguid', 'objectsid', 'ms-ds-consistencyguid', 'msexchmailboxguid']);

/** objectCategory=<class> matches the class's default category, as AD expands it. */
const DEFAULT_CATEGORY: Record<string, string> = {
  user: 'person',
  person: 'person',
  contact: 'person',
  computer: 'computer',
  group: 'group',
  organizationalunit: 'organizational-unit',
  container: 'container',
};

export function parseFilter(filter: string): Filter {
  try {
    return FilterParser.parseString(filter);
  } catch (err) {
    throw new DirectoryError('bad-input', `search filter "${filter}" is not valid LDAP syntax: ${(err as Error).message}`);
  }
}

const asBigInt = (v: string): bigint | null => (/^-?\d+$/.test(v.trim()) ? BigInt(v.trim()) : null);

function valueEquals(attr: string, stored: string, wanted: string): boolean {
  if (BINARY_ATTRIBUTES.has(attr)) return Buffer.from(stored, 'base64').toString('latin1') === wanted;
  if (INTEGER_ATTRIBUTES.has(attr)) {
    const a = asBigInt(stored);
    const b = asBigInt(wanted);
    return a !== null && b !== null && a === b;
  }
  if (attr === 'objectcategory' && !wanted.includes('=')) {
    const category = DEFAULT_CATEGORY[wanted.toLowerCase()] ?? wanted.toLowerCase();
    return /^CN=([^,]+)/i.exec(stored)?.[1]?.toLowerCase() === category;
  }
  if (DN_ATTRIBUTES.has(attr)) {
    try {
      return dnEquals(stored, wanted);
    } catch {
      return false;
    }
  }
  return stored.toLowerCase() === wanted.toLowerCase();
}

function compare(attr: string, stored: string, wanted: string): number {
  if (INTEGER_ATTRIBUTES.has(attr)) {
    const a = asBigInt(stored);
    const b = asBigInt(wanted);
    if (a !== null && b !== null) return a < b ? -1 : a > b ? 1 : 0;
  }
  const a = stored.toLowerCase();
  const b = wanted.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

function substringMatch(stored: string, f: SubstringFilter): boolean {
  let rest = stored.toLowerCase();
  const initial = f.initial.toLowerCase();
  if (!rest.startsWith(initial)) return false;
  rest = rest.slice(initial.length);
  for (const part of f.any) {
    const i = rest.indexOf(part.toLowerCase());
    if (i < 0) return false;
    rest = rest.slice(i + part.length);
  }
  return rest.endsWith(f.final.toLowerCase());
}

export function matchesFilter(filter: Filter, get: AttributeLookup): boolean {
  if (filter instanceof AndFilter) return filter.filters.every((f) => matchesFilter(f, get));
  if (filter instanceof OrFilter) return filter.filters.some((f) => matchesFilter(f, get));
  if (filter instanceof NotFilter) return !matchesFilter(filter.filter, get);
  if (filter instanceof PresenceFilter) return (get(filter.attribute)?.length ?? 0) > 0;
  if (filter instanceof EqualityFilter || filter instanceof ApproximateFilter) {
    const attr = filter.attribute.toLowerCase();
    const wanted = typeof filter.value === 'string' ? filter.value : filter.value.toString('latin1');
    return (get(attr) ?? []).some((v) => valueEquals(attr, v, wanted));
  }
  if (filter instanceof SubstringFilter) return (get(filter.attribute) ?? []).some((v) => substringMatch(v, filter));
  if (filter instanceof GreaterThanEqualsFilter) {
    const attr = filter.attribute.toLowerCase();
    return (get(attr) ?? []).some((v) => compare(attr, v, filter.value) >= 0);
  }
  if (filter instanceof LessThanEqualsFilter) {
    const attr = filter.attribute.toLowerCase();
    return (get(attr) ?? []).some((v) => compare(attr, v, filter.value) <= 0);
  }
  if (filter instanceof ExtensibleFilter) {
    const attr = filter.matchType.toLowerCase();
    const values = get(attr) ?? [];
    const wanted = asBigInt(filter.value);
    if (filter.rule === BIT_AND || filter.rule === BIT_OR) {
      if (wanted === null) return false;
      return values.some((v) => {
        const n = asBigInt(v);
        if (n === null) return false;
        const bits = BigInt.asUintN(64, n) & BigInt.asUintN(64, wanted);
        return filter.rule === BIT_AND ? bits === BigInt.asUintN(64, wanted) : bits !== 0n;
      });
    }
    if (!filter.rule || filter.rule === IN_CHAIN) return values.some((v) => valueEquals(attr, v, filter.value));
    throw new DirectoryError('bad-input', `matching rule ${filter.rule} is not supported by the lab directory`);
  }
  throw new DirectoryError('bad-input', `filter ${filter.toString()} is not supported by the lab directory`);
}
