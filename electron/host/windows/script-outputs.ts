// One schema per script: reads the `data` a script printed (the PowerShell shape, documented at
// the top of each .ps1) and turns it into the domain type from shared/domain/host.ts, which it
// is then checked against. Extra fields are ignored; a missing or malformed one fails with its path.
import { z } from 'zod';
import {
  AutoUpgradeStatus,
  AppCertificateState,
  ConnectorAccounts,
  AdConnectorAccount,
  ConnectorOuFiltering,
  OuFilteringProblemCode,
  ConnectorRunHistory,
  ConnectorType,
  DeletionThreshold,
  EndpointTest,
  EventRecord,
  InstalledProgram,
  LocalUser,
  OsFacts,
  RegistryView,
  PasswordHashSyncState,
  SchedulerState,
  ServiceInfo,
  SyncEngineStatus,
  SyncToolGeneration,
  SyncToolInstall,
  TlsSettings,
  TlsWriteResult,
} from '../../../shared/domain/host';
import { reportsRemoval, restartNeeded, UninstallMethod, uninstallOutcome, type UninstallResult } from '../../../shared/domain/uninstall';
import { combineStartType, psArray, psDate, psEventLevel, psFlag, psNullableDate, psServiceState, psStartMode, psText } from './ps-values';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- services (Get-DsdServices, Start/Stop/Restart-DsdService) --------------------------------

/**
 * Win32_Service's names (State, StartMode, StartName) and, for a Get-Service object, its own
 * (Status, StartType); both spellings land on the first.
 */
const ServiceRecord = z
  .preprocess(
    (v) => {
      if (!isRecord(v)) return v;
      const out = { ...v };
      if (!('State' in out) && 'Status' in out) out.State = out.Status;
      if (!('StartMode' in out) && 'StartType' in out) out.StartMode = out.StartType;
      return out;
    },
    z.object({
      Name: z.string(),
      DisplayName: z.string(),
      State: psServiceState,
      StartMode: psStartMode,
      DelayedAutoStart: z.boolean().nullish(),
      StartName: z.string(),
      ProcessId: z.number().int().nonnegative().nullish(),
    }),
  )
  .transform((s): ServiceInfo => ({
    name: s.Name,
    displayName: s.DisplayName,
    state: s.State,
    startType: combineStartType(s.StartMode, s.DelayedAutoStart),
    logonAccount: s.StartName,
    // Win32_Service reports process id 0 for a service that is not running.
    processId: s.ProcessId ? s.ProcessId : null,
  }))
  .pipe(ServiceInfo);

export const ServicesOutput = psArray(ServiceRecord);
export const ServiceOutput = ServiceRecord;

// ---- set logon password ------------------------------------------------------------------------

export const SetPasswordOutput = z.object({
  Name: z.string(),
  StartName: z.string(),
  ReturnValue: z.literal(0),
});

// ---- event log ---------------------------------------------------------------------------------

const EventRecordRaw = z
  .object({
    LogName: z.string(),
    ProviderName: z.string(),
    Id: z.number().int().nonnegative(),
    Level: psEventLevel,
    TimeCreated: psDate,
    Message: z.string().nullable(),
    Properties: psArray(z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  })
  .transform((e): EventRecord => ({
    log: e.LogName,
    source: e.ProviderName,
    id: e.Id,
    level: e.Level,
    timeCreated: e.TimeCreated,
    // No rendered message when the source's message file is gone: keep its insertion strings.
    message:
      e.Message ??
      (e.Properties ?? [])
        .filter((p) => p !== null)
        .map(String)
        .join(' | '),
  }))
  .pipe(EventRecord);

export const EventsOutput = psArray(EventRecordRaw);

// ---- installed programs ------------------------------------------------------------------------

const GUID_KEY = /^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$/;

const UninstallEntry = z.object({
  KeyName: z.string().min(1),
  View: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), RegistryView),
  DisplayName: psText,
  DisplayVersion: psText,
  Publisher: psText,
  UninstallString: psText,
  InstallLocation: psText,
  WindowsInstaller: psFlag,
  SystemComponent: psFlag,
});
type UninstallEntry = z.infer<typeof UninstallEntry>;

