// Facts about the sync server, as both host implementations (Windows and lab) report them.
// Every shape has a zod schema: PowerShell output, scenario files and IPC payloads are all
// parsed with these, so a malformed value is rejected with the path of the bad field.
import { z } from 'zod';

export const ServiceState = z.enum(['running', 'stopped', 'start-pending', 'stop-pending', 'paused', 'continue-pending', 'pause-pending']);
export type ServiceState = z.infer<typeof ServiceState>;

export const ServiceStartType = z.enum(['automatic', 'automatic-delayed', 'manual', 'disabled']);
export type ServiceStartType = z.infer<typeof ServiceStartType>;

/** Service names are Windows service key names: letters, digits and a few separators. */
export const ServiceName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9_.$@ -]+$/, 'service name may contain only letters, digits, space and _ . $ @ -');
export type ServiceName = z.infer<typeof ServiceName>;

export const ServiceInfo = z.object({
  name: ServiceName,
  displayName: z.string(),
  state: ServiceState,
  startType: ServiceStartType,
  /** The account the service logs on as, as Windows stores it (DOMAIN\user, user@upn, LocalSystem, NT SERVICE\x). */
  logonAccount: z.string(),
  processId: z.number().int().nonnegative().nullable(),
});
export type ServiceInfo = z.infer<typeof ServiceInfo>;

export const EventLevel = z.enum(['critical', 'error', 'warning', 'information', 'verbose']);
export type EventLevel = z.infer<typeof EventLevel>;

export const EventRecord = z.object({
  log: z.string().min(1),
  source: z.string().min(1),
  id: z.number().int().nonnegative(),
  level: EventLevel,
  /** ISO 8601 with zone. */
  timeCreated: z.iso.datetime({ offset: true }),
  message: z.string(),
});
export type EventRecord = z.infer<typeof EventRecord>;

export const EventQuery = z.object({
  log: z.string().min(1).max(256),
  sources: z.array(z.string().min(1).max(256)).max(16).optional(),
  ids: z.array(z.number().int().nonnegative().max(65535)).max(32).optional(),
  /** Only events at or after this time (ISO 8601). */
  since: z.iso.datetime({ offset: true }).optional(),
  maxEvents: z.number().int().positive().max(1000).default(100),
});
export type EventQuery = z.input<typeof EventQuery>;

export const RegistryView = z.enum(['64', '32']);
export type RegistryView = z.infer<typeof RegistryView>;

export const InstalledProgram = z.object({
  displayName: z.string(),
  version: z.string().nullable(),
  publisher: z.string().nullable(),
  /** MSI product code ({GUID}) when the uninstall key is one; null for non-MSI installs. */
  productCode: z.string().nullable(),
  uninstallString: z.string().nullable(),
  /** Which registry view the uninstall key was found in: '32' means WOW6432Node on 64-bit Windows. */
  registryView: RegistryView,
  installLocation: z.string().nullable(),
  /** The entry's WindowsInstaller flag: removed with msiexec /x when true, with its UninstallString otherwise. */
  windowsInstaller: z.boolean().optional(),
});
export type InstalledProgram = z.infer<typeof InstalledProgram>;

export const OsFacts = z.object({
  computerName: z.string().min(1),
  /** DNS domain the computer is joined to; null for a workgroup machine. */
  domain: z.string().nullable(),
  caption: z.string(),
  version: z.string(),
  is64Bit: z.boolean(),
  isServer: z.boolean(),
  isElevated: z.boolean(),
});
export type OsFacts = z.infer<typeof OsFacts>;

export const SyncToolGeneration = z.enum(['dirsync', 'aadsync', 'entra-connect', 'none']);
export type SyncToolGeneration = z.infer<typeof SyncToolGeneration>;

export const SyncRunResult = z.object({
  connector: z.string(),
  profile: z.string(),
  /** Result text as the sync engine reports it: success, stopped-server-down, completed-export-errors, ... */
  result: z.string(),
  startTime: z.iso.datetime({ offset: true }),
  endTime: z.iso.datetime({ offset: true }).nullable(),
});
export type SyncRunResult = z.infer<typeof SyncRunResult>;

export const SyncEngineStatus = z.object({
  generation: SyncToolGeneration,
  /** null where the tool exposes no way to ask (old DirSync without the FIM WMI provider). */
  runInProgress: z.boolean().nullable(),
  schedulerEnabled: z.boolean().nullable(),
  lastRun: SyncRunResult.nullable(),
});
export type SyncEngineStatus = z.infer<typeof SyncEngineStatus>;

