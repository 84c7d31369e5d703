// LabHost: a simulated sync server driven by a scenario. It behaves like Windows where the
// playbooks depend on it: a service whose domain logon account cannot sign in fails to start
// with error 1069 and writes events 7038 and 7000; an uninstall is refused while a sync run is in
// progress; a sync cycle writes run history. Logon checks are real binds against the directory.
import type {
  ConnectorAccounts,
  AdConnectorAccount,
  ConnectorOuFiltering,
  ConnectorRun,
  ConnectorRunHistory,
  ConnectorType,
  DeletionThreshold,
  EndpointTest,
  EventQuery,
  EventRecord,
  InstalledProgram,
  LocalUser,
  LocalUserChange,
  LogonKind,
  OsFacts,
  RunCounts,
  SchedulerState,
  ServiceInfo,
  ServiceLogon,
  SyncCycleKind,
  SyncCycleOutcome,
  SyncEngineStatus,
  SyncRunResult,
  SyncToolInstall,
  TlsSettings,
  TlsWriteResult,
} from '../../shared/domain/host';
import { EventQuery as EventQuerySchema, LocalUserChange as LocalUserChangeSchema } from '../../shared/domain/host';
import { tls12Shortfalls } from '../../shared/domain/connect-requirements';
import { logonKind } from '../../shared/domain/logon';
import { syncToolProfile } from '../../shared/domain/sync-tools';
import { compareVersions, evaluateSyncToolVersion } from '../../shared/domain/version-floors';
import type { DirectoryPort } from '../ports/directory-port';
import { DirectoryError, HostError } from '../ports/errors';
import type { CloudCredential, HostPort, OperationOptions, SyncCycleOptions, UninstallResult } from '../ports/host-port';
import type { LabLocalAccount, LabLogon, LabService, LabTls, Scenario } from './scenario';
import type { UninstallTarget } from '../ports/host-port';
import { reportsRemoval, restartNeeded, uninstallOutcome } from '../../shared/domain/uninstall';

/** Passwords the lab's services hold, by service name. Kept in memory only. */
export type ServicePasswords = ReadonlyMap<string, string>;

interface LabServiceState {
  spec: LabService;
  state: ServiceInfo['state'];
  /** The logon now configured (changes with setServiceLogon). */
  logon: LabLogon;
  password: string | null;
  startFailure: LabService['startFailure'] | null;
}

interface LabLocalUser {
  spec: LabLocalAccount;
  enabled: boolean;
  passwordNeverExpires: boolean;
  passwordExpired: boolean;
  lockedOut: boolean;
  password: string;
  passwordLastSet: Date;
}

/** A run in the lab's history: a completed run of one connector's run profile. */
interface LabRunRecord extends SyncRunResult {
  connectorType: ConnectorType;
  endTime: string;
  counts: RunCounts;
}

export interface LabHostOptions {
  scenario: Scenario;
  directory: DirectoryPort;
  servicePasswords: ServicePasswords;
  /** Passwords of the scenario's local accounts, by lower-case name. Kept in memory only. */
  localPasswords?: ServicePasswords;
  now?: () => Date;
  /** Simulated time a service takes to change state (ms). */
  transitionMs?: number;
  /** Simulated time one connector run of a sync cycle takes (ms); default transitionMs. */
  runMs?: number;
  /** How long the simulated admin keeps the configuration wizard open (ms); default 10 x transitionMs. */
  wizardMs?: number;
}

const MINUTE = 60_000;
const LOGON_FAILURE_REASON: Partial<Record<DirectoryError['code'], string>> = {
  'invalid-credentials': 'The user name or password is incorrect.',
  'account-disabled': "This user can't sign in because this account is currently disabled.",
  'password-expired': "The specified account's password has expired.",
  'must-change-password': "The user's password must be changed before signing in.",
  'account-locked': 'The referenced account is currently locked out and may not be logged on to.',
  'account-expired': "This user can't sign in because this account has expired.",
  'not-found': 'The user name or password is incorrect.',
};

export class LabHost implements HostPort {
  readonly kind = 'lab' as const;
  private readonly scenario: Scenario;
  private readonly directory: DirectoryPort;
  private readonly now: () => Date;
  private readonly transitionMs: number;
  private readonly services = new Map<string, LabServiceState>();
  private programs: InstalledProgram[];
  private readonly events: EventRecord[];
  private readonly runs: LabRunRecord[];
  private runInProgress: boolean;
  private readonly runMs: number;
  private readonly sam = new Map<string, LabLocalUser>();
  private schedulerEnabled: boolean | null;
  private readonly threshold: { enabled: boolean; value: number };
  private pendingDeletes: number;
  private tls: LabTls;
  /** Copies of the scenario's scheduler and cloud state: this server changes them, the scenario stays as loaded. */
  private readonly sched: Scenario['sync']['scheduler'];
  private readonly cloud: Scenario['cloud'];
  private wizardOpen = false;
  private wizardClosed: Promise<void> = Promise.resolve();
  private readonly wizardMs: number;
  /** When the scenario's run in progress ends by itself (ms since the epoch; Infinity: never); null: none. */
  private scenarioRunUntil: number | null;