/** An entry Programs and Features would list: it has a name and is not marked as a system component. */
function toInstalledProgram(e: UninstallEntry): InstalledProgram | null {
  if (e.DisplayName === null || e.SystemComponent === 1) return null;
  return {
    displayName: e.DisplayName,
    version: e.DisplayVersion,
    publisher: e.Publisher,
    productCode: GUID_KEY.test(e.KeyName) ? e.KeyName.toUpperCase() : null,
    uninstallString: e.UninstallString,
    registryView: e.View,
    installLocation: e.InstallLocation,
    windowsInstaller: e.WindowsInstaller === 1,
  };
}

export const InstalledProgramsOutput = psArray(UninstallEntry)
  .transform((entries) => entries.map(toInstalledProgram).filter((p): p is InstalledProgram => p !== null))
  .pipe(z.array(InstalledProgram));

export const UninstallOutput = z
  .object({
    ProductCode: z.string().regex(GUID_KEY, 'expected an MSI product code {GUID}').nullable(),
    DisplayName: psText,
    View: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), RegistryView),
    Method: UninstallMethod,
    ExitCode: z.number().int(),
    LogFile: psText,
    EntryPresent: z.boolean(),
    RestartPending: z.boolean(),
  })
  .transform((u): UninstallResult => {
    const outcome = uninstallOutcome(u.ExitCode);
    return {
      productCode: u.ProductCode === null ? null : u.ProductCode.toUpperCase(),
      displayName: u.DisplayName ?? '',
      method: u.Method,
      exitCode: u.ExitCode,
      outcome,
      // 3010 / 1641 say so; Windows' own pending-restart marks count too (a restart pending from before).
      rebootRequired: restartNeeded(outcome) || (reportsRemoval(outcome) && u.RestartPending),
      logFile: u.LogFile,
      entryRemoved: !u.EntryPresent,
    };
  });

export const DotNetReleaseOutput = z.object({ Release: z.number().int().positive().nullable() }).transform((d) => d.Release);

export const OsFactsOutput = z
  .object({
    ComputerName: z.string().min(1),
    Domain: z.string().nullable(),
    PartOfDomain: z.boolean(),
    Caption: z.string(),
    Version: z.string(),
    // Win32_OperatingSystem.ProductType: 1 workstation, 2 domain controller, 3 server.
    ProductType: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    Is64BitOperatingSystem: z.boolean(),
    IsElevated: z.boolean(),
  })
  .transform((o): OsFacts => ({
    computerName: o.ComputerName,
    // A workgroup machine reports its workgroup name in Domain.
    domain: o.PartOfDomain && o.Domain ? o.Domain : null,
    caption: o.Caption.trim(),
    version: o.Version,
    is64Bit: o.Is64BitOperatingSystem,
    isServer: o.ProductType !== 1,
    isElevated: o.IsElevated,
  }))
  .pipe(OsFacts);

// ---- AD FS -------------------------------------------------------------------------------------

export const AdfsOutput = z
  .object({
    FeatureInstalled: z.boolean().nullable(),
    ServicePresent: z.boolean(),
    ProgramEntry: psText,
  })
  .transform((a) => a.FeatureInstalled === true || a.ServicePresent || a.ProgramEntry !== null);

// ---- sync engine -------------------------------------------------------------------------------

const LastRunRaw = z.object({
  Connector: z.string(),
  Profile: z.string(),
  Result: z.string().min(1),
  StartTime: psDate,
  EndTime: psNullableDate,
});

