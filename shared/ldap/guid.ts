// objectGUID travels as 16 bytes in AD's mixed-endian layout; people and logs use the
// registry form (b88e3506-2440-4441-8b41-6e307f2783dd).

const HEX = '0123456789abcdef';
const h = (b: number) => HEX[b >> 4]! + HEX[b & 0xf]!;

export function guidFromBytes(bytes: ArrayLike<number>): string {
  if (bytes.length !== 16) throw new RangeError(`a GUID has 16 bytes, got ${bytes.length}`);
  const b = Array.from(bytes);
  const order = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];
  return order.map((i) => (i < 0 ? '-' : h(b[i]!))).join('');
}

export function guidToBytes(guid: string): number[] {
  const m = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i.exec(guid.trim());
  if (!m) throw new RangeError(`"${guid}" is not a GUID`);
  const hex = m.slice(1).join('');
  const plain = Array.from({ length: 16 }, (_, i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return order.map((i) => plain[i]!);
}

/** `\XX` escaped bytes, for a filter on objectGUID. */
export function guidToFilterValue(guid: string): string {
  return guidToBytes(guid)
    .map((b) => '\\' + h(b))
    .join('');
}