  constructor(options: LabHostOptions) {
    const { scenario } = options;
    this.scenario = scenario;
    this.directory = options.directory;
    this.now = options.now ?? (() => new Date());
    this.transitionMs = options.transitionMs ?? 150;
    this.runMs = options.runMs ?? this.transitionMs;
    this.wizardMs = options.wizardMs ?? this.transitionMs * 10;
    for (const spec of scenario.services) {
      this.services.set(spec.name.toLowerCase(), {
        spec,
        state: spec.state,
        logon: spec.logon,
        password: options.servicePasswords.get(spec.name) ?? null,
        startFailure: spec.startFailure ?? null,
      });
    }
    for (const spec of scenario.localAccounts) {
      this.sam.set(spec.name.toLowerCase(), {
        spec,
        enabled: spec.enabled,
        passwordNeverExpires: spec.passwordNeverExpires,
        passwordExpired: spec.passwordExpired,
        lockedOut: spec.lockedOut,
        password: options.localPasswords?.get(spec.name.toLowerCase()) ?? '',
        passwordLastSet: new Date(this.now().getTime() - 400 * 24 * 60 * MINUTE),
      });
    }
    this.schedulerEnabled = scenario.sync.schedulerEnabled;
    this.threshold = { ...scenario.sync.deletionThreshold };
    this.pendingDeletes = scenario.sync.pendingDeletes;
    this.tls = structuredClone(scenario.tls);
    this.sched = structuredClone(scenario.sync.scheduler);
    this.cloud = structuredClone(scenario.cloud);
    this.programs = [...this.toolPrograms(), ...scenario.programs];
    const at = (minutesAgo: number) => new Date(this.now().getTime() - minutesAgo * MINUTE).toISOString();
    this.events = scenario.events.map((e) => ({
      log: e.log,
      source: e.source,
      id: e.id,
      level: e.level,
      timeCreated: at(e.minutesAgo),
      message: e.message,
    }));
    this.runs = scenario.sync.history.map((r) => ({
      connector: r.connector,
      connectorType: this.connectorTypeOf(r.connector),
      profile: r.profile,
      result: r.result,
      startTime: at(r.minutesAgo),
      endTime: at(Math.max(0, r.minutesAgo - r.durationMinutes)),
      counts: { ...NO_COUNTS, ...r.counts },
    }));
    this.runInProgress = false;
    const ends = scenario.sync.runEndsAfterSeconds;
    this.scenarioRunUntil = scenario.sync.runInProgress ? (ends === undefined ? Infinity : this.now().getTime() + ends * 1000) : null;
  }

  async osFacts(): Promise<OsFacts> {
    const { netbiosDomain: _n, ...facts } = this.scenario.os;
    return facts;
  }

  async getServices(names: readonly string[]): Promise<ServiceInfo[]> {
    return names.flatMap((n) => {
      const s = this.services.get(n.toLowerCase());
      return s ? [this.info(s)] : [];
    });
  }

  async startService(name: string, opts: OperationOptions = {}): Promise<ServiceInfo> {
    const s = this.service(name);
    if (s.state === 'running') return this.info(s);
    if (s.spec.startType === 'disabled') {
      throw new HostError('service-failed', `${s.spec.displayName} cannot start because it is disabled.`, {
        service: s.spec.name,
        win32: 1058,
      });
    }
    await this.delay(opts);
    const account = this.logonAccount(s.logon);
    if (s.startFailure === 'logon-right-missing') {
      this.log('System', 'Service Control Manager', 7041, 'error',
        `The ${s.spec.name} service was unable to log on as ${account} with the currently configured password due to the following error: Logon failure: the user has not been granted the requested logon type at this computer.`);
      this.log('System', 'Service Control Manager', 7000, 'error',
        `The ${s.spec.displayName} service failed to start due to the following error: The service did not start due to a logon failure.`);
      throw new HostError('service-logon-failed', `${s.spec.displayName} did not start: ${account} lacks the "Log on as a service" right (event 7041, error 1069).`, {
        service: s.spec.name,
        win32: 1069,
        account,
        event: 7041,
      });
    }
    const logonFailure = await this.logonFailure(s, opts);
    if (logonFailure) {
      this.log('System', 'Service Control Manager', 7038, 'error',
        `The ${s.spec.name} service was unable to log on as ${account} with the currently configured password due to the following error: ${logonFailure}`);
      this.log('System', 'Service Control Manager', 7000, 'error',
        `The ${s.spec.displayName} service failed to start due to the following error: The service did not start due to a logon failure.`);
      throw new HostError('service-logon-failed', `${s.spec.displayName} did not start: its logon account ${account} could not sign in (error 1069).`, {
        service: s.spec.name,
        win32: 1069,
        account,
      });
    }
    if (s.startFailure === 'encryption-key-unreadable' || !this.isOriginalLogon(s)) {
      // The logon worked, but the service's key and database belong to the account it was
      // installed with: it starts, cannot open its encryption key, and stops.
      this.log('Application', 'ADSync', 6028, 'error', 'The server encryption key cannot be accessed.');
      this.log('System', 'Service Control Manager', 7024, 'error',
        `The ${s.spec.displayName} service terminated with the following service-specific error: The server encryption key cannot be accessed.`);
      throw new HostError('service-failed', `${s.spec.displayName} started and stopped: it cannot read its encryption key as ${account} (event 6028).`, {
        service: s.spec.name,
        event: 6028,
        account,
      });
    }
    s.state = 'running';
    this.log('System', 'Service Control Manager', 7036, 'information', `The ${s.spec.displayName} service entered the running state.`);
    return this.info(s);
  }

  async stopService(name: string, opts: OperationOptions = {}): Promise<ServiceInfo> {
    const s = this.service(name);
    if (s.state === 'stopped') return this.info(s);
    await this.delay(opts);
    s.state = 'stopped';
    this.log('System', 'Service Control Manager', 7036, 'information', `The ${s.spec.displayName} service entered the stopped state.`);
    return this.info(s);
  }

  async restartService(name: string, opts: OperationOptions = {}): Promise<ServiceInfo> {
    await this.stopService(name, opts);
    return this.startService(name, opts);
  }

  async setServiceLogonPassword(name: string, password: string): Promise<void> {
    const s = this.service(name);
    if (s.logon.kind === 'builtin') {
      throw new HostError('bad-input', `${s.spec.displayName} logs on as ${s.logon.account}, which has no password to set.`, {
        service: s.spec.name,
      });
    }
    if (password.length === 0) throw new HostError('bad-input', 'The new logon password is empty.');
    s.password = password;
  }