export const SyncStatusOutput = z
  .object({
    Generation: SyncToolGeneration,
    RunInProgress: z.boolean().nullable(),
    SchedulerEnabled: z.boolean().nullable(),
    LastRun: LastRunRaw.nullable(),
  })
  .superRefine((s, ctx) => {
    if (s.Generation === 'none' && (s.RunInProgress !== null || s.SchedulerEnabled !== null || s.LastRun !== null)) {
      ctx.addIssue({ code: 'custom', path: ['Generation'], message: "'none' cannot come with run facts" });
    }
  })
  .transform((s): SyncEngineStatus => ({
    generation: s.Generation,
    runInProgress: s.RunInProgress,
    schedulerEnabled: s.SchedulerEnabled,
    lastRun: s.LastRun && {
      connector: s.LastRun.Connector,
      profile: s.LastRun.Profile,
      result: s.LastRun.Result,
      startTime: s.LastRun.StartTime,
      endTime: s.LastRun.EndTime,
    },
  }))
  .pipe(SyncEngineStatus);

export const SyncCycleOutput = z
  .object({
    Generation: SyncToolGeneration.exclude(['none']),
    Method: z.enum(['Start-ADSyncSyncCycle', 'DirectorySyncClientCmd.exe', 'Start-OnlineCoexistenceSync']),
    /** Start-ADSyncSyncCycle answers 'Success'; the other methods answer nothing. */
    Result: z.string().nullable(),
    /** Where DirSync's Start-OnlineCoexistenceSync came from: the DirSync module (6862.0000+) or the older snap-in. */
    Loaded: z.enum(['module', 'snap-in']).nullable(),
  })
  .superRefine((o, ctx) => {
    const dirsync = o.Method === 'Start-OnlineCoexistenceSync';
    if (dirsync !== (o.Generation === 'dirsync')) {
      ctx.addIssue({ code: 'custom', path: ['Method'], message: `${o.Method} is not how ${o.Generation} starts a cycle` });
    }
    if (dirsync !== (o.Loaded !== null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['Loaded'],
        message: dirsync ? 'DirSync must say whether the module or the snap-in was loaded' : 'only DirSync loads a module or snap-in here',
      });
    }
  });
export type SyncCycleOutput = z.infer<typeof SyncCycleOutput>;

// ---- sync tool (Get-DsdSyncTool) ------------------------------------------------------------------

const RegistryViewText = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), RegistryView);

export const SyncToolOutput = z
  .object({
    Generation: SyncToolGeneration,
    Version: psText,
    DisplayName: psText,
    View: RegistryViewText.nullable(),
    InstallLocation: psText,
    ConnectVersion: psText,
    Evidence: psArray(z.enum(['uninstall-entry', 'service', 'registry'])),
    Services: psArray(ServiceRecord),
  })
  .superRefine((t, ctx) => {
    if (t.Generation === 'none' && (t.Evidence.length > 0 || t.Services.length > 0)) {
      ctx.addIssue({ code: 'custom', path: ['Generation'], message: "'none' cannot come with evidence or services" });
    }
    if (t.Generation !== 'none' && t.Evidence.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['Evidence'], message: 'a found tool needs the evidence that found it' });
    }
  })
  .transform((t): SyncToolInstall => ({
    generation: t.Generation,
    version: t.Version,
    displayName: t.DisplayName,
    registryView: t.View,
    installLocation: t.InstallLocation,
    connectVersion: t.ConnectVersion,
    evidence: t.Evidence,
    services: t.Services,
  }))
  .pipe(SyncToolInstall);

// ---- scheduler (Get-DsdScheduler, Set-DsdSchedulerEnabled) ---------------------------------------

