// Escaping of values spliced into LDAP filters (RFC 4515) and DNs (RFC 4514). Every filter or
// DN the app builds from a name it was given goes through these, so a value like
// `*)(objectClass=*` stays a literal value and never widens a search.

const HEX = '0123456789abcdef';
const hex2 = (code: number): string => HEX[(code >> 4) & 0xf]! + HEX[code & 0xf]!;

/** RFC 4515 §3: NUL, `(`, `)`, `*` and `\` become `\XX`. Other characters (UTF-8 included) stay as they are. */
export function escapeFilterValue(value: string): string {
  let out = '';
  for (const ch of value) {
    if (ch === '\\' || ch === '*' || ch === '(' || ch === ')' || ch === '\u0000') out += '\\' + hex2(ch.charCodeAt(0));
    else out += ch;
  }
  return out;
}

/** Inverse of escapeFilterValue for `\XX` escapes of ASCII bytes; multi-byte escapes are decoded as UTF-8. */
export function unescapeFilterValue(escaped: string): string {
  return unescapeHexRuns(escaped, (rest) => {
    throw new SyntaxError(`invalid escape "\\${rest.slice(0, 2)}" in LDAP filter value`);
  });
}

const DN_SPECIALS = new Set(['"', '+', ',', ';', '<', '>', '\\', '=']);

/**
 * RFC 4514 §2.4: escape `" + , ; < > \ =` anywhere, a leading space or `#`, a trailing space,
 * and control characters (as `\XX`, the way AD writes the newline in a tombstone's name).
 */
export function escapeDnValue(value: string): string {
  const chars = Array.from(value);
  let out = '';
  chars.forEach((ch, i) => {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) out += '\\' + hex2(code).toUpperCase();
    else if (DN_SPECIALS.has(ch)) out += '\\' + ch;
    else if (i === 0 && (ch === ' ' || ch === '#')) out += '\\' + ch;
    else if (i === chars.length - 1 && ch === ' ') out += '\\ ';
    else out += ch;
  });
  return out;
}

/** Inverse of escapeDnValue; also accepts `\XX` escapes of any byte (decoded as UTF-8), as other servers write them. */
export function unescapeDnValue(escaped: string): string {
  return unescapeHexRuns(escaped, (rest) => {
    const next = rest[0];
    if (next === undefined) throw new SyntaxError('DN value ends with a lone backslash');
    if (DN_SPECIALS.has(next) || next === ' ' || next === '#') return next;
    throw new SyntaxError(`invalid escape "\\${next}" in DN value`);
  });
}

/**
 * Walks `text`, turning runs of `\XX` into UTF-8-decoded characters. For `\` followed by
 * something that is not two hex digits, `other(restAfterBackslash)` returns the literal character.
 */
function unescapeHexRuns(text: string, other: (rest: string) => string): string {
  let out = '';
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length) out += decodeUtf8(bytes);
    bytes = [];
  };
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '\\') {
      flush();
      out += text[i];
      i += 1;
      continue;
    }
    const pair = text.slice(i + 1, i + 3);
    if (/^[0-9A-Fa-f]{2}$/.test(pair)) {
      bytes.push(Number.parseInt(pair, 16));
      i += 3;
    } else {
      flush();
      out += other(text.slice(i + 1));
      i += 2;
    }
  }
  flush();
  return out;
}

/** Strict UTF-8 decoding (shared/ has no TextDecoder); invalid sequences are an error, not U+FFFD. */
export function decodeUtf8(bytes: readonly number[]): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i]!;
    let need: number;
    let cp: number;
    if (b0 < 0x80) [need, cp] = [0, b0];
    else if (b0 >= 0xc2 && b0 < 0xe0) [need, cp] = [1, b0 & 0x1f];
    else if (b0 >= 0xe0 && b0 < 0xf0) [need, cp] = [2, b0 & 0x0f];
    else if (b0 >= 0xf0 && b0 < 0xf5) [need, cp] = [3, b0 & 0x07];
    else throw new SyntaxError(`invalid UTF-8 byte 0x${hex2(b0)}`);
    for (let k = 1; k <= need; k += 1) {
      const b = bytes[i + k];
      if (b === undefined) throw new SyntaxError('truncated UTF-8 sequence');
      if ((b & 0xc0) !== 0x80) throw new SyntaxError('invalid UTF-8 continuation byte');
      cp = (cp << 6) | (b & 0x3f);
    }
    const min = [0, 0x80, 0x800, 0x10000][need]!;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new SyntaxError('invalid UTF-8 code point');
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}
