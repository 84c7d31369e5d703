// The kind of account a sync service logs on as, from the name Windows stores
// (Win32_Service.StartName). It decides which Method 2 steps apply: only user accounts (domain or
// local) have a password the app can reset; virtual and managed accounts have their password
// kept by Windows; LocalSystem is not supported for the sync services at all.
import type { LogonKind } from './types';

export function classifyLogonAccount(account: string, computerName: string | null): LogonKind {
  const a = account.trim().toLowerCase();
  if (!a) return 'unknown';
  if (a === 'localsystem' || a === 'nt authority\\system' || a === '.\\localsystem') return 'local-system';
  const slash = a.indexOf('\\');
  const prefix = slash >= 0 ? a.slice(0, slash) : null;
  const name = slash >= 0 ? a.slice(slash + 1) : a;
  if (prefix === 'nt service') return 'virtual';
  // LocalService / NetworkService are built-in identities without a password, like a virtual account.
  if (prefix === 'nt authority' || a === 'localservice' || a === 'networkservice') return 'virtual';
  if (name.endsWith('$')) return 'managed';
  if (prefix === '.' || (prefix !== null && computerName !== null && prefix === computerName.toLowerCase())) return 'local-user';
  if (prefix !== null || a.includes('@')) return 'domain-user';
  return 'unknown';
}

/** The sAMAccountName part of DOMAIN\name, .\name or name@upn-suffix (for the local account tools). */
export function accountShortName(account: string): string {
  const t = account.trim();
  const slash = t.lastIndexOf('\\');
  if (slash >= 0) return t.slice(slash + 1);
  return t;
}
