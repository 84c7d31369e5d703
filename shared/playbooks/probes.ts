// What each probe returns. The main process gathers it from the ports; checks and fix plans
// read it. Declared as schemas so the main process validates its own probe output too.
// A fact that depends on a port that did not answer is `{ ok: false, reason }` (in words), so a
// check can say "unknown" with the reason instead of leaving the fact out.
import { z } from 'zod';
import { AccountState, DeletedAccount } from '../domain/account';
import {
  AutoUpgradeStatus,
  AppCertificate,
  ConnectorAccounts,
  ConnectorRun,
  ConnectorRunHistory,
  EndpointTest,
  EventRecord,
  PasswordHashSyncState,
  LocalUser,
  SchedulerState,
  ServiceInfo,
  ServiceLogon,
  SyncToolGeneration,
  SyncToolInstall,
  TlsSettings,
} from '../domain/host';
import type { ProbeId } from './types';
import { GapProbe, SyncAccountFacts, SyncAccountProbe, UpgradeProbe } from './upgrade/facts';

/** A fact read from a port that may not answer. */
const Read = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), reason: z.string() })]);

export const SyncToolProbe = z.object({
  install: SyncToolInstall,
  /** The version floor that applies now, evaluated against today's date. */
  support: z.object({
    status: z.enum(['supported', 'unsupported', 'retired', 'unknown']),
    /** In words: why, with the date and the floor. */
    reason: z.string(),
    /** Where the floor comes from (shared data, with its source and date). */
    source: z.string(),
    /** The build to upgrade to, at least. */
    minimumVersion: z.string().nullable(),
    /** A stop to come that this build is below (the 7 April 2027 one): its day and what happens. */
    deadline: z.object({ from: z.string(), summary: z.string(), source: z.string() }).nullable().optional(),
  }),
  /** Directory Synchronization events 0/109 of the last 7 days whose text says the tool is no longer accepted. */
  rejectEvents: z.array(EventRecord),
});
export type SyncToolProbe = z.infer<typeof SyncToolProbe>;

/**
 * Entra Connect's automatic upgrade (Get-ADSyncAutoUpgrade -Detail), with the tool step's own facts:
 * where the build stands decides whether a suspended upgrade is a problem of its own or already
 * the version step's (that step then asks for the same manual upgrade).
 */
export const AutoUpgradeProbe = z.object({
  tool: SyncToolProbe,
  autoUpgrade: AutoUpgradeStatus,
  /** Whether the sync engine service runs (the ADSync cmdlets answer only then); null when not installed. */
  engineRunning: z.boolean().nullable(),
});
export type AutoUpgradeProbe = z.infer<typeof AutoUpgradeProbe>;

export const AdfsProbe = z.object({ generation: SyncToolGeneration, adfs: z.boolean() });
export type AdfsProbe = z.infer<typeof AdfsProbe>;

/**
 * The account Connect's AD connector signs in with (its forest-login-user, read on the server, in
 * `inUse`) and where it is in the directory. Only an MSOL_ account (made by the installer in the
 * Users container) has a place it must stay; a custom account may live anywhere.
 */
export const AdConnectorAccountProbe = SyncAccountFacts.extend({ generation: SyncToolGeneration });
export type AdConnectorAccountProbe = z.infer<typeof AdConnectorAccountProbe>;

export const SyncServiceProbe = z.object({
  generation: SyncToolGeneration,
  /** The service KB 2882421 Method 1 step 2 looks for, for this generation. */
  expected: z.object({ name: z.string(), displayName: z.string() }).nullable(),
  /** null when the expected service is not installed. */
  service: ServiceInfo.nullable(),
  /** Every installed service of the tool that sync needs (the optional database only when present). */
  services: z.array(ServiceInfo),
  /** Recent Service Control Manager events about these services failing to start or log on (7000, 7038, 7041). */
  logonFailures: z.array(EventRecord),
  /** Recent "the server encryption key cannot be accessed" events (ADSync 6028). */
  keyFailures: z.array(EventRecord),
  /** Recent ADSync 6323 events (the database is out of space: the engine cannot start or run). */
  databaseFull: z.array(EventRecord).optional(),
  /** '32' for the 32-bit (ILM 2007-based) DirSync, whose services have other names. */
  toolBitness: z.enum(['32', '64']).nullable().optional(),
});
export type SyncServiceProbe = z.infer<typeof SyncServiceProbe>;

export const SchedulerProbe = z.object({ generation: SyncToolGeneration, scheduler: SchedulerState });
export type SchedulerProbe = z.infer<typeof SchedulerProbe>;

export const CloudAccountProbe = z.object({
  generation: SyncToolGeneration,
  accounts: ConnectorAccounts,
  /** The Entra connector's latest completed runs (export first), to read credential failures. */
  entraRuns: z.array(ConnectorRun),
  /** Directory Synchronization events that say the cloud sign-in was refused (115, and 0/109 with a password text). */
  credentialEvents: z.array(EventRecord),
  /** The build is below a floor where Entra ID refuses it: sign-in failures then say nothing about the password. */
  toolRetired: z.boolean(),
  /** The scheduler is suspended (the configuration wizard is open on the server); null when unreadable. */
  schedulerSuspended: z.boolean().nullable(),
  /** The tool's build, and when the probe ran: the 7 April 2027 stop depends on both. */
  version: z.string().nullable().optional(),
  now: z.iso.datetime().optional(),
});
export type CloudAccountProbe = z.infer<typeof CloudAccountProbe>;