  async queryEvents(query: EventQuery): Promise<EventRecord[]> {
    const q = EventQuerySchema.parse(query);
    const since = q.since ? Date.parse(q.since) : -Infinity;
    const sources = q.sources?.map((x) => x.toLowerCase());
    return this.events
      .filter((e) => e.log.toLowerCase() === q.log.toLowerCase())
      .filter((e) => !sources || sources.includes(e.source.toLowerCase()))
      .filter((e) => !q.ids || q.ids.includes(e.id))
      .filter((e) => Date.parse(e.timeCreated) >= since)
      .sort((a, b) => Date.parse(b.timeCreated) - Date.parse(a.timeCreated))
      .slice(0, q.maxEvents);
  }

  async installedPrograms(): Promise<InstalledProgram[]> {
    return this.programs.map((p) => ({ ...p }));
  }

  async uninstallProgram(target: UninstallTarget, opts: OperationOptions = {}): Promise<UninstallResult> {
    const program = this.programs.find((p) =>
      target.productCode
        ? p.productCode?.toLowerCase() === target.productCode.toLowerCase()
        : p.displayName === target.displayName && p.registryView === target.registryView,
    );
    if (!program) throw new HostError('program-not-found', `No uninstall entry "${target.displayName}" in the ${target.registryView}-bit registry view.`);
    const tool = this.scenario.tool;
    const isTool = !!tool && program.productCode?.toLowerCase() === tool.productCode.toLowerCase();
    if (isTool && this.busy()) {
      throw new HostError('uninstall-blocked', 'A synchronization run is in progress. Wait until it completes, then uninstall.', {
        productCode: program.productCode,
      });
    }
    await this.delay(opts);
    const exitCode = isTool ? tool.uninstallExitCode : 0;
    const outcome = uninstallOutcome(exitCode);
    const msi = program.windowsInstaller !== false && program.productCode !== null;
    if (reportsRemoval(outcome)) {
      this.programs = this.programs.filter((p) => p !== program);
      if (isTool) {
        const names = new Set(syncToolProfile(tool.generation)?.services.map((s) => s.name.toLowerCase()));
        for (const key of [...this.services.keys()]) if (names.has(key)) this.services.delete(key);
      }
      this.log('Application', 'MsiInstaller', 11724, 'information', `Product: ${program.displayName} -- Removal completed successfully.`);
    }
    // 1618, 1603 and the rest: Windows Installer rolled back; nothing else changes.
    return {
      productCode: program.productCode,
      displayName: program.displayName,
      method: msi ? 'msiexec' : 'uninstall-string',
      exitCode,
      outcome,
      rebootRequired: restartNeeded(outcome),
      logFile: msi ? `C:\\Windows\\Logs\\DirSyncDoctor\\uninstall-${this.now().toISOString().replace(/[-:]/g, '').slice(0, 15)}.log` : null,
      entryRemoved: !this.programs.includes(program),
    };
  }

  async dotNetRelease(): Promise<number | null> {
    return this.scenario.dotNetRelease;
  }

  /** The scenario's stand-in for the directory's size (see Scenario.syncScopeObjects); null: count the directory. */
  declaredSyncScopeObjects(): number | null {
    return this.scenario.syncScopeObjects ?? null;
  }

  async adfsInstalled(): Promise<boolean> {
    return this.scenario.adfsInstalled;
  }

  async syncEngineStatus(): Promise<SyncEngineStatus> {
    const generation = this.currentGeneration();
    if (generation === 'none') return { generation, runInProgress: null, schedulerEnabled: null, lastRun: null };
    const last = this.runs.at(-1);
    return {
      generation,
      runInProgress: this.engineRunning() ? this.busy() : false,
      schedulerEnabled: this.schedulerEnabled,
      lastRun: last ? { connector: last.connector, profile: last.profile, result: last.result, startTime: last.startTime, endTime: last.endTime } : null,
    };
  }

  async startSyncCycle(kind: SyncCycleKind, opts: OperationOptions = {}): Promise<void> {
    await this.runSyncCycle(kind, opts);
  }

  // ---- Method 1 ----------------------------------------------------------------------------------

  async syncTool(): Promise<SyncToolInstall> {
    const generation = this.currentGeneration();
    const t = this.scenario.tool;
    if (generation === 'none' || !t) {
      return { generation: 'none', version: null, displayName: null, registryView: null, installLocation: null, connectVersion: null, evidence: [], services: [] };
    }
    const names = syncToolProfile(generation)?.services.map((x) => x.name) ?? [];
    const services = await this.getServices(names);
    return {
      generation,
      version: t.version,
      displayName: t.displayName,
      registryView: t.bitness,
      installLocation: null,
      connectVersion: generation === 'entra-connect' ? t.version : null,
      evidence: ['uninstall-entry', ...(services.length > 0 ? (['service'] as const) : []), ...(generation === 'entra-connect' ? (['registry'] as const) : [])],
      services,
    };
  }

  async scheduler(): Promise<SchedulerState> {
    const sched = this.sched;
    const available = this.currentGeneration() === 'entra-connect' && (sched.available ?? true);
    if (!available) {
      return { available: false, syncCycleEnabled: null, schedulerSuspended: null, stagingModeEnabled: null, syncCycleInProgress: null, nextSyncCycleStartTime: null, nextSyncCyclePolicyType: null, intervalMinutes: null };
    }
    const next = new Date(this.now().getTime() + sched.nextCycleInMinutes * MINUTE);
    return {
      available: true,
      syncCycleEnabled: this.schedulerEnabled,
      schedulerSuspended: sched.suspended,
      stagingModeEnabled: sched.stagingMode,
      syncCycleInProgress: this.engineRunning() ? this.busy() : false,
      nextSyncCycleStartTime: next.toISOString(),
      nextSyncCyclePolicyType: this.lastEntraSuccessAgeDays() > 7 ? 'initial' : 'delta',
      intervalMinutes: sched.intervalMinutes,
    };
  }

