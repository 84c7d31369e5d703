// The saved state of a scan, for the next incremental re-scan: which DC (invocationId) and where its
// update sequence stood, the scope, the current findings and the duplicate index.
//
// One file, so it is replaced whole by one rename:
//   line 1   "dirsync-doctor scan state <version> <crc32 of the rest, 8 hex> <header bytes> <body bytes>"
//   header   JSON: the fields of ScanStateHeader, and the index's layout (padded with spaces so the
//            body starts at a multiple of 8 bytes)
//   body     the duplicate index's snapshot (DuplicateIndexSnapshot) as raw sections: its string
//            columns as Latin-1 (or UTF-16LE when a column holds wider characters), its numbers as
//            little-endian 32-bit integers; each section padded to 8 bytes.
// Loading is a few large reads and copies, no value hashed again (at 100,000 objects the JSON of
// version 1 took seconds to parse and its index seconds to rebuild by re-adding every object).
// Read back strictly: a truncated, damaged or foreign file is refused with what was wrong, never
// half-loaded; a state saved by an older version is not refused but makes the re-scan a full one,
// with the reason (OutdatedScanState).
import fs from 'node:fs';
import os from 'node:os';
import zlib from 'node:zlib';
import { z } from 'zod';
import { DuplicateIndex, type DuplicateIndexSnapshot, type StringColumn } from '../../../shared/readiness/scan/duplicate-index';
import { ScanFinding } from '../../../shared/readiness/scan/finding';
import { BoundedFileError, readBoundedFileSync } from '../../files/bounded-file';
import type { InstallKey } from '../../audit/install-key';

export const SCAN_STATE_VERSION = 2;
const MAGIC = 'dirsync-doctor scan state';

export const ScanStateHeader = z
  .object({
    version: z.literal(SCAN_STATE_VERSION),
    /** The DC the scan read, and its invocationId: a re-scan against another DC must start over. */
    dcHostName: z.string(),
    invocationId: z.string().min(1),
    /** highestCommittedUSN when the scan began: changes above it are read by the next re-scan. */
    highestUsn: z.string().regex(/^\d+$/),
    /** The naming context and the scope (base DNs) the scan covered. */
    namingContext: z.string(),
    baseDns: z.array(z.string()).min(1),
    /** Containers excluded inside them. */
    excludeDns: z.array(z.string()),
    scannedAt: z.string(),
    /** Objects in scope (matched by the query, skipped ones included). */
    objectCount: z.number().int().nonnegative(),
    /** objectGUIDs of objects in scope that IdFix's exclusions skip (so a re-scan counts them right). */
    skipped: z.array(z.string()),
    findings: z.array(ScanFinding),
  })
  .strict();
export type ScanStateHeader = z.infer<typeof ScanStateHeader>;

/** A scan's state: the header's facts and the duplicate index itself (runScan copies it before changing it). */
export interface ScanState extends ScanStateHeader {
  index: DuplicateIndex;
}

/** A state saved by an older version of the app: a re-scan from it is a full scan, for this reason. */
export interface OutdatedScanState {
  version: number;
  outdated: true;
  reason: string;
}

export const isOutdatedScanState = (s: ScanState | OutdatedScanState): s is OutdatedScanState => 'outdated' in s;

const SECTION_NAMES = [
  'guids.text',
  'guids.lengths',
  'dns.text',
  'dns.lengths',
  'classes.text',
  'classes.lengths',
  'held.text',
  'held.lengths',
  'free',
  'table.slots',
  'table.listLengths',
  'table.listValues',
] as const;
type SectionName = (typeof SECTION_NAMES)[number];

const Section = z.object({ name: z.enum(SECTION_NAMES), encoding: z.enum(['latin1', 'utf16le', 'int32le']), bytes: z.number().int().nonnegative() }).strict();
type Section = z.infer<typeof Section>;

const FileHeader = ScanStateHeader.extend({
  index: z
    .object({
      objects: z.number().int().nonnegative(),
      tableCount: z.number().int().nonnegative(),
      tableSequence: z.number().int().nonnegative(),
      sections: z.array(Section).length(SECTION_NAMES.length),
    })
    .strict(),
}).strict();

const ALIGN = 8;
const padTo = (n: number) => (ALIGN - (n % ALIGN)) % ALIGN;
/** Any character above U+00FF (then the column is saved as UTF-16LE). */
const WIDE = /[\u0100-\uffff]/;

function littleEndianOnly(): void {
  // The typed arrays are written and read in the machine's byte order; every supported machine is little-endian.
  if (os.endianness() !== 'LE') throw new Error('scan state: this machine is big-endian; saved scan states are little-endian');
}

