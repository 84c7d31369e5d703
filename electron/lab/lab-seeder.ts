// The account-seeding side of a lab directory, apart from the lab world so the audited wrapper
// and the world can both name it.
/** The account-seeding side of a lab directory (implemented for Samba and for the memory directory). */
export interface LabAccountSeeder {
  createUser(spec: {
    sAMAccountName: string;
    parentDn?: string;
    password: string;
    displayName?: string;
    disabled?: boolean;
    passwordNeverExpires?: boolean;
    mustChangePassword?: boolean;
    lockedOut?: boolean;
  }): Promise<{ dn: string }>;
  /** Keeps the live account (same objectGUID) and brings it to this state; creates it when absent. */
  resetUser(spec: Parameters<LabAccountSeeder['createUser']>[0]): Promise<{ dn: string }>;
  deleteUser(dn: string): Promise<void>;
  removeIfPresent(sAMAccountName: string): Promise<void>;
  createOrganizationalUnit(name: string, parentDn?: string): Promise<string>;
}
