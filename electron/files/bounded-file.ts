// The one reader of every file the app opens that someone else could have put there: lab scenarios,
// server-facts files and support bundles, scan states, CSV changes, undo files, saved progress,
// upgrade records, gap snapshots, the audit log, the CA file, the machine lock.
//
// Each kind has a size cap. A path naming another machine or a device is refused before any I/O;
// the file is opened non-blocking (a FIFO without a writer cannot hang the process) and checked
// with fstat on the opened descriptor to be a regular file (so a link to /dev/zero, a FIFO, a
// directory or a character device is refused whatever the path looked like); the size from fstat
// is checked before anything is read, and the read itself stops one byte past the cap (a file that
// grows while it is read is still bounded). Every refusal is a BoundedFileError naming the file,
// the kind and the rule it broke.
import fs from 'node:fs';
import path from 'node:path';
import { isRemoteOrDevicePath } from './local-path';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** The caps, per kind of file. */
export const FILE_KINDS = {
  scenario: { label: 'lab scenario', maxBytes: 4 * MiB },
  facts: { label: 'server-facts file or support bundle', maxBytes: 16 * MiB },
  'scan-state': { label: 'scan state', maxBytes: 1 * GiB },
  csv: { label: 'changes CSV', maxBytes: 64 * MiB },
  'undo-ldif': { label: 'undo file', maxBytes: 64 * MiB },
  progress: { label: 'saved progress', maxBytes: 1 * MiB },
  'upgrade-records': { label: 'upgrade records', maxBytes: 8 * MiB },
  'gap-snapshot': { label: 'gap snapshot', maxBytes: 2 * GiB },
  'audit-log': { label: 'audit log', maxBytes: 512 * MiB },
  'ca-file': { label: 'CA file', maxBytes: 256 * KiB },
  'machine-lock': { label: 'machine lock', maxBytes: 64 * KiB },
  'install-key': { label: 'install key', maxBytes: 4 * KiB },
} as const satisfies Record<string, { label: string; maxBytes: number }>;

export type FileKind = keyof typeof FILE_KINDS;

/** not-local: a UNC or device path; missing: no such file; not-regular: a FIFO, device, directory…; too-large: over the kind's cap. */
export type BoundedFileCode = 'not-local' | 'missing' | 'unreadable' | 'not-regular' | 'too-large';

export class BoundedFileError extends Error {
  override name = 'BoundedFileError';
  constructor(
    readonly code: BoundedFileCode,
    readonly file: string,
    readonly kind: FileKind,
    message: string,
  ) {
    super(message);
  }
}

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);

function whatItIs(st: fs.Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a folder';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function fail(code: BoundedFileCode, file: string, kind: FileKind, rule: string): BoundedFileError {
  return new BoundedFileError(code, file, kind, `${FILE_KINDS[kind].label} ${file}: ${rule}`);
}

/** The path to open, or a refusal when it names another machine or a device. */
function localPath(file: string, kind: FileKind): string {
  if (typeof file !== 'string' || file.trim() === '') throw fail('not-local', String(file), kind, 'no file named');
  if (isRemoteOrDevicePath(file)) throw fail('not-local', file, kind, 'refused: the app opens only local files, never a network (UNC) or device path');
  const resolved = path.resolve(file);
  if (isRemoteOrDevicePath(resolved)) throw fail('not-local', file, kind, 'refused: the app opens only local files, never a network (UNC) or device path');
  return resolved;
}

function openError(e: unknown, file: string, kind: FileKind): BoundedFileError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return fail('missing', file, kind, 'no such file');
  if (code === 'EISDIR') return fail('not-regular', file, kind, 'is a folder; only a regular file is read');
  return fail('unreadable', file, kind, `cannot be opened (${code ?? (e as Error).message})`);
}

/** The checks on the opened descriptor: a regular file within the cap. */
function checkStat(st: fs.Stats, file: string, kind: FileKind, maxBytes: number): number {
  if (!st.isFile()) throw fail('not-regular', file, kind, `is ${whatItIs(st)}; only a regular file is read`);
  if (st.size > maxBytes) throw fail('too-large', file, kind, `is ${st.size} bytes, more than the ${maxBytes} a ${FILE_KINDS[kind].label} may have`);
  return st.size;
}

const tooLargeWhileRead = (file: string, kind: FileKind, maxBytes: number) =>
  fail('too-large', file, kind, `grew past the ${maxBytes} bytes a ${FILE_KINDS[kind].label} may have while it was read`);

export interface BoundedReadOptions {
  /** A lower cap than the kind's (never a higher one). */
  maxBytes?: number;
}

const capOf = (kind: FileKind, o?: BoundedReadOptions) => Math.min(o?.maxBytes ?? FILE_KINDS[kind].maxBytes, FILE_KINDS[kind].maxBytes);

