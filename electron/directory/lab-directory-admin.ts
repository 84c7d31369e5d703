// Seeding lab accounts: createLabDirectoryAdmin(dir) gives the same LabDirectoryAdmin for the
// Samba lab DC (LdapDirectory, over ldapts) and the in-memory lab directory (MemoryDirectory).
// Lab scenarios and tests create exactly the accounts they need with it and remove them after.
// On a real DC it writes only when the directory carries the lab marker (checked before the first
// write), tags what it creates and deletes only what carries its tag (see lab-marker.ts).
import { Attribute, Change, Control, NoSuchObjectError, type Client } from 'ldapts';
import type { AccountState } from '../../shared/domain/account';
import { dnEquals, escapeDnValue, parentDn, UAC } from '../../shared/ldap';
import { DirectoryError } from '../ports/errors';
import { accountFilter, checkDnArgument } from './account-ref';
import { LdapDirectory, TREE_DELETE_OID } from './ldap-directory';
import { LAB_MARKER_VALUE, LAB_OBJECT_TAG, LAB_TAG_ATTRIBUTES, labMarkerDn } from './lab-marker';
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

/** The refusal when a directory is not a lab: says why and that nothing was changed. */
export function notALabDirectory(url: string, markerDn: string): DirectoryError {
  return new DirectoryError(
    'not-a-lab',
    `${url} is not a DirSync Doctor lab directory (it has no lab marker ${markerDn}); lab mode seeds accounts only into a DC that scripts/lab-dc.sh provisioned. Nothing was changed.`,
  );
}

class LdapLabAdmin implements LabDirectoryAdmin {
  private labChecked: Promise<void> | null = null;

  constructor(private readonly dir: LdapDirectory) {}

  checkLabDirectory(): Promise<void> {
    this.labChecked ??= this.readLabMarker().catch((e: unknown) => {
      this.labChecked = null; // a failed read (network) may be retried; a missing marker fails again
      throw e;
    });
    return this.labChecked;
  }

  private async readLabMarker(): Promise<void> {
    const info = await this.dir.info();
    const dn = labMarkerDn(info.baseDn);
    const values = await this.dir.withClient(`read the lab marker ${dn}`, async (client) => {
      try {
        const { searchEntries } = await client.search(dn, { scope: 'base', attributes: ['adminDescription'] });
        return [searchEntries[0]?.adminDescription ?? []].flat().map(String);
      } catch (e) {
        if (e instanceof NoSuchObjectError) return [];
        throw e;
      }
    });
    if (!values.includes(LAB_MARKER_VALUE)) throw notALabDirectory(info.url, dn);
  }

  /** Refuses to touch an object the lab did not create (no lab tag), before any write. */
  private async checkLabObject(client: Client, dn: string, what: string): Promise<void> {
    let tags: string[];
    try {
      const { searchEntries } = await client.search(dn, { scope: 'base', attributes: [...LAB_TAG_ATTRIBUTES] });
      const entry: Record<string, unknown> = searchEntries[0] ?? {};
      tags = LAB_TAG_ATTRIBUTES.flatMap((a) => [entry[a] ?? []].flat().map(String));
    } catch (e) {
      if (e instanceof NoSuchObjectError) throw new DirectoryError('not-found', `${what}: no such object`);
      throw e;
    }
    if (!tags.includes(LAB_OBJECT_TAG)) {
      throw new DirectoryError('not-a-lab', `${what} refused: the lab did not create ${dn} (it has no lab tag), so it leaves it alone. Nothing was changed.`);
    }
  }

