// The duplicate index's table (duplicate-index.ts): from the 30-bit hash of a key to the numbers of
// the objects holding a value under it.
/**
 * Key hash → the numbers of the objects holding it: one number, or a list once shared. A Map
 * would do, but at millions of keys its entries cost about twice the memory and every lookup an
 * extra cache miss; here a slot is three 32-bit integers (hash + 1 or 0 when empty, the holder or
 * -1 - the list's number, the insertion sequence), probed linearly. The shared hashes are listed in
 * the order they were first added, as a Map would iterate them.
 */
/**
 * A HolderTable as plain typed arrays (for the saved scan state): the slots as they are, and the
 * holder lists flattened (listLengths[k] is list k's length, -1 for a free list number).
 */
export interface HolderTableSnapshot {
  slots: Int32Array;
  count: number;
  sequence: number;
  listLengths: Int32Array;
  listValues: Int32Array;
}

export class HolderTable {
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  private sequence = 0;
  private readonly lists: (number[] | undefined)[] = [];
  private readonly freeLists: number[] = [];

  /**
   * @param initialSlots a power of two (small ones let tests reach growth and wrap-around).
   * @param sequenceLimit when the insertion sequence is renumbered (lower in tests).
   */
  constructor(
    initialSlots = 1024,
    private readonly sequenceLimit = 0x7fffffff,
  ) {
    if (initialSlots < 2 || (initialSlots & (initialSlots - 1)) !== 0) throw new RangeError('initialSlots must be a power of two');
    this.slots = new Int32Array(3 * initialSlots);
    this.mask = initialSlots - 1;
  }

  get size(): number {
    return this.count;
  }

  /** An independent copy (a re-scan changes its copy; the saved scan stays as it was). */
  clone(): HolderTable {
    const t = new HolderTable(2, this.sequenceLimit);
    t.slots = this.slots.slice();
    t.mask = this.mask;
    t.count = this.count;
    t.sequence = this.sequence;
    for (const list of this.lists) t.lists.push(list?.slice());
    t.freeLists.push(...this.freeLists);
    return t;
  }

  /** The table as typed arrays (no hashing to restore it). */
  toSnapshot(): HolderTableSnapshot {
    const listLengths = new Int32Array(this.lists.length);
    let total = 0;
    for (let k = 0; k < this.lists.length; k++) {
      const list = this.lists[k];
      listLengths[k] = list ? list.length : -1;
      total += list ? list.length : 0;
    }
    const listValues = new Int32Array(total);
    let at = 0;
    for (const list of this.lists) if (list) for (const n of list) listValues[at++] = n;
    return { slots: this.slots.slice(), count: this.count, sequence: this.sequence, listLengths, listValues };
  }