  async setSchedulerEnabled(enabled: boolean, opts: OperationOptions = {}): Promise<SchedulerState> {
    if (!(await this.scheduler()).available) {
      throw new HostError('not-supported', 'This sync tool has no built-in scheduler (Set-ADSyncScheduler came with Connect 1.1.105.0).');
    }
    if (!this.engineRunning()) throw new HostError('sync-unavailable', 'The sync service is not running, so its scheduler cannot be changed.');
    await this.delay(opts);
    this.schedulerEnabled = enabled;
    return this.scheduler();
  }

  async connectorRuns(): Promise<ConnectorRunHistory> {
    const generation = this.currentGeneration();
    if (generation === 'none' || !this.engineRunning()) {
      // Without a running engine the cmdlets cannot answer: say "none", not "never synced".
      return { connectors: [], deletionThreshold: { enabled: null, value: null }, source: 'none' };
    }
    const byConnector = new Map<string, ConnectorRun[]>();
    for (const connector of [this.adConnectorName(), this.entraConnectorName()]) byConnector.set(connector, []);
    for (const r of [...this.runs].reverse()) {
      const list = byConnector.get(r.connector) ?? [];
      if (!list.some((x) => x.profile === r.profile)) list.push(this.toConnectorRun(r));
      byConnector.set(r.connector, list);
    }
    return {
      connectors: [...byConnector].map(([name, latestRuns]) => ({ name, type: this.connectorTypeOf(name), latestRuns })),
      deletionThreshold: generation === 'dirsync' ? { enabled: null, value: null } : { ...this.threshold },
      source: generation === 'dirsync' ? 'miis-wmi' : 'adsync',
    };
  }

  async runSyncCycle(kind: SyncCycleKind, opts: SyncCycleOptions = {}): Promise<SyncCycleOutcome> {
    const generation = this.currentGeneration();
    if (generation === 'none') throw new HostError('sync-unavailable', 'No sync tool is installed on this server.');
    if (!this.engineRunning()) throw new HostError('sync-unavailable', 'The sync service is not running, so no cycle can start.');
    if (this.busy()) throw new HostError('sync-busy', 'A synchronization run is already in progress.');
    const sched = this.sched;
    if (generation === 'entra-connect' && sched.suspended) {
      throw new HostError('sync-unavailable', 'The scheduler is suspended (the Entra Connect wizard is open, or an upgrade did not finish): no cycle can start until it is closed.');
    }
    this.runInProgress = true;
    const startedAt = this.now();
    const produced: LabRunRecord[] = [];
    try {
      for (const step of this.cyclePlan(kind)) {
        opts.onProgress?.({ completedRuns: produced.length, running: { connector: step.connector, profile: step.profile }, elapsedMs: this.now().getTime() - startedAt.getTime() });
        const start = this.now().toISOString();
        await this.delay(opts, this.runMs);
        const run: LabRunRecord = { ...step, startTime: start, endTime: this.now().toISOString() };
        this.runs.push(run);
        produced.push(run);
        this.afterRun(run);
      }
      opts.onProgress?.({ completedRuns: produced.length, running: null, elapsedMs: this.now().getTime() - startedAt.getTime() });
    } finally {
      this.runInProgress = false;
    }
    const runs = produced.map((r) => this.toConnectorRun(r));
    return {
      kind,
      startedAt: startedAt.toISOString(),
      finishedAt: this.now().toISOString(),
      runs,
      succeeded: runs.every((r) => r.result === 'success' || r.result === 'completed-no-objects'),
    };
  }

  async setDeletionThreshold(
    change: { enabled: boolean; value?: number; credential?: CloudCredential },
    opts: OperationOptions = {},
  ): Promise<DeletionThreshold> {
    if (this.currentGeneration() !== 'entra-connect') {
      throw new HostError('not-supported', 'Only Entra Connect has the export deletion threshold cmdlets.');
    }
    // As on Windows: the cmdlets sign in to Entra ID. The lab accepts any well-formed cloud
    // credential (it has no tenant to check it against) but, like Windows, none at all is refused.
    if (!change.credential || !/^[^\s@]+@[^\s@]+$/.test(change.credential.userName) || change.credential.password.length === 0) {
      throw new HostError('cloud-sign-in-required', 'Changing the deletion threshold signs in to Entra ID: give a cloud administrator\'s credential, or run the command on the server.');
    }
    if (change.enabled && change.value !== undefined && (!Number.isInteger(change.value) || change.value < 1)) {
      throw new HostError('bad-input', 'value: expected a whole number of at least 1.', { field: 'value' });
    }
    await this.delay(opts);
    this.threshold.enabled = change.enabled;
    if (change.enabled && change.value !== undefined) this.threshold.value = change.value;
    return { ...this.threshold };
  }

  /**
   * The lab has no admin at the keyboard: the wizard stands for the admin running it to the end
   * with the cloud account's new password. While it is open (wizardMs) the scheduler is
   * suspended and no cycle starts; when it closes, the Entra connector's credential works again.
   */
  async openConfigurationWizard(opts: OperationOptions = {}): Promise<{ path: string }> {
    if (this.currentGeneration() !== 'entra-connect') {
      throw new HostError('not-supported', 'The Entra Connect wizard was not found: DirSync and AADSync have their own configuration programs.');
    }
    if (!this.scenario.os.isElevated) throw new HostError('not-elevated', 'The configuration wizard needs an elevated (administrator) session.', { win32: 5 });
    if (this.wizardOpen) throw new HostError('sync-busy', 'The configuration wizard is already open.');
    await this.delay(opts);
    this.wizardOpen = true;
    const sched = this.sched;
    const wasSuspended = sched.suspended;
    sched.suspended = true;
    this.wizardClosed = new Promise<void>((resolve) =>
      setTimeout(() => {
        sched.suspended = wasSuspended;
        this.cloud.credential = 'valid';
        this.wizardOpen = false;
        this.log('Application', 'Directory Synchronization', 904, 'information', 'Scheduler: the configuration wizard was closed; the scheduler resumes.');
        resolve();
      }, this.wizardMs),
    );
    return { path: 'C:\\Program Files\\Microsoft Azure Active Directory Connect\\AzureADConnect.exe' };
  }

