// The sync server, seen through one interface. WindowsHost (PowerShell) and LabHost (scenario
// simulation) both implement it; probes and actions use nothing else to touch the machine.
import type { LabAdminAction } from '../../shared/playbooks/next-actions';
import type { UninstallResult } from '../../shared/domain/uninstall';
import type {
  AppCertificateState,
  ConnectorAccounts,
  AdConnectorAccount,
  ConnectorOuFiltering,
  ConnectorRunHistory,
  EndpointTest,
  EventQuery,
  LocalUser,
  LocalUserChange,
  SchedulerState,
  ServiceLogon,
  SyncCycleOutcome,
  SyncCycleProgress,
  SyncToolInstall,
  TlsSettings,
  TlsWriteResult,
  EventRecord,
  InstalledProgram,
  OsFacts,
  PasswordHashSyncState,
  AutoUpgradeStatus,
  RegistryView,
  ServiceInfo,
  SyncCycleKind,
  SyncEngineStatus,
} from '../../shared/domain/host';

export interface OperationOptions {
  /** Give up after this long; the host throws HostError('service-timeout' | 'script-timeout'). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type { UninstallResult } from '../../shared/domain/uninstall';

/** Which uninstall entry to remove: MSI entries by product code, others by name and view. */
export interface UninstallTarget {
  displayName: string;
  registryView: RegistryView;
  /** Set for Windows Installer entries: msiexec /x is used. Null: the entry's UninstallString runs. */
  productCode: string | null;
}

export interface SyncCycleOptions extends OperationOptions {
  /** Called while the cycle runs (a connector finished a run, or the running one changed). */
  onProgress?: (progress: SyncCycleProgress) => void;
}

/** The cloud (Entra ID) credential a cmdlet that signs in to Entra needs. Never logged or kept. */
export interface CloudCredential {
  userName: string;
  password: string;
}

export interface HostPort {
  readonly kind: 'windows' | 'lab';

  osFacts(opts?: OperationOptions): Promise<OsFacts>;

  /** Services by key name; names not installed are left out of the result (not an error). */
  getServices(names: readonly string[], opts?: OperationOptions): Promise<ServiceInfo[]>;
  /** Start and wait until running. Fails with service-logon-failed (1069) when the logon account cannot sign in. */
  startService(name: string, opts?: OperationOptions): Promise<ServiceInfo>;
  stopService(name: string, opts?: OperationOptions): Promise<ServiceInfo>;
  restartService(name: string, opts?: OperationOptions): Promise<ServiceInfo>;
  /** Set the logon password the service uses for its current logon account. The password is never logged. */
  setServiceLogonPassword(name: string, password: string, opts?: OperationOptions): Promise<void>;

  queryEvents(query: EventQuery, opts?: OperationOptions): Promise<EventRecord[]>;

  /** Uninstall entries from both registry views (64-bit and WOW6432Node). */
  installedPrograms(opts?: OperationOptions): Promise<InstalledProgram[]>;
  /**
   * Uninstall silently with the program's own uninstaller (msiexec /x … /qn /norestart /l*v for
   * MSI entries), then read the uninstall entries again. Refused with uninstall-blocked while a
   * sync run is in progress. Exit codes are data (1618, 1603 …), not errors.
   */
  uninstallProgram(target: UninstallTarget, opts?: OperationOptions): Promise<UninstallResult>;

  /** The .NET Framework 4.x Release value (NDP\v4\Full), null when .NET 4.5 or later is absent. */
  dotNetRelease(opts?: OperationOptions): Promise<number | null>;

  /** Is the AD FS role (or AD FS 2.0) installed on this machine? */
  adfsInstalled(opts?: OperationOptions): Promise<boolean>;

  syncEngineStatus(opts?: OperationOptions): Promise<SyncEngineStatus>;
  /** Start a sync cycle (Start-ADSyncSyncCycle, or DirSync's Start-OnlineCoexistenceSync). */
  startSyncCycle(kind: SyncCycleKind, opts?: OperationOptions): Promise<void>;

  // ---- KB 2882421 Method 1 -------------------------------------------------------------------

  /** Step 1: the sync tool, its generation and version (uninstall entries first; services as supporting evidence). */
  syncTool(opts?: OperationOptions): Promise<SyncToolInstall>;

  /** Step 3: the built-in scheduler (Connect 1.1.105.0+); available: false on tools without one. */
  scheduler(opts?: OperationOptions): Promise<SchedulerState>;
  /** Set-ADSyncScheduler -SyncCycleEnabled. Returns the scheduler as read back afterwards. */
  setSchedulerEnabled(enabled: boolean, opts?: OperationOptions): Promise<SchedulerState>;

