// What only the in-memory lab directory has (its simulation knobs, Recycle Bin mode, seeding) and
// AD matching details of its filter evaluation. Shared behaviour is in tests/directory-contract.
import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../ports/directory-port';
import { DirectoryError } from '../ports/errors';
import { createLabDirectoryAdmin } from './lab-directory-admin';
import { MemoryDirectory } from './memory-directory';

const PASSWORD = 'Lab-Pass-1a';

async function collect(it: AsyncIterable<DirectoryEntry>) {
  const out: DirectoryEntry[] = [];
  for await (const e of it) out.push(e);
  return out;
}
async function codeOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DirectoryError);
    return (err as DirectoryError).code;
  }
  throw new Error('expected a DirectoryError');
}

describe('MemoryDirectory', () => {
  it('seeds users from its options and looks like a fresh domain', async () => {
    const dir = new MemoryDirectory({ domain: 'corp.contoso.com', users: [{ sAMAccountName: 'svc-sync', password: PASSWORD, passwordNeverExpires: true }] });
    expect(await dir.info()).toMatchObject({ baseDn: 'DC=corp,DC=contoso,DC=com', domain: 'corp.contoso.com', recycleBinEnabled: false });
    const svc = await dir.findAccount('svc-sync@corp.contoso.com');
    expect(svc?.flags.passwordNeverExpires).toBe(true);
    expect((await dir.findAccount('krbtgt'))?.flags.disabled).toBe(true);
    const users = await collect(dir.search({ filter: '(&(objectCategory=person)(objectClass=user))', attributes: ['sAMAccountName'] }));
    expect(users.map((u) => u.attributes.sAMAccountName![0]).sort()).toEqual(['Administrator', 'Guest', 'krbtgt', 'svc-sync']);
    const root = await collect(dir.search({ base: '', scope: 'base', filter: '(objectClass=*)', attributes: ['defaultNamingContext'] }));
    expect(root[0]!.attributes.defaultNamingContext).toEqual(['DC=corp,DC=contoso,DC=com']);
  });

  it('rejects a bad lab user spec, naming the field', async () => {
    const admin = createLabDirectoryAdmin(new MemoryDirectory());
    await expect(admin.createUser({ sAMAccountName: 'way-too-long-account-name', password: PASSWORD })).rejects.toThrow(/sAMAccountName: .*20 characters/);
    await expect(admin.createUser({ sAMAccountName: 'a*b', password: PASSWORD })).rejects.toThrow(/sAMAccountName: .*not allow/);
    await expect(admin.createUser({ sAMAccountName: 'ok', password: PASSWORD, attributes: { userAccountControl: ['512'] } })).rejects.toThrow(
      /userAccountControl through its own field/,
    );
    await expect(admin.createUser({ sAMAccountName: 'ok', password: PASSWORD, parentDn: 'OU=Nowhere,DC=lab,DC=example,DC=com' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('never returns passwords in search results', async () => {
    const dir = new MemoryDirectory({ users: [{ sAMAccountName: 'leaky', password: 'Unique-Secret-77' }] });
    const all = await collect(dir.search({ filter: '(objectClass=*)', attributes: ['*', 'unicodePwd', 'userPassword'] }));
    expect(JSON.stringify(all)).not.toContain('Unique-Secret-77');
  });

  it('simulates lockout, account expiry and password age, with the sign-in errors AD gives', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const dir = new MemoryDirectory({ now: () => now, maxPasswordAgeDays: 42, users: [{ sAMAccountName: 'svc-a', password: PASSWORD }] });
    const svc = (await dir.findAccount('svc-a'))!;

    expect(dir.setLockedOut(svc.dn, true).flags.lockedOut).toBe(true);
    expect(await codeOf(dir.verifyCredentials('svc-a', 'wrong-password'))).toBe('account-locked'); // lockout is checked first
    dir.setLockedOut(svc.dn, false);

    dir.setAccountExpires(svc.dn, '2025-12-31T00:00:00Z');
    expect(await codeOf(dir.verifyCredentials('svc-a', PASSWORD))).toBe('account-expired');
    expect((await dir.findAccount('svc-a'))!.accountExpires).toBe('2025-12-31T00:00:00.000Z');
    dir.setAccountExpires(svc.dn, null);

    now = new Date('2026-03-01T00:00:00Z'); // 59 days later
    const aged = (await dir.findAccount('svc-a'))!;
    expect(aged.flags.passwordExpired).toBe(true);
    expect(await codeOf(dir.verifyCredentials('svc-a', PASSWORD))).toBe('password-expired');
    expect((await dir.setPasswordNeverExpires(svc.dn, true)).flags.passwordExpired).toBe(false);
    await dir.verifyCredentials('svc-a', PASSWORD);

    dir.setPasswordLastSet(svc.dn, '2020-01-01T00:00:00Z');
    await dir.setPasswordNeverExpires(svc.dn, false);
    await dir.resetPassword(svc.dn, 'Lab-Pass-2b');
    await dir.verifyCredentials('svc-a', 'Lab-Pass-2b'); // a reset starts the password's age again
  });

  it('with the Recycle Bin on, a restored account keeps its attributes and password', async () => {
    const dir = new MemoryDirectory({ recycleBinEnabled: true, users: [{ sAMAccountName: 'svc-r', password: PASSWORD, displayName: 'Sync Service' }] });
    const admin = createLabDirectoryAdmin(dir);
    const svc = (await dir.findAccount('svc-r'))!;
    await admin.deleteUser(svc.dn);
    const [deleted] = await dir.findDeletedAccounts('svc-r@lab.example.com'); // the UPN survives too
    const restored = await dir.restoreDeletedAccount(deleted!.dn);
    expect(restored).toMatchObject({ dn: svc.dn, userPrincipalName: 'svc-r@lab.example.com', displayName: 'Sync Service', objectGuid: svc.objectGuid });
    expect(restored.flags.mustChangePassword).toBe(false);
    await dir.verifyCredentials('svc-r', PASSWORD);
  });

  it('refuses to restore over a live account of the same name', async () => {
    const dir = new MemoryDirectory({ users: [{ sAMAccountName: 'svc-d', password: PASSWORD }] });
    const admin = createLabDirectoryAdmin(dir);
    await admin.deleteUser((await dir.findAccount('svc-d'))!.dn);
    await admin.createUser({ sAMAccountName: 'svc-d', password: PASSWORD });
    const [deleted] = await dir.findDeletedAccounts('svc-d');
    expect(await codeOf(dir.restoreDeletedAccount(deleted!.dn))).toBe('constraint');
  });

  it('refuses to delete a container that still has children, unless it is a tree delete', async () => {
    const dir = new MemoryDirectory();
    const admin = createLabDirectoryAdmin(dir);
    const ou = await admin.createOrganizationalUnit('Sync');
    await admin.createUser({ sAMAccountName: 'svc-t', password: PASSWORD, parentDn: ou });
    await admin.deleteTree(ou);
    expect(await dir.findAccount('svc-t')).toBeNull();
    expect(await dir.findDeletedAccounts('svc-t')).toHaveLength(1);
    expect(await codeOf(collect(dir.search({ base: ou, filter: '(objectClass=*)', attributes: ['ou'] })))).toBe('not-found');
  });
});

const BUILT_IN = ['Administrator', 'Guest', 'krbtgt'];

describe('MemoryDirectory filter matching (as AD matches)', () => {
  const dir = new MemoryDirectory({
    users: [
      {
        sAMAccountName: 'alice',
        password: PASSWORD,
        displayName: 'Alice Smith',
        attributes: { mail: ['Alice@Contoso.com'], msExchRecipientTypeDetails: ['2147483648'] },
      },
      { sAMAccountName: 'bob', password: PASSWORD, disabled: true, attributes: { mail: ['bob@contoso.com'], msExchRecipientTypeDetails: ['1'] } },
      { sAMAccountName: 'carol', password: PASSWORD, passwordNeverExpires: true },
    ],
  });
  const names = async (filter: string) =>
    (await collect(dir.search({ base: `CN=Users,${dir.baseDn}`, scope: 'one', filter, attributes: ['sAMAccountName'] })))
      .map((e) => e.attributes.sAMAccountName![0]!)
      .filter((n) => !BUILT_IN.includes(n))
      .sort();

  it('matches strings case-insensitively, with substrings and presence', async () => {
    expect(await names('(mail=alice@contoso.COM)')).toEqual(['alice']);
    expect(await names('(displayName=*smi*)')).toEqual(['alice']);
    expect(await names('(&(mail=*)(!(sAMAccountName=bob)))')).toEqual(['alice']);
    expect(await names('(|(sAMAccountName=al*)(sAMAccountName=*ol))')).toEqual(['alice', 'carol']);
  });

  it("applies AD's bitwise matching rules and numeric comparison", async () => {
    expect(await names('(userAccountControl:1.2.840.113556.1.4.803:=2)')).toEqual(['bob']);
    expect(await names('(userAccountControl:1.2.840.113556.1.4.804:=65538)')).toEqual(['bob', 'carol']);
    expect(await names('(msExchRecipientTypeDetails>=100)')).toEqual(['alice']);
    expect(await names('(msExchRecipientTypeDetails<=1)')).toEqual(['bob']);
  });

  it('expands objectCategory=<class> like AD', async () => {
    expect(await names('(objectCategory=person)')).toEqual(['alice', 'bob', 'carol']);
    expect(await names('(objectCategory=user)')).toEqual(['alice', 'bob', 'carol']);
    expect(await names('(objectCategory=computer)')).toEqual([]);
  });

  it('reports an unsupported matching rule as bad input', async () => {
    expect(await codeOf(names('(cn:1.2.3.4:=x)'))).toBe('bad-input');
  });
});

describe('MemoryDirectory lab admin: resetUser', () => {
  it('keeps the account (same objectGUID), moves it and resets its state; creates it when absent', async () => {
    const dir = new MemoryDirectory();
    const admin = dir.labAdmin();
    const { baseDn } = await dir.info();
    const ou = await admin.createOrganizationalUnit('Service Accounts');
    const first = await admin.resetUser({ sAMAccountName: 'MSOL_AD_SYNC', password: 'Reset-Test-Pass-1a', disabled: true });
    expect(first.dn).toBe(`CN=MSOL_AD_SYNC,CN=Users,${baseDn}`);
    const again = await admin.resetUser({ sAMAccountName: 'MSOL_AD_SYNC', parentDn: ou, password: 'Reset-Test-Pass-2b', displayName: 'Sync' });
    expect(again.objectGuid).toBe(first.objectGuid);
    expect(again.dn).toBe(`CN=MSOL_AD_SYNC,${ou}`);
    expect(again.flags.disabled).toBe(false);
    expect(first.flags.disabled).toBe(true);
    const deleted = [];
    for await (const e of dir.search({
      base: `CN=Deleted Objects,${baseDn}`,
      filter: '(&(isDeleted=TRUE)(objectClass=user))',
      attributes: ['objectGUID'],
      includeDeleted: true,
    }))
      deleted.push(e);
    expect(deleted).toEqual([]);
  });
});
