// The bounded reader: for every kind of file the app opens, a FIFO without a writer, /dev/zero, a
// link to a device, a 10 GB sparse file, a folder and a UNC path are each refused within a second,
// with a message naming the file and the rule; a regular file within the cap is read whole, one
// over the cap is refused from fstat before any read.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BoundedFileError,
  FILE_KINDS,
  openBoundedStream,
  readBoundedFile,
  readBoundedFileSync,
  readBoundedText,
  type BoundedFileCode,
  type FileKind,
} from './bounded-file';

let dir: string;
const KINDS = Object.keys(FILE_KINDS) as FileKind[];
const TEN_GB = 10 * 1024 * 1024 * 1024;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-bounded-'));
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero-link'));
  fs.writeFileSync(path.join(dir, 'sparse'), '');
  fs.truncateSync(path.join(dir, 'sparse'), TEN_GB);
  fs.mkdirSync(path.join(dir, 'folder'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The refusal of the async reader, or 'hung' when there is no answer within a second. */
async function asyncAnswer(file: string, kind: FileKind): Promise<{ outcome: string; error?: BoundedFileError; ms: number }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<{ outcome: string; ms: number }>((resolve) => {
    timer = setTimeout(() => resolve({ outcome: 'hung', ms: performance.now() - started }), 1000);
  });
  try {
    return await Promise.race([
      readBoundedFile(file, kind).then(
        (b) => ({ outcome: `read ${b.length} bytes`, ms: performance.now() - started }),
        (e: BoundedFileError) => ({ outcome: 'refused', error: e, ms: performance.now() - started }),
      ),
      hung,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const hostile: [string, () => string, BoundedFileCode, RegExp][] = [
  ['a FIFO with no writer', () => path.join(dir, 'fifo'), 'not-regular', /is a FIFO; only a regular file is read/],
  ['/dev/zero', () => '/dev/zero', 'not-local', /never a network \(UNC\) or device path/],
  ['a link to /dev/zero', () => path.join(dir, 'zero-link'), 'not-regular', /is a character device; only a regular file is read/],
  ['a 10 GB sparse file', () => path.join(dir, 'sparse'), 'too-large', /is 10737418240 bytes, more than the \d+ a .+ may have/],
  ['a folder', () => path.join(dir, 'folder'), 'not-regular', /folder; only a regular file is read/],
  ['a UNC path', () => '\\\\attacker.example.com\\share\\x', 'not-local', /never a network \(UNC\) or device path/],
  ['a missing file', () => path.join(dir, 'missing'), 'missing', /no such file/],
];

describe.each(KINDS)('the bounded reader for a %s', (kind) => {
  it.each(hostile)('refuses %s within a second, naming the file and the rule (async)', async (_what, make, code, rule) => {
    const file = make();
    const a = await asyncAnswer(file, kind);
    expect(a.outcome).toBe('refused');
    expect(a.ms).toBeLessThan(1000);
    expect(a.error).toBeInstanceOf(BoundedFileError);
    expect(a.error!.code).toBe(code);
    expect(a.error!.kind).toBe(kind);
    expect(a.error!.message).toContain(FILE_KINDS[kind].label);
    expect(a.error!.message).toContain(file);
    expect(a.error!.message).toMatch(rule);
  });

  it.each(hostile)('refuses %s within a second (sync)', (_what, make, code, rule) => {
    const file = make();
    const started = performance.now();
    let error: unknown;
    try {
      readBoundedFileSync(file, kind);
    } catch (e) {
      error = e;
    }
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(BoundedFileError);
    expect((error as BoundedFileError).code).toBe(code);
    expect((error as BoundedFileError).message).toContain(file);
    expect((error as BoundedFileError).message).toMatch(rule);
  });

  it('reads a file at its cap whole, and refuses one byte more from fstat', async () => {
    const cap = Math.min(FILE_KINDS[kind].maxBytes, 300 * 1024);
    const at = path.join(dir, `${kind}-at-cap`);
    const over = path.join(dir, `${kind}-over-cap`);
    fs.writeFileSync(at, Buffer.alloc(cap, 0x41));
    fs.writeFileSync(over, Buffer.alloc(cap + 1, 0x41));
    expect((await readBoundedFile(at, kind, { maxBytes: cap })).length).toBe(cap);
    expect(readBoundedFileSync(at, kind, { maxBytes: cap }).length).toBe(cap);
    await expect(readBoundedFile(over, kind, { maxBytes: cap })).rejects.toMatchObject({ code: 'too-large' });
    expect(() => readBoundedFileSync(over, kind, { maxBytes: cap })).toThrow(/more than the/);
  });
});

describe('the bounded reader', () => {
  it("never reads past the kind's cap, even when asked for more", async () => {
    const file = path.join(dir, 'ca-big');
    fs.writeFileSync(file, Buffer.alloc(FILE_KINDS['ca-file'].maxBytes + 1));
    await expect(readBoundedFile(file, 'ca-file', { maxBytes: 1e9 })).rejects.toMatchObject({ code: 'too-large' });
  });

  it('drops a UTF-8 byte-order mark from text', async () => {
    const file = path.join(dir, 'bom.csv');
    fs.writeFileSync(file, '\uFEFFa,b\n');
    expect(await readBoundedText(file, 'csv')).toBe('a,b\n');
  });

  it('a stream over a FIFO or a link to a device is refused at open, a regular file streams', async () => {
    await expect(openBoundedStream(path.join(dir, 'fifo'), 'gap-snapshot')).rejects.toMatchObject({ code: 'not-regular' });
    await expect(openBoundedStream(path.join(dir, 'zero-link'), 'gap-snapshot')).rejects.toMatchObject({ code: 'not-regular' });
    await expect(openBoundedStream(path.join(dir, 'sparse'), 'gap-snapshot')).rejects.toMatchObject({ code: 'too-large' });
    const file = path.join(dir, 'lines');
    fs.writeFileSync(file, 'one\ntwo\n');
    const { stream, overCap } = await openBoundedStream(file, 'gap-snapshot', { encoding: 'utf8' });
    let text = '';
    for await (const chunk of stream) text += chunk as string;
    expect(text).toBe('one\ntwo\n');
    expect(overCap()).toBeNull();
  });

  it('a stream stops one byte past the cap and says so', async () => {
    const file = path.join(dir, 'stream-over');
    fs.writeFileSync(file, Buffer.alloc(2000, 0x41));
    // The size check passes at open with a cap that fits, then the file grows past it.
    const { stream, overCap } = await openBoundedStream(file, 'gap-snapshot', { maxBytes: 2000 });
    fs.appendFileSync(file, Buffer.alloc(5000, 0x42));
    let n = 0;
    for await (const chunk of stream) n += (chunk as Buffer).length;
    expect(n).toBe(2001);
    expect(overCap()?.code).toBe('too-large');
  });
});
