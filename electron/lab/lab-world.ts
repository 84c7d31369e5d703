// Builds a lab world from a scenario: seeds the accounts it needs into the lab directory (the
// in-memory one, or the real Samba DC), gives each service the password it should hold (or an
// old one, for the "changed in AD only" case), and starts a LabHost on top.
import type { DirectoryPort } from '../ports/directory-port';
import { DirectoryError } from '../ports/errors';
import { generatePassword } from '../secrets/password';
import { auditedSeeder, type SeedAuditContext } from './audited-seeder';
import type { Redactor } from '../secrets/redactor';
import { LabHost } from './lab-host';
import type { Scenario } from './scenario';
import type { LabAccountSeeder } from './lab-seeder';

export type { LabAccountSeeder } from './lab-seeder';

export interface LabWorldOptions {
  scenario: Scenario;
  directory: DirectoryPort;
  seeder: LabAccountSeeder;
  /** Set when the directory is a real one: every write is audited (origin filled in here). */
  audit?: Omit<SeedAuditContext, 'origin'>;
  redactor: Redactor;
  now?: () => Date;
  transitionMs?: number;
  /** Simulated time of one connector run in a sync cycle (ms). */
  runMs?: number;
}

export async function buildLabWorld(options: LabWorldOptions): Promise<LabHost> {
  const { scenario, directory, redactor } = options;
  const seeder = options.audit ? auditedSeeder(options.seeder, { ...options.audit, origin: `lab scenario ${scenario.id}` }) : options.seeder;
  const { baseDn } = await directory.info();
  const passwords = new Map<string, string>();

  // The OUs the sync server's OU filtering names exist in the lab directory too, so a scan by it reads real containers.
  const filtering = scenario.connectors.ad.ouFiltering;
  const filteredOus = filtering ? [...filtering.inclusions, ...filtering.exclusions] : [];
  for (const container of new Set([...scenario.accounts.map((a) => a.container), ...filteredOus])) {
    await ensureOrganizationalUnits(seeder, container, baseDn);
  }

  // The account the sync tool is configured with is seeded last, a clock tick after the others:
  // its configuration wizard sets its password whenever it configures it, so its pwdLastSet is the
  // newest, and a check that ranks MSOL_ accounts by it reads the same on every run (two accounts
  // seeded in the same millisecond used to tie, and the verdict hung on the timing).
  const configured = (scenario.connectors.ad.loginUser ?? scenario.accounts.find((a) => /^MSOL_/i.test(a.sAMAccountName))?.sAMAccountName)?.toLowerCase();
  const ordered = [
    ...scenario.accounts.filter((a) => a.sAMAccountName.toLowerCase() !== configured),
    ...scenario.accounts.filter((a) => a.sAMAccountName.toLowerCase() === configured),
  ];
  // Sequential on purpose: AD rejects concurrent adds of the same name, and the order of a
  // delete-then-create must hold.
  for (const account of ordered) {
    if (account.sAMAccountName.toLowerCase() === configured) await nextMillisecond();
    const password = generatePassword(32, [account.sAMAccountName, account.displayName ?? '']);
    redactor.add(password);
    passwords.set(account.sAMAccountName.toLowerCase(), password);
    // Kept, not deleted and re-created: a re-created account would leave a deleted object behind
    // on every run, which the deletion-gap list would rightly report as deleted.
    const created = await seeder.resetUser({
      sAMAccountName: account.sAMAccountName,
      parentDn: `${account.container},${baseDn}`,
      password,
      displayName: account.displayName,
      disabled: account.state === 'disabled',
      passwordNeverExpires: account.passwordNeverExpires,
      // A lab cannot age a password by a year; "must change at next logon" gives the same
      // failed logon and the same computed "password expired" flag.
      mustChangePassword: account.state === 'password-expired',
      lockedOut: account.state === 'locked',
    });
    if (account.state === 'deleted') await seeder.deleteUser(created.dn);
  }

  // The server's own SAM: each local account gets a generated password, kept in memory only.
  const localPasswords = new Map<string, string>();
  for (const local of scenario.localAccounts) {
    const password = generatePassword(32, [local.name]);
    redactor.add(password);
    localPasswords.set(local.name.toLowerCase(), password);
  }

  const servicePasswords = new Map<string, string>();
  for (const service of scenario.services) {
    const { logon } = service;
    if (logon.kind === 'builtin') continue;
    const current = logon.kind === 'domain' ? passwords.get(logon.sAMAccountName.toLowerCase())! : localPasswords.get(logon.name.toLowerCase())!;
    const held = logon.password === 'stale' ? generatePassword() : current;
    redactor.add(held);
    servicePasswords.set(service.name, held);
  }

  // What Connect's express installer does in AD when the simulated admin installs it: an MSOL_ account in CN=Users.
  const createConnectorAccount = async (sAMAccountName: string) => {
    const password = generatePassword(32, [sAMAccountName, 'AD DS connector account']);
    redactor.add(password);
    await seeder.removeIfPresent(sAMAccountName);
    await seeder.createUser({
      sAMAccountName,
      parentDn: `CN=Users,${baseDn}`,
      password,
      displayName: 'AD DS connector account',
      disabled: false,
      passwordNeverExpires: true,
      mustChangePassword: false,
      lockedOut: false,
    });
  };

  return new LabHost({
    scenario,
    directory,
    servicePasswords,
    localPasswords,
    createConnectorAccount,
    now: options.now,
    transitionMs: options.transitionMs,
    runMs: options.runMs,
  });
}

/** Resolves once the clock has moved on by at least a millisecond. */
async function nextMillisecond(): Promise<void> {
  const start = Date.now();
  while (Date.now() <= start) await new Promise((r) => setTimeout(r, 1));
}

/** Create the OUs of a container path ("OU=a,OU=b"), outermost first; CN= containers exist already. */
async function ensureOrganizationalUnits(seeder: LabAccountSeeder, container: string, baseDn: string): Promise<void> {
  const parts = container.split(',').reverse();
  let parent = baseDn;
  for (const part of parts) {
    const [kind, name] = [part.slice(0, 3).toUpperCase(), part.slice(3)];
    if (kind === 'OU=') {
      try {
        await seeder.createOrganizationalUnit(name, parent);
      } catch (e) {
        // Already there from an earlier run of the scenario: fine.
        if (!(e instanceof DirectoryError && e.code === 'constraint')) throw e;
      }
    }
    parent = `${part},${parent}`;
  }
}