/** Get-DsdPasswordHashSync: the tenant feature and the AD connectors; a tool without the cmdlet has neither. */
export const PasswordHashSyncOutput = z
  .object({
    Available: z.boolean(),
    Enabled: z.boolean().nullable(),
    AdConnectors: psArray(z.string().min(1).max(256)),
    Problem: z.string().min(1).nullable(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (!s.Available && (s.Enabled !== null || s.AdConnectors.length)) {
      ctx.addIssue({ code: 'custom', path: ['Available'], message: 'a tool without password hash sync has no state to report' });
    }
  })
  .transform((s): PasswordHashSyncState => ({ available: s.Available, enabled: s.Enabled, adConnectors: s.AdConnectors, problem: s.Problem }))
  .pipe(PasswordHashSyncState);

/**
 * Get-DsdAutoUpgrade: the state as the cmdlet names it and the suspension reason as printed. A
 * reason is kept verbatim (unknown ones too) but must be one line of text; a tool without the
 * cmdlet reports nothing else.
 */
export const AutoUpgradeOutput = z
  .object({
    Available: z.boolean(),
    State: z.enum(['Enabled', 'Disabled', 'Suspended']).nullable(),
    SuspensionReason: z
      .string()
      .min(1)
      .max(512)
      .refine((t) => ![...t].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), 'one line of text, no control characters')
      .refine((t) => t.trim() === t, 'no leading or trailing spaces')
      .nullable(),
    Problem: z.string().min(1).nullable(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (!s.Available && (s.State !== null || s.SuspensionReason !== null)) {
      ctx.addIssue({ code: 'custom', path: ['Available'], message: 'a tool without automatic upgrade has no state to report' });
    }
    if (s.Available && s.State === null && s.Problem === null) {
      ctx.addIssue({ code: 'custom', path: ['State'], message: 'no state and no reason why' });
    }
  })
  .transform((s): AutoUpgradeStatus => ({
    available: s.Available,
    state: s.State === null ? null : (s.State.toLowerCase() as AutoUpgradeStatus['state']),
    suspensionReason: s.SuspensionReason,
    problem: s.Problem,
  }))
  .pipe(AutoUpgradeStatus);

/** Start-DsdFullPasswordSync: the connectors it was started for. */
export const FullPasswordSyncOutput = z.object({ AdConnector: z.string().min(1), EntraConnector: z.string().min(1) }).strict();

export const SchedulerOutput = z
  .object({
    Available: z.boolean(),
    SyncCycleEnabled: z.boolean().nullable(),
    SchedulerSuspended: z.boolean().nullable(),
    StagingModeEnabled: z.boolean().nullable(),
    SyncCycleInProgress: z.boolean().nullable(),
    NextSyncCycleStartTimeInUTC: psNullableDate,
    // 'Delta' | 'Initial' | 'Unspecified' (the enum's name as the script writes it).
    NextSyncCyclePolicyType: z.enum(['Delta', 'Initial', 'Unspecified']).nullable(),
    IntervalMinutes: z.number().nonnegative().nullable(),
  })
  .superRefine((s, ctx) => {
    if (!s.Available && (s.SyncCycleEnabled !== null || s.StagingModeEnabled !== null)) {
      ctx.addIssue({ code: 'custom', path: ['Available'], message: 'a scheduler that is not available has no settings' });
    }
  })
  .transform((s): SchedulerState => ({
    available: s.Available,
    syncCycleEnabled: s.SyncCycleEnabled,
    schedulerSuspended: s.SchedulerSuspended,
    stagingModeEnabled: s.StagingModeEnabled,
    syncCycleInProgress: s.SyncCycleInProgress,
    nextSyncCycleStartTime: s.NextSyncCycleStartTimeInUTC,
    nextSyncCyclePolicyType: s.NextSyncCyclePolicyType === 'Delta' ? 'delta' : s.NextSyncCyclePolicyType === 'Initial' ? 'initial' : null,
    intervalMinutes: s.IntervalMinutes,
  }))
  .pipe(SchedulerState);

// ---- connector runs (Get-DsdConnectorRuns, Set-DsdDeletionThreshold) -----------------------------

const Count = z.number().int().nonnegative().nullable();

const RunRaw = z.object({
  Profile: z.string().min(1),
  Result: z.string().min(1),
  StartDate: psDate,
  // A completed run has an end.
  EndDate: psDate,
  Counts: z.object({
    Adds: Count,
    Updates: Count,
    Deletes: Count,
    PendingDeletes: Count,
    ExportErrors: Count,
    SyncErrors: Count,
  }),
});

const DeletionThresholdRaw = z
  .object({ Enabled: z.boolean().nullable(), Value: z.number().int().nonnegative().nullable() })
  .transform((d) => ({ enabled: d.Enabled, value: d.Value }))
  .pipe(DeletionThreshold);

export const ConnectorRunsOutput = z
  .object({
    Source: z.enum(['adsync', 'miis-wmi', 'none']),
    DeletionThreshold: DeletionThresholdRaw,
    Connectors: psArray(z.object({ Name: z.string().min(1), Type: ConnectorType, Runs: psArray(RunRaw) })),
  })
  .superRefine((h, ctx) => {
    if (h.Source === 'none' && h.Connectors.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['Source'], message: "'none' cannot come with connectors" });
    }
    h.Connectors.forEach((c, i) => {
      const seen = new Set<string>();
      c.Runs.forEach((r, j) => {
        if (seen.has(r.Profile)) ctx.addIssue({ code: 'custom', path: ['Connectors', i, 'Runs', j, 'Profile'], message: `second latest run of ${r.Profile}` });
        seen.add(r.Profile);
      });
    });
  })
  .transform((h): ConnectorRunHistory => ({
    source: h.Source,
    deletionThreshold: h.DeletionThreshold,
    connectors: h.Connectors.map((c) => ({
      name: c.Name,
      type: c.Type,
      latestRuns: c.Runs.map((r) => ({
        connector: c.Name,
        connectorType: c.Type,
        profile: r.Profile,
        result: r.Result,
        startTime: r.StartDate,
        endTime: r.EndDate,
        counts: {
          adds: r.Counts.Adds,
          updates: r.Counts.Updates,
          deletes: r.Counts.Deletes,
          pendingDeletes: r.Counts.PendingDeletes,
          exportErrors: r.Counts.ExportErrors,
          syncErrors: r.Counts.SyncErrors,
        },
      })),
    })),
  }))
  .pipe(ConnectorRunHistory);

