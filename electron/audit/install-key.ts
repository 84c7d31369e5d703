// The seal of the files the app saves and later trusts (the scan state behind `scan --since`,
// saved playbook progress): an HMAC-SHA256 over the whole file with a key made once per
// installation and kept beside the audit log, in keys/ (administrators and SYSTEM only in the
// per-machine Windows folder, audit-location.ts; 0700/0600 elsewhere). A CRC only finds accidents;
// a file edited by someone without the key, even with its checksum recomputed, is refused and named.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BoundedFileError, readBoundedFileSync } from '../files/bounded-file';

const KEY_BYTES = 32;
const TAG = 'dsd-seal hmac-sha256 ';
/** The trailer: a newline, the tag, 64 hex digits, a newline. */
export const SEAL_TRAILER_BYTES = 1 + TAG.length + 64 + 1;

export class SealError extends Error {
  override name = 'SealError';
  constructor(
    readonly rule: 'no-seal' | 'wrong-seal',
    message: string,
  ) {
    super(message);
  }
}

export class InstallKey {
  private cached: Buffer | null = null;

  constructor(readonly file: string) {}

  /** The key of the folder that holds the audit folder (…/audit → …/keys/install.key). */
  static besideAudit(auditDir: string): InstallKey {
    return new InstallKey(path.join(path.dirname(auditDir), 'keys', 'install.key'));
  }

  /** The key, made on first use (random, written exclusively, 0600 in a 0700 folder). */
  key(): Buffer {
    if (this.cached) return this.cached;
    const read = () => {
      const k = readBoundedFileSync(this.file, 'install-key');
      if (k.length !== KEY_BYTES)
        throw new Error(
          `the install key ${this.file} is ${k.length} bytes, not ${KEY_BYTES}; delete it to make a new one (files sealed with it can then no longer be read)`,
        );
      return k;
    };
    try {
      this.cached = read();
    } catch (e) {
      if (!(e instanceof BoundedFileError && e.code === 'missing')) throw e;
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      try {
        fs.writeFileSync(this.file, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 });
      } catch (w) {
        if ((w as NodeJS.ErrnoException).code !== 'EEXIST') throw w;
      }
      this.cached = read();
    }
    return this.cached;
  }

  private mac(parts: readonly Uint8Array[]): Buffer {
    const h = createHmac('sha256', this.key());
    for (const p of parts) h.update(p);
    return h.digest();
  }

  /** The trailer that seals these bytes (appended after them). */
  trailer(parts: readonly Uint8Array[]): Buffer {
    return Buffer.from(`\n${TAG}${this.mac(parts).toString('hex')}\n`, 'latin1');
  }

  /** The bytes with their seal appended. */
  seal(content: Buffer): Buffer {
    return Buffer.concat([content, this.trailer([content])]);
  }

  /** The content of a sealed file, or SealError when it has no seal or not this installation's. */
  open(buf: Buffer): Buffer {
    const at = buf.length - SEAL_TRAILER_BYTES;
    const trailer = at >= 0 ? buf.toString('latin1', at) : '';
    const m = new RegExp(`^\\n${TAG}([0-9a-f]{64})\\n$`).exec(trailer);
    if (!m) throw new SealError('no-seal', 'is not sealed by DirSync Doctor (no seal at its end), so it is not used');
    const content = buf.subarray(0, at);
    const expected = this.mac([content]);
    if (!timingSafeEqual(expected, Buffer.from(m[1]!, 'hex'))) {
      throw new SealError('wrong-seal', 'was changed since this installation of DirSync Doctor saved it (its seal does not match), so it is not used');
    }
    return content;
  }
}
