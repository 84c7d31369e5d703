// The real sync server: each HostPort method runs one PowerShell script (assets/powershell) and
// parses its answer with one schema (script-outputs.ts). Inputs are checked here first, so a bad
// value is refused with a bad-input error naming the field before any process starts; the
// scripts check them again on their side.
import { z } from 'zod';
import {
  EventQuery,
  LocalUserChange,
  RegistryView,
  ServiceName,
  SyncCycleKind,
  type AppCertificateState,
  type ConnectorAccounts,
  type AdConnectorAccount,
  type ConnectorOuFiltering,
  type ConnectorRun,
  type ConnectorRunHistory,
  type DeletionThreshold,
  type EndpointTest,
  type LocalUser,
  type AutoUpgradeStatus,
  type PasswordHashSyncState,
  type SchedulerState,
  type ServiceLogon,
  type SyncCycleOutcome,
  type SyncToolInstall,
  type TlsSettings,
  type TlsWriteResult,
  type EventRecord,
  type InstalledProgram,
  type OsFacts,
  type ServiceInfo,
  type SyncEngineStatus,
} from '../../../shared/domain/host';
import { logonKind } from '../../../shared/domain/logon';
import { PROFILES_IN_DETECTION_ORDER } from '../../../shared/domain/sync-tool-detection';
import { HostError } from '../../ports/errors';
import type { CloudCredential, HostPort, OperationOptions, SyncCycleOptions, UninstallResult, UninstallTarget } from '../../ports/host-port';
import { PowerShellRunner, type ScriptName, type SpawnFn } from './powershell-runner';
import { ScriptBatcher, type BatchOptions } from './script-batch';
import { resolveScriptDir } from './script-dir';
import {
  AdfsOutput,
  AppCertificateOutput,
  ConnectorAccountsOutput,
  AdConnectorAccountOutput,
  ConnectorOuFilteringOutput,
  ConnectorRunsOutput,
  DeletionThresholdOutput,
  EndpointOutput,
  DotNetReleaseOutput,
  EventsOutput,
  LocalUserOutput,
  LocalUsersOutput,
  FullPasswordSyncOutput,
  PasswordHashSyncOutput,
  AutoUpgradeOutput,
  SchedulerOutput,
  ServiceLogonOutput,
  SetServiceLogonOutput,
  StopSyncCycleOutput,
  SyncToolOutput,
  TlsSettingsOutput,
  TlsWriteOutput,
  WizardOutput,
  InstalledProgramsOutput,
  OsFactsOutput,
  ServiceOutput,
  ServicesOutput,
  SetPasswordOutput,
  SyncCycleOutput,
  SyncStatusOutput,
  UninstallOutput,
} from './script-outputs';

export interface WindowsHostTimeouts {
  /** Read-only queries (services, events, programs, OS facts, AD FS, sync status). */
  query: number;
  /** Start, stop, restart a service; set its password. */
  service: number;
  uninstall: number;
  syncCycle: number;
  /** How long runSyncCycle follows a cycle before giving up. */
  followCycle: number;
}

export const DEFAULT_TIMEOUTS: WindowsHostTimeouts = {
  query: 60_000,
  // The sync engine can take a minute or more to start on a busy server.
  service: 180_000,
  uninstall: 30 * 60_000,
  syncCycle: 120_000,
  followCycle: 60 * 60_000,
};

export interface WindowsHostOptions {
  /** Folder holding the .ps1 files; default: packaged resources or the repo's assets/powershell. */
  scriptDir?: string;
  /** Stand-in for child_process.spawn (tests). */
  spawn?: SpawnFn;
  /** Where Windows is (tests); default: the kernel's \\SystemRoot link (windows-dir.ts). */
  windowsDir?: () => string;
  timeouts?: Partial<WindowsHostTimeouts>;
  /** How often runSyncCycle asks the engine while a cycle runs (ms). */
  cyclePollMs?: number;
  /**
   * Batched mode (default on): read-only questions asked together share one PowerShell process
   * (script-batch.ts). false: one process per call.
   */
  batch?: Partial<BatchOptions> | false;
}

const ServiceNames = z.array(ServiceName).max(64);
const ProductCode = z
  .string()
  .regex(/^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$/, 'expected an MSI product code {GUID}');
const UninstallTargetInput = z
  .object({
    displayName: z.string().min(1).max(512),
    registryView: RegistryView,
    productCode: ProductCode.nullable(),
  })
  .strict();
const Password = z
  .string()
  .min(1, 'must not be empty')
  .max(256, 'at most 256 characters')
  .refine((p) => !p.includes('\u0000'), 'must not contain NUL');