export const DeletionThresholdOutput = DeletionThresholdRaw;

export const StopSyncCycleOutput = z.object({ Stopped: z.literal(true) });

// ---- connector accounts (Get-DsdConnectorAccounts) -----------------------------------------------

export const ConnectorAccountsOutput = z
  .object({
    Ad: psArray(z.object({ Connector: z.string().min(1), User: psText, Domain: psText })),
    Entra: z
      .object({
        Connector: z.string().min(1),
        UserName: psText,
        IdentityType: z.enum(['ServiceAccount', 'Application']).nullable(),
      })
      .nullable(),
    DirSyncCloudUser: psText,
  })
  .transform((a): ConnectorAccounts => ({
    ad: a.Ad.map((c) => ({ connector: c.Connector, user: c.User, domain: c.Domain })),
    entra: a.Entra && {
      connector: a.Entra.Connector,
      userName: a.Entra.UserName,
      identityType: a.Entra.IdentityType === 'Application' ? 'application' : a.Entra.IdentityType === 'ServiceAccount' ? 'service-account' : null,
    },
    dirsyncCloudUser: a.DirSyncCloudUser,
  }))
  .pipe(ConnectorAccounts);

// ---- the application sign-in certificate (Get-DsdAppCertificate) ----------------------------------

/** Get-DsdAppCertificate: the certificate's store and dates, or why it was not found (the .ps1 says which names it trusts). */
export const AppCertificateOutput = z
  .object({
    IdentityType: z.enum(['ServiceAccount', 'Application']).nullable(),
    ThumbprintProperty: z.string().min(1).max(128).nullable(),
    Certificate: z
      .object({
        Store: z.enum(['ServiceAccount', 'LocalMachine']),
        Account: z.string().min(1).max(256).nullable(),
        Thumbprint: z.string().regex(/^[0-9A-F]{40}$/, 'expected 40 upper-case hex digits'),
        Subject: z.string().max(1024),
        NotBefore: psDate,
        NotAfter: psDate,
      })
      .strict()
      .nullable(),
    Problem: z.string().min(1).nullable(),
  })
  .strict()
  .transform((a): AppCertificateState => ({
    identityType: a.IdentityType === 'Application' ? 'application' : a.IdentityType === 'ServiceAccount' ? 'service-account' : null,
    thumbprintProperty: a.ThumbprintProperty,
    certificate: a.Certificate && {
      store: a.Certificate.Store === 'ServiceAccount' ? 'service-account' : 'local-machine',
      account: a.Certificate.Account,
      thumbprint: a.Certificate.Thumbprint,
      subject: a.Certificate.Subject,
      notBefore: a.Certificate.NotBefore,
      notAfter: a.Certificate.NotAfter,
    },
    problem: a.Problem,
  }))
  .pipe(AppCertificateState);

