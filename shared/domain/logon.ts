// What kind of account a service logs on as, from the name Windows stores (Win32_Service.StartName).
// The kind decides which KB 2882421 Method 2 steps apply: only user accounts have a password an
// admin resets; virtual and managed accounts are put back, never given a password.
import type { LogonKind } from './host';

const LOCAL_SYSTEM = /^(localsystem|nt authority\\system|\.\\localsystem)$/i;

/**
 * @param account Win32_Service.StartName (DOMAIN\user, .\user, COMPUTER\user, user@upn, NT SERVICE\x, LocalSystem)
 * @param computerName the server's own name: COMPUTER\user is a local account
 */
export function logonKind(account: string, computerName: string): LogonKind {
  const a = account.trim();
  if (LOCAL_SYSTEM.test(a)) return 'local-system';
  if (/^nt service\\/i.test(a)) return 'virtual';
  if (/^nt authority\\/i.test(a)) return 'builtin';
  if (a.endsWith('$')) return 'managed';
  const slash = a.indexOf('\\');
  if (slash > 0) {
    const domain = a.slice(0, slash);
    return domain === '.' || domain.toLowerCase() === computerName.toLowerCase() ? 'local-user' : 'domain-user';
  }
  // user@domain UPN form names a domain account.
  if (a.includes('@')) return 'domain-user';
  // A bare name is resolved on the machine first.
  return 'local-user';
}

/** Method 2's password steps (reset, never-expires, set on the service) apply to these kinds only. */
export function logonHasPassword(kind: LogonKind): boolean {
  return kind === 'domain-user' || kind === 'local-user';
}
