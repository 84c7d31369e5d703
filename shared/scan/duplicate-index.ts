// Duplicates as Entra ID sees them, found in one pass: every value that must be unique goes into
// a hash map under its normalised key, so finding the objects that share a value costs O(values),
// not O(objects²) as IdFix's pairwise comparison does. A userPrincipalName, a mail and the SMTP
// proxy addresses of all objects share one namespace (the cloud rejects a UPN equal to another
// object's smtp: address), compared case-insensitively with the smtp:/SMTP: prefix removed. One
// object holding the same address in several attributes (mail = primary SMTP = UPN) is normal.
//
// The index is what a scan keeps in memory and what an incremental re-scan reloads, so it is kept
// compact: per object its DN, objectGUID, class and the exact values it holds (one array), and one
// map from a 30-bit hash of each normalised key to the numbers of the objects holding it. The key
// strings themselves are never stored: a value is hashed as it is normalised (ASCII values without
// allocating), and only the few hashes shared by two or more objects are turned back into keys and
// compared exactly, so a hash collision never makes a duplicate. Objects can be replaced or removed,
// and the keys they touched are reported so only those sets are re-examined.
import type { DuplicatePeer } from './finding';
import type { ScanAttributeName, ScanObject } from './scan-object';

/** Attributes whose values must be unique; the index in this list is the code used in saved state. */
const UNIQUE_ATTRIBUTES = ['mail', 'userPrincipalName', 'proxyAddresses', 'mailNickname', 'sAMAccountName', 'targetAddress'] as const;
export type UniqueAttribute = (typeof UNIQUE_ATTRIBUTES)[number];
const MAIL = 0;
const UPN = 1;
const PROXY = 2;
const NICKNAME = 3;
const SAM = 4;
const TARGET = 5;

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

/** "smtp" when a value's type prefix (before the first colon) is smtp in any case. */
function isSmtpTyped(value: string): boolean {
  return (
    value.length > 4 &&
    value.charCodeAt(4) === 58 && // ':'
    (value.charCodeAt(0) | 32) === 115 && // s
    (value.charCodeAt(1) | 32) === 109 && // m
    (value.charCodeAt(2) | 32) === 116 && // t
    (value.charCodeAt(3) | 32) === 112 // p
  );
}

/**
 * The key a value is compared under: a namespace letter, ':', the value normalised (the smtp:
 * prefix cut, trimmed, lower-cased); null when the value holds no key. This is the one definition
 * of a key; hashOf must agree with it.
 */
