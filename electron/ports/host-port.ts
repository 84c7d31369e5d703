// The sync server, seen through one interface. WindowsHost (PowerShell) and LabHost (scenario
// simulation) both implement it; probes and actions use nothing else to touch the machine.
import type {
  EventQuery,
  EventRecord,
  InstalledProgram,
  OsFacts,
  ServiceInfo,
  SyncCycleKind,
  SyncEngineStatus,
} from '../../shared/domain/host';

export interface OperationOptions {
  /** Give up after this long; the host throws HostError('service-timeout' | 'script-timeout'). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface UninstallResult {
  productCode: string | null;
  displayName: string;
  /** msiexec / uninstaller exit code (0 or 3010 = success, 3010 = reboot required). */
  exitCode: number;
  rebootRequired: boolean;
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
  /** Uninstall by MSI product code. Refused with uninstall-blocked while a sync run is in progress. */
  uninstallProgram(productCode: string, opts?: OperationOptions): Promise<UninstallResult>;

  /** Is the AD FS role (or AD FS 2.0) installed on this machine? */
  adfsInstalled(opts?: OperationOptions): Promise<boolean>;

  syncEngineStatus(opts?: OperationOptions): Promise<SyncEngineStatus>;
  /** Start a sync cycle (Start-ADSyncSyncCycle, or DirSync's Start-OnlineCoexistenceSync). */
  startSyncCycle(kind: SyncCycleKind, opts?: OperationOptions): Promise<void>;
}
