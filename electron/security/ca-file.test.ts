// The CA file reader: a real certificate is read; a FIFO, a device, a UNC or device path, a
// missing file, a directory, a huge file and a non-certificate are each refused at once with the
// same message (no hint whether the path exists or what it is).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CA_FILE_MAX_BYTES, CA_FILE_REFUSED, isRemoteOrDevicePath, readCaFile } from './ca-file';

const lab = inject('labDc');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-ca-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The reader's answer, or 'hung' when it has none within a second (a blocking read would never answer). */
async function answer(file: string): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('hung'), 1000);
  });
  try {
    return await Promise.race([
      readCaFile(file).then(
        (ca) => `read ${ca.displayName}`,
        (e: Error) => e.message,
      ),
      hung,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe('readCaFile', () => {
  it.skipIf(!lab)('reads a PEM certificate and gives only its file name for display', async () => {
    const ca = await readCaFile(lab!.caFile);
    expect(ca.displayName).toBe('ca.pem');
    expect(ca.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  const cases: [string, () => string][] = [
    [
      'a FIFO with no writer',
      () => {
        const p = path.join(dir, 'fifo.pem');
        if (!fs.existsSync(p)) execFileSync('mkfifo', [p]);
        return p;
      },
    ],
    ['/dev/zero', () => '/dev/zero'],
    [
      'a link to /dev/zero',
      () => {
        const p = path.join(dir, 'zero.pem');
        if (!fs.existsSync(p)) fs.symlinkSync('/dev/zero', p);
        return p;
      },
    ],
    ['a UNC path', () => '\\\\attacker.example.com\\share\\ca.pem'],
    ['a forward-slash UNC path', () => '//attacker.example.com/share/ca.pem'],
    ['a Win32 device path', () => '\\\\.\\PhysicalDrive0'],
    ['a Win32 namespace path', () => '\\\\?\\C:\\certs\\ca.pem'],
    ['a missing file', () => path.join(dir, 'missing.pem')],
    ['a directory', () => dir],
    [
      'a huge file',
      () => {
        const p = path.join(dir, 'huge.pem');
        fs.writeFileSync(p, '');
        fs.truncateSync(p, 64 * 1024 * 1024);
        return p;
      },
    ],
    [
      'a file just over the cap',
      () => {
        const p = path.join(dir, 'big.pem');
        fs.writeFileSync(p, Buffer.alloc(CA_FILE_MAX_BYTES + 1, 'A'));
        return p;
      },
    ],
    [
      'a file that is not a certificate',
      () => {
        const p = path.join(dir, 'junk.pem');
        fs.writeFileSync(p, '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n');
        return p;
      },
    ],
  ];
  it.each(cases)('refuses %s at once, with the same message', async (_what, make) => {
    expect(await answer(make())).toBe(CA_FILE_REFUSED);
  });

  it('tells UNC and device paths apart from local ones without touching the disk', () => {
    for (const p of [
      '\\\\host\\share\\ca.pem',
      '//host/x',
      '\\\\.\\pipe\\x',
      '\\\\?\\UNC\\host\\share',
      '/dev/stdin',
      '/dev/../dev/zero',
      '/proc/self/fd/0',
      'C:\\certs\\CON.pem',
      'a\0b',
    ]) {
      expect(isRemoteOrDevicePath(p), p).toBe(true);
    }
    for (const p of ['C:\\certs\\ca.pem', '/etc/ssl/ca.pem', 'ca.pem', './certs/devices.pem', '/home/dev/ca.pem']) {
      expect(isRemoteOrDevicePath(p), p).toBe(false);
    }
  });
});
