// Unlocking a locked-out account against the real Samba DC: a lockout threshold is set on the lab
// DC only, and only for one lab account (a fine-grained password policy applied to that user, so
// no other account of the shared lab DC, Administrator included, can be locked by other tests'
// wrong binds). Wrong binds lock it; a right password is then refused as locked; unlockAccount
// writes lockoutTime 0, and the same password signs in again.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { LdapDirectory } from '../../electron/directory/ldap-directory';
import { createLabDirectoryAdmin } from '../../electron/directory/lab-directory-admin';
import { DirectoryError } from '../../electron/ports/errors';
import { generatePassword } from '../../electron/secrets/password';

const lab = inject('labDc');
const suite = lab ? describe : describe.skip;

async function failure(p: Promise<unknown>): Promise<DirectoryError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DirectoryError);
    return err as DirectoryError;
  }
  throw new Error('expected a DirectoryError, but the call succeeded');
}

/** A negative 100-ns interval, as msDS-LockoutDuration and its kin store time spans. */
const span = (minutes: number) => String(-BigInt(minutes) * 60n * 10_000_000n);

suite(`unlock against the Samba lab DC${lab ? '' : ` (skipped: ${inject('labDcSkipReason') ?? 'no lab DC'})`}`, () => {
  it('locked by wrong binds under a lockout threshold, refused as locked, unlocked by lockoutTime 0, then signs in', async () => {
    const dir = await LdapDirectory.connect({
      url: lab!.url,
      bindDn: lab!.bindDn,
      password: fs.readFileSync(lab!.passwordFile, 'utf8'),
      caFile: lab!.caFile,
      serverName: lab!.serverName,
    });
    const admin = createLabDirectoryAdmin(dir);
    const tag = randomBytes(3).toString('hex');
    const sam = `dsd-lock-${tag}`;
    const password = generatePassword();
    const psoDn = `CN=dsd-lockout-${tag},CN=Password Settings Container,CN=System,${lab!.baseDn}`;
    let userDn: string | null = null;
    let psoAdded = false;
    try {
      userDn = (await admin.createUser({ sAMAccountName: sam, password, passwordNeverExpires: true })).dn;
      await admin.addObject(psoDn, {
        objectClass: ['msDS-PasswordSettings'],
        'msDS-PasswordSettingsPrecedence': ['1'],
        'msDS-PasswordReversibleEncryptionEnabled': ['FALSE'],
        'msDS-PasswordHistoryLength': ['0'],
        'msDS-PasswordComplexityEnabled': ['TRUE'],
        'msDS-MinimumPasswordLength': ['7'],
        'msDS-MinimumPasswordAge': ['0'],
        'msDS-MaximumPasswordAge': [span(60 * 24 * 365)],
        'msDS-LockoutThreshold': ['3'],
        'msDS-LockoutObservationWindow': [span(30)],
        'msDS-LockoutDuration': [span(30)],
        'msDS-PSOAppliesTo': [userDn],
      });
      psoAdded = true;
      const before = (await dir.findAccount(sam))!;
      expect(before.flags.lockedOut).toBe(false);
      expect(before.lockoutTime).toBeNull();

      for (let i = 0; i < 3; i++) expect((await failure(dir.verifyCredentials(sam, `${password}-wrong`))).code).toMatch(/invalid-credentials|account-locked/);
      const locked = (await dir.findAccount(sam))!;
      expect(locked.flags.lockedOut).toBe(true);
      expect(Date.parse(locked.lockoutTime!)).toBeGreaterThan(Date.now() - 10 * 60_000);
      // The right password no longer helps: AD refuses it as locked out (data 775).
      expect((await failure(dir.verifyCredentials(sam, password))).code).toBe('account-locked');

      const unlocked = await dir.unlockAccount(userDn);
      expect(unlocked.flags.lockedOut).toBe(false);
      expect(unlocked.lockoutTime).toBeNull();
      await dir.verifyCredentials(sam, password);
      // A name that is not an account is refused, naming it.
      expect((await failure(dir.unlockAccount(`CN=nobody-${tag},CN=Users,${lab!.baseDn}`))).code).toBe('not-found');
    } finally {
      if (psoAdded) await admin.deleteObject(psoDn);
      if (userDn) await admin.deleteUser(userDn);
      await dir.close();
    }
  });
});