/** Saves the state for the next --since (atomically: a temporary file renamed over the old one). */
export function saveScanState(file: string, state: ScanState, key: InstallKey): void {
  littleEndianOnly();
  const snap = state.index.toSnapshot();
  const pieces: Buffer[] = [];
  const sections: Section[] = [];
  const add = (name: SectionName, encoding: Section['encoding'], bytes: Buffer) => {
    sections.push({ name, encoding, bytes: bytes.length });
    pieces.push(bytes);
    const pad = padTo(bytes.length);
    if (pad) pieces.push(Buffer.alloc(pad));
  };
  const ints = (a: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const column = (name: 'guids' | 'dns' | 'classes' | 'held', c: StringColumn) => {
    const wide = WIDE.test(c.text);
    add(`${name}.text`, wide ? 'utf16le' : 'latin1', Buffer.from(c.text, wide ? 'utf16le' : 'latin1'));
    add(`${name}.lengths`, 'int32le', ints(c.lengths));
  };
  column('guids', snap.guids);
  column('dns', snap.dns);
  column('classes', snap.classes);
  column('held', snap.held);
  add('free', 'int32le', ints(snap.free));
  add('table.slots', 'int32le', ints(snap.table.slots));
  add('table.listLengths', 'int32le', ints(snap.table.listLengths));
  add('table.listValues', 'int32le', ints(snap.table.listValues));

  const { index: _index, ...facts } = state;
  const header = {
    ...facts,
    version: SCAN_STATE_VERSION,
    index: { objects: snap.objects, tableCount: snap.table.count, tableSequence: snap.table.sequence, sections },
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const bodyBytes = pieces.reduce((sum, p) => sum + p.length, 0);
  // The first line has a fixed width, so the header's padding can be worked out before it is written.
  const firstLineWidth = MAGIC.length + 1 + 10 + 1 + 8 + 1 + 12 + 1 + 14 + 1;
  const headerBytes = json.length + padTo(firstLineWidth + json.length);
  const headerPiece = Buffer.alloc(headerBytes, 0x20);
  json.copy(headerPiece);
  let crc = zlib.crc32(headerPiece);
  // Empty pieces skipped: zlib.crc32 returns 0 for a Buffer over an empty ArrayBuffer (Node 20).
  for (const p of pieces) if (p.length > 0) crc = zlib.crc32(p, crc);
  const firstLine = `${MAGIC} ${String(SCAN_STATE_VERSION).padStart(10, '0')} ${crc.toString(16).padStart(8, '0')} ${String(headerBytes).padStart(12, '0')} ${String(bodyBytes).padStart(14, '0')}\n`;
  if (firstLine.length !== firstLineWidth) throw new Error('scan state: the first line is not its fixed width');

  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    const content = [Buffer.from(firstLine, 'latin1'), headerPiece, ...pieces];
    // Sealed with the install key: a file changed by anyone without it is refused on load.
    fs.writevSync(fd, [...content, key.trailer(content)]);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** Reads a saved state for --since: the state, an OutdatedScanState, or an error naming what is wrong. */
export function loadScanState(file: string, key: InstallKey): ScanState | OutdatedScanState {
  let buf: Buffer;
  try {
    buf = readBoundedFileSync(file, 'scan-state');
  } catch (err) {
    if (err instanceof BoundedFileError) throw err;
    throw new Error(`scan state ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  try {
    // Version 1 (unsealed JSON) is only recognised, to say the next scan runs in full; nothing of it is used.
    if (!V1_START.test(buf.toString('latin1', 0, 40))) buf = key.open(buf);
    return parseScanState(buf);
  } catch (err) {
    throw new Error(`scan state ${file} ${(err as Error).message}`, { cause: err });
  }
}

/** loadScanState, refusing an older version too (for callers that need the state itself). */
export function loadCurrentScanState(file: string, key: InstallKey): ScanState {
  const s = loadScanState(file, key);
  if (isOutdatedScanState(s)) throw new Error(`scan state ${file}: ${s.reason}`);
  return s;
}

const outdated = (version: number): OutdatedScanState => ({
  version,
  outdated: true,
  reason: `the saved scan state is version ${version}, from an older version of DirSync Doctor (this one saves version ${SCAN_STATE_VERSION})`,
});

const V1_START = /^\{"version":(\d+),"dcHostName":"/;

function parseScanState(buf: Buffer): ScanState | OutdatedScanState {
  // Version 1 was one JSON object, saved with its version and DC first.
  const v1 = V1_START.exec(buf.toString('latin1', 0, 40));
  if (v1) {
    const version = Number(v1[1]);
    if (version < SCAN_STATE_VERSION) return outdated(version);
    throw new Error(`is not a saved scan (JSON with version ${version})`);
  }
  const newline = buf.indexOf(0x0a);
  const firstLine = buf.toString('latin1', 0, newline >= 0 && newline < 120 ? newline : Math.min(buf.length, 120));
  if (newline < 0 && buf.length > MAGIC.length && buf.toString('latin1', 0, MAGIC.length) === MAGIC)
    throw new Error(`is truncated: its first line ends at byte ${buf.length}`);
  const m = new RegExp(`^${MAGIC} (\\d{10}) ([0-9a-f]{8}) (\\d{12}) (\\d{14})$`).exec(firstLine);
  if (newline < 0 || !m) throw new Error(`is not a saved scan (it does not begin with "${MAGIC}")`);
  const version = Number(m[1]);
  if (version < SCAN_STATE_VERSION) return outdated(version);
  if (version > SCAN_STATE_VERSION)
    throw new Error(`was saved by a newer version of DirSync Doctor (scan state version ${version}; this one reads ${SCAN_STATE_VERSION})`);
  const headerBytes = Number(m[3]);
  const bodyBytes = Number(m[4]);
  const headerStart = newline + 1;
  const bodyStart = headerStart + headerBytes;
  const expected = bodyStart + bodyBytes;
  if (buf.length < expected) throw new Error(`is truncated: ${buf.length} bytes of the ${expected} it was saved with`);
  if (buf.length > expected) throw new Error(`has ${buf.length - expected} bytes after its end (${expected} bytes)`);
  littleEndianOnly();
  const crc = zlib.crc32(buf.subarray(headerStart)).toString(16).padStart(8, '0');
  if (crc !== m[2]) throw new Error(`is damaged: its checksum is ${crc}, saved as ${m[2]}`);

  let json: unknown;
  try {
    json = JSON.parse(buf.toString('utf8', headerStart, bodyStart));
  } catch {
    throw new Error('is damaged: its header is not JSON');
  }
  const parsed = FileHeader.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `is not a saved scan: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || 'header'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  const { index: layout, ...header } = parsed.data;

  const bytes = new Map<SectionName, { encoding: Section['encoding']; at: number; length: number }>();
  let at = bodyStart;
  for (const [i, s] of layout.sections.entries()) {
    if (s.name !== SECTION_NAMES[i]) throw new Error(`is not a saved scan: index section ${i} is ${s.name}, not ${SECTION_NAMES[i]}`);
    bytes.set(s.name, { encoding: s.encoding, at, length: s.bytes });
    at += s.bytes + padTo(s.bytes);
  }
  if (at !== expected) throw new Error(`is not a saved scan: its index sections take ${at - bodyStart} bytes, its body is ${bodyBytes}`);
  const text = (name: SectionName): string => {
    const s = bytes.get(name)!;
    if (s.encoding === 'int32le' || (s.encoding === 'utf16le' && s.length % 2 !== 0)) throw new Error(`is not a saved scan: index section ${name} is not text`);
    return buf.toString(s.encoding, s.at, s.at + s.length);
  };
  const ints = (name: SectionName): Int32Array => {
    const s = bytes.get(name)!;
    if (s.encoding !== 'int32le' || s.length % 4 !== 0) throw new Error(`is not a saved scan: index section ${name} is not 32-bit integers`);
    // A copy, aligned, independent of the file's buffer.
    const out = new Int32Array(s.length / 4);
    new Uint8Array(out.buffer).set(buf.subarray(s.at, s.at + s.length));
    return out;
  };
  const column = (name: 'guids' | 'dns' | 'classes' | 'held'): StringColumn => ({ text: text(`${name}.text`), lengths: ints(`${name}.lengths`) });
  const snapshot: DuplicateIndexSnapshot = {
    objects: layout.objects,
    guids: column('guids'),
    dns: column('dns'),
    classes: column('classes'),
    held: column('held'),
    free: ints('free'),
    table: {
      slots: ints('table.slots'),
      count: layout.tableCount,
      sequence: layout.tableSequence,
      listLengths: ints('table.listLengths'),
      listValues: ints('table.listValues'),
    },
  };
  let index: DuplicateIndex;
  try {
    index = DuplicateIndex.fromSnapshot(snapshot);
  } catch (err) {
    throw new Error(`is not a whole saved scan: ${(err as Error).message}`, { cause: err });
  }
  return { ...header, index };
}
