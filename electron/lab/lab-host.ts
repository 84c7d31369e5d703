// LabHost: a simulated sync server driven by a scenario. It behaves like Windows where the
// playbooks depend on it: a service whose domain logon account cannot sign in fails to start
// with error 1069 and writes events 7038 and 7000; an uninstall is refused while a sync run is in
// progress; a sync cycle writes run history. Logon checks are real binds against the directory.
import type {
  EventQuery,
  EventRecord,
  InstalledProgram,
  OsFacts,
  ServiceInfo,
  SyncCycleKind,
  SyncEngineStatus,
  SyncRunResult,
} from '../../shared/domain/host';
import { EventQuery as EventQuerySchema } from '../../shared/domain/host';
import { syncToolProfile } from '../../shared/domain/sync-tools';
import type { DirectoryPort } from '../ports/directory-port';
import { DirectoryError, HostError } from '../ports/errors';
import type { HostPort, OperationOptions, UninstallResult } from '../ports/host-port';
import type { LabService, Scenario } from './scenario';

/** Passwords the lab's services hold, by service name. Kept in memory only. */
export type ServicePasswords = ReadonlyMap<string, string>;

interface LabServiceState {
  spec: LabService;
  state: ServiceInfo['state'];
  password: string | null;
}

export interface LabHostOptions {
  scenario: Scenario;
  directory: DirectoryPort;
  servicePasswords: ServicePasswords;
  now?: () => Date;
  /** Simulated time a service takes to change state (ms). */
  transitionMs?: number;
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
  private readonly runs: SyncRunResult[];
  private runInProgress: boolean;

  constructor(options: LabHostOptions) {
    const { scenario } = options;
    this.scenario = scenario;
    this.directory = options.directory;
    this.now = options.now ?? (() => new Date());
    this.transitionMs = options.transitionMs ?? 150;
    for (const spec of scenario.services) {
      this.services.set(spec.name.toLowerCase(), {
        spec,
        state: spec.state,
        password: options.servicePasswords.get(spec.name) ?? null,
      });
    }
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
      profile: r.profile,
      result: r.result,
      startTime: at(r.minutesAgo),
      endTime: at(Math.max(0, r.minutesAgo - r.durationMinutes)),
    }));
    this.runInProgress = scenario.sync.runInProgress;
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
    const logonFailure = await this.logonFailure(s, opts);
    if (logonFailure) {
      const account = this.logonAccount(s.spec);
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
    if (s.spec.logon.kind !== 'domain') {
      throw new HostError('bad-input', `${s.spec.displayName} logs on as ${s.spec.logon.account}, which has no password to set.`, {
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

  async uninstallProgram(productCode: string, opts: OperationOptions = {}): Promise<UninstallResult> {
    const program = this.programs.find((p) => p.productCode?.toLowerCase() === productCode.toLowerCase());
    if (!program) throw new HostError('program-not-found', `No installed program has the product code ${productCode}.`);
    const isTool = this.scenario.tool?.productCode.toLowerCase() === productCode.toLowerCase();
    if (isTool && this.runInProgress) {
      throw new HostError('uninstall-blocked', 'A synchronization run is in progress. Wait until it completes, then uninstall.', {
        productCode,
      });
    }
    await this.delay(opts);
    this.programs = this.programs.filter((p) => p !== program);
    if (isTool) {
      const names = new Set(syncToolProfile(this.scenario.tool!.generation)?.services.map((s) => s.name.toLowerCase()));
      for (const key of [...this.services.keys()]) if (names.has(key)) this.services.delete(key);
    }
    this.log('Application', 'MsiInstaller', 11724, 'information', `Product: ${program.displayName} -- Removal completed successfully.`);
    return { productCode: program.productCode, displayName: program.displayName, exitCode: 0, rebootRequired: false };
  }

  async adfsInstalled(): Promise<boolean> {
    return this.scenario.adfsInstalled;
  }

  async syncEngineStatus(): Promise<SyncEngineStatus> {
    const generation = this.currentGeneration();
    if (generation === 'none') return { generation, runInProgress: null, schedulerEnabled: null, lastRun: null };
    return {
      generation,
      runInProgress: this.engineRunning() ? this.runInProgress : false,
      schedulerEnabled: this.scenario.sync.schedulerEnabled,
      lastRun: this.runs.at(-1) ?? null,
    };
  }

  async startSyncCycle(kind: SyncCycleKind, opts: OperationOptions = {}): Promise<void> {
    const generation = this.currentGeneration();
    if (generation === 'none') throw new HostError('sync-unavailable', 'No sync tool is installed on this server.');
    if (!this.engineRunning()) throw new HostError('sync-unavailable', 'The sync service is not running, so no cycle can start.');
    if (this.runInProgress) throw new HostError('sync-busy', 'A synchronization run is already in progress.');
    const unsupported = !syncToolProfile(generation)?.supported && this.scenario.tool?.bitness === '32';
    this.runInProgress = true;
    const start = this.now().toISOString();
    await this.delay(opts);
    const end = this.now().toISOString();
    const cloud = this.runs.find((r) => r.profile === 'Export')?.connector ?? 'Entra ID connector';
    const local = this.runs[0]?.connector ?? this.scenario.os.domain ?? 'Active Directory';
    const importProfile = kind === 'initial' ? 'Full Import' : 'Delta Import';
    const syncProfile = kind === 'initial' ? 'Full Synchronization' : 'Delta Synchronization';
    this.runs.push(
      { connector: local, profile: importProfile, result: 'success', startTime: start, endTime: end },
      { connector: local, profile: syncProfile, result: 'success', startTime: start, endTime: end },
      { connector: cloud, profile: 'Export', result: unsupported ? 'stopped-extension-dll-exception' : 'success', startTime: start, endTime: end },
    );
    this.runInProgress = false;
    if (unsupported) {
      const id = this.events.find((e) => e.source === 'Directory Synchronization')?.id ?? 109;
      this.log('Application', 'Directory Synchronization', id, 'error',
        'This version of the Microsoft Online Services Directory Sync tool is no longer supported. Uninstall it and install the current sync tool.');
    }
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
    if (s.spec.logon.kind !== 'domain') return null;
    if (!s.password) return LOGON_FAILURE_REASON['invalid-credentials']!;
    try {
      await this.directory.verifyCredentials(`${this.scenario.os.netbiosDomain}\\${s.spec.logon.sAMAccountName}`, s.password, opts);
      return null;
    } catch (e) {
      if (e instanceof DirectoryError && LOGON_FAILURE_REASON[e.code]) return LOGON_FAILURE_REASON[e.code]!;
      throw e;
    }
  }

  private logonAccount(spec: LabService): string {
    return spec.logon.kind === 'domain' ? `${this.scenario.os.netbiosDomain}\\${spec.logon.sAMAccountName}` : spec.logon.account;
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
      logonAccount: this.logonAccount(s.spec),
      processId: s.state === 'running' ? 1000 + s.spec.name.length * 7 : null,
    };
  }

  private log(log: string, source: string, id: number, level: EventRecord['level'], message: string): void {
    this.events.push({ log, source, id, level, timeCreated: this.now().toISOString(), message });
  }

  private delay(opts: OperationOptions): Promise<void> {
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new HostError('service-timeout', 'Cancelled.'));
      const t = setTimeout(resolve, this.transitionMs);
      opts.signal?.addEventListener('abort', () => {
        clearTimeout(t);
        reject(new HostError('service-timeout', 'Cancelled.'));
      }, { once: true });
    });
  }
}