  async createUser(input: LabUserSpec): Promise<AccountState> {
    const spec = parseSpec(input);
    if (spec.lockedOut) {
      // A DC locks an account only after wrong passwords under a lockout policy; the lab does not
      // change a real DC's domain policy to seed a scenario.
      throw new DirectoryError(
        'bad-input',
        `create user ${spec.sAMAccountName}: a real DC cannot be told to lock an account; run this scenario with the in-memory lab directory.`,
      );
    }
    await this.checkLabDirectory();
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
      ...LAB_TAG_ATTRIBUTES.map((type) => new Attribute({ type, values: [LAB_OBJECT_TAG] })),
      ...(spec.displayName ? [new Attribute({ type: 'displayName', values: [spec.displayName] })] : []),
      ...(spec.mustChangePassword ? [new Attribute({ type: 'pwdLastSet', values: ['0'] })] : []),
      ...Object.entries(spec.attributes ?? {}).map(([type, values]) => new Attribute({ type, values })),
    ];
    await this.dir.withClient(`create user ${dn}`, (client) => client.add(dn, attributes), undefined, [spec.password]);
    const state = await this.dir.findAccount(spec.sAMAccountName);
    if (!state) throw new DirectoryError('ldap-error', `created ${dn} but cannot read it back`);
    return state;
  }

  async resetUser(input: LabUserSpec): Promise<AccountState> {
    const spec = parseSpec(input);
    if (spec.lockedOut) {
      throw new DirectoryError(
        'bad-input',
        `reset user ${spec.sAMAccountName}: a real DC cannot be told to lock an account; run this scenario with the in-memory lab directory.`,
      );
    }
    await this.checkLabDirectory();
    const info = await this.dir.info();
    const filter = accountFilter({ kind: 'sam', sAMAccountName: spec.sAMAccountName, domain: null });
    const what = `reset user ${spec.sAMAccountName}`;
    const found = await this.dir.withClient(what, async (client) => {
      const entries = (await client.search(info.baseDn, { filter, attributes: ['1.1'] })).searchEntries;
      for (const e of entries) await this.checkLabObject(client, e.dn, what);
      return entries;
    });
    if (found.length === 0) return this.createUser(spec);
    let dn = found[0]!.dn;
    const parent = spec.parentDn ?? `CN=Users,${info.baseDn}`;
    if (!dnEquals(parentDn(dn), parent)) dn = await this.dir.moveObject(dn, parent);
    let uac: number = UAC.NORMAL_ACCOUNT;
    if (spec.disabled) uac |= UAC.ACCOUNTDISABLE;
    if (spec.passwordNeverExpires) uac |= UAC.DONT_EXPIRE_PASSWORD;
    const replace = (type: string, values: (string | Buffer)[]) =>
      new Change({ operation: 'replace', modification: new Attribute({ type, values: values as string[] }) });
    const changes = [
      replace('unicodePwd', [Buffer.from(`"${spec.password}"`, 'utf16le')]),
      replace('userAccountControl', [String(uac)]),
      replace('userPrincipalName', [spec.userPrincipalName ?? `${spec.sAMAccountName}@${info.domain}`]),
      replace('displayName', spec.displayName ? [spec.displayName] : []),
      // AD takes 0 (must change) or -1 (set now) for pwdLastSet.
      replace('pwdLastSet', [spec.mustChangePassword ? '0' : '-1']),
      ...Object.entries(spec.attributes ?? {}).map(([type, values]) => replace(type, values)),
    ];
    const target = dn;
    await this.dir.withClient(`${what} (${target})`, (client) => client.modify(target, changes), undefined, [spec.password]);
    const state = await this.dir.findAccount(spec.sAMAccountName);
    if (!state) throw new DirectoryError('ldap-error', `reset ${dn} but cannot read it back`);
    return state;
  }

  async deleteUser(dn: string): Promise<void> {
    checkDnArgument(dn, `delete ${dn}`);
    await this.checkLabDirectory();
    await this.dir.withClient(`delete ${dn}`, async (client) => {
      await this.checkLabObject(client, dn, `delete ${dn}`);
      await client.del(dn);
    });
  }

  async removeIfPresent(sAMAccountName: string): Promise<void> {
    await this.checkLabDirectory();
    const { baseDn } = await this.dir.info();
    const filter = accountFilter({ kind: 'sam', sAMAccountName, domain: null });
    await this.dir.withClient(`remove ${sAMAccountName}`, async (client) => {
      const found = (await client.search(baseDn, { filter, attributes: ['1.1'] })).searchEntries;
      // All checked before the first delete: nothing half-done.
      for (const e of found) await this.checkLabObject(client, e.dn, `remove ${sAMAccountName}`);
      for (const e of found) await client.del(e.dn);
    });
  }

  async createOrganizationalUnit(name: string, parentDn?: string): Promise<string> {
    if (!name.trim()) throw new DirectoryError('bad-input', 'create OU: the name is empty');
    await this.checkLabDirectory();
    const parent = parentDn ?? (await this.dir.info()).baseDn;
    const dn = `OU=${escapeDnValue(name)},${parent}`;
    await this.dir.withClient(`create OU ${dn}`, (client) =>
      client.add(dn, { objectClass: ['top', 'organizationalUnit'], ou: name, adminDescription: LAB_OBJECT_TAG }),
    );
    return dn;
  }

  async addObject(dn: string, attributes: Record<string, readonly string[]>): Promise<void> {
    checkDnArgument(dn, `add ${dn}`);
    await this.checkLabDirectory();
    const classes = (Object.entries(attributes).find(([k]) => k.toLowerCase() === 'objectclass')?.[1] ?? []).map((c) => c.toLowerCase());
    // The lab's tag, so the lab may change or delete the object later (uid only where the class has it).
    const tags = classes.includes('user') ? LAB_TAG_ATTRIBUTES : (['adminDescription'] as const);
    const given = new Set(Object.keys(attributes).map((k) => k.toLowerCase()));
    const attrs = [
      ...Object.entries(attributes).map(([type, values]) => new Attribute({ type, values: [...values] })),
      ...tags.filter((t) => !given.has(t.toLowerCase())).map((type) => new Attribute({ type, values: [LAB_OBJECT_TAG] })),
    ];
    await this.dir.withClient(`add ${dn}`, (client) => client.add(dn, attrs));
  }

  async replaceAttribute(dn: string, attribute: string, values: readonly string[]): Promise<void> {
    const what = `change ${attribute} of ${dn}`;
    checkDnArgument(dn, what);
    if ((LAB_TAG_ATTRIBUTES as readonly string[]).some((a) => a.toLowerCase() === attribute.toLowerCase())) {
      throw new DirectoryError('bad-input', `${what}: the lab's tag lives there`);
    }
    await this.checkLabDirectory();
    await this.dir.withClient(what, async (client) => {
      await this.checkLabObject(client, dn, what);
      await client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values: [...values] }) }));
    });
  }

  async deleteObject(dn: string): Promise<void> {
    checkDnArgument(dn, `delete ${dn}`);
    await this.checkLabDirectory();
    await this.dir.withClient(`delete ${dn}`, async (client) => {
      await this.checkLabObject(client, dn, `delete ${dn}`);
      await client.del(dn);
    });
  }

  async isLabObject(dn: string): Promise<boolean> {
    checkDnArgument(dn, `read ${dn}`);
    return this.dir.withClient(`read ${dn}`, async (client) => {
      try {
        await this.checkLabObject(client, dn, `read ${dn}`);
        return true;
      } catch (e) {
        if (e instanceof DirectoryError && e.code === 'not-a-lab') return false;
        throw e;
      }
    });
  }

  async deleteTree(dn: string): Promise<void> {
    checkDnArgument(dn, `delete ${dn}`);
    await this.checkLabDirectory();
    await this.dir.withClient(`delete ${dn} and everything in it`, async (client) => {
      // Everything in the tree must be the lab's: a tree delete would take a foreign child with it.
      const { searchEntries } = await client.search(dn, {
        scope: 'sub',
        filter: `(!(|${LAB_TAG_ATTRIBUTES.map((a) => `(${a}=${LAB_OBJECT_TAG})`).join('')}))`,
        attributes: ['1.1'],
      });
      if (searchEntries.length > 0) {
        throw new DirectoryError(
          'not-a-lab',
          `delete ${dn} refused: it holds ${searchEntries.length} object(s) the lab did not create, e.g. ${searchEntries[0]!.dn}. Nothing was changed.`,
        );
      }
      await client.del(dn, new Control(TREE_DELETE_OID, { critical: true }));
    });
  }
}
