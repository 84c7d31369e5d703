// Seeding lab accounts: createLabDirectoryAdmin(dir) gives the same LabDirectoryAdmin for the
// Samba lab DC (LdapDirectory, over ldapts) and the in-memory lab directory (MemoryDirectory).
// Lab scenarios and tests create exactly the accounts they need with it and remove them after.
import { Attribute, Control } from 'ldapts';
import type { AccountState } from '../../shared/domain/account';
import { escapeDnValue, UAC } from '../../shared/ldap';
import { DirectoryError } from '../ports/errors';
import { accountFilter, checkDnArgument } from './account-ref';
import { LdapDirectory, TREE_DELETE_OID } from './ldap-directory';
import { LabUserSpec, RESERVED_ATTRIBUTES, type LabDirectoryAdmin } from './lab-user-spec';
import { MemoryDirectory } from './memory-directory';

export { LabUserSpec, type LabDirectoryAdmin } from './lab-user-spec';

export function createLabDirectoryAdmin(dir: LdapDirectory | MemoryDirectory): LabDirectoryAdmin {
  if (dir instanceof MemoryDirectory) return dir.labAdmin();
  if (dir instanceof LdapDirectory) return new LdapLabAdmin(dir);
  throw new DirectoryError('bad-input', 'lab administration needs an LdapDirectory or a MemoryDirectory');
}

function parseSpec(input: LabUserSpec): LabUserSpec {
  const parsed = LabUserSpec.safeParse(input);
  if (!parsed.success) {
    throw new DirectoryError('bad-input', `lab user: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; ')}`);
  }
  for (const a of Object.keys(parsed.data.attributes ?? {})) {
    if (RESERVED_ATTRIBUTES.has(a.toLowerCase())) {
      throw new DirectoryError('bad-input', `create user ${parsed.data.sAMAccountName}: set ${a} through its own field, not attributes`);
    }
  }
  return parsed.data;
}

class LdapLabAdmin implements LabDirectoryAdmin {
  constructor(private readonly dir: LdapDirectory) {}

  async createUser(input: LabUserSpec): Promise<AccountState> {
    const spec = parseSpec(input);
    const info = await this.dir.info();
    const parent = spec.parentDn ?? `CN=Users,${info.baseDn}`;
    const dn = `CN=${escapeDnValue(spec.sAMAccountName)},${parent}`;
    let uac: number = UAC.NORMAL_ACCOUNT;
    if (spec.disabled) uac |= UAC.ACCOUNTDISABLE;
    if (spec.passwordNeverExpires) uac |= UAC.DONT_EXPIRE_PASSWORD;
    const attributes = [
      new Attribute({ type: 'objectClass', values: ['top', 'person', 'organizationalPerson', 'user'] }),
      new Attribute({ type: 'sAMAccountName', values: [spec.sAMAccountName] }),
      new Attribute({ type: 'userPrincipalName', values: [spec.userPrincipalName ?? `${spec.sAMAccountName}@${info.domain}`] }),
      // One add with the password and the final userAccountControl: no moment with a password-less enabled account.
      new Attribute({ type: 'unicodePwd', values: [Buffer.from(`"${spec.password}"`, 'utf16le')] }),
      new Attribute({ type: 'userAccountControl', values: [String(uac)] }),
      ...(spec.displayName ? [new Attribute({ type: 'displayName', values: [spec.displayName] })] : []),
      ...(spec.mustChangePassword ? [new Attribute({ type: 'pwdLastSet', values: ['0'] })] : []),
      ...Object.entries(spec.attributes ?? {}).map(([type, values]) => new Attribute({ type, values })),
    ];
    await this.dir.withClient(`create user ${dn}`, (client) => client.add(dn, attributes), undefined, [spec.password]);
    const state = await this.dir.findAccount(spec.sAMAccountName);
    if (!state) throw new DirectoryError('ldap-error', `created ${dn} but cannot read it back`);
    return state;
  }

  async deleteUser(dn: string): Promise<void> {
    checkDnArgument(dn, `delete ${dn}`);
    await this.dir.withClient(`delete ${dn}`, (client) => client.del(dn));
  }

  async removeIfPresent(sAMAccountName: string): Promise<void> {
    const { baseDn } = await this.dir.info();
    const filter = accountFilter({ kind: 'sam', sAMAccountName, domain: null });
    const found = await this.dir.withClient(`find ${sAMAccountName}`, async (client) => (await client.search(baseDn, { filter, attributes: ['1.1'] })).searchEntries);
    for (const e of found) await this.deleteUser(e.dn);
  }

  async createOrganizationalUnit(name: string, parentDn?: string): Promise<string> {
    if (!name.trim()) throw new DirectoryError('bad-input', 'create OU: the name is empty');
    const parent = parentDn ?? (await this.dir.info()).baseDn;
    const dn = `OU=${escapeDnValue(name)},${parent}`;
    await this.dir.withClient(`create OU ${dn}`, (client) => client.add(dn, { objectClass: ['top', 'organizationalUnit'], ou: name }));
    return dn;
  }

  async deleteTree(dn: string): Promise<void> {
    checkDnArgument(dn, `delete ${dn}`);
    await this.dir.withClient(`delete ${dn} and everything in it`, (client) => client.del(dn, new Control(TREE_DELETE_OID, { critical: true })));
  }
}