export const SyncCycleKind = z.enum(['delta', 'initial']);
export type SyncCycleKind = z.infer<typeof SyncCycleKind>;

/** Errors a host reports: the code tells the UI and the playbooks what happened. */
export const HostErrorCode = z.enum([
  'service-not-found',
  'service-logon-failed', // Windows error 1069
  'service-timeout', // did not reach the wanted state in time
  'service-failed', // any other start/stop failure
  'uninstall-blocked', // e.g. a sync run is in progress
  'program-not-found',
  'not-elevated',
  'not-sync-admin', // the ADSync cmdlets refused this account: ADSyncAdmins membership and a fresh logon, not "run as administrator"
  'sync-busy',
  'sync-unavailable',
  'scheduler-suspended', // SchedulerSuspended: the wizard is open or an upgrade did not finish; no cycle starts
  'script-failed', // PowerShell exited non-zero or printed nothing usable
  'script-timeout',
  'bad-output', // output did not match its schema
  'bad-input',
  'cloud-sign-in-required', // the cmdlet signs in to Entra ID and no cloud credential was given
  'account-not-found', // a local user account that does not exist
  'not-supported', // the tool or build has no way to do this
  'password-rejected', // Windows refused a new password (complexity, history, length)
]);
export type HostErrorCode = z.infer<typeof HostErrorCode>;

// ---- sync server facts for KB 2882421 Methods 1 and 2 ------------------------------------------

/** The installed sync tool: generation and version from the uninstall entries, services by key name. */
export const SyncToolInstall = z.object({
  generation: SyncToolGeneration,
  /** DisplayVersion of the tool's uninstall entry (or the Connect registry Version); null when unknown. */
  version: z.string().nullable(),
  /** The uninstall entry that identified the tool; null when only services were found. */
  displayName: z.string().nullable(),
  registryView: RegistryView.nullable(),
  installLocation: z.string().nullable(),
  /** HKLM\SOFTWARE\Microsoft\Azure AD Connect\Version, when present (Connect only). */
  connectVersion: z.string().nullable(),
  /** What identified the tool: its uninstall entry (primary) and/or its services (supporting). */
  evidence: z.array(z.enum(['uninstall-entry', 'service', 'registry'])),
  /** The services of this tool that are installed (matched by key name, never display name). */
  services: z.array(ServiceInfo),
});
export type SyncToolInstall = z.infer<typeof SyncToolInstall>;

export const SyncPolicyType = z.enum(['delta', 'initial']);

/**
 * Get-ADSyncScheduler, read defensively: builds before 1.1.105.0 have no scheduler cmdlet
 * (available: false, everything null), and older builds lack SchedulerSuspended and SyncCycleInProgress.
 */
/**
 * Password hash sync as the server sees it (AADSync and Connect): whether the tenant feature is on
 * (Get-ADSyncAADCompanyFeature .PasswordHashSync) and the AD connectors it runs for, each with its
 * own heartbeat (event 654). available: false on tools without the cmdlet (DirSync).
 */
export const PasswordHashSyncState = z.object({
  available: z.boolean(),
  enabled: z.boolean().nullable(),
  adConnectors: z.array(z.string().min(1).max(256)),
  /** Why something could not be read, in words; null when all was read. */
  problem: z.string().nullable(),
});
export type PasswordHashSyncState = z.infer<typeof PasswordHashSyncState>;

/**
 * Entra Connect's automatic upgrade (Get-ADSyncAutoUpgrade -Detail): its state and, when the
 * system suspended it, the reason exactly as the server printed it (whitespace folded).
 * available: false on tools without the cmdlet (DirSync, AADSync, Connect before 1.1.105.0).
 */
export const AutoUpgradeStatus = z.object({
  available: z.boolean(),
  state: z.enum(['enabled', 'disabled', 'suspended']).nullable(),
  suspensionReason: z.string().min(1).max(512).nullable(),
  /** Why something could not be read, in words; null when all was read. */
  problem: z.string().nullable(),
});
export type AutoUpgradeStatus = z.infer<typeof AutoUpgradeStatus>;

export const SchedulerState = z.object({
  available: z.boolean(),
  syncCycleEnabled: z.boolean().nullable(),
  schedulerSuspended: z.boolean().nullable(),
  stagingModeEnabled: z.boolean().nullable(),
  syncCycleInProgress: z.boolean().nullable(),
  nextSyncCycleStartTime: z.iso.datetime({ offset: true }).nullable(),
  nextSyncCyclePolicyType: SyncPolicyType.nullable(),
  /** CurrentlyEffectiveSyncCycleInterval in minutes. */
  intervalMinutes: z.number().nonnegative().nullable(),
});
export type SchedulerState = z.infer<typeof SchedulerState>;