  /** Lab only: resolves when the simulated wizard has closed (tests and the demo wait on it). */
  wizardFinished(): Promise<void> {
    return this.wizardClosed;
  }

  async connectorAccounts(): Promise<ConnectorAccounts> {
    const generation = this.currentGeneration();
    const cloud = this.cloud;
    if (generation === 'none') return { ad: [], entra: null, dirsyncCloudUser: null };
    if (generation === 'dirsync') return { ad: [], entra: null, dirsyncCloudUser: cloud.userName ?? null };
    const ad = this.scenario.connectors.ad;
    const msol = this.scenario.accounts.find((a) => /^MSOL_/i.test(a.sAMAccountName))?.sAMAccountName ?? null;
    const appAuth = cloud.authentication === 'application';
    return {
      ad: [{ connector: this.adConnectorName(), user: ad.loginUser ?? msol, domain: ad.loginDomain ?? this.scenario.os.domain }],
      entra: {
        connector: this.entraConnectorName(),
        userName: cloud.userName !== undefined ? cloud.userName : appAuth ? null : `Sync_${this.scenario.os.computerName}_5f3a9c0e1b2d@contoso.onmicrosoft.com`,
        identityType: appAuth ? 'application' : hasEntraCredentialCmdlet(this.scenario.tool?.version) ? 'service-account' : null,
      },
      dirsyncCloudUser: null,
    };
  }

  async adConnectorAccount(): Promise<AdConnectorAccount> {
    const generation = this.currentGeneration();
    if (generation === 'none') return { source: null, accounts: [], problem: 'Neither the ADSync module nor a DirSync sync engine database is registered on this server.' };
    const ad = this.scenario.connectors.ad;
    if (ad.loginUnreadable) return { source: null, accounts: [], problem: ad.loginUnreadable };
    const source = generation === 'dirsync' ? 'sync-engine-database' : 'adsync-connector';
    const user = ad.loginUser ?? this.scenario.accounts.find((a) => /^MSOL_/i.test(a.sAMAccountName))?.sAMAccountName;
    if (!user) return { source, accounts: [], problem: 'The sync engine has no Active Directory connector with a configured account.' };
    return { source, accounts: [{ connector: this.adConnectorName(), user, domain: ad.loginDomain ?? this.scenario.os.domain }], problem: null };
  }

  async connectorOuFiltering(): Promise<ConnectorOuFiltering> {
    const generation = this.currentGeneration();
    if (generation === 'none') {
      return { source: null, tool: 'none', partitions: [], problem: { code: 'no-sync-tool', message: 'Neither the ADSync module (AADSync, Entra Connect) nor a DirSync sync engine is registered on this server.' } };
    }
    if (generation === 'dirsync') {
      return {
        source: null,
        tool: 'dirsync',
        partitions: [],
        problem: {
          code: 'not-readable-on-tool',
          message:
            "DirSync keeps its OU filtering in its sync engine's management agent configuration (Synchronization Service Manager, the AD connector's Configure Directory Partitions, Containers), which no DirSync cmdlet reads: it is not readable on this tool.",
        },
      };
    }
    const filtering = this.scenario.connectors.ad.ouFiltering;
    if (filtering?.unreadable) return { source: null, tool: 'adsync', partitions: [], problem: { code: 'unexpected-shape', message: filtering.unreadable } };
    // The partition is the lab directory's naming context, as Connect's Partition.DN is the domain's.
    const { baseDn } = await this.directory.info();
    const absolute = (c: string) => `${c},${baseDn}`;
    const inclusions = filtering ? [...(filtering.wholeDomain ? [baseDn] : []), ...filtering.inclusions.map(absolute)] : [baseDn];
    return {
      source: 'adsync-connector',
      tool: 'adsync',
      partitions: [
        {
          connector: this.adConnectorName(),
          dn: baseDn,
          name: dnsNameOf(baseDn),
          selected: filtering?.selected ?? true,
          inclusions,
          exclusions: (filtering?.exclusions ?? []).map(absolute),
        },
      ],
      problem: null,
    };
  }

  async tlsSettings(): Promise<TlsSettings> {
    return structuredClone(this.tls);
  }

  async enableTls12(opts: OperationOptions = {}): Promise<TlsWriteResult> {
    if (!this.scenario.os.isElevated) throw new HostError('not-elevated', 'Writing the TLS settings needs an elevated (administrator) session.', { win32: 5 });
    await this.delay(opts);
    const changed: string[] = [];
    const set = <K extends string>(obj: Record<K, number | null>, key: K, wanted: number, label: string) => {
      if (obj[key] !== wanted) {
        obj[key] = wanted;
        changed.push(label);
      }
    };
    const net = (view: string) => `HKLM\\SOFTWARE\\${view}Microsoft\\.NETFramework\\v4.0.30319\\`;
    const sch = (side: string) => `HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\${side}\\`;
    set(this.tls.netFramework64, 'schUseStrongCrypto', 1, `${net('')}SchUseStrongCrypto`);
    set(this.tls.netFramework64, 'systemDefaultTlsVersions', 1, `${net('')}SystemDefaultTlsVersions`);
    set(this.tls.netFramework32, 'schUseStrongCrypto', 1, `${net('WOW6432Node\\')}SchUseStrongCrypto`);
    set(this.tls.netFramework32, 'systemDefaultTlsVersions', 1, `${net('WOW6432Node\\')}SystemDefaultTlsVersions`);
    set(this.tls.schannelClient, 'enabled', 1, `${sch('Client')}Enabled`);
    set(this.tls.schannelClient, 'disabledByDefault', 0, `${sch('Client')}DisabledByDefault`);
    set(this.tls.schannelServer, 'enabled', 1, `${sch('Server')}Enabled`);
    set(this.tls.schannelServer, 'disabledByDefault', 0, `${sch('Server')}DisabledByDefault`);
    return { changed, rebootRequired: changed.length > 0, settings: structuredClone(this.tls) };
  }