// ---- the AD connector's account (Get-DsdAdConnectorAccount) ---------------------------------------

const AccountText = z.string().trim().min(1);
export const AdConnectorAccountOutput = z
  .object({
    Source: z.enum(['ADSyncConnector', 'SyncEngineDatabase']).nullable(),
    Accounts: psArray(z.object({ Connector: z.string().min(1), User: AccountText, Domain: AccountText.nullable() }).strict()),
    Problem: z.string().min(1).nullable(),
  })
  .strict()
  .transform((a): AdConnectorAccount => ({
    source: a.Source === 'ADSyncConnector' ? 'adsync-connector' : a.Source === 'SyncEngineDatabase' ? 'sync-engine-database' : null,
    accounts: a.Accounts.map((c) => ({ connector: c.Connector, user: c.User, domain: c.Domain })),
    problem: a.Problem,
  }))
  .pipe(AdConnectorAccount);

// ---- the AD connector's OU filtering (Get-DsdConnectorOuFiltering) ------------------------------

const ContainerDn = z.string().trim().min(1);
/** A container list; one that PowerShell unrolled to its single string is that one container. */
const ContainerList = z.preprocess((v) => (typeof v === 'string' ? [v] : v), psArray(ContainerDn));
export const ConnectorOuFilteringOutput = z
  .object({
    Source: z.literal('ADSyncConnector').nullable(),
    Tool: z.enum(['adsync', 'dirsync', 'none']),
    Partitions: psArray(
      z
        .object({
          Connector: z.string().min(1),
          Dn: ContainerDn,
          Name: z.string().min(1).nullable(),
          Selected: z.boolean().nullable(),
          Inclusions: ContainerList,
          Exclusions: ContainerList,
        })
        .strict(),
    ),
    Problem: z
      .object({ Code: OuFilteringProblemCode, Message: z.string().min(1) })
      .strict()
      .nullable(),
  })
  .strict()
  .transform((f): ConnectorOuFiltering => ({
    source: f.Source === 'ADSyncConnector' ? 'adsync-connector' : null,
    tool: f.Tool,
    partitions: f.Partitions.map((p) => ({
      connector: p.Connector,
      dn: p.Dn,
      name: p.Name,
      selected: p.Selected,
      inclusions: p.Inclusions,
      exclusions: p.Exclusions,
    })),
    problem: f.Problem && { code: f.Problem.Code, message: f.Problem.Message },
  }))
  .pipe(ConnectorOuFiltering);

// ---- service logon (Get-DsdServiceLogon, Set-DsdServiceLogon) ------------------------------------

/** Raw answer: the app classifies the kinds (shared/domain/logon.ts), which needs the computer name. */
export const ServiceLogonOutput = z.object({
  Name: z.string().min(1),
  StartName: z.string().min(1),
  Original: z.object({ AccountName: z.string().min(1), TimeCreated: psNullableDate }).nullable(),
});
export type ServiceLogonOutput = z.infer<typeof ServiceLogonOutput>;

export const SetServiceLogonOutput = z.object({
  Name: z.string().min(1),
  StartName: z.string().min(1),
  ReturnValue: z.literal(0),
});

// ---- local users (Get-DsdLocalUsers, Set-DsdLocalUser, Reset-DsdLocalUserPassword) ----------------

const LocalUserRecord = z
  .object({
    Name: z.string().min(1),
    FullName: psText,
    Enabled: z.boolean(),
    LockedOut: z.boolean(),
    PasswordNeverExpires: z.boolean(),
    PasswordExpired: z.boolean(),
    PasswordLastSet: psNullableDate,
  })
  .transform((u): LocalUser => ({
    name: u.Name,
    fullName: u.FullName,
    enabled: u.Enabled,
    lockedOut: u.LockedOut,
    passwordNeverExpires: u.PasswordNeverExpires,
    passwordExpired: u.PasswordExpired,
    passwordLastSet: u.PasswordLastSet,
  }))
  .pipe(LocalUser);

