// Duplicates as Entra ID sees them, found in one pass: every value that must be unique goes into
// a hash table under its normalised key, so finding the objects that share a value costs O(values),
// not O(objects²) as IdFix's pairwise comparison does. A userPrincipalName, a mail and the SMTP
// proxy addresses of all objects share one namespace (the cloud rejects a UPN equal to another
// object's smtp: address), compared case-insensitively with the smtp:/SMTP: prefix removed. One
// object holding the same address in several attributes (mail = primary SMTP = UPN) is normal.
//
// The index is what a scan keeps in memory and what an incremental re-scan reloads (as a snapshot of
// these structures as they are, so loading hashes nothing again), so it is kept compact: per object its DN, objectGUID, class and the exact values it holds (one string), and one
// open-addressing table (typed arrays, HolderTable) from a 30-bit hash of each normalised key to the
// numbers of the objects holding it. The key strings themselves are never stored: a value is hashed
// as it is normalised (ASCII values without allocating), and only the few hashes shared by two or
// more objects are turned back into keys and compared exactly, so a hash collision never makes a
// duplicate. Objects can be replaced or removed, and the keys they touched are reported so only
// those sets are re-examined.
import type { DuplicatePeer } from './finding';
import { HolderTable, type HolderTableSnapshot } from './holder-table';
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