  async testEndpoint(opts: OperationOptions = {}): Promise<EndpointTest> {
    await this.delay(opts);
    const url = 'https://adminwebservice.microsoftonline.com/ProvisioningService.svc';
    const { endpoint, proxy } = this.scenario.network;
    if (!tls12Ready(this.tls)) {
      return { url, proxy, statusCode: null, outcome: 'tls', message: 'The request was aborted: Could not create SSL/TLS secure channel.' };
    }
    switch (endpoint) {
      case 'blocked':
        return { url, proxy, statusCode: 403, outcome: 'blocked', message: 'Forbidden' };
      case 'proxy-auth':
        return { url, proxy, statusCode: 407, outcome: 'proxy-auth', message: 'Proxy Authentication Required' };
      case 'unreachable':
        return { url, proxy, statusCode: null, outcome: 'unreachable', message: 'ConnectFailure: Unable to connect to the remote server' };
      default:
        return { url, proxy, statusCode: 200, outcome: 'ok', message: 'OK' };
    }
  }

  // ---- Method 2 ----------------------------------------------------------------------------------

  async serviceLogon(name: string): Promise<ServiceLogon> {
    const s = this.service(name);
    const account = this.logonAccount(s.logon);
    const original = this.logonAccount(s.spec.originalLogon ?? s.spec.logon);
    return {
      service: s.spec.name,
      account,
      kind: this.kindOf(account),
      original: { account: original, kind: this.kindOf(original), installedAt: new Date(this.now().getTime() - 400 * 24 * 60 * MINUTE).toISOString() },
    };
  }

  async setServiceLogon(name: string, account: string, password?: string, opts: OperationOptions = {}): Promise<ServiceLogon> {
    const s = this.service(name);
    const kind = this.kindOf(account);
    if (kind === 'local-system') throw new HostError('bad-input', 'account: LocalSystem is not a supported logon for the sync service.', { field: 'account' });
    const hasPassword = kind === 'domain-user' || kind === 'local-user';
    if (hasPassword && !password) throw new HostError('bad-input', 'password: a user account needs its password.', { field: 'password' });
    if (!hasPassword && password) throw new HostError('bad-input', `password: ${account} is a virtual or managed account; Windows keeps its password.`, { field: 'password' });
    let logon: LabLogon;
    if (kind === 'domain-user') {
      const [domain, sam] = account.split('\\');
      if (!sam || domain!.toUpperCase() !== this.scenario.os.netbiosDomain) {
        throw new HostError('service-failed', `Windows rejected the logon account ${account} (Win32_Service.Change returned 22: invalid service account).`, { win32: 22 });
      }
      logon = { kind: 'domain', sAMAccountName: sam, password: 'current' };
    } else if (kind === 'local-user') {
      const local = account.includes('\\') ? account.split('\\')[1]! : account;
      if (!this.sam.has(local.toLowerCase())) {
        throw new HostError('service-failed', `Windows rejected the logon account ${account} (Win32_Service.Change returned 22: invalid service account).`, { win32: 22 });
      }
      logon = { kind: 'local', name: this.sam.get(local.toLowerCase())!.spec.name, password: 'current' };
    } else {
      logon = { kind: 'builtin', account };
    }
    await this.delay(opts);
    s.logon = logon;
    s.password = hasPassword ? password! : null;
    // A key problem caused by a changed account is cured by putting the original back (see
    // startService); a key that is unreadable for the original account stays so.
    return this.serviceLogon(name);
  }

  async localUsers(prefix?: string): Promise<LocalUser[]> {
    return [...this.sam.values()]
      .filter((u) => prefix === undefined || u.spec.name.toLowerCase().startsWith(prefix.toLowerCase()))
      .map((u) => this.localUserInfo(u));
  }

  async setLocalUser(name: string, change: LocalUserChange, opts: OperationOptions = {}): Promise<LocalUser> {
    const parsed = LocalUserChangeSchema.safeParse(change);
    if (!parsed.success) throw new HostError('bad-input', `change: ${parsed.error.issues.map((i) => i.message).join('; ')}`, { field: 'change' });
    const u = this.localUser(name);
    if (!this.scenario.os.isElevated) throw new HostError('not-elevated', 'Changing a local user needs an elevated (administrator) session.', { win32: 5 });
    await this.delay(opts);
    if (parsed.data.enabled !== undefined) u.enabled = parsed.data.enabled;
    if (parsed.data.passwordNeverExpires !== undefined) {
      u.passwordNeverExpires = parsed.data.passwordNeverExpires;
      // Windows computes "expired" from the age; with "never expires" set it no longer applies.
      if (u.passwordNeverExpires) u.passwordExpired = false;
    }
    if (parsed.data.unlock) u.lockedOut = false;
    return this.localUserInfo(u);
  }

  async resetLocalUserPassword(name: string, password: string, opts: OperationOptions = {}): Promise<LocalUser> {
    const u = this.localUser(name);
    if (!this.scenario.os.isElevated) throw new HostError('not-elevated', 'Resetting a local password needs an elevated (administrator) session.', { win32: 5 });
    if (password.length < 8) throw new HostError('password-rejected', `Windows refused the new password for '${u.spec.name}': it does not meet the password policy.`);
    await this.delay(opts);
    u.password = password;
    u.passwordExpired = false;
    u.passwordLastSet = this.now();
    return this.localUserInfo(u);
  }

  // ---- simulation --------------------------------------------------------------------------------