export const ConnectorType = z.enum(['ad', 'entra', 'other']);
export type ConnectorType = z.infer<typeof ConnectorType>;

/** Object counts of one run (summed over its steps); null where the engine did not report it. */
export const RunCounts = z.object({
  adds: z.number().int().nonnegative().nullable(),
  updates: z.number().int().nonnegative().nullable(),
  deletes: z.number().int().nonnegative().nullable(),
  /** Deletes staged for export but not exported (a deletion-threshold stop holds them back). */
  pendingDeletes: z.number().int().nonnegative().nullable(),
  exportErrors: z.number().int().nonnegative().nullable(),
  syncErrors: z.number().int().nonnegative().nullable(),
});
export type RunCounts = z.infer<typeof RunCounts>;

/** One completed run of one run profile of one connector (Get-ADSyncRunProfileResult, IsRunComplete). */
export const ConnectorRun = z.object({
  connector: z.string().min(1),
  connectorType: ConnectorType,
  profile: z.string().min(1),
  /** success, completed-export-errors, stopped-server-down, stopped-deletion-threshold-exceeded, ... */
  result: z.string().min(1),
  startTime: z.iso.datetime({ offset: true }),
  endTime: z.iso.datetime({ offset: true }),
  counts: RunCounts,
});
export type ConnectorRun = z.infer<typeof ConnectorRun>;

export const DeletionThreshold = z.object({
  /** Microsoft.OptionalFeature.ExportDeletionThreshold; null when the setting could not be read. */
  enabled: z.boolean().nullable(),
  /** Microsoft.OptionalFeature.ExportDeletionThresholdValue (default 500). */
  value: z.number().int().nonnegative().nullable(),
});
export type DeletionThreshold = z.infer<typeof DeletionThreshold>;

export const ConnectorRunHistory = z.object({
  /** Per connector, the latest completed run of each run profile, newest first. Never one run overall. */
  connectors: z.array(
    z.object({
      name: z.string().min(1),
      type: ConnectorType,
      latestRuns: z.array(ConnectorRun),
    }),
  ),
  deletionThreshold: DeletionThreshold,
  /** Where the history came from; 'none' = the engine gave no way to read it (not "never synced"). */
  source: z.enum(['adsync', 'miis-wmi', 'none']),
});
export type ConnectorRunHistory = z.infer<typeof ConnectorRunHistory>;

/** Progress of a sync cycle being followed to its end. */
export interface SyncCycleProgress {
  /** Runs of this cycle completed so far. */
  completedRuns: number;
  /** The connector and profile running now, when the engine says. */
  running: { connector: string; profile: string } | null;
  elapsedMs: number;
}

/** A sync cycle started and followed to its end: "started" is not "succeeded". */
export const SyncCycleOutcome = z.object({
  kind: SyncPolicyType,
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
  /** The runs this cycle produced, oldest first (every connector's result, not only the last). */
  runs: z.array(ConnectorRun),
  /** true when every run's result is 'success' (or completed-no-objects). */
  succeeded: z.boolean(),
});
export type SyncCycleOutcome = z.infer<typeof SyncCycleOutcome>;

export const ConnectorAccounts = z.object({
  /** forest-login-domain\forest-login-user of each AD connector. */
  ad: z.array(z.object({ connector: z.string(), user: z.string().nullable(), domain: z.string().nullable() })),
  /** The Entra connector (identifier b891884f-…); null when absent. */
  entra: z
    .object({
      connector: z.string(),
      /** ConnectivityParameters UserName (the Sync_ user); null when not set (application sign-in). */
      userName: z.string().nullable(),
      /** Get-ADSyncEntraConnectorCredential ConnectorIdentityType; null on builds before 2.5.3.0. */
      identityType: z.enum(['service-account', 'application']).nullable(),
    })
    .nullable(),
  /** DirSync: the cloud admin in the Windows Azure Active Directory connector's UserName, where readable. */
  dirsyncCloudUser: z.string().nullable(),
});
export type ConnectorAccounts = z.infer<typeof ConnectorAccounts>;

