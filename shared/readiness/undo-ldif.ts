// The undo file of an applied batch: LDIF change records (RFC 2849) that restore every attribute
// the batch is about to write, with comments saying what each record undoes. It is written before
// the first change, so even a batch cut short can be undone. Readable by people and by ldapmodify;
// the app's own `scan undo` reads it back strictly (line numbers in every error).
import { decodeUtf8 } from '../ldap/escape';
import { describeChange, inverseChange, type ValueChange } from './value-change';

export interface UndoBatch {
  batchId: string;
  createdAt: string;
  /** The directory the batch was applied to (URL), so undo against another DC is refused. */
  server: string;
  /** What the batch did (for the header), e.g. "scan apply changes.csv". */
  origin: string;
  /** The changes that restore the state before the batch, in the order to apply them. */
  restores: ValueChange[];
  /**
   * Restores whose forward change the batch did not write (skipped, failed, cancelled), by index
   * in restores: appended to the file after the batch ran, so undo leaves them alone.
   */
  notApplied?: { index: number; reason: string }[];
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

export function base64Utf8(s: string): string {
  const b = utf8Bytes(s);
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (i + 1 < b.length ? B64[(n >> 6) & 63]! : '=') + (i + 2 < b.length ? B64[n & 63]! : '=');
  }
  return out;
}

export function fromBase64Utf8(text: string): string {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) throw new SyntaxError('not valid base64');
  const bytes: number[] = [];
  for (let i = 0; i < clean.length; i += 4) {
    const q = [0, 1, 2, 3].map((k) => (clean[i + k] === '=' ? 0 : B64.indexOf(clean[i + k]!)));
    const n = (q[0]! << 18) | (q[1]! << 12) | (q[2]! << 6) | q[3]!;
    bytes.push((n >> 16) & 255);
    if (clean[i + 2] !== '=') bytes.push((n >> 8) & 255);
    if (clean[i + 3] !== '=') bytes.push(n & 255);
  }
  return decodeUtf8(bytes);
}

/** RFC 2849 SAFE-STRING: printable ASCII, not starting with space, ':' or '<', not ending with space. */
// eslint-disable-next-line no-control-regex -- RFC 2849's SAFE-STRING is defined by control characters
const isSafe = (v: string) => /^(?:[\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b\x0c\x0e-\x7f]*)?$/.test(v) && !v.endsWith(' ');

const attrValue = (name: string, v: string) => (isSafe(v) ? `${name}: ${v}` : `${name}:: ${base64Utf8(v)}`);
/** Comments are single lines: control characters shown as escapes. */
// eslint-disable-next-line no-control-regex -- control characters are what gets escaped
const commentText = (s: string) => s.replace(/[\r\n\t\x00-\x1f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export function formatUndoLdif(batch: UndoBatch): string {
  const lines = [
    '# DirSync Doctor undo file: it restores every attribute the batch below changes.',
    '# Written before the batch ran. Undo with: dirsync-doctor scan undo --batch <this file> [--yes]',
    '# (or review it and apply with ldapmodify). Undo refuses any value changed again since.',
    `# dsd-batch: ${batch.batchId}`,
    `# dsd-created: ${batch.createdAt}`,
    `# dsd-server: ${commentText(batch.server)}`,
    `# dsd-origin: ${commentText(batch.origin)}`,
    'version: 1',
    '',
  ];
  for (const r of batch.restores) {
    lines.push(`# undoes ${commentText(r.source)}: ${commentText(describeChange(inverseChange(r)))}`);
    lines.push(`# dsd-guid: ${r.objectGuid ?? ''}`);
    lines.push(`# dsd-source: ${commentText(r.source)}`);
    lines.push(attrValue('dn', r.dn));
    lines.push('changetype: modify');
    if (r.remove.length) {
      lines.push(`delete: ${r.attribute}`, ...r.remove.map((v) => attrValue(r.attribute, v)), '-');
    }
    if (r.add.length) {
      lines.push(`add: ${r.attribute}`, ...r.add.map((v) => attrValue(r.attribute, v)), '-');
    }
    lines.push('');
  }
  // Ends with a blank line, so the trailer appended after the batch stands apart from the last record.
  return `${lines.join('\n')}\n${(batch.notApplied ?? []).map((n) => formatNotApplied(n.index, n.reason)).join('')}`;
}

/** The trailer line that marks a restore whose change the batch did not write. */
export function formatNotApplied(index: number, reason: string): string {
  return `# dsd-not-applied: ${index} ${commentText(reason)}\n`;
}

export class UndoFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`undo file line ${line}: ${message}`);
  }
}

interface Line {
  n: number;
  text: string;
}

