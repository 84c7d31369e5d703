// Typed errors that cross the port boundary. The code is what callers branch on;
// the message is for people and never contains a secret.
import type { DirectoryErrorCode } from '../../shared/domain/account';
import type { HostErrorCode } from '../../shared/domain/host';

export class HostError extends Error {
  override readonly name = 'HostError';
  constructor(
    readonly code: HostErrorCode,
    message: string,
    /** Extra facts for the evidence panel (Win32 exit code, service name, stderr excerpt). */
    readonly details: Record<string, string | number | boolean | null> = {},
  ) {
    super(message);
  }
}

export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';
  constructor(
    readonly code: DirectoryErrorCode,
    message: string,
    readonly details: Record<string, string | number | boolean | null> = {},
  ) {
    super(message);
  }
}