/** The whole of a regular local file of at most the kind's cap. */
export async function readBoundedFile(file: string, kind: FileKind, options?: BoundedReadOptions): Promise<Buffer> {
  const maxBytes = capOf(kind, options);
  const resolved = localPath(file, kind);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(resolved, OPEN_FLAGS);
  } catch (e) {
    throw openError(e, file, kind);
  }
  try {
    const size = checkStat(await handle.stat(), file, kind, maxBytes);
    // One byte past what fstat said: a file that grew since is noticed without reading it all.
    const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw tooLargeWhileRead(file, kind, maxBytes);
    if (length > size) {
      // It grew, but may still be within the cap: read on, bounded by the cap.
      return Buffer.concat([buffer.subarray(0, length), await readRestAsync(handle, length, maxBytes, file, kind)]);
    }
    return buffer.subarray(0, length);
  } catch (e) {
    if (e instanceof BoundedFileError) throw e;
    throw fail('unreadable', file, kind, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    await handle.close().catch(() => {});
  }
}

async function readRestAsync(handle: fs.promises.FileHandle, from: number, maxBytes: number, file: string, kind: FileKind): Promise<Buffer> {
  const rest = Buffer.alloc(maxBytes - from + 1);
  let length = 0;
  while (length < rest.length) {
    const { bytesRead } = await handle.read(rest, length, rest.length - length, from + length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  if (from + length > maxBytes) throw tooLargeWhileRead(file, kind, maxBytes);
  return rest.subarray(0, length);
}

/** readBoundedFile for synchronous callers. */
export function readBoundedFileSync(file: string, kind: FileKind, options?: BoundedReadOptions): Buffer {
  const maxBytes = capOf(kind, options);
  const resolved = localPath(file, kind);
  let fd: number;
  try {
    fd = fs.openSync(resolved, OPEN_FLAGS);
  } catch (e) {
    throw openError(e, file, kind);
  }
  try {
    const size = checkStat(fs.fstatSync(fd), file, kind, maxBytes);
    const read = (buffer: Buffer, at: number) => {
      let length = 0;
      while (length < buffer.length) {
        const n = fs.readSync(fd, buffer, length, buffer.length - length, at + length);
        if (n === 0) break;
        length += n;
      }
      return length;
    };
    const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
    const length = read(buffer, 0);
    if (length > maxBytes) throw tooLargeWhileRead(file, kind, maxBytes);
    if (length <= size) return buffer.subarray(0, length);
    const rest = Buffer.alloc(maxBytes - length + 1);
    const more = read(rest, length);
    if (length + more > maxBytes) throw tooLargeWhileRead(file, kind, maxBytes);
    return Buffer.concat([buffer.subarray(0, length), rest.subarray(0, more)]);
  } catch (e) {
    if (e instanceof BoundedFileError) throw e;
    throw fail('unreadable', file, kind, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    fs.closeSync(fd);
  }
}

/** The file as UTF-8 text (a leading byte-order mark dropped). */
export async function readBoundedText(file: string, kind: FileKind, options?: BoundedReadOptions): Promise<string> {
  return (await readBoundedFile(file, kind, options)).toString('utf8').replace(/^\uFEFF/, '');
}

export function readBoundedTextSync(file: string, kind: FileKind, options?: BoundedReadOptions): string {
  return readBoundedFileSync(file, kind, options)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/**
 * A stream over a regular local file, for files read line by line (gap snapshots): the same
 * path, open and fstat checks, and the stream ends one byte past the cap, which the caller's
 * `tooLarge()` check then reports.
 */
export async function openBoundedStream(file: string, kind: FileKind, options?: BoundedReadOptions & { encoding?: BufferEncoding }) {
  const maxBytes = capOf(kind, options);
  const resolved = localPath(file, kind);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(resolved, OPEN_FLAGS);
  } catch (e) {
    throw openError(e, file, kind);
  }
  try {
    checkStat(await handle.stat(), file, kind, maxBytes);
  } catch (e) {
    await handle.close().catch(() => {});
    throw e;
  }
  let seen = 0;
  const stream = handle.createReadStream({ start: 0, end: maxBytes, encoding: options?.encoding, autoClose: true });
  stream.on('data', (chunk: string | Buffer) => {
    seen += typeof chunk === 'string' ? Buffer.byteLength(chunk, options?.encoding ?? 'utf8') : chunk.length;
  });
  return {
    stream,
    /** A refusal when the file grew past the cap while it was read (call after the stream ended). */
    overCap: () => (seen > maxBytes ? tooLargeWhileRead(file, kind, maxBytes) : null),
  };
}