/** Reads an undo file written by formatUndoLdif (folded lines and base64 values accepted). */
export function parseUndoLdif(text: string): UndoBatch {
  // Unfold: a line starting with one space continues the previous one (RFC 2849).
  const physical = text.replace(/\r\n/g, '\n').split('\n');
  const lines: Line[] = [];
  physical.forEach((t, i) => {
    const last = lines[lines.length - 1];
    if (t.startsWith(' ') && last && last.text !== '' && !last.text.startsWith('#')) last.text += t.slice(1);
    else lines.push({ n: i + 1, text: t });
  });
  const header: Record<string, string> = {};
  let sawVersion = false;
  const restores: ValueChange[] = [];
  const notApplied: { index: number; reason: string }[] = [];
  let i = 0;
  // Header comments and version line.
  for (; i < lines.length; i++) {
    const { n, text: t } = lines[i]!;
    const meta = /^# dsd-([a-z]+): ?(.*)$/.exec(t);
    if (meta) header[meta[1]!] = meta[2]!;
    else if (t === 'version: 1') sawVersion = true;
    else if (t === '' && sawVersion) break;
    else if (!t.startsWith('#') && t !== '') throw new UndoFileError(n, `unexpected "${t.slice(0, 60)}" before the first record`);
  }
  if (!sawVersion) throw new UndoFileError(1, 'no "version: 1" line: this is not an LDIF undo file');
  for (const key of ['batch', 'created', 'server'] as const) if (!header[key]) throw new UndoFileError(1, `the header lacks "# dsd-${key}:"`);

  const value = (l: Line, name: string): string => {
    const m = /^([A-Za-z][\w-]*)(::?) ?(.*)$/.exec(l.text);
    if (!m || m[1]!.toLowerCase() !== name.toLowerCase()) throw new UndoFileError(l.n, `expected "${name}:", found "${l.text.slice(0, 60)}"`);
    if (m[2] === ':') return m[3]!;
    try {
      return fromBase64Utf8(m[3]!);
    } catch (e) {
      throw new UndoFileError(l.n, `the base64 value of ${name} is broken (${(e as Error).message})`);
    }
  };

  while (i < lines.length) {
    // Skip blank lines and gather the record's comments.
    const meta: Record<string, string> = {};
    while (i < lines.length && (lines[i]!.text === '' || lines[i]!.text.startsWith('#'))) {
      const m = /^# dsd-([a-z-]+): ?(.*)$/.exec(lines[i]!.text);
      const skip = m?.[1] === 'not-applied' ? /^(\d+) (.*)$/.exec(m[2]!) : null;
      if (m?.[1] === 'not-applied' && !skip) throw new UndoFileError(lines[i]!.n, 'a "dsd-not-applied" line needs an index and a reason');
      if (skip) notApplied.push({ index: Number(skip[1]), reason: skip[2]! });
      else if (m) meta[m[1]!] = m[2]!;
      i++;
    }
    if (i >= lines.length) break;
    const dnLine = lines[i++]!;
    const dn = value(dnLine, 'dn');
    const ct = lines[i++];
    if (!ct || ct.text !== 'changetype: modify') throw new UndoFileError(ct?.n ?? dnLine.n, 'expected "changetype: modify" after the dn');
    let attribute: string | null = null;
    const remove: string[] = [];
    const add: string[] = [];
    while (i < lines.length && lines[i]!.text !== '' && !lines[i]!.text.startsWith('#')) {
      const opLine = lines[i++]!;
      const op = /^(add|delete): ?([A-Za-z][\w-]*)$/.exec(opLine.text);
      if (!op) throw new UndoFileError(opLine.n, `expected "add: <attribute>" or "delete: <attribute>", found "${opLine.text.slice(0, 60)}"`);
      if (attribute !== null && attribute.toLowerCase() !== op[2]!.toLowerCase()) throw new UndoFileError(opLine.n, 'a record restores one attribute only');
      attribute = op[2]!;
      const target = op[1] === 'add' ? add : remove;
      let count = 0;
      while (i < lines.length && lines[i]!.text !== '-') {
        if (lines[i]!.text === '') throw new UndoFileError(lines[i]!.n, 'a change block must end with "-"');
        target.push(value(lines[i]!, attribute));
        count++;
        i++;
      }
      if (i >= lines.length) throw new UndoFileError(opLine.n, 'a change block must end with "-"');
      i++; // the "-"
      if (count === 0) throw new UndoFileError(opLine.n, `${op[1]} of ${attribute} names no value (the undo file restores values, never whole attributes)`);
    }
    if (attribute === null) throw new UndoFileError(dnLine.n, 'the record changes nothing');
    restores.push({ dn, objectGuid: meta.guid ? meta.guid : null, attribute, remove, add, source: meta.source ?? `record at line ${dnLine.n}` });
  }
  for (const n of notApplied) if (n.index >= restores.length) throw new UndoFileError(1, `"dsd-not-applied: ${n.index}" names no record`);
  return { batchId: header.batch!, createdAt: header.created!, server: header.server!, origin: header.origin ?? '', restores, notApplied };
}
