// How a caller names an account (sAMAccountName, DOMAIN\sAMAccountName or UPN), parsed once
// and turned into the same escaped LDAP filter for the real and the in-memory directory.
import { AccountRef } from '../../shared/domain/account';
import { escapeFilterValue, parseDn } from '../../shared/ldap';
import { DirectoryError } from '../ports/errors';

export type ParsedAccountRef =
  | { kind: 'sam'; sAMAccountName: string; /** NetBIOS domain as given (DOMAIN\name), not checked. */ domain: string | null }
  | { kind: 'upn'; userPrincipalName: string };

export function parseAccountRef(ref: string): ParsedAccountRef {
  const parsed = AccountRef.safeParse(ref);
  if (!parsed.success) {
    throw new DirectoryError('bad-input', `account name is not usable: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  const value = parsed.data;
  const slash = value.indexOf('\\');
  if (slash >= 0) {
    const domain = value.slice(0, slash);
    const sam = value.slice(slash + 1);
    if (!domain || !sam) throw new DirectoryError('bad-input', `account name "${value}" must look like DOMAIN\\name`);
    return { kind: 'sam', sAMAccountName: sam, domain };
  }
  if (value.includes('@')) return { kind: 'upn', userPrincipalName: value };
  return { kind: 'sam', sAMAccountName: value, domain: null };
}

/** Filter matching the (live or deleted) user object named by `ref`. */
export function accountFilter(ref: ParsedAccountRef): string {
  return ref.kind === 'upn'
    ? `(&(objectClass=user)(userPrincipalName=${escapeFilterValue(ref.userPrincipalName)}))`
    : `(&(objectClass=user)(sAMAccountName=${escapeFilterValue(ref.sAMAccountName)}))`;
}

export function describeRef(ref: ParsedAccountRef): string {
  return ref.kind === 'upn' ? ref.userPrincipalName : ref.domain ? `${ref.domain}\\${ref.sAMAccountName}` : ref.sAMAccountName;
}

/** Passwords are checked for shape only; the directory judges them. */
export function checkPasswordArgument(password: unknown, purpose: string): string {
  if (typeof password !== 'string' || password.length === 0) {
    // An empty password would make a simple bind "unauthenticated" and succeed on some servers.
    throw new DirectoryError('bad-input', `${purpose}: the password is empty`);
  }
  if (password.includes('\u0000')) throw new DirectoryError('bad-input', `${purpose}: the password contains a NUL character`);
  return password;
}

export function checkDnArgument(dn: unknown, purpose: string): string {
  if (typeof dn !== 'string' || dn.trim() === '') throw new DirectoryError('bad-input', `${purpose}: the DN is empty`);
  try {
    if (parseDn(dn).length === 0) throw new SyntaxError('no RDN');
  } catch (err) {
    throw new DirectoryError('bad-input', `${purpose}: "${dn}" is not a distinguished name (${(err as Error).message})`);
  }
  return dn.trim();
}