export const SyncRunsProbe = z.object({
  generation: SyncToolGeneration,
  history: ConnectorRunHistory,
  stagingMode: z.boolean().nullable(),
  /** Whether the sync engine service runs (its cmdlets answer only then); null when not installed. */
  engineRunning: z.boolean().nullable(),
  now: z.iso.datetime(),
});
export type SyncRunsProbe = z.infer<typeof SyncRunsProbe>;

/** The sync engine's database (LocalDB, 10 GB): the run history plus ADSync's "out of disk space" events. */
export const SyncDatabaseProbe = SyncRunsProbe.extend({
  /** ADSync 6323 ("SQL Server is out of disk space") of the last 7 days, newest first. */
  fullEvents: z.array(EventRecord),
});
export type SyncDatabaseProbe = z.infer<typeof SyncDatabaseProbe>;

/** Password hash sync: the feature, the AD connectors, staging mode, the build and the events of 24 h. */
export const PasswordHashSyncProbe = z.object({
  generation: SyncToolGeneration,
  state: PasswordHashSyncState,
  stagingMode: z.boolean().nullable(),
  engineRunning: z.boolean().nullable(),
  version: z.string().nullable(),
  /** "Directory Synchronization" 654 (the heartbeat, every 30 minutes per AD connector), newest first. */
  heartbeats: z.array(EventRecord),
  /** "Directory Synchronization" 611, 652, 655 (the failures Microsoft names), newest first. */
  failures: z.array(EventRecord),
  now: z.iso.datetime(),
});
export type PasswordHashSyncProbe = z.infer<typeof PasswordHashSyncProbe>;

/** Application-based sign-in: its certificate's events (1011, 1012), the scheduler that rotates it, the logon it lives under. */
export const AppCertificateProbe = z.object({
  generation: SyncToolGeneration,
  identityType: z.enum(['service-account', 'application']).nullable(),
  /** ADSync 1011 (rotation due), 1012 (expired) and 1014 (no TPM) of the last 30 days, newest first. */
  events: z.array(EventRecord),
  /**
   * The certificate itself: its store, thumbprint and dates (Get-DsdAppCertificate). null when it
   * could not be found (the cmdlet names no thumbprint on this build, the store is not loaded, …):
   * certificateProblem says why, and the check falls back to the events. Optional: facts recorded
   * before the certificate was read have neither.
   */
  certificate: AppCertificate.nullable().optional(),
  certificateProblem: z.string().nullable().optional(),
  schedulerSuspended: z.boolean().nullable(),
  /** The sync service's logon now and the one it was installed with (the certificate lives in that account's store). */
  logonAccount: z.string().nullable(),
  originalLogonAccount: z.string().nullable(),
  now: z.iso.datetime(),
});
export type AppCertificateProbe = z.infer<typeof AppCertificateProbe>;

export const TlsProbe = z.object({
  generation: SyncToolGeneration,
  tls: TlsSettings,
  /** The tool's build: only 2.3.20.0-2.4.129.0 (and older tools) need the registry values. */
  version: z.string().nullable().optional(),
});
export type TlsProbe = z.infer<typeof TlsProbe>;

export const EndpointProbe = z.object({ generation: SyncToolGeneration, test: EndpointTest });
export type EndpointProbe = z.infer<typeof EndpointProbe>;

/** A sync service and the account it logs on as. */
export const ServiceLogonFacts = z.object({ service: ServiceInfo, logon: ServiceLogon });
export type ServiceLogonFacts = z.infer<typeof ServiceLogonFacts>;

export const LogonAccountProbe = z.object({
  generation: SyncToolGeneration,
  /** The tool's version (build guards for password resets). */
  version: z.string().nullable(),
  computerName: z.string(),
  /** The sync engine service (KB 2882421 Method 2 step 2) and how it logs on; null when not installed. */
  engine: ServiceLogonFacts.nullable(),
  /** Every installed service of the tool that logs on with the same account as the engine. */
  sameAccount: z.array(ServiceLogonFacts),
  /** SCM start/logon failures of those services (7000, 7038) in the last day. */
  logonFailures: z.array(EventRecord),
  /** The account in Active Directory (domain users only). */
  domain: Read(z.object({ account: AccountState.nullable(), deleted: z.array(DeletedAccount), recycleBinEnabled: z.boolean() })).nullable(),
  /** The account among the server's local users (local users only). */
  local: Read(z.object({ user: LocalUser.nullable() })).nullable(),
});
export type LogonAccountProbe = z.infer<typeof LogonAccountProbe>;

export const PROBE_OUTPUTS = {
  'sync-tool': SyncToolProbe,
  'auto-upgrade': AutoUpgradeProbe,
  'sync-service': SyncServiceProbe,
  scheduler: SchedulerProbe,
  'cloud-account': CloudAccountProbe,
  'sync-runs': SyncRunsProbe,
  'sync-database': SyncDatabaseProbe,
  'password-hash-sync': PasswordHashSyncProbe,
  'app-certificate': AppCertificateProbe,
  tls: TlsProbe,
  endpoint: EndpointProbe,
  'logon-account': LogonAccountProbe,
  'dirsync-upgrade': UpgradeProbe,
  'sync-account': SyncAccountProbe,
  'deletion-gap': GapProbe,
  adfs: AdfsProbe,
  'ad-connector-account': AdConnectorAccountProbe,
} as const satisfies Record<ProbeId, z.ZodType>;

export type ProbeOutput<P extends ProbeId> = z.infer<(typeof PROBE_OUTPUTS)[P]>;
