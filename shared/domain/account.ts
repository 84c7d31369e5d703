// A directory account as the app reasons about it: decoded flags and real dates, not raw LDAP.
import { z } from 'zod';

export const AccountFlags = z.object({
  disabled: z.boolean(),
  lockedOut: z.boolean(),
  passwordExpired: z.boolean(),
  passwordNeverExpires: z.boolean(),
  /** "User must change password at next logon" (pwdLastSet = 0). */
  mustChangePassword: z.boolean(),
});
export type AccountFlags = z.infer<typeof AccountFlags>;

export const AccountState = z.object({
  dn: z.string(),
  sAMAccountName: z.string(),
  userPrincipalName: z.string().nullable(),
  displayName: z.string().nullable(),
  objectGuid: z.string(),
  userAccountControl: z.number().int(),
  flags: AccountFlags,
  /** ISO date; null when never set (pwdLastSet = 0). */
  pwdLastSet: z.iso.datetime().nullable(),
  /** ISO date; null when the account never expires (0 or 0x7FFFFFFFFFFFFFFF). */
  accountExpires: z.iso.datetime().nullable(),
  /**
   * When the account was last locked out (ISO date); null when lockoutTime is 0 or absent. AD
   * leaves it set after the lockout duration ends: `flags.lockedOut` says whether it still holds.
   */
  lockoutTime: z.iso.datetime().nullable(),
  /** DN of the container the account lives in. */
  parentDn: z.string(),
});
export type AccountState = z.infer<typeof AccountState>;

export const DeletedAccount = z.object({
  dn: z.string(),
  sAMAccountName: z.string().nullable(),
  objectGuid: z.string(),
  lastKnownParent: z.string().nullable(),
  whenChanged: z.iso.datetime().nullable(),
});
export type DeletedAccount = z.infer<typeof DeletedAccount>;

/** How to name an account: sAMAccountName (with or without DOMAIN\) or UPN. */
export const AccountRef = z
  .string()
  .trim()
  .min(1, 'account name is empty')
  .max(1024)
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  .refine((s) => !/[\u0000-\u001f]/.test(s), 'account name contains control characters');
export type AccountRef = z.infer<typeof AccountRef>;

export const DirectoryErrorCode = z.enum([
  'tls-required', // plain ldap:// without StartTLS
  'tls-failed', // certificate not trusted, name mismatch, handshake error
  'unreachable',
  'invalid-credentials', // data 52e
  'account-disabled', // data 533
  'password-expired', // data 532
  'must-change-password', // data 773
  'account-locked', // data 775
  'account-expired', // data 701
  'not-found',
  'ambiguous', // more than one match
  'insufficient-rights',
  'constraint', // e.g. password policy rejected the new password
  'timeout',
  'cancelled',
  'bad-input',
  'ldap-error',
  'not-a-lab', // lab mode refused a directory (or object) that is not the lab's own
]);
export type DirectoryErrorCode = z.infer<typeof DirectoryErrorCode>;
