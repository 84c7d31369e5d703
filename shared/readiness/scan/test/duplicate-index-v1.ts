// The implementation as it was before the engine's performance work (commit ae443bf), kept unchanged
// as the oracle that the property tests (../*.property.test.ts) compare the faster one with.
// Duplicates as Entra ID sees them, found in one pass: every value that must be unique goes into
// a hash map under a normalised key, so finding the objects that share a value costs O(values),
// not O(objects²) as IdFix's pairwise comparison does. A userPrincipalName, a mail and the SMTP
// proxy addresses of all objects share one namespace (the cloud rejects a UPN equal to another
// object's smtp: address), compared case-insensitively with the smtp:/SMTP: prefix removed. One
// object holding the same address in several attributes (mail = primary SMTP = UPN) is normal.
//
// The index is what a scan keeps in memory (bounded by the values, not the directory's size) and
// what an incremental re-scan reloads: objects can be replaced or removed, and the keys they
// touched are reported so only those sets are re-examined.
import type { DuplicatePeer } from '../finding';
import { proxyType } from './rules-v1';
import type { ScanObject } from '../scan-object';

/** Attributes whose values must be unique, with a one-letter code used in keys and saved state. */
const UNIQUE_ATTRIBUTES = ['mail', 'userPrincipalName', 'proxyAddresses', 'mailNickname', 'sAMAccountName', 'targetAddress'] as const;
export type UniqueAttribute = (typeof UNIQUE_ATTRIBUTES)[number];

interface IndexedObject {
  guid: string;
  dn: string;
  objectClass: string;
  /** The keys this object holds, with the attribute code and exact value of each. */
  holdings: Holding[];
}
interface Holding {
  key: string;
  attribute: number;
  value: string;
}

export interface DuplicateHolder extends DuplicatePeer {
  objectGuid: string;
  objectClass: string;
  /** The exact value (e.g. "SMTP:Ann@contoso.com") as the object holds it. */
  value: string;
}

export interface DuplicateSet {
  key: string;
  holders: DuplicateHolder[];
}

/** The unique-namespace keys of one object's values: namespace letter, ':', normalised value. */
export function uniqueKeys(o: ScanObject): Holding[] {
  const out: Holding[] = [];
  const add = (namespace: string, normalised: string, attribute: UniqueAttribute, value: string) => {
    const trimmed = normalised.trim().toLowerCase();
    if (!trimmed) return;
    const key = `${namespace}:${trimmed}`;
    const code = UNIQUE_ATTRIBUTES.indexOf(attribute);
    // One attribute holding a value twice adds nothing; several attributes holding it are each reported.
    for (const h of out) if (h.key === key && h.attribute === code) return;
    out.push({ key, attribute: code, value });
  };
  for (const v of o.values.userPrincipalName) add('a', v, 'userPrincipalName', v);
  for (const v of o.values.mail) add('a', v, 'mail', v);
  for (const v of o.values.proxyAddresses) {
    const type = proxyType(v);
    if (type === 'smtp') add('a', v.slice(5), 'proxyAddresses', v);
    else if (type) add('p', `${type}:${v.slice(v.indexOf(':') + 1)}`, 'proxyAddresses', v);
  }
  for (const v of o.values.mailNickname) add('n', v, 'mailNickname', v);
  if (o.objectClass !== 'contact') for (const v of o.values.sAMAccountName) add('s', v, 'sAMAccountName', v);
  for (const v of o.values.targetAddress) add('t', proxyType(v) === 'smtp' ? v.slice(5) : v, 'targetAddress', v);
  return out;
}

export class DuplicateIndex {
  /** key → holding object numbers (one number, or an array once shared). */
  private readonly byKey = new Map<string, number | number[]>();
  private readonly objects: (IndexedObject | undefined)[] = [];
  private readonly byGuid = new Map<string, number>();
  private readonly free: number[] = [];
  private touched: Set<string> | null = null;

  get size(): number {
    return this.byGuid.size;
  }

  /** Starts recording the keys that objects added or removed from now on touch (for a re-scan). */
  trackChanges(): void {
    this.touched = new Set();
  }

  /** The keys touched since trackChanges(), and stops recording. */
  takeTouchedKeys(): Set<string> {
    const t = this.touched ?? new Set<string>();
    this.touched = null;
    return t;
  }

