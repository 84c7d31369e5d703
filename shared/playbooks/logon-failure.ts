// Why a service's logon account cannot sign in, told from the account's state: in AD for a
// domain user, among the server's local accounts for a local one (DirSync's AAD_...).
// This is the "why" behind error 1069, in the order KB 2882421 Method 2 checks it.
import type { AccountState, DeletedAccount } from '../domain/account';
import type { LocalUser } from '../domain/host';
import type { Evidence } from './types';

export type LogonFailureCause = 'deleted' | 'missing' | 'disabled' | 'locked' | 'password-expired' | 'password-mismatch';

export interface LogonFailureExplanation {
  cause: LogonFailureCause;
  reason: string;
  evidence: Evidence[];
}

export function explainLogonFailure(
  logonAccount: string,
  account: AccountState | null,
  deleted: readonly DeletedAccount[],
): LogonFailureExplanation {
  const src = 'Active Directory';
  if (!account) {
    const last = deleted[0];
    if (last) {
      return {
        cause: 'deleted',
        reason: `The logon account ${logonAccount} was deleted from Active Directory. It is still among the deleted objects and can be restored.`,
        evidence: [
          { label: 'Deleted object', value: last.dn, source: `${src} (Deleted Objects)` },
          { label: 'Last known parent', value: last.lastKnownParent ?? 'unknown', source: src },
        ],
      };
    }
    return {
      cause: 'missing',
      reason: `The logon account ${logonAccount} does not exist in Active Directory, and no deleted copy was found.`,
      evidence: [{ label: 'Account search', value: `no account named ${logonAccount}`, source: src }],
    };
  }
  const f = account.flags;
  const evidence: Evidence[] = [
    { label: 'Account', value: account.dn, source: src },
    { label: 'Disabled', value: f.disabled ? 'yes' : 'no', source: `${src}: userAccountControl` },
    { label: 'Password expired', value: f.passwordExpired || f.mustChangePassword ? 'yes' : 'no', source: `${src}: msDS-User-Account-Control-Computed, pwdLastSet` },
    { label: 'Password never expires', value: f.passwordNeverExpires ? 'yes' : 'no', source: `${src}: userAccountControl` },
    { label: 'Password last set', value: account.pwdLastSet ?? 'never (must change at next logon)', source: `${src}: pwdLastSet` },
  ];
  if (f.disabled) {
    return { cause: 'disabled', reason: `The logon account ${logonAccount} is disabled in Active Directory.`, evidence };
  }
  if (f.lockedOut) {
    return { cause: 'locked', reason: `The logon account ${logonAccount} is locked out in Active Directory.`, evidence };
  }
  if (f.passwordExpired || f.mustChangePassword) {
    return { cause: 'password-expired', reason: `The password of the logon account ${logonAccount} has expired.`, evidence };
  }
  return {
    cause: 'password-mismatch',
    reason: `The logon account ${logonAccount} is enabled and its password is current, so the password stored on the service no longer matches Active Directory (it was changed in AD only).`,
    evidence,
  };
}

/** The same for a local user of the server: it lives in the server's own accounts, never in AD. */
export function explainLocalLogonFailure(logonAccount: string, user: LocalUser | null): LogonFailureExplanation {
  const src = 'local account of the server';
  if (!user) {
    return {
      cause: 'missing',
      reason: `The logon account ${logonAccount} is not among this server's local accounts (a deleted local account cannot be restored).`,
      evidence: [{ label: 'Local account', value: `no local account named ${logonAccount}`, source: src }],
    };
  }
  const evidence: Evidence[] = [
    { label: 'Local account', value: user.name, source: src },
    { label: 'Disabled', value: user.enabled ? 'no' : 'yes', source: src },
    { label: 'Locked out', value: user.lockedOut ? 'yes' : 'no', source: src },
    { label: 'Password expired', value: user.passwordExpired ? 'yes' : 'no', source: src },
    { label: 'Password never expires', value: user.passwordNeverExpires ? 'yes' : 'no', source: src },
  ];
  if (!user.enabled) return { cause: 'disabled', reason: `The local account ${logonAccount} is disabled on this server.`, evidence };
  if (user.lockedOut) return { cause: 'locked', reason: `The local account ${logonAccount} is locked out on this server.`, evidence };
  if (user.passwordExpired) return { cause: 'password-expired', reason: `The password of the local account ${logonAccount} has expired.`, evidence };
  return {
    cause: 'password-mismatch',
    reason: `The local account ${logonAccount} is enabled and its password is current, so the password stored on the service no longer matches it (it was changed on the account only).`,
    evidence,
  };
}