/** Event log and source names as Windows spells them; Get-WinEvent builds an XPath query from them. */
const EventName = z.string().regex(/^[A-Za-z0-9 ._()/-]{1,256}$/, 'may contain only letters, digits, space and . _ ( ) / -');
/** A local SAM account name: 1-20 characters, none of \ / " [ ] : | < > + = ; , ? * @ or control characters. */
const LocalUserName = z
  .string()
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  .regex(/^[^\\/"[\]:|<>+=;,?*@\u0000-\u001f]{1,20}$/, 'expected a local user name (1 to 20 characters, none of \\ / " [ ] : | < > + = ; , ? * @)')
  .refine((n) => n.trim() === n, 'must not start or end with a space');
/** DOMAIN\user, .\user, user@upn, NT SERVICE\x, a managed account name$. */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const LogonAccount = z.string().regex(/^[^\u0000-\u001f"]{1,256}$/, 'expected an account name like DOMAIN\\user or NT SERVICE\\ADSync');
const Upn = z.string().regex(/^[^\s@]{1,64}@[A-Za-z0-9.-]{1,253}$/, 'expected a user principal name like admin@contoso.onmicrosoft.com');
const ThresholdValue = z.number().int().min(1).max(100_000);
const WindowsEventQuery = EventQuery.extend({
  log: EventName,
  sources: z.array(EventName).max(16).optional(),
});

function checkInput<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // Name the field, never echo the value: it may be a password.
  const issues = parsed.error.issues.map((i) => `${[field, ...i.path.map(String)].join('.')}: ${i.message}`).join('; ');
  throw new HostError('bad-input', issues, { field });
}

/**
 * How long a script may wait for a service (or msiexec) itself: the caller's whole budget minus
 * time for PowerShell to start and answer, so the script reports service-timeout before the
 * runner has to kill it.
 */
export function scriptWaitSeconds(timeoutMs: number): number {
  const startup = Math.min(10_000, timeoutMs / 4);
  return Math.max(1, Math.min(3600, Math.floor((timeoutMs - startup) / 1000)));
}

export class WindowsHost implements HostPort {
  readonly kind = 'windows' as const;
  readonly runner: PowerShellRunner;
  private readonly timeouts: WindowsHostTimeouts;

  constructor(options: WindowsHostOptions = {}) {
    this.runner = new PowerShellRunner({
      scriptDir: options.scriptDir ?? resolveScriptDir(),
      spawn: options.spawn,
      windowsDir: options.windowsDir,
    });
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.cyclePollMs = options.cyclePollMs ?? 5_000;
    this.batcher = options.batch === false ? null : new ScriptBatcher(this.runner, { windowMs: 0, maxCalls: 32, ...options.batch });
  }

  /** null when batched mode is off. */
  readonly batcher: ScriptBatcher | null;

  private readonly cyclePollMs: number;
  /** Cached for classifying logon accounts (COMPUTER\user is local). */
  private computerName: string | null = null;

  private run<T>(
    script: ScriptName,
    input: Record<string, unknown>,
    schema: z.ZodType<T>,
    timeoutMs: number,
    opts: OperationOptions | undefined,
    secrets?: string[],
  ): Promise<T> {
    const options = { timeoutMs, signal: opts?.signal, secrets };
    return this.batcher ? this.batcher.run(script, input, schema, options) : this.runner.run(script, input, schema, options);
  }

  async osFacts(opts?: OperationOptions): Promise<OsFacts> {
    return this.run('Get-DsdOsFacts', {}, OsFactsOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async getServices(names: readonly string[], opts?: OperationOptions): Promise<ServiceInfo[]> {
    const wanted = [...new Set(checkInput(ServiceNames, names, 'names'))];
    if (wanted.length === 0) return [];
    const found = await this.run('Get-DsdServices', { names: wanted }, ServicesOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
    // Service names are case-insensitive on Windows; keep only what was asked for.
    const asked = new Set(wanted.map((n) => n.toLowerCase()));
    return found.filter((s) => asked.has(s.name.toLowerCase()));
  }

  async startService(name: string, opts?: OperationOptions): Promise<ServiceInfo> {
    return this.controlService('Start-DsdService', name, opts);
  }

  async stopService(name: string, opts?: OperationOptions): Promise<ServiceInfo> {
    return this.controlService('Stop-DsdService', name, opts);
  }

  async restartService(name: string, opts?: OperationOptions): Promise<ServiceInfo> {
    return this.controlService('Restart-DsdService', name, opts);
  }

  private async controlService(script: ScriptName, name: string, opts?: OperationOptions): Promise<ServiceInfo> {
    const service = checkInput(ServiceName, name, 'name');
    const timeoutMs = opts?.timeoutMs ?? this.timeouts.service;
    return this.run(script, { name: service, waitSeconds: scriptWaitSeconds(timeoutMs) }, ServiceOutput, timeoutMs, opts);
  }

  async setServiceLogonPassword(name: string, password: string, opts?: OperationOptions): Promise<void> {
    const service = checkInput(ServiceName, name, 'name');
    const secret = checkInput(Password, password, 'password');
    await this.run('Set-DsdServiceLogonPassword', { name: service, password: secret }, SetPasswordOutput, opts?.timeoutMs ?? this.timeouts.service, opts, [
      secret,
    ]);
  }

  async queryEvents(query: EventQuery, opts?: OperationOptions): Promise<EventRecord[]> {
    const q = checkInput(WindowsEventQuery, query, 'query');
    const input: Record<string, unknown> = { log: q.log, maxEvents: q.maxEvents };
    if (q.sources?.length) input.sources = q.sources;
    if (q.ids?.length) input.ids = q.ids;
    if (q.since) input.since = q.since;
    return this.run('Get-DsdEvents', input, EventsOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async installedPrograms(opts?: OperationOptions): Promise<InstalledProgram[]> {
    return this.run('Get-DsdInstalledPrograms', {}, InstalledProgramsOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async uninstallProgram(target: UninstallTarget, opts?: OperationOptions): Promise<UninstallResult> {
    const t = checkInput(UninstallTargetInput, target, 'target');
    // Uninstall keys and msiexec spell product codes in upper case.
    const code = t.productCode === null ? null : t.productCode.toUpperCase();
    // The Directory Sync tool must not be removed mid-run (its own uninstaller warns about it too).
    const status = await this.syncEngineStatus({ signal: opts?.signal });
    if (status.runInProgress === true) {
      throw new HostError('uninstall-blocked', 'A synchronization run is in progress; wait until it has finished, then uninstall.', {
        productCode: code,
      });
    }
    const timeoutMs = opts?.timeoutMs ?? this.timeouts.uninstall;
    return this.run(
      'Uninstall-DsdProgram',
      { productCode: code, displayName: t.displayName, view: t.registryView, waitSeconds: scriptWaitSeconds(timeoutMs) },
      uninstallOutputFor(code),
      timeoutMs,
      opts,
    );
  }

  async dotNetRelease(opts?: OperationOptions): Promise<number | null> {
    return this.run('Get-DsdDotNetRelease', {}, DotNetReleaseOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async adfsInstalled(opts?: OperationOptions): Promise<boolean> {
    return this.run('Test-DsdAdfsInstalled', {}, AdfsOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async syncEngineStatus(opts?: OperationOptions): Promise<SyncEngineStatus> {
    return this.run('Get-DsdSyncEngineStatus', {}, SyncStatusOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async startSyncCycle(kind: SyncCycleKind, opts?: OperationOptions): Promise<void> {
    const cycle = checkInput(SyncCycleKind, kind, 'kind');
    const answer = await this.run('Start-DsdSyncCycle', { kind: cycle }, SyncCycleOutput, opts?.timeoutMs ?? this.timeouts.syncCycle, opts);
    if (answer.Result !== null && answer.Result.toLowerCase() !== 'success') {
      throw new HostError('sync-unavailable', `${answer.Method} answered "${answer.Result}" instead of starting a sync cycle.`, {
        method: answer.Method,
        result: answer.Result,
      });
    }
  }

  // ---- KB 2882421 Method 1 ---------------------------------------------------------------------

  async syncTool(opts?: OperationOptions): Promise<SyncToolInstall> {
    // The names live in shared/domain/sync-tools.ts; the script only looks them up, in the one
    // detection order (newest first) the app uses too.
    const tools = PROFILES_IN_DETECTION_ORDER.map((t) => ({
      generation: t.generation,
      programNames: t.programNames,
      serviceNames: t.services.map((x) => x.name),
    }));
    return this.run('Get-DsdSyncTool', { tools }, SyncToolOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async scheduler(opts?: OperationOptions): Promise<SchedulerState> {
    return this.run('Get-DsdScheduler', {}, SchedulerOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async setSchedulerEnabled(enabled: boolean, opts?: OperationOptions): Promise<SchedulerState> {
    const value = checkInput(z.boolean(), enabled, 'enabled');
    return this.run('Set-DsdSchedulerEnabled', { enabled: value }, SchedulerOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async appCertificate(engineService: string, opts?: OperationOptions): Promise<AppCertificateState> {
    const name = checkInput(ServiceName, engineService, 'engineService');
    return this.run('Get-DsdAppCertificate', { name }, AppCertificateOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async passwordHashSync(opts?: OperationOptions): Promise<PasswordHashSyncState> {
    return this.run('Get-DsdPasswordHashSync', {}, PasswordHashSyncOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async autoUpgrade(opts?: OperationOptions): Promise<AutoUpgradeStatus> {
    return this.run('Get-DsdAutoUpgrade', {}, AutoUpgradeOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async startFullPasswordSync(adConnector: string, opts?: OperationOptions): Promise<void> {
    const name = checkInput(
      z
        .string()
        .min(1)
        .max(256)
        .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20), 'no control characters'),
      adConnector,
      'adConnector',
    );
    await this.run('Start-DsdFullPasswordSync', { adConnector: name }, FullPasswordSyncOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async connectorRuns(opts?: OperationOptions): Promise<ConnectorRunHistory> {
    return this.run('Get-DsdConnectorRuns', {}, ConnectorRunsOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  /**
   * Start, then follow: poll the scheduler's SyncCycleInProgress (or the engine status on tools
   * without a scheduler) and the run history until the cycle is over and its runs are in.
   */
  async runSyncCycle(kind: SyncCycleKind, opts: SyncCycleOptions = {}): Promise<SyncCycleOutcome> {
    const cycle = checkInput(SyncCycleKind, kind, 'kind');
    const budget = opts.timeoutMs ?? this.timeouts.followCycle;
    const deadline = Date.now() + budget;
    // Run history has second precision at best; allow for a clock step between this and the server's.
    const started = new Date(Date.now() - 1_000);
    await this.startSyncCycle(cycle, { signal: opts.signal });
    let runs: ConnectorRun[];
    try {
      for (;;) {
        await sleep(this.cyclePollMs, opts.signal);
        const inProgress = await this.cycleInProgress(opts.signal);
        const history = await this.connectorRuns({ signal: opts.signal });
        runs = cycleRuns(history, started);
        opts.onProgress?.({ completedRuns: runs.length, running: null, elapsedMs: Date.now() - started.getTime() });
        if (inProgress === false && runs.length > 0) break;
        if (Date.now() > deadline) {
          throw new HostError('service-timeout', `The sync cycle had not finished after ${Math.round(budget / 60_000)} minutes.`, {
            completedRuns: runs.length,
          });
        }
      }
    } catch (e) {
      if (opts.signal?.aborted) await this.stopSyncCycleQuietly();
      throw e;
    }
    return {
      kind: cycle,
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      runs,
      succeeded: runs.every((r) => isSuccess(r.result)),
    };
  }

  private async cycleInProgress(signal?: AbortSignal): Promise<boolean | null> {
    const scheduler = await this.scheduler({ signal });
    if (scheduler.syncCycleInProgress !== null) return scheduler.syncCycleInProgress;
    return (await this.syncEngineStatus({ signal })).runInProgress;
  }

  private async stopSyncCycleQuietly(): Promise<void> {
    try {
      await this.run('Stop-DsdSyncCycle', {}, StopSyncCycleOutput, this.timeouts.query, undefined);
    } catch {
      // Cancelling already failed the operation; a cycle that cannot be stopped runs to its end.
    }
  }

  async setDeletionThreshold(change: { enabled: boolean; value?: number; credential?: CloudCredential }, opts?: OperationOptions): Promise<DeletionThreshold> {
    const enabled = checkInput(z.boolean(), change.enabled, 'enabled');
    const input: Record<string, unknown> = { enabled };
    if (enabled) input.value = checkInput(ThresholdValue, change.value ?? 500, 'value');
    const secrets: string[] = [];
    if (change.credential) {
      input.userName = checkInput(Upn, change.credential.userName, 'credential.userName');
      input.password = checkInput(Password, change.credential.password, 'credential.password');
      secrets.push(change.credential.password);
    }
    return this.run('Set-DsdDeletionThreshold', input, DeletionThresholdOutput, opts?.timeoutMs ?? this.timeouts.service, opts, secrets);
  }

  async openConfigurationWizard(opts?: OperationOptions): Promise<{ path: string }> {
    return this.run('Start-DsdConfigurationWizard', {}, WizardOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async connectorAccounts(opts?: OperationOptions): Promise<ConnectorAccounts> {
    return this.run('Get-DsdConnectorAccounts', {}, ConnectorAccountsOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async adConnectorAccount(opts?: OperationOptions): Promise<AdConnectorAccount> {
    return this.run('Get-DsdAdConnectorAccount', {}, AdConnectorAccountOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async connectorOuFiltering(opts?: OperationOptions): Promise<ConnectorOuFiltering> {
    return this.run('Get-DsdConnectorOuFiltering', {}, ConnectorOuFilteringOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async tlsSettings(opts?: OperationOptions): Promise<TlsSettings> {
    return this.run('Get-DsdTlsSettings', {}, TlsSettingsOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async enableTls12(opts?: OperationOptions): Promise<TlsWriteResult> {
    return this.run('Set-DsdTls12', {}, TlsWriteOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async testEndpoint(opts?: OperationOptions): Promise<EndpointTest> {
    return this.run('Test-DsdEndpoint', {}, EndpointOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  // ---- KB 2882421 Method 2 ---------------------------------------------------------------------

  async serviceLogon(name: string, opts?: OperationOptions): Promise<ServiceLogon> {
    const service = checkInput(ServiceName, name, 'name');
    const raw = await this.run('Get-DsdServiceLogon', { name: service }, ServiceLogonOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
    const computer = await this.ownComputerName(opts);
    return {
      service: raw.Name,
      account: raw.StartName,
      kind: logonKind(raw.StartName, computer),
      original: raw.Original && {
        account: raw.Original.AccountName,
        kind: logonKind(raw.Original.AccountName, computer),
        installedAt: raw.Original.TimeCreated,
      },
    };
  }

  async setServiceLogon(name: string, account: string, password?: string, opts?: OperationOptions): Promise<ServiceLogon> {
    const service = checkInput(ServiceName, name, 'name');
    const logon = checkInput(LogonAccount, account, 'account');
    const input: Record<string, unknown> = { name: service, account: logon };
    const secrets: string[] = [];
    if (password !== undefined) {
      input.password = checkInput(Password, password, 'password');
      secrets.push(password);
    }
    await this.run('Set-DsdServiceLogon', input, SetServiceLogonOutput, opts?.timeoutMs ?? this.timeouts.service, opts, secrets);
    return this.serviceLogon(service, opts);
  }

  async localUsers(prefix?: string, opts?: OperationOptions): Promise<LocalUser[]> {
    const input: Record<string, unknown> = {};
    if (prefix !== undefined) input.prefix = checkInput(LocalUserName, prefix, 'prefix');
    return this.run('Get-DsdLocalUsers', input, LocalUsersOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async setLocalUser(name: string, change: LocalUserChange, opts?: OperationOptions): Promise<LocalUser> {
    const user = checkInput(LocalUserName, name, 'name');
    const wanted = checkInput(LocalUserChange, change, 'change');
    return this.run('Set-DsdLocalUser', { name: user, ...wanted }, LocalUserOutput, opts?.timeoutMs ?? this.timeouts.query, opts);
  }

  async resetLocalUserPassword(name: string, password: string, opts?: OperationOptions): Promise<LocalUser> {
    const user = checkInput(LocalUserName, name, 'name');
    const secret = checkInput(Password, password, 'password');
    return this.run('Reset-DsdLocalUserPassword', { name: user, password: secret }, LocalUserOutput, opts?.timeoutMs ?? this.timeouts.query, opts, [secret]);
  }

  private async ownComputerName(opts?: OperationOptions): Promise<string> {
    this.computerName ??= (await this.osFacts({ signal: opts?.signal })).computerName;
    return this.computerName;
  }
}

/** The uninstall answer must be about the product that was asked for. */
function uninstallOutputFor(productCode: string | null) {
  return UninstallOutput.refine((u) => u.productCode === productCode, {
    message: `answer is about another product than ${productCode}`,
    path: ['ProductCode'],
  });
}

/** success, or completed with nothing to do: the results a cycle may end with and still be good. */
function isSuccess(result: string): boolean {
  return result === 'success' || result === 'completed-no-objects';
}

/** The latest runs that started after the cycle was started: the ones this cycle produced. */
function cycleRuns(history: ConnectorRunHistory, since: Date): ConnectorRun[] {
  return history.connectors
    .flatMap((c) => c.latestRuns)
    .filter((r) => Date.parse(r.startTime) >= since.getTime())
    .sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new HostError('script-failed', 'Cancelled.', { cancelled: true }));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new HostError('script-failed', 'Cancelled.', { cancelled: true }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