/** True when the value text[start, end) has the type prefix smtp (before its first colon), in any case. */
function isSmtpTyped(text: string, start = 0, end = text.length): boolean {
  return (
    end - start > 4 &&
    text.charCodeAt(start + 4) === 58 && // ':'
    (text.charCodeAt(start) | 32) === 115 && // s
    (text.charCodeAt(start + 1) | 32) === 109 && // m
    (text.charCodeAt(start + 2) | 32) === 116 && // t
    (text.charCodeAt(start + 3) | 32) === 112 // p
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
 * hashKey(keyOf(code, value)) for the value text[from, end), without building the key when the
 * value is plain ASCII with nothing to trim (nearly every value); -1 when the value holds no key.
 */
function hashOf(code: number, text: string, from = 0, end = text.length): number {
  let namespace: number;
  let start = from;
  if (code === UPN || code === MAIL)
    namespace = 97; // a
  else if (code === PROXY) {
    if (isSmtpTyped(text, from, end)) {
      namespace = 97;
      start = from + 5;
    } else {
      const colon = text.indexOf(':', from);
      if (colon <= from || colon >= end) return -1;
      namespace = 112; // p: the whole value, its type lower-cased with the rest
    }
  } else if (code === NICKNAME)
    namespace = 110; // n
  else if (code === SAM)
    namespace = 115; // s
  else {
    namespace = 116; // t
    if (isSmtpTyped(text, from, end)) start = from + 5;
  }
  // Leading or trailing space or control characters: trimming decides, take the exact path.
  if (start >= end || text.charCodeAt(start) <= 32 || text.charCodeAt(end - 1) <= 32) return slowHash(code, text, from, end);
  let h = Math.imul(Math.imul(FNV_OFFSET ^ namespace, FNV_PRIME) ^ 58, FNV_PRIME);
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c >= 128) return slowHash(code, text, from, end); // Unicode case rules: lower-case it for real
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return h & HASH_MASK;
}

function slowHash(code: number, text: string, from: number, end: number): number {
  const key = keyOf(code, from === 0 && end === text.length ? text : text.slice(from, end));
  return key === null ? -1 : hashKey(key);
}

// The values one object holds, packed in one string (a string per value costs a header, a pointer
// and padding each): per value its attribute code as '0'-'5', its length in three 8-bit
// characters, then the value. Every piece is a one-byte character unless the value has wider ones.
const MAX_HELD_LENGTH = 0xffffff;
const headerOf = (code: number, length: number) => String.fromCharCode(48 + code, length >> 16, (length >> 8) & 0xff, length & 0xff);
/** The headers of values shorter than 256 characters, made once (put() would make one per value). */
const SHORT_HEADERS = UNIQUE_ATTRIBUTES.map((_, code) => Array.from({ length: 256 }, (_, length) => headerOf(code, length)));
/** Calls visit(code, start, end) for each value in a held text. */
function eachHeld(text: string, visit: (code: number, start: number, end: number) => void): void {
  for (let p = 0; p < text.length;) {
    const start = p + 4;
    const end = start + ((text.charCodeAt(p + 1) << 16) | (text.charCodeAt(p + 2) << 8) | text.charCodeAt(p + 3));
    visit(text.charCodeAt(p) - 48, start, end);
    p = end;
  }
}

/** Strings of one kind, one per object number, joined: lengths[n] is string n's length (-1: none). */
export interface StringColumn {
  text: string;
  lengths: Int32Array;
}

/**
 * The index as it is held, in a few flat pieces (for the saved scan state): loading it back is
 * slicing strings and copying typed arrays, with no value hashed or compared again.
 */
export interface DuplicateIndexSnapshot {
  /** Object numbers in use or free; each column has one entry per number. */
  objects: number;
  guids: StringColumn;
  dns: StringColumn;
  classes: StringColumn;
  /** Per object its held values, packed (see headerOf). */
  held: StringColumn;
  /** Object numbers free for reuse, in the order they will be reused (last first). */
  free: Int32Array;
  table: HolderTableSnapshot;
}

function toColumn(strings: readonly (string | undefined)[]): StringColumn {
  const lengths = new Int32Array(strings.length);
  for (let n = 0; n < strings.length; n++) lengths[n] = strings[n]?.length ?? -1;
  return { text: strings.join(''), lengths };
}

/** The strings of a column, checked against its text; throws naming the column when they do not fit. */
function fromColumn(name: string, c: StringColumn, objects: number, optional: boolean): (string | undefined)[] {
  if (c.lengths.length !== objects) throw new Error(`saved duplicate index: ${name} has ${c.lengths.length} entries for ${objects} objects`);
  const out: (string | undefined)[] = new Array(objects);
  let at = 0;
  for (let n = 0; n < objects; n++) {
    const length = c.lengths[n]!;
    if (length === -1 && optional) continue;
    if (length < 0 || at + length > c.text.length) throw new Error(`saved duplicate index: ${name} of object ${n} runs past the saved text`);
    out[n] = c.text.slice(at, at + length);
    at += length;
  }
  if (at !== c.text.length) throw new Error(`saved duplicate index: ${name} has ${c.text.length - at} characters no object owns`);
  return out;
}

/** Whether a held text is whole: value headers with known codes, each value within the text. */
function isWholeHeld(text: string): boolean {
  let p = 0;
  while (p < text.length) {
    if (p + 4 > text.length) return false;
    const code = text.charCodeAt(p) - 48;
    const a = text.charCodeAt(p + 1);
    const b = text.charCodeAt(p + 2);
    const c = text.charCodeAt(p + 3);
    if (code < 0 || code >= UNIQUE_ATTRIBUTES.length || a > 0xff || b > 0xff || c > 0xff) return false;
    p += 4 + ((a << 16) | (b << 8) | c);
  }
  return p === text.length;
}

export class DuplicateIndex {
  /** Hash of a key → the numbers of the objects holding a value with that hash. */
  private byHash = new HolderTable();
  private guids: (string | undefined)[] = [];
  private dns: string[] = [];
  private classes: string[] = [];
  /** Per object its held values, packed (see headerOf). */
  private held: string[] = [];
  private byGuid = new Map<string, number>();
  private free: number[] = [];
  private touched: Set<string> | null = null;
  /** Scratch space of put(): the codes, values and hashes of the values being added. */
  private readonly addCodes: number[] = [];
  private readonly addValues: string[] = [];
  private readonly addHashes: number[] = [];
  private readonly addParts: string[] = [];

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
    const codes = this.addCodes;
    const values = this.addValues;
    const hashes = this.addHashes;
    codes.length = 0;
    values.length = 0;
    hashes.length = 0;
    const v = o.values;
    this.hold(UPN, v.userPrincipalName);
    this.hold(MAIL, v.mail);
    this.hold(PROXY, v.proxyAddresses);
    this.hold(NICKNAME, v.mailNickname);
    if (o.objectClass !== 'contact') this.hold(SAM, v.sAMAccountName);
    this.hold(TARGET, v.targetAddress);
    let text = '';
    if (values.length > 0) {
      const parts = this.addParts;
      parts.length = 0;
      for (let i = 0; i < values.length; i++) {
        const length = values[i]!.length;
        if (length > MAX_HELD_LENGTH) throw new RangeError(`a ${UNIQUE_ATTRIBUTES[codes[i]!]} value of ${o.dn} is ${length} characters long`);
        parts.push(length < 256 ? SHORT_HEADERS[codes[i]!]![length]! : headerOf(codes[i]!, length), values[i]!);
      }
      text = parts.join('');
    }
    const n = this.free.pop() ?? this.guids.length;
    this.guids[n] = guid;
    this.dns[n] = o.dn;
    this.classes[n] = o.objectClass;
    this.held[n] = text;
    this.byGuid.set(guid, n);
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i]!;
      // The same object holding a value in two attributes is no conflict with itself: link it once.
      let earlier = false;
      for (let j = 0; j < i && !earlier; j++) earlier = hashes[j] === h;
      if (!earlier) this.byHash.add(h, n);
      if (this.touched) this.touched.add(keyOf(codes[i]!, values[i]!)!);
    }
  }

  /** Adds the values of one attribute that hold a key to the scratch lists. */
  private hold(code: number, attributeValues: readonly string[]): void {
    const codes = this.addCodes;
    const values = this.addValues;
    const hashes = this.addHashes;
    for (let k = 0; k < attributeValues.length; k++) {
      const value = attributeValues[k]!;
      const h = hashOf(code, value);
      if (h < 0) continue;
      // One attribute holding a value twice adds nothing; several attributes holding it are each reported.
      let twice = false;
      for (let j = 0; j < hashes.length && !twice; j++) {
        if (hashes[j] === h && codes[j] === code) twice = keyOf(code, values[j]!) === keyOf(code, value);
      }
      if (twice) continue;
      codes.push(code);
      values.push(value);
      hashes.push(h);
    }
  }

  /** Removes an object by objectGUID (deleted, moved out of scope or now skipped). */
  remove(guid: string): void {
    const n = this.byGuid.get(guid);
    if (n === undefined) return;
    const text = this.held[n]!;
    eachHeld(text, (code, start, end) => {
      this.byHash.remove(hashOf(code, text, start, end), n);
      if (this.touched) this.touched.add(keyOf(code, text.slice(start, end))!);
    });
    this.guids[n] = undefined;
    this.held[n] = '';
    this.dns[n] = '';
    this.classes[n] = '';
    this.byGuid.delete(guid);
    this.free.push(n);
  }

  has(guid: string): boolean {
    return this.byGuid.has(guid);
  }

  /** The values of objects `numbers` whose hash is h, grouped by their exact key, holders in object order. */
  private groupsOf(numbers: number | number[], h: number): Map<string, DuplicateHolder[]> {
    const byKey = new Map<string, DuplicateHolder[]>();
    const list = typeof numbers === 'number' ? [numbers] : numbers;
    for (const n of list) {
      const text = this.held[n]!;
      eachHeld(text, (code, start, end) => {
        if (hashOf(code, text, start, end) !== h) return;
        const value = text.slice(start, end);
        const key = keyOf(code, value)!;
        const holder: DuplicateHolder = {
          dn: this.dns[n]!,
          attribute: UNIQUE_ATTRIBUTES[code]!,
          objectGuid: this.guids[n]!,
          objectClass: this.classes[n]!,
          value,
        };
        const holders = byKey.get(key);
        if (holders) holders.push(holder);
        else byKey.set(key, [holder]);
      });
    }
    return byKey;
  }

  /** The objects holding a key (one, or none, when it is not shared). */
  holdersOf(key: string): DuplicateHolder[] {
    const h = hashKey(key);
    const numbers = this.byHash.get(h);
    return numbers === undefined ? [] : (this.groupsOf(numbers, h).get(key) ?? []);
  }

  /** The set for one key when two or more objects share it, else null. */
  duplicateSet(key: string): DuplicateSet | null {
    const h = hashKey(key);
    const numbers = this.byHash.get(h);
    if (numbers === undefined || typeof numbers === 'number') return null;
    const holders = this.groupsOf(numbers, h).get(key) ?? [];
    return distinctObjects(holders) >= 2 ? { key, holders } : null;
  }

  /** Every shared key with all its holders. */
  *duplicateSets(): Iterable<DuplicateSet> {
    for (const [h, numbers] of this.byHash.shared()) {
      // Two or more objects share the hash: their values grouped by exact key (a collision is no duplicate).
      for (const [key, holders] of this.groupsOf(numbers, h)) if (distinctObjects(holders) >= 2) yield { key, holders };
    }
  }

  /** The keys an object holds (for a re-scan: its sets before it changed). */
  keysOf(guid: string): string[] {
    const n = this.byGuid.get(guid);
    if (n === undefined) return [];
    const text = this.held[n]!;
    const out: string[] = [];
    eachHeld(text, (code, start, end) => out.push(keyOf(code, text.slice(start, end))!));
    return out;
  }

  /** An independent copy (a re-scan changes its copy, so the scan it started from stays whole). */
  clone(): DuplicateIndex {
    const c = new DuplicateIndex();
    c.restore(this.guids.slice(), this.dns.slice(), this.classes.slice(), this.held.slice(), this.free.slice(), this.byHash.clone(), new Map(this.byGuid));
    return c;
  }

  private restore(
    guids: (string | undefined)[],
    dns: string[],
    classes: string[],
    held: string[],
    free: number[],
    byHash: HolderTable,
    byGuid: Map<string, number>,
  ): void {
    this.guids = guids;
    this.dns = dns;
    this.classes = classes;
    this.held = held;
    this.free = free;
    this.byHash = byHash;
    this.byGuid = byGuid;
  }

  /** The index in flat pieces (DuplicateIndexSnapshot), for saving. */
  toSnapshot(): DuplicateIndexSnapshot {
    return {
      objects: this.guids.length,
      guids: toColumn(this.guids),
      dns: toColumn(this.dns),
      classes: toColumn(this.classes),
      held: toColumn(this.held),
      free: Int32Array.from(this.free),
      table: this.byHash.toSnapshot(),
    };
  }

  /**
   * The index a snapshot describes, without hashing a value again. Checked as it is read (the
   * columns fit their texts, every held text is whole, free numbers and live objects agree, the
   * table only names live objects); a snapshot that fails is refused with what was wrong. Its
   * typed arrays are taken over, not copied.
   */
  static fromSnapshot(s: DuplicateIndexSnapshot): DuplicateIndex {
    const objects = s.objects;
    if (!Number.isInteger(objects) || objects < 0) throw new Error(`saved duplicate index: bad object count ${objects}`);
    const guids = fromColumn('objectGUIDs', s.guids, objects, true);
    const dns = fromColumn('DNs', s.dns, objects, false) as string[];
    const classes = fromColumn('classes', s.classes, objects, false) as string[];
    const held = fromColumn('held values', s.held, objects, false) as string[];
    const byGuid = new Map<string, number>();
    for (let n = 0; n < objects; n++) {
      const guid = guids[n];
      if (guid === undefined) {
        if (dns[n] || classes[n] || held[n]) throw new Error(`saved duplicate index: free object number ${n} still holds values`);
        continue;
      }
      if (!guid || !classes[n]) throw new Error(`saved duplicate index: object ${n} lacks its objectGUID or class`);
      if (byGuid.has(guid)) throw new Error(`saved duplicate index: objectGUID ${guid} is saved twice`);
      if (!isWholeHeld(held[n]!)) throw new Error(`saved duplicate index: the held values of ${dns[n]} are cut or damaged`);
      byGuid.set(guid, n);
    }
    const free = Array.from(s.free);
    const freeSeen = new Set<number>();
    for (const n of free) {
      if (!(n >= 0 && n < objects) || guids[n] !== undefined || freeSeen.has(n))
        throw new Error(`saved duplicate index: free object number ${n} is not a free entry`);
      freeSeen.add(n);
    }
    if (free.length + byGuid.size !== objects)
      throw new Error(`saved duplicate index: ${objects - free.length - byGuid.size} object numbers are neither held nor free`);
    const byHash = HolderTable.fromSnapshot(s.table, (n) => n >= 0 && n < objects && guids[n] !== undefined);
    const index = new DuplicateIndex();
    index.restore(guids, dns, classes, held, free, byHash, byGuid);
    return index;
  }

  /** The index as text, one object a line (tests compare it with the previous implementation's). */
  serialise(): string {
    const lines: string[] = [];
    for (let n = 0; n < this.guids.length; n++) {
      const guid = this.guids[n];
      if (guid === undefined) continue;
      const fields = [guid, this.dns[n]!, this.classes[n]!];
      const text = this.held[n]!;
      eachHeld(text, (code, start, end) => fields.push(`${code}${text.slice(start, end)}`));
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
