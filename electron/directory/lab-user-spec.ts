// What a lab scenario or test says about an account it needs in the directory, and the small
// admin interface that puts it there (real Samba DC or the in-memory lab directory).
import { z } from 'zod';
import type { AccountState } from '../../shared/domain/account';

// Characters AD refuses in a sAMAccountName; '@' is left out too so a name never reads as a UPN.
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const SAM_FORBIDDEN = /["/\\[\]:;|=,+*?<>@\u0000-\u001f]/;

export const LabUserSpec = z.object({
  sAMAccountName: z
    .string()
    .min(1, 'sAMAccountName is empty')
    .max(20, 'sAMAccountName is longer than the 20 characters AD allows')
    .refine((s) => !SAM_FORBIDDEN.test(s), 'sAMAccountName contains a character AD does not allow (" / \\ [ ] : ; | = , + * ? < > @ or a control character)')
    .refine((s) => !s.endsWith('.'), 'sAMAccountName must not end with a period'),
  /** Container for the account; default CN=Users,<base DN>. */
  parentDn: z.string().min(1).optional(),
  password: z.string().min(1, 'password is empty'),
  displayName: z.string().min(1).max(256).optional(),
  /** Default <sAMAccountName>@<DNS domain>. */
  userPrincipalName: z
    .string()
    .regex(/^[^@\s]+@[^@\s]+$/, 'userPrincipalName must look like name@domain')
    .optional(),
  disabled: z.boolean().optional(),
  passwordNeverExpires: z.boolean().optional(),
  /** "User must change password at next logon" (pwdLastSet = 0). */
  mustChangePassword: z.boolean().optional(),
  /** Locked out, as after too many wrong passwords (the in-memory lab directory only). */
  lockedOut: z.boolean().optional(),
  /** Further attributes, e.g. mail, proxyAddresses, mailNickname, targetAddress (single values as one-element arrays). */
  attributes: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'attribute name'), z.array(z.string()).min(1)).optional(),
});
export type LabUserSpec = z.infer<typeof LabUserSpec>;

/** Attributes a spec may not set through `attributes`: the spec has fields for them, the directory owns them, or the lab's tag lives there. */
export const RESERVED_ATTRIBUTES = new Set(
  [
    'objectClass',
    'cn',
    'name',
    'distinguishedName',
    'sAMAccountName',
    'userPrincipalName',
    'displayName',
    'unicodePwd',
    'userPassword',
    'userAccountControl',
    'pwdLastSet',
    'objectGUID',
    'objectSid',
    'isDeleted',
    'adminDescription',
    'uid',
  ].map((a) => a.toLowerCase()),
);

export interface LabDirectoryAdmin {
  /** Resolves when the directory is the lab's own (carries the lab marker); rejects with 'not-a-lab' otherwise. Every write checks it first. */
  checkLabDirectory(): Promise<void>;
  /** Whether the lab created this object (only those may be deleted). */
  isLabObject(dn: string): Promise<boolean>;
  /** Creates an enabled (unless `disabled`) user with the password set; fails with 'constraint' if the name is taken. */
  createUser(spec: LabUserSpec): Promise<AccountState>;
  /**
   * Brings the live account with this sAMAccountName to the spec (container, password, flags,
   * display name, UPN), keeping the object and its objectGUID, as an admin resets an account;
   * creates it when there is none. A lab that deleted and re-created its accounts on every run
   * would leave a deleted object behind each time (a deletion that no admin made).
   */
  resetUser(spec: LabUserSpec): Promise<AccountState>;
  /** Deletes a user the lab created (it becomes a deleted object that findDeletedAccounts sees); 'not-a-lab' for any other. */
  deleteUser(dn: string): Promise<void>;
  /** Deletes the live account with this sAMAccountName, if there is one and the lab created it ('not-a-lab' otherwise). */
  removeIfPresent(sAMAccountName: string): Promise<void>;
  /** Creates an organizational unit (default under the base DN) and returns its DN. */
  createOrganizationalUnit(name: string, parentDn?: string): Promise<string>;
  /** Deletes an OU the lab created with everything in it (tree delete), if everything in it is the lab's. */
  deleteTree(dn: string): Promise<void>;
  /** Adds any object (a contact, a group, a user without a password) with these attributes, objectClass included. */
  addObject(dn: string, attributes: Record<string, readonly string[]>): Promise<void>;
  /** Replaces an attribute's values ([] removes the attribute). */
  replaceAttribute(dn: string, attribute: string, values: readonly string[]): Promise<void>;
  /** Deletes one object (it becomes a deleted object). */
  deleteObject(dn: string): Promise<void>;
}
