// Why a service's logon account cannot sign in, told from the account's state in AD.
// This is the "why" behind error 1069, in the order KB 2882421 Method 2 checks it.
import type { AccountState, DeletedAccount } from '../domain/account';
import type { Evidence } from '../playbooks/types';

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
