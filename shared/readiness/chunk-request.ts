// Splitting a long list into requests that each stay under a byte budget once sent as JSON: the
// test bridge refuses request bodies over 64 KiB, and 10,000 edited rows are about 1.5 MB.
// Measured in UTF-8 bytes of each item's JSON (as the body is sent), plus one comma between items.

/** UTF-8 length of a string, without TextEncoder (shared/ has neither Node nor the DOM). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The items in order, cut into runs whose JSON array ("[a,b,…]") takes at most maxBytes. Throws
 * when one item alone is larger (it could never be sent).
 */
export function chunkByJsonBytes<T>(items: readonly T[], maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 2; // the brackets
  for (const [index, item] of items.entries()) {
    const bytes = utf8Length(JSON.stringify(item));
    if (2 + bytes > maxBytes) throw new Error(`item ${index + 1} alone is ${bytes} bytes of JSON, over the ${maxBytes}-byte request budget`);
    const added = current.length ? bytes + 1 : bytes;
    if (size + added > maxBytes) {
      chunks.push(current);
      current = [];
      size = 2;
      size += bytes;
    } else size += added;
    current.push(item);
  }
  if (current.length) chunks.push(current);
  return chunks;
}