  /** Step 5: each connector's latest completed run per run profile, and the export deletion threshold. */
  connectorRuns(opts?: OperationOptions): Promise<ConnectorRunHistory>;
  /**
   * Step 5: start a sync cycle and follow it until every connector's run of it has completed.
   * Cancelling (signal) stops the cycle (Stop-ADSyncSyncCycle) and rejects.
   */
  runSyncCycle(kind: SyncCycleKind, opts?: SyncCycleOptions): Promise<SyncCycleOutcome>;
  /**
   * Enable or disable the export deletion threshold. The cmdlets sign in to Entra ID: without a
   * cloud credential the Windows host fails with cloud-sign-in-required (the admin runs the
   * command shown instead). Returns the threshold as read back.
   */
  setDeletionThreshold(
    change: { enabled: boolean; value?: number; credential?: CloudCredential },
    opts?: OperationOptions,
  ): Promise<ConnectorRunHistory['deletionThreshold']>;

  /**
   * Step 4: open the Entra Connect configuration wizard on the server (to store a reset cloud
   * password). The admin works in it; the scheduler is suspended while it is open.
   */
  openConfigurationWizard(opts?: OperationOptions): Promise<{ path: string }>;

  /**
   * Lab only: play the admin's part of a manual step, changing what that work changes on a real
   * server; returns what changed, in words. A real server has no such method: the admin does the work.
   */
  simulateAdminAction?(action: LabAdminAction, opts?: OperationOptions): Promise<string[]>;

  /** Step 4 and Method 2: the connector accounts (AD forest-login-user, the Entra UserName and identity type). */
  connectorAccounts(opts?: OperationOptions): Promise<ConnectorAccounts>;

  /**
   * The directory account the sync tool uses: each AD connector's configured forest-login-user
   * (Get-ADSyncConnector on AADSync/Connect; DirSync's management agent configuration in its
   * engine database). source null with a problem when it cannot be read here.
   */
  adConnectorAccount(opts?: OperationOptions): Promise<AdConnectorAccount>;

  /**
   * The AD connector's OU filtering (each partition's container inclusion and exclusion lists,
   * Get-ADSyncConnector on AADSync/Connect). source null with a problem when it cannot be read
   * here: DirSync ('not-readable-on-tool'), a build whose objects are shaped otherwise
   * ('unexpected-shape'), no AD connector, no sync tool. Never guessed.
   */
  connectorOuFiltering(opts?: OperationOptions): Promise<ConnectorOuFiltering>;

  /**
   * The certificate the Entra connector signs in with (application-based authentication): its store
   * and dates, looked up in the personal store of the account the service `engineService` runs as,
   * then the computer's (read-only).
   */
  appCertificate(engineService: string, opts?: OperationOptions): Promise<AppCertificateState>;
  /** Password hash sync: the tenant feature and the AD connectors it runs for (read-only). */
  passwordHashSync(opts?: OperationOptions): Promise<PasswordHashSyncState>;
  /**
   * Start a full password sync for one AD connector (the documented way: the connector's
   * ForceFullPasswordSync parameter set, then its password sync turned off and on again). Every
   * password hash is sent to Entra ID again; no password changes. Refused on a staging server.
   */
  startFullPasswordSync(adConnector: string, opts?: OperationOptions): Promise<void>;

  /**
   * Entra Connect's automatic upgrade (Get-ADSyncAutoUpgrade -Detail): Enabled, Disabled or
   * Suspended, and the suspension reason as printed (read-only). available: false on other tools.
   */
  autoUpgrade(opts?: OperationOptions): Promise<AutoUpgradeStatus>;

  /** Step 6: TLS 1.2 registry values (.NET both views, SCHANNEL client/server). */
  tlsSettings(opts?: OperationOptions): Promise<TlsSettings>;
  /** Write the TLS 1.2 values that are not right yet; a reboot is needed afterwards. */
  enableTls12(opts?: OperationOptions): Promise<TlsWriteResult>;
  /** Step 6: reach the Entra provisioning endpoint through the machine's proxy. */
  testEndpoint(opts?: OperationOptions): Promise<EndpointTest>;

  // ---- KB 2882421 Method 2 -------------------------------------------------------------------

  /** The service's logon account, its kind, and the logon it was installed with (when still readable). */
  serviceLogon(name: string, opts?: OperationOptions): Promise<ServiceLogon>;
  /** Change the account a service logs on as (password for user accounts only; never logged). */
  setServiceLogon(name: string, account: string, password?: string, opts?: OperationOptions): Promise<ServiceLogon>;

  /** Local user accounts on the server whose name starts with prefix (DirSync's AAD_…); all when omitted. */
  localUsers(prefix?: string, opts?: OperationOptions): Promise<LocalUser[]>;
  /** Enable/disable, set "password never expires", unlock. Returns the account as read back. */
  setLocalUser(name: string, change: LocalUserChange, opts?: OperationOptions): Promise<LocalUser>;
  /** Reset a local user's password (never logged). Returns the account as read back. */
  resetLocalUserPassword(name: string, password: string, opts?: OperationOptions): Promise<LocalUser>;
}