  /** What each run of a cycle will end with, given the server's state now. */
  private cyclePlan(kind: SyncCycleKind): Omit<LabRunRecord, 'startTime' | 'endTime'>[] {
    const local = this.adConnectorName();
    const cloud = this.entraConnectorName();
    const initial = kind === 'initial';
    const stopAll = this.scenario.sync.databaseFull ? 'stopped-database-disk-full' : null;
    const cloudFailure = stopAll ?? this.cloudFailure(kind);
    const counts = (c: Partial<RunCounts> = {}): RunCounts => ({ ...NO_COUNTS, adds: 0, updates: 0, deletes: 0, exportErrors: 0, syncErrors: 0, ...c });
    const plan: Omit<LabRunRecord, 'startTime' | 'endTime'>[] = [
      { connector: local, connectorType: 'ad', profile: initial ? 'Full Import' : 'Delta Import', result: stopAll ?? 'success', counts: counts() },
      { connector: cloud, connectorType: 'entra', profile: initial ? 'Full Import' : 'Delta Import', result: cloudFailure ?? 'success', counts: counts() },
      { connector: local, connectorType: 'ad', profile: initial ? 'Full Synchronization' : 'Delta Synchronization', result: stopAll ?? 'success', counts: counts() },
      { connector: cloud, connectorType: 'entra', profile: initial ? 'Full Synchronization' : 'Delta Synchronization', result: stopAll ?? 'success', counts: counts() },
    ];
    // Staging mode imports and synchronizes but exports nothing.
    if (!this.sched.stagingMode || this.currentGeneration() !== 'entra-connect') {
      let exportResult = cloudFailure ?? 'success';
      const pending = this.pendingDeletes;
      let exportCounts = counts({ deletes: 0, pendingDeletes: 0 });
      if (exportResult === 'success' && pending > 0) {
        if (this.threshold.enabled && pending > this.threshold.value && this.currentGeneration() === 'entra-connect') {
          exportResult = 'stopped-deletion-threshold-exceeded';
          exportCounts = counts({ deletes: 0, pendingDeletes: pending });
        } else {
          exportCounts = counts({ deletes: pending, pendingDeletes: 0 });
        }
      }
      plan.push({ connector: cloud, connectorType: 'entra', profile: 'Export', result: exportResult, counts: exportCounts });
      plan.push({ connector: local, connectorType: 'ad', profile: 'Export', result: stopAll ?? 'success', counts: counts() });
    }
    return plan;
  }

  /** Why the Entra connector cannot work now, as the run result it would end with; null when it can. */
  private cloudFailure(kind: SyncCycleKind): string | null {
    const t = this.scenario.tool;
    const generation = this.currentGeneration();
    // A retired build (or generation) is refused by Entra ID.
    if (t && evaluateSyncToolVersion(generation, t.version, this.now()).status === 'retired') {
      return generation === 'entra-connect' ? 'stopped-server-down' : 'stopped-extension-dll-exception';
    }
    if (!tls12Ready(this.tls) || this.scenario.network.endpoint !== 'ok') return 'no-start-connection';
    if (this.cloud.credential !== 'valid' && this.cloud.authentication === 'service-account') return 'stopped-extension-dll-exception';
    // After more than 7 days without a successful sync, only a full (initial) cycle gets through.
    if (kind === 'delta' && this.lastEntraSuccessAgeDays() > 7) return 'stopped-server-down';
    return null;
  }

  /** Events and state changes a completed run leaves behind. */
  private afterRun(run: LabRunRecord): void {
    if (run.result === 'stopped-deletion-threshold-exceeded') {
      this.log('Application', 'Directory Synchronization', 116, 'warning',
        `The deletion threshold was exceeded: ${run.counts.pendingDeletes} deletions are pending; the threshold is ${this.threshold.value}. The export to Entra ID was stopped.`);
    } else if (run.profile === 'Export' && run.connectorType === 'entra' && run.result === 'success') {
      this.pendingDeletes = 0;
      this.log('Application', 'Directory Synchronization', 114, 'information', 'Export cycle completed.');
    } else if (run.result === 'stopped-database-disk-full') {
      this.log('Application', 'ADSync', 6323, 'error', 'The server encountered an error because SQL Server is out of disk space.');
    } else if (run.result === 'stopped-extension-dll-exception' && this.currentGeneration() !== 'entra-connect') {
      const id = this.events.find((e) => e.source === 'Directory Synchronization')?.id ?? 109;
      this.log('Application', 'Directory Synchronization', id, 'error',
        'This version of the Microsoft Online Services Directory Sync tool is no longer supported. Uninstall it and install the current sync tool.');
    } else if (run.result !== 'success' && run.result !== 'completed-no-objects') {
      this.log('Application', 'ADSync', 6100, 'error', `The management agent "${run.connector}" step execution completed on run profile "${run.profile}" but returned ${run.result}.`);
    }
  }

  private lastEntraSuccessAgeDays(): number {
    const last = [...this.runs].reverse().find((r) => r.connectorType === 'entra' && r.result === 'success');
    // No success on record: it is at least as old as the oldest run the history keeps.
    const since = last ? Date.parse(last.endTime) : this.runs.length === 0 ? this.now().getTime() : Date.parse(this.runs[0]!.startTime);
    return (this.now().getTime() - since) / (24 * 60 * MINUTE);
  }

  private adConnectorName(): string {
    return this.scenario.connectors.ad.name ?? this.runs.find((r) => r.connectorType !== 'entra')?.connector ?? this.scenario.os.domain ?? 'Active Directory';
  }

  private entraConnectorName(): string {
    const generation = this.scenario.tool?.generation;
    const fallback = generation === 'dirsync' ? 'Windows Azure Active Directory Connector' : 'contoso.onmicrosoft.com - AAD';
    return this.scenario.connectors.entra.name ?? this.runs?.find((r) => r.connectorType === 'entra')?.connector ?? fallback;
  }

  private connectorTypeOf(name: string): ConnectorType {
    if (this.scenario.connectors.entra.name === name || /- AAD$|Azure Active Directory|onmicrosoft/i.test(name)) return 'entra';
    return 'ad';
  }

  private toConnectorRun(r: LabRunRecord): ConnectorRun {
    return { connector: r.connector, connectorType: r.connectorType, profile: r.profile, result: r.result, startTime: r.startTime, endTime: r.endTime, counts: { ...r.counts } };
  }