/** The application sign-in certificate as found in a store. */
export const AppCertificate = z
  .object({
    /** service-account: the personal store of the account the sync service runs as; local-machine: the computer's. */
    store: z.enum(['service-account', 'local-machine']),
    /** The account whose store holds it (service-account only). */
    account: z.string().min(1).max(256).nullable(),
    thumbprint: z.string().regex(/^[0-9A-F]{40}$/, 'a thumbprint is 40 upper-case hex digits'),
    subject: z.string().max(1024),
    notBefore: z.iso.datetime({ offset: true }),
    notAfter: z.iso.datetime({ offset: true }),
  })
  .strict();
export type AppCertificate = z.infer<typeof AppCertificate>;

/**
 * The certificate Entra Connect signs in to Entra ID with (application-based authentication):
 * where it is kept and its dates. Microsoft documents where it is kept (a certificate Connect
 * manages: the CURRENT_USER store of the sync service's account; one the administrator brings:
 * LOCAL_MACHINE) but not the cmdlet property that names it, so it may not be found:
 * certificate null, with the reason in problem (the step then reads the events only).
 */
export const AppCertificateState = z
  .object({
    /** Get-ADSyncEntraConnectorCredential ConnectorIdentityType; null when the cmdlet is missing. */
    identityType: z.enum(['service-account', 'application']).nullable(),
    /** The credential property the thumbprint (or SHA-256 hash) was taken from; null when none had one (or in the lab, which does not name one). */
    thumbprintProperty: z.string().min(1).max(128).nullable(),
    certificate: AppCertificate.nullable(),
    /** Why the certificate was not read, in words; null when it was. */
    problem: z.string().min(1).nullable(),
  })
  .superRefine((a, ctx) => {
    const c = a.certificate;
    if (!c && a.problem === null) ctx.addIssue({ code: 'custom', path: ['problem'], message: 'no certificate and no reason why' });
    if (c && a.identityType !== 'application')
      ctx.addIssue({ code: 'custom', path: ['certificate'], message: 'a certificate while not signing in as an application' });
    if (c && Date.parse(c.notBefore) >= Date.parse(c.notAfter))
      ctx.addIssue({ code: 'custom', path: ['certificate', 'notAfter'], message: 'not after its start' });
    if (c && (c.store === 'service-account') !== (c.account !== null))
      ctx.addIssue({ code: 'custom', path: ['certificate', 'account'], message: 'the account goes with the service account store only' });
  });
export type AppCertificateState = z.infer<typeof AppCertificateState>;

/**
 * The directory account the sync tool reads AD with: each AD connector's (management agent's)
 * configured forest-login-user. source: where it was read (the ADSync module's connectors on
 * AADSync/Connect; DirSync's sync-engine database); null with a problem when it could not be read.
 */
export const AdConnectorAccount = z
  .object({
    source: z.enum(['adsync-connector', 'sync-engine-database']).nullable(),
    accounts: z.array(z.object({ connector: z.string().min(1), user: z.string().min(1), domain: z.string().min(1).nullable() })),
    problem: z.string().min(1).nullable(),
  })
  .superRefine((a, ctx) => {
    if (a.source === null && a.accounts.length) ctx.addIssue({ code: 'custom', path: ['source'], message: 'accounts without the place they were read from' });
    if (!a.accounts.length && a.problem === null) ctx.addIssue({ code: 'custom', path: ['problem'], message: 'no account and no reason why' });
  });
export type AdConnectorAccount = z.infer<typeof AdConnectorAccount>;

/** What a service logon account is (Win32_Service.StartName). */
export const LogonKind = z.enum(['virtual', 'managed', 'domain-user', 'local-user', 'local-system', 'builtin']);
export type LogonKind = z.infer<typeof LogonKind>;

export const ServiceLogon = z.object({
  service: ServiceName,
  account: z.string().min(1),
  kind: LogonKind,
  /** The logon the service was installed with (SCM event 7045), when it can still be read. */
  original: z.object({ account: z.string().min(1), kind: LogonKind, installedAt: z.iso.datetime({ offset: true }).nullable() }).nullable(),
});
export type ServiceLogon = z.infer<typeof ServiceLogon>;

export const LocalUser = z.object({
  name: z.string().min(1),
  fullName: z.string().nullable(),
  enabled: z.boolean(),
  passwordNeverExpires: z.boolean(),
  passwordExpired: z.boolean(),
  lockedOut: z.boolean(),
  passwordLastSet: z.iso.datetime({ offset: true }).nullable(),
});
export type LocalUser = z.infer<typeof LocalUser>;