function keyOf(code: number, value: string): string | null {
  let namespace: string;
  let normalised: string;
  if (code === UPN || code === MAIL) {
    namespace = 'a';
    normalised = value;
  } else if (code === PROXY) {
    const colon = value.indexOf(':');
    if (colon <= 0) return null; // no type prefix: the rules report it; it is no address
    if (isSmtpTyped(value)) {
      namespace = 'a';
      normalised = value.slice(5);
    } else {
      namespace = 'p';
      normalised = `${value.slice(0, colon).toLowerCase()}:${value.slice(colon + 1)}`;
    }
  } else if (code === NICKNAME) {
    namespace = 'n';
    normalised = value;
  } else if (code === SAM) {
    namespace = 's';
    normalised = value;
  } else {
    namespace = 't';
    normalised = isSmtpTyped(value) ? value.slice(5) : value;
  }
  const trimmed = normalised.trim().toLowerCase();
  return trimmed ? `${namespace}:${trimmed}` : null;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Hashes fit a small integer on every V8 build (31-bit Smis with pointer compression). */
const HASH_MASK = 0x3fffffff;

/** The hash of a key string (A-Z folded, so a key and its value's fast path agree). */
function hashKey(key: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return h & HASH_MASK;
}

/**
 * hashKey(keyOf(code, value)) without building the key when the value is plain ASCII with
 * nothing to trim (nearly every value); -1 when the value holds no key.
 */
function hashOf(code: number, value: string): number {
  let namespace: number;
  let start = 0;
  if (code === UPN || code === MAIL) namespace = 97; // a
  else if (code === PROXY) {
    if (isSmtpTyped(value)) {
      namespace = 97;
      start = 5;
    } else {
      const colon = value.indexOf(':');
      if (colon <= 0) return -1;
      namespace = 112; // p: the whole value, its type lower-cased with the rest
    }
  } else if (code === NICKNAME) namespace = 110; // n
  else if (code === SAM) namespace = 115; // s
  else {
    namespace = 116; // t
    if (isSmtpTyped(value)) start = 5;
  }
  const end = value.length;
  // Leading or trailing space or control characters: trimming decides, take the exact path.
  if (start >= end || value.charCodeAt(start) <= 32 || value.charCodeAt(end - 1) <= 32) return slowHash(code, value);
  let h = Math.imul(Math.imul(FNV_OFFSET ^ namespace, FNV_PRIME) ^ 58, FNV_PRIME);
  for (let i = start; i < end; i++) {
    let c = value.charCodeAt(i);
    if (c >= 128) return slowHash(code, value); // Unicode case rules: lower-case it for real
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return h & HASH_MASK;
}

function slowHash(code: number, value: string): number {
  const key = keyOf(code, value);
  return key === null ? -1 : hashKey(key);
}

/** The values an object holds: attribute code, exact value, code, value, … */
type Held = (number | string)[];

export class DuplicateIndex {
  /** Hash of a key → the numbers of the objects holding a value with that hash (one, or an array once shared). */
  private readonly byHash = new Map<number, number | number[]>();
  private readonly guids: (string | undefined)[] = [];
  private readonly dns: string[] = [];
  private readonly classes: string[] = [];
  private readonly held: (Held | undefined)[] = [];
  private readonly byGuid = new Map<string, number>();
  private readonly free: number[] = [];
  private touched: Set<string> | null = null;
  /** Scratch space of put(): the hashes of the values being added. */
  private readonly scratch: number[] = [];

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
    const held: Held = [];
    const hashes = this.scratch;
    hashes.length = 0;
    const v = o.values;
    this.hold(held, UPN, v.userPrincipalName);
    this.hold(held, MAIL, v.mail);
    this.hold(held, PROXY, v.proxyAddresses);
    this.hold(held, NICKNAME, v.mailNickname);
    if (o.objectClass !== 'contact') this.hold(held, SAM, v.sAMAccountName);
    this.hold(held, TARGET, v.targetAddress);
    const n = this.free.pop() ?? this.guids.length;
    this.guids[n] = guid;
    this.dns[n] = o.dn;
    this.classes[n] = o.objectClass;
    this.held[n] = held;
    this.byGuid.set(guid, n);
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i]!;
      // The same object holding a value in two attributes is no conflict with itself: link it once.
      let earlier = false;
      for (let j = 0; j < i && !earlier; j++) earlier = hashes[j] === h;
      if (!earlier) this.link(h, n);
      if (this.touched) this.touched.add(keyOf(held[2 * i] as number, held[2 * i + 1] as string)!);
    }
  }

  /** Adds the values of one attribute to `held`, their hashes to the scratch list. */
  private hold(held: Held, code: number, values: readonly string[]): void {
    const hashes = this.scratch;
    for (let k = 0; k < values.length; k++) {
      const value = values[k]!;
      const h = hashOf(code, value);
      if (h < 0) continue;
      // One attribute holding a value twice adds nothing; several attributes holding it are each reported.
      let twice = false;
      for (let j = 0; j < hashes.length && !twice; j++) {
        if (hashes[j] === h && held[2 * j] === code) twice = keyOf(code, held[2 * j + 1] as string) === keyOf(code, value);
      }
      if (twice) continue;
      held.push(code, value);
      hashes.push(h);
    }
  }

  /** Removes an object by objectGUID (deleted, moved out of scope or now skipped). */
  remove(guid: string): void {
    const n = this.byGuid.get(guid);
    if (n === undefined) return;
    const held = this.held[n]!;
    for (let i = 0; i < held.length; i += 2) {
      const code = held[i] as number;
      const value = held[i + 1] as string;
      this.unlink(hashOf(code, value), n);
      if (this.touched) this.touched.add(keyOf(code, value)!);
    }
    this.guids[n] = undefined;
    this.held[n] = undefined;
    this.dns[n] = '';
    this.classes[n] = '';
    this.byGuid.delete(guid);
    this.free.push(n);
  }

  has(guid: string): boolean {
    return this.byGuid.has(guid);
  }

  private link(h: number, n: number): void {
    const current = this.byHash.get(h);
    if (current === undefined) this.byHash.set(h, n);
    else if (typeof current === 'number') this.byHash.set(h, [current, n]);
    else current.push(n);
  }

  private unlink(h: number, n: number): void {
    const current = this.byHash.get(h);
    if (current === undefined) return;
    if (typeof current === 'number') {
      if (current === n) this.byHash.delete(h);
      return;
    }
    const rest = current.filter((x) => x !== n);
    if (rest.length === 0) this.byHash.delete(h);
    else this.byHash.set(h, rest.length === 1 ? rest[0]! : rest);
  }

  /** The holders among objects `numbers` of values whose key is `key`. */
  private holdersAmong(numbers: number | number[], key: string, h: number): DuplicateHolder[] {
    const out: DuplicateHolder[] = [];
    const list = typeof numbers === 'number' ? [numbers] : numbers;
    for (const n of list) {
      const held = this.held[n]!;
      for (let i = 0; i < held.length; i += 2) {
        const code = held[i] as number;
        const value = held[i + 1] as string;
        if (hashOf(code, value) === h && keyOf(code, value) === key) out.push(this.holder(n, code, value));
      }
    }
    return out;
  }

  private holder(n: number, code: number, value: string): DuplicateHolder {
    return { dn: this.dns[n]!, attribute: UNIQUE_ATTRIBUTES[code]!, objectGuid: this.guids[n]!, objectClass: this.classes[n]!, value };
  }

  /** The objects holding a key (one, or none, when it is not shared). */
  holdersOf(key: string): DuplicateHolder[] {
    const h = hashKey(key);
    const numbers = this.byHash.get(h);
    return numbers === undefined ? [] : this.holdersAmong(numbers, key, h);
  }

  /** The set for one key when two or more objects share it, else null. */
  duplicateSet(key: string): DuplicateSet | null {
    const h = hashKey(key);
    const numbers = this.byHash.get(h);
    if (numbers === undefined || typeof numbers === 'number') return null;
    const holders = this.holdersAmong(numbers, key, h);
    return distinctObjects(holders) >= 2 ? { key, holders } : null;
  }

  /** Every shared key with all its holders. */
  *duplicateSets(): Iterable<DuplicateSet> {
    for (const [h, numbers] of this.byHash) {
      if (typeof numbers === 'number') continue;
      // Two or more objects share the hash: group their values by the exact key (a collision is no duplicate).
      const byKey = new Map<string, DuplicateHolder[]>();
      for (const n of numbers) {
        const held = this.held[n]!;
        for (let i = 0; i < held.length; i += 2) {
          const code = held[i] as number;
          const value = held[i + 1] as string;
          if (hashOf(code, value) !== h) continue;
          const key = keyOf(code, value)!;
          const holders = byKey.get(key);
          if (holders) holders.push(this.holder(n, code, value));
          else byKey.set(key, [this.holder(n, code, value)]);
        }
      }
      for (const [key, holders] of byKey) if (distinctObjects(holders) >= 2) yield { key, holders };
    }
  }

  /** The keys an object holds (for a re-scan: its sets before it changed). */
  keysOf(guid: string): string[] {
    const n = this.byGuid.get(guid);
    if (n === undefined) return [];
    const held = this.held[n]!;
    const out: string[] = [];
    for (let i = 0; i < held.length; i += 2) out.push(keyOf(held[i] as number, held[i + 1] as string)!);
    return out;
  }

  /** Compact text for the saved scan state: one object a line. */
  serialise(): string {
    const lines: string[] = [];
    for (let n = 0; n < this.guids.length; n++) {
      const guid = this.guids[n];
      if (guid === undefined) continue;
      const fields = [guid, this.dns[n]!, this.classes[n]!];
      const held = this.held[n]!;
      for (let i = 0; i < held.length; i += 2) fields.push(`${held[i] as number}${held[i + 1] as string}`);
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
      const values: Partial<Record<ScanAttributeName, string[]>> = {};
      for (const f of rest) {
        const attribute = UNIQUE_ATTRIBUTES[Number(f[0])];
        if (!attribute) throw new Error(`saved duplicate index: unknown attribute code in "${f.slice(0, 20)}"`);
        (values[attribute] ??= []).push(f.slice(1));
      }
      for (const a of UNIQUE_ATTRIBUTES) values[a] ??= [];
      index.put({ dn, objectGuid: guid, objectClass, usnChanged: '', values: values as ScanObject['values'] });
    }
    return index;
  }
}

function distinctObjects(holders: DuplicateHolder[]): number {
  let count = 0;
  for (let i = 0; i < holders.length; i++) {
    let seen = false;
    for (let j = 0; j < i && !seen; j++) seen = holders[j]!.objectGuid === holders[i]!.objectGuid;
    if (!seen) count += 1;
  }
  return count;
}

const escapeField = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
const unescapeField = (s: string) => s.replace(/\\(\\|t|n)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : '\\'));