  private kindOf(account: string): LogonKind {
    return logonKind(account, this.scenario.os.computerName);
  }

  private isOriginalLogon(s: LabServiceState): boolean {
    const original = this.logonAccount(s.spec.originalLogon ?? s.spec.logon);
    return this.logonAccount(s.logon).toLowerCase() === original.toLowerCase();
  }

  private localUser(name: string): LabLocalUser {
    const u = this.sam.get(name.toLowerCase());
    if (!u) throw new HostError('account-not-found', `There is no local user named '${name}' on this computer.`, { win32: 2221 });
    return u;
  }

  private localUserInfo(u: LabLocalUser): LocalUser {
    return {
      name: u.spec.name,
      fullName: u.spec.fullName ?? null,
      enabled: u.enabled,
      passwordNeverExpires: u.passwordNeverExpires,
      passwordExpired: u.passwordExpired,
      lockedOut: u.lockedOut,
      passwordLastSet: u.passwordLastSet.toISOString(),
    };
  }

  /** A cycle this host runs, or the scenario's run in progress until it ends by itself. */
  private busy(): boolean {
    if (this.runInProgress) return true;
    if (this.scenarioRunUntil === null) return false;
    if (this.now().getTime() < this.scenarioRunUntil) return true;
    this.scenarioRunUntil = null;
    return false;
  }

  private toolPrograms(): InstalledProgram[] {
    const t = this.scenario.tool;
    if (!t) return [];
    return [{
      displayName: t.displayName,
      version: t.version,
      publisher: t.publisher,
      productCode: t.productCode,
      uninstallString: `MsiExec.exe /X${t.productCode}`,
      registryView: t.bitness,
      installLocation: null,
      windowsInstaller: true,
    }];
  }

  private currentGeneration() {
    const t = this.scenario.tool;
    return t && this.programs.some((p) => p.productCode === t.productCode) ? t.generation : 'none';
  }

  private engineRunning(): boolean {
    const t = this.scenario.tool;
    const engine = t && syncToolProfile(t.generation)?.services.find((s) => s.role === 'sync-engine');
    return !!engine && this.services.get(engine.name.toLowerCase())?.state === 'running';
  }

  /** The reason Windows would give for a failed service logon, or null when it can sign in. */
  private async logonFailure(s: LabServiceState, opts: OperationOptions): Promise<string | null> {
    if (s.logon.kind === 'local') {
      // The local SAM decides, as LogonUser would.
      const u = this.sam.get(s.logon.name.toLowerCase());
      if (!u || !s.password || u.password !== s.password) return LOGON_FAILURE_REASON['invalid-credentials']!;
      if (!u.enabled) return LOGON_FAILURE_REASON['account-disabled']!;
      if (u.lockedOut) return LOGON_FAILURE_REASON['account-locked']!;
      if (u.passwordExpired && !u.passwordNeverExpires) return LOGON_FAILURE_REASON['password-expired']!;
      return null;
    }
    if (s.logon.kind !== 'domain') return null;
    if (!s.password) return LOGON_FAILURE_REASON['invalid-credentials']!;
    try {
      await this.directory.verifyCredentials(`${this.scenario.os.netbiosDomain}\\${s.logon.sAMAccountName}`, s.password, opts);
      return null;
    } catch (e) {
      if (e instanceof DirectoryError && LOGON_FAILURE_REASON[e.code]) return LOGON_FAILURE_REASON[e.code]!;
      throw e;
    }
  }

  /** The logon as Win32_Service.StartName shows it. */
  private logonAccount(logon: LabLogon): string {
    if (logon.kind === 'domain') return `${this.scenario.os.netbiosDomain}\\${logon.sAMAccountName}`;
    if (logon.kind === 'local') return `${this.scenario.os.computerName}\\${logon.name}`;
    return logon.account;
  }

  private service(name: string): LabServiceState {
    const s = this.services.get(name.toLowerCase());
    if (!s) throw new HostError('service-not-found', `There is no service named ${name} on this server.`, { service: name });
    return s;
  }

  private info(s: LabServiceState): ServiceInfo {
    return {
      name: s.spec.name,
      displayName: s.spec.displayName,
      state: s.state,
      startType: s.spec.startType,
      logonAccount: this.logonAccount(s.logon),
      processId: s.state === 'running' ? 1000 + s.spec.name.length * 7 : null,
    };
  }

  private log(log: string, source: string, id: number, level: EventRecord['level'], message: string): void {
    this.events.push({ log, source, id, level, timeCreated: this.now().toISOString(), message });
  }

  private delay(opts: OperationOptions, ms = this.transitionMs): Promise<void> {
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new HostError('service-timeout', 'Cancelled.'));
      const t = setTimeout(resolve, ms);
      opts.signal?.addEventListener('abort', () => {
        clearTimeout(t);
        reject(new HostError('service-timeout', 'Cancelled.'));
      }, { once: true });
    });
  }
}

const NO_COUNTS: RunCounts = { adds: null, updates: null, deletes: null, pendingDeletes: null, exportErrors: null, syncErrors: null };

/** Values Microsoft asks for: .NET strong crypto and system TLS in both views; SCHANNEL TLS 1.2 on. */
/** TLS 1.2 as the sync engine sees it: the same values the checks judge (shared/domain/connect-requirements). */
export function tls12Ready(t: TlsSettings): boolean {
  return tls12Shortfalls(t).length === 0;
}

/** Get-ADSyncEntraConnectorCredential came with 2.5.3.0. */
function hasEntraCredentialCmdlet(version: string | undefined): boolean {
  return version !== undefined && (compareVersions(version, '2.5.3.0') ?? -1) >= 0;
}

/** DC=lab,DC=example,DC=com → lab.example.com (a partition's name is its domain's DNS name). */
function dnsNameOf(dn: string): string | null {
  const labels = dn.split(',').filter((p) => /^dc=/i.test(p.trim())).map((p) => p.trim().slice(3));
  return labels.length ? labels.join('.') : null;
}