export const LocalUserChange = z
  .object({ enabled: z.boolean().optional(), passwordNeverExpires: z.boolean().optional(), unlock: z.literal(true).optional() })
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'nothing to change');
export type LocalUserChange = z.infer<typeof LocalUserChange>;

/** A DWORD registry value; null when the value (or its key) does not exist. */
const Dword = z.number().int().nullable();
const NetFrameworkTls = z.object({ schUseStrongCrypto: Dword, systemDefaultTlsVersions: Dword });
const SchannelSide = z.object({ enabled: Dword, disabledByDefault: Dword });

/** TLS 1.2 settings a sync server needs (notes §8, MS-TLS): .NET in both views and SCHANNEL. */
export const TlsSettings = z.object({
  netFramework64: NetFrameworkTls,
  netFramework32: NetFrameworkTls,
  schannelClient: SchannelSide,
  schannelServer: SchannelSide,
});
export type TlsSettings = z.infer<typeof TlsSettings>;

export const TlsWriteResult = z.object({
  /** Registry paths and values written (those already right are left alone). */
  changed: z.array(z.string()),
  /** Windows reads these at boot: a reboot is needed before they take effect. */
  rebootRequired: z.boolean(),
  settings: TlsSettings,
});
export type TlsWriteResult = z.infer<typeof TlsWriteResult>;

/** The Entra endpoint test through the machine's proxy (MS-Conn). */
export const EndpointTest = z.object({
  url: z.string().url(),
  /** The proxy the request went through; null = direct. */
  proxy: z.string().nullable(),
  /** HTTP status, or null when no HTTP answer came (DNS, TCP, TLS failure). */
  statusCode: z.number().int().nullable(),
  /** ok: reached; blocked: 403 (URL blocked by the proxy); proxy-auth: 407; unreachable: no answer; tls: handshake failed. */
  outcome: z.enum(['ok', 'blocked', 'proxy-auth', 'unreachable', 'tls', 'other']),
  message: z.string(),
});
export type EndpointTest = z.infer<typeof EndpointTest>;

/**
 * The AD connector's OU filtering as the sync server holds it (shared/domain/ou-filtering.ts has
 * the sources and how sure each name is). source: where it was read ('adsync-connector': the
 * ADSync module's Get-ADSyncConnector, AADSync and Connect); null with a problem when it cannot be
 * read here: DirSync keeps it only in its engine's management agent configuration, which no
 * public source documents ('not-readable-on-tool'), the properties were missing or shaped
 * otherwise on this build ('unexpected-shape'), no AD connector, no sync tool.
 */
export const OuFilteringPartition = z
  .object({
    connector: z.string().min(1),
    /** The partition's naming context (Partition.DN), e.g. DC=contoso,DC=com. */
    dn: z.string().min(1),
    name: z.string().min(1).nullable(),
    /** Whether the partition is selected for sync (domain filtering); null when this build does not say. */
    selected: z.boolean().nullable(),
    /** ConnectorPartitionScope.ContainerInclusionList / ContainerExclusionList. */
    inclusions: z.array(z.string().min(1)),
    exclusions: z.array(z.string().min(1)),
  })
  .strict();
export type OuFilteringPartition = z.infer<typeof OuFilteringPartition>;

export const OuFilteringProblemCode = z.enum(['not-readable-on-tool', 'unexpected-shape', 'no-ad-connector', 'no-sync-tool']);
export type OuFilteringProblemCode = z.infer<typeof OuFilteringProblemCode>;

export const ConnectorOuFiltering = z
  .object({
    source: z.enum(['adsync-connector']).nullable(),
    /** The tool whose configuration was (or could not be) read. */
    tool: z.enum(['adsync', 'dirsync', 'none']),
    partitions: z.array(OuFilteringPartition),
    problem: z
      .object({ code: OuFilteringProblemCode, message: z.string().min(1) })
      .strict()
      .nullable(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.source === null && f.problem === null) ctx.addIssue({ code: 'custom', path: ['problem'], message: 'not read and no reason why' });
    if (f.source === null && f.partitions.length)
      ctx.addIssue({ code: 'custom', path: ['source'], message: 'partitions without the place they were read from' });
    if (f.source !== null && f.problem !== null) ctx.addIssue({ code: 'custom', path: ['problem'], message: 'read and a problem at once' });
    if (f.source !== null && !f.partitions.length) ctx.addIssue({ code: 'custom', path: ['partitions'], message: 'read, yet no partition' });
  });
export type ConnectorOuFiltering = z.infer<typeof ConnectorOuFiltering>;