export const LocalUsersOutput = psArray(LocalUserRecord);
export const LocalUserOutput = LocalUserRecord;

// ---- TLS (Get-DsdTlsSettings, Set-DsdTls12) ------------------------------------------------------

const DwordRaw = z.number().int().nullable();
const TlsSettingsRaw = z
  .object({
    NetFramework64: z.object({ SchUseStrongCrypto: DwordRaw, SystemDefaultTlsVersions: DwordRaw }),
    NetFramework32: z.object({ SchUseStrongCrypto: DwordRaw, SystemDefaultTlsVersions: DwordRaw }),
    SchannelClient: z.object({ Enabled: DwordRaw, DisabledByDefault: DwordRaw }),
    SchannelServer: z.object({ Enabled: DwordRaw, DisabledByDefault: DwordRaw }),
  })
  .transform((t): TlsSettings => ({
    netFramework64: { schUseStrongCrypto: t.NetFramework64.SchUseStrongCrypto, systemDefaultTlsVersions: t.NetFramework64.SystemDefaultTlsVersions },
    netFramework32: { schUseStrongCrypto: t.NetFramework32.SchUseStrongCrypto, systemDefaultTlsVersions: t.NetFramework32.SystemDefaultTlsVersions },
    schannelClient: { enabled: t.SchannelClient.Enabled, disabledByDefault: t.SchannelClient.DisabledByDefault },
    schannelServer: { enabled: t.SchannelServer.Enabled, disabledByDefault: t.SchannelServer.DisabledByDefault },
  }))
  .pipe(TlsSettings);

export const TlsSettingsOutput = TlsSettingsRaw;

export const TlsWriteOutput = z
  .object({ Changed: psArray(z.string().min(1)), RebootRequired: z.boolean(), Settings: TlsSettingsRaw })
  .superRefine((w, ctx) => {
    if (w.Changed.length > 0 && !w.RebootRequired) {
      ctx.addIssue({ code: 'custom', path: ['RebootRequired'], message: 'changed TLS values always need a reboot' });
    }
  })
  .transform((w): TlsWriteResult => ({ changed: w.Changed, rebootRequired: w.RebootRequired, settings: w.Settings }))
  .pipe(TlsWriteResult);

// ---- endpoint (Test-DsdEndpoint) -----------------------------------------------------------------

export const EndpointOutput = z
  .object({
    Url: z.string().url(),
    Proxy: psText,
    StatusCode: z.number().int().min(100).max(599).nullable(),
    Failure: z.enum(['tls', 'unreachable']).nullable(),
    Message: z.string(),
  })
  .superRefine((e, ctx) => {
    if ((e.StatusCode === null) === (e.Failure === null)) {
      ctx.addIssue({ code: 'custom', path: ['StatusCode'], message: 'exactly one of StatusCode and Failure' });
    }
  })
  .transform((e): EndpointTest => ({
    url: e.Url,
    proxy: e.Proxy,
    statusCode: e.StatusCode,
    outcome: endpointOutcome(e.StatusCode, e.Failure),
    message: e.Message,
  }))
  .pipe(EndpointTest);

/** 403 = the proxy blocks the URL; 407 = the proxy wants authentication; any other answer = reached. */
export function endpointOutcome(status: number | null, failure: 'tls' | 'unreachable' | null): EndpointTest['outcome'] {
  if (failure) return failure;
  if (status === 403) return 'blocked';
  if (status === 407) return 'proxy-auth';
  if (status !== null && status >= 500) return 'other';
  return 'ok';
}

// ---- configuration wizard (Start-DsdConfigurationWizard) -------------------------------------------

export const WizardOutput = z
  .object({
    Path: z.string().regex(/^[A-Za-z]:\\.*\\AzureADConnect\.exe$/i, 'expected the path of AzureADConnect.exe'),
    ProcessId: z.number().int().positive(),
  })
  .transform((w) => ({ path: w.Path }));
