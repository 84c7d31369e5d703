// The one contract every DirectoryPort implementation must pass: run against the Samba lab DC
// (LdapDirectory) and the in-memory lab directory (MemoryDirectory), so the two cannot drift.
// Each test creates its own uniquely named accounts and removes them afterwards.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccountState, DeletedAccount } from '../../shared/domain/account';
import { escapeFilterValue, guidFromBytes } from '../../shared/ldap';
import type { LabDirectoryAdmin, LabUserSpec } from '../../electron/directory/lab-user-spec';
import type { DirectoryEntry, DirectoryPort } from '../../electron/ports/directory-port';
import { DirectoryError } from '../../electron/ports/errors';

export interface DirectoryFixture {
  port: DirectoryPort;
  admin: LabDirectoryAdmin;
  /** NetBIOS domain name, for DOMAIN\name references. */
  netbiosDomain: string;
  close(): Promise<void>;
}

const PASSWORD_1 = 'Contract-Pass-1a';
const PASSWORD_2 = 'Contract-Pass-2b';

/** A sAMAccountName no other test (or earlier run) uses: at most 20 characters. */
const uniqueName = (tag: string) => `ct${tag}${randomBytes(5).toString('hex')}`.slice(0, 20);

async function collect(iterable: AsyncIterable<DirectoryEntry>): Promise<DirectoryEntry[]> {
  const out: DirectoryEntry[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<DirectoryError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(DirectoryError);
    return err as DirectoryError;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

/** `skipReason` set: the suite is listed as skipped, with the reason in its name (e.g. no lab DC). */
export function directoryContract(name: string, makeFixture: () => Promise<DirectoryFixture>, skipReason: string | null = null): void {
  (skipReason ? describe.skip : describe)(`DirectoryPort contract: ${name}${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
    let f: DirectoryFixture;
    let baseDn: string;
    let usersDn: string;
    const cleanupUsers: string[] = [];
    const cleanupTrees: string[] = [];

    beforeAll(async () => {
      f = await makeFixture();
      baseDn = (await f.port.info()).baseDn;
      usersDn = `CN=Users,${baseDn}`;
    });

    afterEach(async () => {
      for (const sam of cleanupUsers.splice(0)) await f.admin.removeIfPresent(sam);
      for (const dn of cleanupTrees.splice(0))
        await f.admin.deleteTree(dn).catch((e: unknown) => {
          if (!(e instanceof DirectoryError && e.code === 'not-found')) throw e;
        });
    });

    afterAll(async () => {
      await f?.close();
    });

    async function user(tag: string, extra: Partial<LabUserSpec> = {}): Promise<AccountState> {
      const sAMAccountName = uniqueName(tag);
      cleanupUsers.push(sAMAccountName);
      const created = await f.admin.createUser({ sAMAccountName, password: PASSWORD_1, displayName: `Lab ${tag}`, ...extra });
      return AccountState.parse(created);
    }

    async function ou(tag: string): Promise<string> {
      const dn = await f.admin.createOrganizationalUnit(uniqueName(`ou${tag}`));
      cleanupTrees.push(dn);
      return dn;
    }

    it('reports the naming context and domain', async () => {
      const info = await f.port.info();
      expect(info.baseDn).toMatch(/^DC=/i);
      expect(info.domain.split('.').length).toBeGreaterThan(1);
      expect(info.baseDn.toLowerCase()).toBe(
        info.domain
          .split('.')
          .map((l) => `dc=${l}`)
          .join(','),
      );
    });

    it('finds an account by sAMAccountName, UPN and DOMAIN\\name, with its state decoded', async () => {
      const before = Date.now();
      const created = await user('find');
      const bySam = AccountState.parse(await f.port.findAccount(created.sAMAccountName));
      expect(bySam.dn.toLowerCase()).toBe(`cn=${created.sAMAccountName},${usersDn}`.toLowerCase());
      expect(bySam.userPrincipalName).toBe(`${created.sAMAccountName}@${(await f.port.info()).domain}`);
      expect(bySam.displayName).toBe('Lab find');
      expect(bySam.objectGuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(bySam.flags).toEqual({ disabled: false, lockedOut: false, passwordExpired: false, passwordNeverExpires: false, mustChangePassword: false });
      expect(bySam.userAccountControl & 0x200).toBe(0x200);
      expect(bySam.accountExpires).toBeNull();
      expect(Date.parse(bySam.pwdLastSet!)).toBeGreaterThanOrEqual(before - 60_000);
      expect(Date.parse(bySam.pwdLastSet!)).toBeLessThanOrEqual(Date.now() + 60_000);
      expect(bySam.parentDn.toLowerCase()).toBe(usersDn.toLowerCase());

      const byUpn = await f.port.findAccount(bySam.userPrincipalName!);
      const byDomainName = await f.port.findAccount(`${f.netbiosDomain}\\${created.sAMAccountName}`);
      const byOtherCase = await f.port.findAccount(created.sAMAccountName.toUpperCase());
      for (const found of [byUpn, byDomainName, byOtherCase]) expect(found?.objectGuid).toBe(bySam.objectGuid);
    });

    it('returns null for an account that does not exist', async () => {
      const missing = uniqueName('none');
      expect(await f.port.findAccount(missing)).toBeNull();
      expect(await f.port.findAccount(`${missing}@${(await f.port.info()).domain}`)).toBeNull();
      expect(await f.port.findAccount(`${f.netbiosDomain}\\${missing}`)).toBeNull();
    });

    it('rejects unusable account names as bad input', async () => {
      expect((await rejection(f.port.findAccount('   '))).code).toBe('bad-input');
      expect((await rejection(f.port.findAccount('a\u0001b'))).code).toBe('bad-input');
      expect((await rejection(f.port.findAccount('LAB\\'))).code).toBe('bad-input');
    });

    it('disables, enables and sets / clears "password never expires", returning the new state', async () => {
      const u = await user('flag');
      const disabled = await f.port.disableAccount(u.dn);
      expect(disabled.flags.disabled).toBe(true);
      expect(disabled.userAccountControl & 2).toBe(2);
      expect((await f.port.findAccount(u.sAMAccountName))!.flags.disabled).toBe(true);
      const enabled = await f.port.enableAccount(u.dn);
      expect(enabled.flags.disabled).toBe(false);
      expect(enabled.userAccountControl).toBe(u.userAccountControl);

      const never = await f.port.setPasswordNeverExpires(u.dn, true);
      expect(never.flags.passwordNeverExpires).toBe(true);
      expect(never.userAccountControl & 0x10000).toBe(0x10000);
      expect((await f.port.findAccount(u.sAMAccountName))!.flags.passwordNeverExpires).toBe(true);
      const expiring = await f.port.setPasswordNeverExpires(u.dn, false);
      expect(expiring.flags.passwordNeverExpires).toBe(false);
      expect(expiring.userAccountControl).toBe(u.userAccountControl);
      // Idempotent: asking for the state it already has changes nothing.
      expect((await f.port.enableAccount(u.dn)).userAccountControl).toBe(u.userAccountControl);
    });

    it('fails with not-found when changing an account that does not exist', async () => {
      const dn = `CN=${uniqueName('gone')},${usersDn}`;
      expect((await rejection(f.port.disableAccount(dn))).code).toBe('not-found');
      expect((await rejection(f.port.resetPassword(dn, PASSWORD_2))).code).toBe('not-found');
      expect((await rejection(f.port.enableAccount('not a dn'))).code).toBe('bad-input');
    });

    it('resets a password: the new one signs in, the old one is refused as invalid-credentials', async () => {
      const u = await user('pwd');
      await f.port.verifyCredentials(u.sAMAccountName, PASSWORD_1);
      await f.port.resetPassword(u.dn, PASSWORD_2);
      await f.port.verifyCredentials(u.sAMAccountName, PASSWORD_2);
      await f.port.verifyCredentials(u.userPrincipalName!, PASSWORD_2);
      const old = await rejection(f.port.verifyCredentials(u.sAMAccountName, PASSWORD_1));
      expect(old.code).toBe('invalid-credentials');
      expect(old.message).toContain('52e');
      expect(old.message).not.toContain(PASSWORD_1);
    });

    it('refuses a password the policy rejects, with a message that does not contain it', async () => {
      const u = await user('pol');
      const weak = 'Zq9';
      const err = await rejection(f.port.resetPassword(u.dn, weak));
      expect(err.code).toBe('constraint');
      expect(err.message).not.toContain(weak);
      expect(JSON.stringify(err.details)).not.toContain(weak);
      await f.port.verifyCredentials(u.sAMAccountName, PASSWORD_1); // unchanged
    });

    it('refuses empty passwords as bad input rather than trying an unauthenticated bind', async () => {
      const u = await user('empty');
      expect((await rejection(f.port.verifyCredentials(u.sAMAccountName, ''))).code).toBe('bad-input');
      expect((await rejection(f.port.resetPassword(u.dn, ''))).code).toBe('bad-input');
    });

    it('reports a disabled account as account-disabled on sign-in (and a wrong password as invalid-credentials)', async () => {
      const u = await user('dis', { disabled: true });
      expect(u.flags.disabled).toBe(true);
      const err = await rejection(f.port.verifyCredentials(u.sAMAccountName, PASSWORD_1));
      expect(err.code).toBe('account-disabled');
      expect(err.message).toContain('533');
      expect((await rejection(f.port.verifyCredentials(u.sAMAccountName, PASSWORD_2))).code).toBe('invalid-credentials');
      await f.port.enableAccount(u.dn);
      await f.port.verifyCredentials(u.sAMAccountName, PASSWORD_1);
    });

    it('reports "must change password at next logon" as must-change-password, not as expired', async () => {
      const u = await user('must', { mustChangePassword: true });
      expect(u.flags.mustChangePassword).toBe(true);
      expect(u.flags.passwordExpired).toBe(false);
      expect(u.pwdLastSet).toBeNull();
      const err = await rejection(f.port.verifyCredentials(u.sAMAccountName, PASSWORD_1));
      expect(err.code).toBe('must-change-password');
      expect(err.message).toContain('773');
      // A reset starts the password's life afresh.
      await f.port.resetPassword(u.dn, PASSWORD_2);
      expect((await f.port.findAccount(u.sAMAccountName))!.flags.mustChangePassword).toBe(false);
      await f.port.verifyCredentials(u.sAMAccountName, PASSWORD_2);
    });

    it('reports verifyCredentials for a missing account as not-found', async () => {
      expect((await rejection(f.port.verifyCredentials(uniqueName('nobody'), PASSWORD_1))).code).toBe('not-found');
    });

    it('finds a deleted account among deleted objects and restores it to its last known parent', async () => {
      const u = await user('del', { passwordNeverExpires: true });
      await f.admin.deleteUser(u.dn);
      expect(await f.port.findAccount(u.sAMAccountName)).toBeNull();

      const deleted = (await f.port.findDeletedAccounts(u.sAMAccountName)).map((d) => DeletedAccount.parse(d));
      expect(deleted).toHaveLength(1);
      const [tomb] = deleted;
      expect(tomb!.sAMAccountName).toBe(u.sAMAccountName);
      expect(tomb!.objectGuid).toBe(u.objectGuid);
      expect(tomb!.lastKnownParent?.toLowerCase()).toBe(usersDn.toLowerCase());
      expect(tomb!.dn).toMatch(/DEL:/);
      expect(tomb!.whenChanged).not.toBeNull();
      expect(await f.port.findDeletedAccounts(`${f.netbiosDomain}\\${u.sAMAccountName}`)).toHaveLength(1);
      expect(await f.port.findDeletedAccounts(uniqueName('never'))).toEqual([]);

      const restored = AccountState.parse(await f.port.restoreDeletedAccount(tomb!.dn));
      expect(restored.dn.toLowerCase()).toBe(u.dn.toLowerCase());
      expect(restored.objectGuid).toBe(u.objectGuid);
      expect(restored.sAMAccountName).toBe(u.sAMAccountName);
      expect(restored.flags.passwordNeverExpires).toBe(true); // userAccountControl survives deletion
      expect((await f.port.findAccount(u.sAMAccountName))?.objectGuid).toBe(u.objectGuid);
      expect(await f.port.findDeletedAccounts(u.sAMAccountName)).toEqual([]);

      if (!(await f.port.info()).recycleBinEnabled) {
        // A tombstone keeps no password: the restored account needs a reset before it can sign in.
        expect(restored.flags.mustChangePassword).toBe(true);
        expect(restored.userPrincipalName).toBeNull();
        expect((await rejection(f.port.verifyCredentials(u.sAMAccountName, PASSWORD_1))).code).toBe('invalid-credentials');
      }
      await f.port.resetPassword(restored.dn, PASSWORD_2);
      await f.port.verifyCredentials(u.sAMAccountName, PASSWORD_2);
    });

    it('restores into a given container and refuses to restore what is not deleted', async () => {
      const u = await user('rst');
      const target = await ou('rst');
      await f.admin.deleteUser(u.dn);
      const [tomb] = await f.port.findDeletedAccounts(u.sAMAccountName);
      const restored = await f.port.restoreDeletedAccount(tomb!.dn, target);
      expect(restored.parentDn.toLowerCase()).toBe(target.toLowerCase());
      expect((await rejection(f.port.restoreDeletedAccount(restored.dn))).code).toBe('bad-input');
      expect((await rejection(f.port.restoreDeletedAccount(tomb!.dn))).code).toBe('not-found');
    });

    it('tells whether an account lives where it should', async () => {
      const home = await user('home');
      const placed = await f.port.accountPlacement(home.dn, usersDn);
      expect(placed).toMatchObject({ moved: false });
      expect(placed.currentParentDn.toLowerCase()).toBe(usersDn.toLowerCase());
      // Same container written differently is not a move.
      expect((await f.port.accountPlacement(home.dn, `cn=users, ${baseDn.toLowerCase()}`)).moved).toBe(false);

      const elsewhere = await ou('mv');
      const away = await user('away', { parentDn: elsewhere });
      const moved = await f.port.accountPlacement(away.dn, usersDn);
      expect(moved.moved).toBe(true);
      expect(moved.currentParentDn.toLowerCase()).toBe(elsewhere.toLowerCase());
      expect(moved.expectedParentDn).toBe(usersDn);
      expect((await rejection(f.port.accountPlacement(`CN=${uniqueName('x')},${usersDn}`, usersDn))).code).toBe('not-found');
    });

    it('moves an account to another container and back, keeping its objectGUID', async () => {
      const u = await user('mov');
      const away = await ou('mov');
      const movedDn = await f.port.moveObject(u.dn, away);
      expect(movedDn.toLowerCase()).toBe(`CN=${u.sAMAccountName},${away}`.toLowerCase());
      expect((await f.port.accountPlacement(movedDn, usersDn)).moved).toBe(true);
      expect((await f.port.findAccount(u.sAMAccountName))?.objectGuid).toBe(u.objectGuid);

      const backDn = await f.port.moveObject(movedDn, usersDn);
      expect(backDn.toLowerCase()).toBe(u.dn.toLowerCase());
      expect((await f.port.accountPlacement(backDn, usersDn)).moved).toBe(false);
      expect((await f.port.findAccount(u.sAMAccountName))?.objectGuid).toBe(u.objectGuid);

      expect((await rejection(f.port.moveObject(`CN=${uniqueName('x')},${usersDn}`, away))).code).toBe('not-found');
      expect((await rejection(f.port.moveObject(backDn, `OU=${uniqueName('x')},${baseDn}`))).code).toBe('not-found');
      expect((await rejection(f.port.moveObject('not a dn', away))).code).toBe('bad-input');
    });

    it('shows deleted objects only when asked, with their objectGUID and last known parent', async () => {
      const u = await user('tomb');
      await f.admin.deleteUser(u.dn);
      const deletedDn = `CN=Deleted Objects,${baseDn}`;
      const guidOf = (e: DirectoryEntry) => guidFromBytes(Buffer.from(e.attributes.objectGUID?.[0] ?? '', 'base64'));
      const hidden = await collect(f.port.search({ filter: `(sAMAccountName=${escapeFilterValue(u.sAMAccountName)})`, attributes: ['objectGUID'] }));
      expect(hidden).toEqual([]);
      // Matched by objectGUID on this side: that is how the deletion gap finds them.
      const all = await collect(
        f.port.search({ base: deletedDn, filter: '(isDeleted=TRUE)', attributes: ['objectGUID', 'lastKnownParent', 'whenChanged'], includeDeleted: true }),
      );
      const shown = all.filter((e) => e.attributes.objectGUID?.length && guidOf(e) === u.objectGuid);
      expect(shown).toHaveLength(1);
      expect(guidFromBytes(Buffer.from(shown[0]!.attributes.objectGUID![0]!, 'base64'))).toBe(u.objectGuid);
      expect(shown[0]!.attributes.lastKnownParent![0]!.toLowerCase()).toBe(usersDn.toLowerCase());
      expect(shown[0]!.attributes.whenChanged).toHaveLength(1);
    });

    it('pages through more entries than fit on one page, each entry once', async () => {
      const container = await ou('page');
      const names: string[] = [];
      for (let i = 0; i < 7; i += 1) names.push((await user(`p${i}`, { parentDn: container })).sAMAccountName);
      const entries = await collect(
        f.port.search({
          base: container,
          scope: 'one',
          filter: '(objectClass=user)',
          attributes: ['sAMAccountName', 'objectGUID', 'mailNickname'],
          pageSize: 3,
        }),
      );
      expect(entries).toHaveLength(7);
      expect(new Set(entries.map((e) => e.dn.toLowerCase())).size).toBe(7);
      expect(entries.map((e) => e.attributes.sAMAccountName?.[0]).sort()).toEqual([...names].sort());
      for (const e of entries) {
        expect(e.attributes.mailNickname).toEqual([]); // asked for, not set
        expect(guidFromBytes(Buffer.from(e.attributes.objectGUID![0]!, 'base64'))).toMatch(/^[0-9a-f-]{36}$/);
      }
      // Scopes: base gives the container itself, sub includes what is below it.
      expect(await collect(f.port.search({ base: container, scope: 'base', filter: '(objectClass=*)', attributes: ['ou'] }))).toHaveLength(1);
      expect(await collect(f.port.search({ base: container, filter: '(objectClass=user)', attributes: ['1.1'], pageSize: 2 }))).toHaveLength(7);
      // AD's bitwise matching rule: none of them is disabled.
      expect(await collect(f.port.search({ base: container, filter: '(userAccountControl:1.2.840.113556.1.4.803:=2)', attributes: ['cn'] }))).toHaveLength(0);

      // Stopping early is clean and leaves the connection usable.
      let seen = 0;
      for await (const _e of f.port.search({ base: container, filter: '(objectClass=user)', attributes: ['cn'], pageSize: 2 })) {
        seen += 1;
        if (seen === 3) break;
      }
      expect(seen).toBe(3);
      expect(await f.port.findAccount(names[0]!)).not.toBeNull();
    });

    it('treats a hostile value as a literal: it finds nothing rather than everything', async () => {
      const u = await user('hos');
      expect(await f.port.findAccount('*)(objectClass=*')).toBeNull();
      expect(await f.port.findAccount('*')).toBeNull();
      expect(await f.port.findAccount(`${u.sAMAccountName})(|(sAMAccountName=*`)).toBeNull();
      expect(await f.port.findDeletedAccounts('*')).toEqual([]);
      const literal = await collect(f.port.search({ base: usersDn, filter: `(sAMAccountName=${escapeFilterValue('*)(objectClass=*')})`, attributes: ['cn'] }));
      expect(literal).toEqual([]);
      // The same value unescaped would have matched many objects: the escaping is what stops it.
      const unescaped = await collect(f.port.search({ base: usersDn, filter: '(|(sAMAccountName=*)(objectClass=*))', attributes: ['cn'] }));
      expect(unescaped.length).toBeGreaterThan(1);
    });

    it('rejects a malformed filter as bad input', async () => {
      expect((await rejection(collect(f.port.search({ filter: '(sAMAccountName=a', attributes: ['cn'] })))).code).toBe('bad-input');
      expect((await rejection(collect(f.port.search({ filter: '(cn=x)', attributes: ['cn'], pageSize: 0 })))).code).toBe('bad-input');
    });

    it('stops a search when the signal aborts', async () => {
      const container = await ou('abort');
      for (let i = 0; i < 5; i += 1) await user(`a${i}`, { parentDn: container });

      const already = new AbortController();
      already.abort();
      const got: DirectoryEntry[] = [];
      const early = await rejection(
        (async () => {
          for await (const e of f.port.search({ base: container, filter: '(objectClass=user)', attributes: ['cn'], pageSize: 2 }, { signal: already.signal }))
            got.push(e);
        })(),
      );
      expect(early.code).toBe('cancelled');
      expect(got).toEqual([]);

      const midway = new AbortController();
      const seen: DirectoryEntry[] = [];
      const err = await rejection(
        (async () => {
          for await (const e of f.port.search({ base: container, filter: '(objectClass=user)', attributes: ['cn'], pageSize: 2 }, { signal: midway.signal })) {
            seen.push(e);
            if (seen.length === 3) midway.abort();
          }
        })(),
      );
      expect(err.code).toBe('cancelled');
      expect(seen).toHaveLength(3);

      expect((await rejection(f.port.findAccount('anyone', { signal: already.signal }))).code).toBe('cancelled');
    });

    it('refuses to create a second account with the same name', async () => {
      const u = await user('dup');
      const err = await rejection(f.admin.createUser({ sAMAccountName: u.sAMAccountName, password: PASSWORD_1 }));
      expect(err.code).toBe('constraint');
    });
  });
}
