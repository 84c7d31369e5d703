// The one reader of a CA certificate file (the app's file picker and the CLI's --ca-file).
// A path is refused before any I/O when it names another machine (UNC: on Windows, opening it
// would send the admin's credentials to that host) or a device; otherwise the file is opened
// non-blocking (a FIFO cannot hang the main process), checked with fstat to be a regular file,
// and read up to a size cap. Every failure says the same thing, so the answer does not tell
// whether a path exists or what it is.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DirectoryError } from '../ports/errors';

export const CA_FILE_MAX_BYTES = 256 * 1024;
export const CA_FILE_REFUSED = 'The CA file is not a readable PEM certificate.';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** A CA certificate read from a file, as the session remembers it. */
export interface CaCertificate {
  /** The file's base name, for display: the renderer never sees the path. */
  displayName: string;
  pem: string;
}

function refused(): DirectoryError {
  return new DirectoryError('bad-input', CA_FILE_REFUSED);
}

/** UNC (\\host\share, //host/share), Win32 device and namespace paths (\\.\, \\?\), and /dev, /proc, /sys. */
export function isRemoteOrDevicePath(p: string): boolean {
  const s = p.trim();
  if (s.includes('\0')) return true;
  if (/^[\\/]{2}/.test(s)) return true; // \\host\share, //host/x, \\.\PhysicalDrive0, \\?\C:\
  if (/^(\/dev|\/proc|\/sys)(\/|$)/.test(path.posix.normalize(s))) return true;
  // Windows reserved device names in any folder (C:\x\CON.pem opens the console).
  if (/(^|[\\/])(con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$)(\.[^\\/]*)?$/i.test(s)) return true;
  return false;
}

export async function readCaFile(file: string): Promise<CaCertificate> {
  if (typeof file !== 'string' || file.trim() === '' || isRemoteOrDevicePath(file)) throw refused();
  const resolved = path.resolve(file);
  if (isRemoteOrDevicePath(resolved)) throw refused();
  const flags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(resolved, flags);
  } catch {
    throw refused();
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > CA_FILE_MAX_BYTES) throw refused();
    // Read at most one byte past the cap: a file that grew since fstat is still bounded.
    const buffer = Buffer.alloc(Math.min(stat.size, CA_FILE_MAX_BYTES) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > CA_FILE_MAX_BYTES) throw refused();
    const pem = buffer.subarray(0, length).toString('utf8');
    const certificates = pem.match(PEM_CERTIFICATE) ?? [];
    if (certificates.length === 0) throw refused();
    for (const c of certificates) {
      try {
        new X509Certificate(c);
      } catch {
        throw refused();
      }
    }
    return { displayName: path.basename(resolved), pem: certificates.join('\n') };
  } catch (e) {
    if (e instanceof DirectoryError) throw e;
    throw refused();
  } finally {
    await handle.close().catch(() => {});
  }
}
