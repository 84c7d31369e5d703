// Turns what ldapts and Node's TLS/socket layer throw into DirectoryError codes. AD explains
// a refused bind in the diagnostic text ("... AcceptSecurityContext error, data 533, ...");
// that sub-code is what tells a wrong password from a disabled or expired account.
import { ResultCodeError } from 'ldapts';
import type { DirectoryErrorCode } from '../../shared/domain/account';
import { DirectoryError } from '../ports/errors';

/** AD's bind sub-codes ([MS-ADTS] / Win32 logon errors), as they appear after "data ". */
export const AD_BIND_REASONS: Readonly<Record<string, { code: DirectoryErrorCode; text: string }>> = {
  '525': { code: 'invalid-credentials', text: 'no such user' },
  '52e': { code: 'invalid-credentials', text: 'wrong user name or password' },
  '530': { code: 'ldap-error', text: 'not permitted to sign in at this time' },
  '531': { code: 'ldap-error', text: 'not permitted to sign in at this workstation' },
  '532': { code: 'password-expired', text: 'the password has expired' },
  '533': { code: 'account-disabled', text: 'the account is disabled' },
  '568': { code: 'ldap-error', text: 'too many security IDs in the token' },
  '701': { code: 'account-expired', text: 'the account has expired' },
  '773': { code: 'must-change-password', text: 'the password must be changed at next sign-in' },
  '775': { code: 'account-locked', text: 'the account is locked out' },
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
]);

/** Replaces every occurrence of a secret, so no password survives into a message even if a server echoes it. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out;
}

/** The AD bind sub-code in a diagnostic message, e.g. "52e", or null. */
export function adBindReason(message: string): string | null {
  return /\bdata ([0-9a-f]{3,8})\b/i.exec(message)?.[1]?.toLowerCase() ?? null;
}

export interface ErrorContext {
  /** What was being done: "bind as svc@lab.example.com", "reset the password of CN=...". */
  what: string;
  /** Values that must not appear in the message (passwords). */
  secrets?: readonly string[];
  /** The server, for network and TLS messages. */
  server?: string;
}

export function toDirectoryError(err: unknown, ctx: ErrorContext): DirectoryError {
  if (err instanceof DirectoryError) return err;
  const secrets = ctx.secrets ?? [];
  const raw = err instanceof Error ? err.message : String(err);
  const serverText = redact(raw.replace(/\s+/g, ' ').trim(), secrets);
  const make = (code: DirectoryErrorCode, message: string, details: Record<string, string | number | boolean | null> = {}) =>
    new DirectoryError(code, redact(message, secrets), { ...details, serverMessage: serverText });

  if (err instanceof ResultCodeError) {
    const resultCode = err.code;
    switch (resultCode) {
      case 49: {
        const reason = adBindReason(raw);
        const known = reason ? AD_BIND_REASONS[reason] : undefined;
        if (known) return make(known.code, `${ctx.what} refused: ${known.text} (AD data ${reason})`, { resultCode, adReason: reason });
        return make('invalid-credentials', `${ctx.what} refused: invalid credentials`, { resultCode, adReason: reason });
      }
      case 8:
      case 13:
        return make('tls-required', `${ctx.what} refused: the server requires an encrypted connection (LDAPS or StartTLS)`, { resultCode });
      case 50:
        return make('insufficient-rights', `${ctx.what} refused: the bound account lacks the rights for it`, { resultCode });
      case 32:
        return make('not-found', `${ctx.what}: no such object`, { resultCode });
      case 19:
        // 0000052D: the password policy. Say so in our words; the server's text may quote the password.
        if (/0000052D/i.test(raw)) return make('constraint', `${ctx.what} refused by the password policy (length, complexity or history)`, { resultCode });
        return make('constraint', `${ctx.what} refused by a directory constraint: ${serverText}`, { resultCode });
      case 68:
        return make('constraint', `${ctx.what} refused: an object with that name already exists`, { resultCode });
      case 53:
        // Older DCs answer a password-policy failure with unwillingToPerform and 0000052D.
        if (/0000052D/i.test(raw)) return make('constraint', `${ctx.what} refused by the password policy (length, complexity or history)`, { resultCode });
        return make('ldap-error', `${ctx.what}: the server is unwilling to perform it: ${serverText}`, { resultCode });
      case 34:
        return make('bad-input', `${ctx.what}: invalid DN syntax`, { resultCode });
      case 3:
        return make('timeout', `${ctx.what}: the server's time limit was exceeded`, { resultCode });
      case 51:
      case 52:
        return make('unreachable', `${ctx.what}: the server is busy or unavailable`, { resultCode });
      default:
        return make('ldap-error', `${ctx.what} failed (LDAP result ${resultCode}): ${serverText}`, { resultCode });
    }
  }

  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : '';
  const where = ctx.server ? ` ${ctx.server}` : '';
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) {
    return make(
      'tls-failed',
      `${ctx.what}: the certificate of${where || ' the server'} could not be verified (${code}: ${serverText}). Neither the system's certificate store nor a picked CA file trusts the CA that issued it: pick the DC's CA file, or give the name on its certificate`,
      { tlsCode: code },
    );
  }
  if (NETWORK_CODES.has(code)) return make('unreachable', `${ctx.what}: cannot reach${where || ' the server'} (${code})`, { networkCode: code });
  if (code === 'ETIMEDOUT' || /^Connection timeout$/.test(raw)) return make('timeout', `${ctx.what}: connecting to${where || ' the server'} timed out`);
  if (/Operation timed out$/.test(raw)) return make('timeout', `${ctx.what}: the server did not answer in time`);
  if (/^(Socket error|Connection closed before message response)/.test(raw)) {
    return make('unreachable', `${ctx.what}: the connection to${where || ' the server'} was lost`);
  }
  return make('ldap-error', `${ctx.what} failed: ${serverText}`);
}
