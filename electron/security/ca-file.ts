// The one reader of a CA certificate file (the app's file picker and the CLI's --ca-file).
// A path is refused before any I/O when it names another machine (UNC: on Windows, opening it
// would send the admin's credentials to that host) or a device; otherwise the file is opened
// non-blocking (a FIFO cannot hang the main process), checked with fstat to be a regular file,
// and read up to a size cap. Every failure says the same thing, so the answer does not tell
// whether a path exists or what it is.
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { readBoundedFile } from '../files/bounded-file';
import { isRemoteOrDevicePath } from '../files/local-path';
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

export { isRemoteOrDevicePath };

export async function readCaFile(file: string): Promise<CaCertificate> {
  let buffer: Buffer;
  try {
    buffer = await readBoundedFile(file, 'ca-file', { maxBytes: CA_FILE_MAX_BYTES });
  } catch {
    throw refused();
  }
  try {
    const pem = buffer.toString('utf8');
    const certificates = pem.match(PEM_CERTIFICATE) ?? [];
    if (certificates.length === 0) throw refused();
    for (const c of certificates) {
      try {
        new X509Certificate(c);
      } catch {
        throw refused();
      }
    }
    return { displayName: path.basename(path.resolve(file)), pem: certificates.join('\n') };
  } catch (e) {
    if (e instanceof DirectoryError) throw e;
    throw refused();
  }
}