  /** Adds an object (replacing what the same objectGUID held before). */
  put(o: ScanObject): void {
    const guid = o.objectGuid || o.dn;
    this.remove(guid);
    const holdings = uniqueKeys(o);
    const n = this.free.pop() ?? this.objects.length;
    this.objects[n] = { guid, dn: o.dn, objectClass: o.objectClass, holdings };
    this.byGuid.set(guid, n);
    for (let i = 0; i < holdings.length; i++) {
      const key = holdings[i]!.key;
      // The same object holding a value in two attributes is no conflict with itself: link it once.
      let earlier = false;
      for (let j = 0; j < i; j++) if (holdings[j]!.key === key) earlier = true;
      if (!earlier) this.link(key, n);
    }
  }

  /** Removes an object by objectGUID (deleted, moved out of scope or now skipped). */
  remove(guid: string): void {
    const n = this.byGuid.get(guid);
    if (n === undefined) return;
    const o = this.objects[n]!;
    for (const h of o.holdings) this.unlink(h.key, n);
    this.objects[n] = undefined;
    this.byGuid.delete(guid);
    this.free.push(n);
  }

  has(guid: string): boolean {
    return this.byGuid.has(guid);
  }

  private link(key: string, n: number): void {
    this.touched?.add(key);
    const current = this.byKey.get(key);
    if (current === undefined) this.byKey.set(key, n);
    else if (typeof current === 'number') this.byKey.set(key, [current, n]);
    else current.push(n);
  }

  private unlink(key: string, n: number): void {
    this.touched?.add(key);
    const current = this.byKey.get(key);
    if (current === undefined) return;
    if (typeof current === 'number') {
      if (current === n) this.byKey.delete(key);
      return;
    }
    const rest = current.filter((x) => x !== n);
    if (rest.length === 0) this.byKey.delete(key);
    else this.byKey.set(key, rest.length === 1 ? rest[0]! : rest);
  }

  /** The objects holding a key (one, or none, when it is not shared). */
  holdersOf(key: string): DuplicateHolder[] {
    const current = this.byKey.get(key);
    const numbers = current === undefined ? [] : typeof current === 'number' ? [current] : current;
    const out: DuplicateHolder[] = [];
    for (const n of numbers) {
      const o = this.objects[n]!;
      for (const h of o.holdings) {
        if (h.key === key) out.push({ dn: o.dn, attribute: UNIQUE_ATTRIBUTES[h.attribute]!, objectGuid: o.guid, objectClass: o.objectClass, value: h.value });
      }
    }
    return out;
  }

  /** The set for one key when two or more objects share it, else null. */
  duplicateSet(key: string): DuplicateSet | null {
    const current = this.byKey.get(key);
    if (current === undefined || typeof current === 'number') return null;
    return { key, holders: this.holdersOf(key) };
  }

  /** Every shared key with all its holders. */
  *duplicateSets(): Iterable<DuplicateSet> {
    for (const [key, current] of this.byKey) if (typeof current !== 'number') yield { key, holders: this.holdersOf(key) };
  }

  /** The keys an object holds (for a re-scan: its sets before it changed). */
  keysOf(guid: string): string[] {
    const n = this.byGuid.get(guid);
    return n === undefined ? [] : this.objects[n]!.holdings.map((h) => h.key);
  }

  /** Compact text for the saved scan state: one object a line. */
  serialise(): string {
    const lines: string[] = [];
    for (const o of this.objects) {
      if (!o) continue;
      const fields = [o.guid, o.dn, o.objectClass];
      for (const h of o.holdings) fields.push(`${h.attribute}${h.value}`);
      lines.push(fields.map(escapeField).join('\t'));
    }
    return lines.join('\n');
  }

  static parse(text: string): DuplicateIndex {
    const index = new DuplicateIndex();
    if (!text) return index;
    for (const line of text.split('\n')) {
      const [guid, dn, objectClass, ...rest] = line.split('\t').map(unescapeField);
      if (!guid || dn === undefined || !objectClass) throw new Error('saved duplicate index: a line lacks its objectGUID, DN or class');
      const values: Record<string, string[]> = {};
      for (const f of rest) {
        const attribute = UNIQUE_ATTRIBUTES[Number(f[0])];
        if (!attribute) throw new Error(`saved duplicate index: unknown attribute code in "${f.slice(0, 20)}"`);
        (values[attribute] ??= []).push(f.slice(1));
      }
      const o = {
        dn,
        objectGuid: guid,
        objectClass,
        usnChanged: '',
        values: new Proxy(values, { get: (t, k: string) => t[k] ?? [] }),
      } as unknown as ScanObject;
      index.put(o);
    }
    return index;
  }
}

const escapeField = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
const unescapeField = (s: string) => s.replace(/\\(\\|t|n)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : '\\'));