  /**
   * The table a snapshot describes, checked so that a damaged one is refused rather than loaded
   * (every lookup must end, every holder must be a live object number): throws naming what is wrong.
   * @param isHolder whether n is the number of an object in the index.
   * The snapshot's slots array is taken over, not copied (toSnapshot hands out a copy).
   */
  static fromSnapshot(s: HolderTableSnapshot, isHolder: (n: number) => boolean): HolderTable {
    const bad = (what: string) => new Error(`saved duplicate index: its hash table ${what}`);
    const size = s.slots.length / 3;
    if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) throw bad(`has ${s.slots.length} numbers, not 3 per slot in a power-of-two table`);
    if (!Number.isInteger(s.count) || s.count < 0 || s.count >= size || s.count * 10 > size * 7) throw bad(`says it holds ${s.count} hashes in ${size} slots`);
    if (!Number.isInteger(s.sequence) || s.sequence < 0) throw bad(`has a bad insertion sequence (${s.sequence})`);
    const t = new HolderTable(2);
    const lists = t.lists;
    let at = 0;
    for (let k = 0; k < s.listLengths.length; k++) {
      const length = s.listLengths[k]!;
      if (length === -1) {
        lists.push(undefined);
        t.freeLists.push(k);
        continue;
      }
      if (length < 2 || at + length > s.listValues.length)
        throw bad(`has a holder list of ${length} objects where lists hold 2 or more within the saved values`);
      const list = Array.from(s.listValues.subarray(at, at + length));
      for (const n of list) if (!isHolder(n)) throw bad(`lists object ${n}, which the index does not hold`);
      lists.push(list);
      at += length;
    }
    if (at !== s.listValues.length) throw bad(`has ${s.listValues.length - at} holder numbers no list owns`);
    const mask = size - 1;
    const slots = s.slots;
    const used = new Uint8Array(lists.length);
    // run[i]: the occupied slots in the run that ends at slot i (0 for an empty slot), counted in one
    // pass from an empty slot (the load cap leaves at least one), so the reachability check below is
    // linear: a crafted table with every hash at one home would otherwise cost a walk per slot.
    const run = new Int32Array(size);
    let empty = -1;
    for (let i = 0; i < size && empty < 0; i++) if (slots[3 * i] === 0) empty = i;
    if (empty < 0) throw bad('has no empty slot');
    for (let step = 1, previous = 0; step <= size; step++) {
      const i = (empty + step) & mask;
      previous = slots[3 * i] === 0 ? 0 : previous + 1;
      run[i] = previous;
    }
    let count = 0;
    for (let i = 0; i < size; i++) {
      const stored = slots[3 * i]!;
      if (stored === 0) {
        if (slots[3 * i + 1] !== 0 || slots[3 * i + 2] !== 0) throw bad(`has an empty slot ${i} that is not blank`);
        continue;
      }
      count += 1;
      if (stored < 1 || stored > 0x40000000) throw bad(`has a hash out of range in slot ${i}`);
      // Reachable: no empty slot between its home and where it is (else lookups would miss it).
      if (((i - ((stored - 1) & mask)) & mask) >= run[i]!) throw bad(`has slot ${i} out of its probe run`);
      const holder = slots[3 * i + 1]!;
      if (holder >= 0) {
        if (!isHolder(holder)) throw bad(`names object ${holder}, which the index does not hold`);
      } else {
        const k = -1 - holder;
        if (k >= lists.length || lists[k] === undefined || used[k]) throw bad(`points slot ${i} at list ${k}, which is missing or taken`);
        used[k] = 1;
      }
      const sequence = slots[3 * i + 2]!;
      if (sequence < 0 || sequence >= s.sequence) throw bad(`has slot ${i} added after the saved sequence`);
    }
    if (count !== s.count) throw bad(`says it holds ${s.count} hashes but its slots hold ${count}`);
    for (let k = 0; k < lists.length; k++) if (lists[k] !== undefined && !used[k]) throw bad(`has list ${k} no slot points at`);
    t.slots = slots;
    t.mask = mask;
    t.count = count;
    t.sequence = s.sequence;
    return t;
  }

  /** The slot holding h, or the empty slot where it would go. */
  private find(h: number): number {
    const slots = this.slots;
    let i = h & this.mask;
    for (;;) {
      const stored = slots[3 * i]!;
      if (stored === 0 || stored === h + 1) return i;
      i = (i + 1) & this.mask;
    }
  }

  get(h: number): number | number[] | undefined {
    const i = this.find(h);
    const slots = this.slots;
    if (slots[3 * i] === 0) return undefined;
    const holder = slots[3 * i + 1]!;
    return holder >= 0 ? holder : this.lists[-1 - holder]!;
  }

  /** Adds object n as a holder of h (the caller adds each object once per hash). */
  add(h: number, n: number): void {
    let i = this.find(h);
    const slots = this.slots;
    if (slots[3 * i] === 0) {
      if ((this.count + 1) * 10 > (this.mask + 1) * 7) {
        this.grow();
        i = this.find(h);
      }
      this.put(i, h, n, this.nextSequence());
      this.count += 1;
      return;
    }
    const holder = slots[3 * i + 1]!;
    if (holder < 0) {
      this.lists[-1 - holder]!.push(n);
      return;
    }
    const k = this.freeLists.pop() ?? this.lists.length;
    this.lists[k] = [holder, n];
    slots[3 * i + 1] = -1 - k;
  }

  /** Removes object n from the holders of h. */
  remove(h: number, n: number): void {
    const i = this.find(h);
    const slots = this.slots;
    if (slots[3 * i] === 0) return;
    const holder = slots[3 * i + 1]!;
    if (holder >= 0) {
      if (holder === n) this.deleteSlot(i);
      return;
    }
    const k = -1 - holder;
    const rest = this.lists[k]!.filter((x) => x !== n);
    if (rest.length > 1) {
      this.lists[k] = rest;
      return;
    }
    this.lists[k] = undefined;
    this.freeLists.push(k);
    if (rest.length === 1) slots[3 * i + 1] = rest[0]!;
    else this.deleteSlot(i);
  }

  /** The hashes held by two or more objects, with their holders, in first-added order. */
  shared(): [number, number[]][] {
    const found: [number, number, number[]][] = [];
    const slots = this.slots;
    for (let i = 0; i <= this.mask; i++) {
      const holder = slots[3 * i + 1]!;
      if (slots[3 * i] !== 0 && holder < 0) found.push([slots[3 * i + 2]!, slots[3 * i]! - 1, this.lists[-1 - holder]!]);
    }
    found.sort((a, b) => a[0] - b[0]);
    return found.map(([, h, list]) => [h, list]);
  }

  private put(i: number, h: number, holder: number, sequence: number): void {
    this.slots[3 * i] = h + 1;
    this.slots[3 * i + 1] = holder;
    this.slots[3 * i + 2] = sequence;
  }

  private nextSequence(): number {
    if (this.sequence >= this.sequenceLimit) this.renumber();
    return this.sequence++;
  }

  /** Sequences restarted from 0 in the same order (after 2^31 additions, or sequenceLimit). */
  private renumber(): void {
    const used: number[] = [];
    for (let i = 0; i <= this.mask; i++) if (this.slots[3 * i] !== 0) used.push(i);
    used.sort((a, b) => this.slots[3 * a + 2]! - this.slots[3 * b + 2]!);
    used.forEach((i, rank) => (this.slots[3 * i + 2] = rank));
    this.sequence = used.length;
  }

  private grow(): void {
    const old = this.slots;
    const oldSize = this.mask + 1;
    this.slots = new Int32Array(6 * oldSize);
    this.mask = 2 * oldSize - 1;
    for (let i = 0; i < oldSize; i++) {
      if (old[3 * i] === 0) continue;
      const j = this.find(old[3 * i]! - 1);
      this.put(j, old[3 * i]! - 1, old[3 * i + 1]!, old[3 * i + 2]!);
    }
  }

  /** Empties slot i and moves later slots of its probe run back, so every lookup still finds them. */
  private deleteSlot(i: number): void {
    const slots = this.slots;
    const mask = this.mask;
    this.count -= 1;
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const stored = slots[3 * j]!;
      if (stored === 0) break;
      const home = (stored - 1) & mask;
      // Slot j may move to the hole when its home is not cyclically within (hole, j].
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (between) continue;
      slots[3 * hole] = stored;
      slots[3 * hole + 1] = slots[3 * j + 1]!;
      slots[3 * hole + 2] = slots[3 * j + 2]!;
      hole = j;
    }
    slots[3 * hole] = 0;
    slots[3 * hole + 1] = 0;
    slots[3 * hole + 2] = 0;
  }
}
