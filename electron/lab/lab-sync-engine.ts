// The lab server's sync engine: connector run history, sync cycles and what each run ends with,
// the scheduler, the export deletion threshold and the cloud credential (changed through the
// configuration wizard). The scenario stays as loaded; this engine keeps its own copies.
import type {
  ConnectorRun,
  ConnectorRunHistory,
  ConnectorType,
  DeletionThreshold,
  RunCounts,
  SchedulerState,
  SyncCycleKind,
  SyncCycleOutcome,
  SyncEngineStatus,
  SyncRunResult,
  SyncToolGeneration,
} from '../../shared/domain/host';
import { appAuthRequired, evaluateSyncToolVersion } from '../../shared/domain/version-floors';
import { HostError } from '../ports/errors';
import type { CloudCredential, OperationOptions, SyncCycleOptions } from '../ports/host-port';
import { DAY, MINUTE, NO_COUNTS, requireElevated, type LabContext } from './lab-context';
import type { LabNetwork } from './lab-network';
import { CERTIFICATE_ROTATION, judgeCycle, type CycleFacts, type CycleFailure } from './lab-physics';
import { CERT_EXPIRED_EVENT, certificateLife } from '../../shared/playbooks/checks-app-certificate';
import type { Scenario } from './scenario';

/** The application sign-in certificate of the lab server (ms since the epoch). */
export interface LabAppCertificate {
  store: 'service-account' | 'local-machine';
  thumbprint: string;
  notBefore: number;
  notAfter: number;
  /** Why the connector names no certificate (the scenario's unreadable). */
  unreadable?: string;
}

/** A run in the lab's history: a completed run of one connector's run profile. */
export interface LabRunRecord extends SyncRunResult {
  connectorType: ConnectorType;
  endTime: string;
  counts: RunCounts;
}

export interface LabSyncEngineDeps {
  ctx: LabContext;
  network: LabNetwork;
  /** The tool installed now ('none' once uninstalled). */
  generation: () => SyncToolGeneration;
  engineRunning: () => boolean;
  /** Simulated time of one connector run (ms). */
  runMs: number;
  /** How long the simulated admin keeps the configuration wizard open (ms). */
  wizardMs: number;
}

export class LabSyncEngine {
  private readonly ctx: LabContext;
  private readonly runs: LabRunRecord[];
  private runInProgress = false;
  /** When the scenario's run in progress ends by itself (ms since the epoch; Infinity: never); null: none. */
  private scenarioRunUntil: number | null;
  private schedulerEnabled: boolean | null;
  private readonly threshold: { enabled: boolean; value: number };
  private pendingDeletes: number;
  private readonly sched: Scenario['sync']['scheduler'];
  readonly cloud: Scenario['cloud'];
  /** The certificate application sign-in uses (whatever the sign-in now: it matters once it is 'application'). */
  private appCert: LabAppCertificate;
  private wizardOpen = false;
  private wizardClosed: Promise<void> = Promise.resolve();

  constructor(private readonly deps: LabSyncEngineDeps) {
    const ctx = (this.ctx = deps.ctx);
    const { scenario } = ctx;
    const at = (minutesAgo: number) => new Date(ctx.now().getTime() - minutesAgo * MINUTE).toISOString();
    this.runs = scenario.sync.history.map((r) => ({
      connector: r.connector,
      connectorType: this.connectorTypeOf(r.connector),
      profile: r.profile,
      result: r.result,
      startTime: at(r.minutesAgo),
      endTime: at(Math.max(0, r.minutesAgo - r.durationMinutes)),
      counts: { ...NO_COUNTS, ...r.counts },
    }));
    const ends = scenario.sync.runEndsAfterSeconds;
    this.scenarioRunUntil = scenario.sync.runInProgress ? (ends === undefined ? Infinity : ctx.now().getTime() + ends * 1000) : null;
    this.schedulerEnabled = scenario.sync.schedulerEnabled;
    this.threshold = { ...scenario.sync.deletionThreshold };
    this.pendingDeletes = scenario.sync.pendingDeletes;
    this.sched = structuredClone(scenario.sync.scheduler);
    this.cloud = structuredClone(scenario.cloud);
    // Absent from the scenario: a current certificate Connect manages, issued 30 days ago, valid a year.
    const c = scenario.cloud.certificate ?? {
      issuedDaysAgo: 30,
      validDays: 365,
      store: 'service-account' as const,
      thumbprint: '3F9A1C0E5B7D2A4468E1F0C3B9D7A5E2C4F60B18',
    };
    const issued = ctx.now().getTime() - c.issuedDaysAgo * DAY;
    this.appCert = {
      store: c.store,
      thumbprint: c.thumbprint,
      notBefore: issued,
      notAfter: issued + c.validDays * DAY,
      ...('unreadable' in c && c.unreadable ? { unreadable: c.unreadable } : {}),
    };
  }

  /** A cycle this host runs, or the scenario's run in progress until it ends by itself. */
  busy(): boolean {
    if (this.runInProgress) return true;
    if (this.scenarioRunUntil === null) return false;
    if (this.ctx.now().getTime() < this.scenarioRunUntil) return true;
    this.scenarioRunUntil = null;
    return false;
  }

  async status(): Promise<SyncEngineStatus> {
    const generation = this.deps.generation();
    if (generation === 'none') return { generation, runInProgress: null, schedulerEnabled: null, lastRun: null };
    const last = this.runs.at(-1);
    return {
      generation,
      runInProgress: this.deps.engineRunning() ? this.busy() : false,
      schedulerEnabled: this.schedulerEnabled,
      lastRun: last ? { connector: last.connector, profile: last.profile, result: last.result, startTime: last.startTime, endTime: last.endTime } : null,
    };
  }

  async scheduler(): Promise<SchedulerState> {
    const sched = this.sched;
    const available = this.deps.generation() === 'entra-connect' && (sched.available ?? true);
    if (!available) {
      return {
        available: false,
        syncCycleEnabled: null,
        schedulerSuspended: null,
        stagingModeEnabled: null,
        syncCycleInProgress: null,
        nextSyncCycleStartTime: null,
        nextSyncCyclePolicyType: null,
        intervalMinutes: null,
      };
    }
    const next = new Date(this.ctx.now().getTime() + sched.nextCycleInMinutes * MINUTE);
    return {
      available: true,
      syncCycleEnabled: this.schedulerEnabled,
      schedulerSuspended: sched.suspended,
      stagingModeEnabled: sched.stagingMode,
      syncCycleInProgress: this.deps.engineRunning() ? this.busy() : false,
      nextSyncCycleStartTime: next.toISOString(),
      nextSyncCyclePolicyType: this.lastEntraSuccessAgeDays() > 7 ? 'initial' : 'delta',
      intervalMinutes: sched.intervalMinutes,
    };
  }

  async setSchedulerEnabled(enabled: boolean, opts: OperationOptions = {}): Promise<SchedulerState> {
    if (!(await this.scheduler()).available) {
      throw new HostError('not-supported', 'This sync tool has no built-in scheduler (Set-ADSyncScheduler came with Connect 1.1.105.0).');
    }
    if (!this.deps.engineRunning()) throw new HostError('sync-unavailable', 'The sync service is not running, so its scheduler cannot be changed.');
    await this.ctx.delay(opts);
    this.schedulerEnabled = enabled;
    return this.scheduler();
  }

  async connectorRuns(): Promise<ConnectorRunHistory> {
    const generation = this.deps.generation();
    if (generation === 'none' || !this.deps.engineRunning()) {
      // Without a running engine the cmdlets cannot answer: say "none", not "never synced".
      return { connectors: [], deletionThreshold: { enabled: null, value: null }, source: 'none' };
    }
    const byConnector = new Map<string, ConnectorRun[]>();
    for (const connector of [this.adConnectorName(), this.entraConnectorName()]) byConnector.set(connector, []);
    for (const r of [...this.runs].reverse()) {
      const list = byConnector.get(r.connector) ?? [];
      if (!list.some((x) => x.profile === r.profile)) list.push(toConnectorRun(r));
      byConnector.set(r.connector, list);
    }
    return {
      connectors: [...byConnector].map(([name, latestRuns]) => ({ name, type: this.connectorTypeOf(name), latestRuns })),
      deletionThreshold: generation === 'dirsync' ? { enabled: null, value: null } : { ...this.threshold },
      source: generation === 'dirsync' ? 'miis-wmi' : 'adsync',
    };
  }

  async runSyncCycle(kind: SyncCycleKind, opts: SyncCycleOptions = {}): Promise<SyncCycleOutcome> {
    // The lab's physics (lab-physics.ts) decide whether the cycle starts and how its runs end.
    const facts = this.cycleFacts(kind);
    let verdict = judgeCycle(facts);
    if (verdict.refused) throw new HostError(verdict.refused.result.code, verdict.refused.result.message);
    if (CERTIFICATE_ROTATION.holds(facts)) {
      this.issueCertificate();
      verdict = judgeCycle(this.cycleFacts(kind));
      if (verdict.refused) throw new HostError(verdict.refused.result.code, verdict.refused.result.message);
    } else if (facts.appCertificate === 'expired' && facts.cloudAuthentication === 'application') {
      // Logged at each scheduled cycle while the certificate stays expired.
      this.ctx.events.write(
        'Application',
        'ADSync',
        CERT_EXPIRED_EVENT,
        'error',
        'The certificate used for application-based authentication to Microsoft Entra ID has expired.',
      );
    }
    const plan = this.cyclePlan(kind, verdict.failure?.result ?? null);
    this.runInProgress = true;
    const now = this.ctx.now;
    const startedAt = now();
    const produced: LabRunRecord[] = [];
    try {
      for (const step of plan) {
        opts.onProgress?.({
          completedRuns: produced.length,
          running: { connector: step.connector, profile: step.profile },
          elapsedMs: now().getTime() - startedAt.getTime(),
        });
        const start = now().toISOString();
        await this.ctx.delay(opts, this.deps.runMs);
        const run: LabRunRecord = { ...step, startTime: start, endTime: now().toISOString() };
        this.runs.push(run);
        produced.push(run);
        this.afterRun(run);
      }
      opts.onProgress?.({ completedRuns: produced.length, running: null, elapsedMs: now().getTime() - startedAt.getTime() });
    } finally {
      this.runInProgress = false;
    }
    const runs = produced.map(toConnectorRun);
    return {
      kind,
      startedAt: startedAt.toISOString(),
      finishedAt: now().toISOString(),
      runs,
      succeeded: runs.every((r) => r.result === 'success' || r.result === 'completed-no-objects'),
    };
  }

  async setDeletionThreshold(
    change: { enabled: boolean; value?: number; credential?: CloudCredential },
    opts: OperationOptions = {},
  ): Promise<DeletionThreshold> {
    if (this.deps.generation() !== 'entra-connect') {
      throw new HostError('not-supported', 'Only Entra Connect has the export deletion threshold cmdlets.');
    }
    // As on Windows: the cmdlets sign in to Entra ID. The lab accepts any well-formed cloud
    // credential (it has no tenant to check it against) but, like Windows, none at all is refused.
    if (!change.credential || !/^[^\s@]+@[^\s@]+$/.test(change.credential.userName) || change.credential.password.length === 0) {
      throw new HostError(
        'cloud-sign-in-required',
        "Changing the deletion threshold signs in to Entra ID: give a cloud administrator's credential, or run the command on the server.",
      );
    }
    if (change.enabled && change.value !== undefined && (!Number.isInteger(change.value) || change.value < 1)) {
      throw new HostError('bad-input', 'value: expected a whole number of at least 1.', { field: 'value' });
    }
    await this.ctx.delay(opts);
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
    if (this.deps.generation() !== 'entra-connect') {
      throw new HostError('not-supported', 'The Entra Connect wizard was not found: DirSync and AADSync have their own configuration programs.');
    }
    requireElevated(this.ctx, 'The configuration wizard');
    if (this.wizardOpen) throw new HostError('sync-busy', 'The configuration wizard is already open.');
    await this.ctx.delay(opts);
    this.wizardOpen = true;
    const sched = this.sched;
    const wasSuspended = sched.suspended;
    sched.suspended = true;
    // The simulated admin does the task the step asked for: new cloud credentials while the
    // sign-in fails, otherwise "Configure application-based authentication".
    const task = this.cloud.credential !== 'valid' ? 'credentials' : 'application-auth';
    this.wizardClosed = new Promise<void>((resolve) =>
      setTimeout(() => {
        sched.suspended = wasSuspended;
        this.cloud.credential = 'valid';
        if (task === 'application-auth') {
          this.cloud.authentication = 'application';
          this.cloud.userName = null;
          this.issueCertificate();
        }
        this.wizardOpen = false;
        this.ctx.events.write(
          'Application',
          'Directory Synchronization',
          904,
          'information',
          'Scheduler: the configuration wizard was closed; the scheduler resumes.',
        );
        // The wizard's last page starts a sync when it completes ("Start the synchronization process
        // when configuration completes", checked by default): the new sign-in is tried at once.
        this.runSyncCycle(this.nextCycleKind())
          .catch(() => undefined)
          .finally(resolve);
      }, this.deps.wizardMs),
    );
    return { path: 'C:\\Program Files\\Microsoft Azure Active Directory Connect\\AzureADConnect.exe' };
  }

  /** Resolves when the simulated wizard has closed. */
  wizardFinished(): Promise<void> {
    return this.wizardClosed;
  }

  // ---- the admin's simulated work (lab-admin.ts): what closing the wizard or a wizard task changes ----

  /** The wizard closed (or the upgrade finished): the scheduler is no longer suspended. */
  adminResumeScheduler(): void {
    this.sched.suspended = false;
    this.wizardOpen = false;
  }

  /** The scheduler on, as Connect's express install leaves it. */
  adminSetSchedulerEnabled(enabled: boolean): void {
    this.schedulerEnabled = enabled;
  }

  /** The wizard's "Configure staging mode" with staging cleared. */
  adminLeaveStagingMode(): void {
    this.sched.stagingMode = false;
  }

  /** The Entra connector signs in again: a new password for its Sync_ user, or (a fresh install) as an application. */
  adminRenewCloudSignIn(kind: 'password' | 'application'): void {
    this.cloud.credential = 'valid';
    if (kind === 'application') {
      this.cloud.authentication = 'application';
      this.cloud.userName = null;
      this.issueCertificate();
    }
  }

  /** The wizard's "Rotate application certificate": a new certificate Connect manages, whatever the old one was. */
  adminRotateCertificate(): void {
    this.appCert.store = 'service-account';
    this.issueCertificate();
  }

  /** The application sign-in certificate as it stands (a copy). */
  appCertificate(): Readonly<LabAppCertificate> {
    return { ...this.appCert };
  }

  /** Where the certificate is in its life now: none while signing in as a user. */
  certificateStage(): CycleFacts['appCertificate'] {
    if (this.cloud.authentication !== 'application') return 'none';
    const life = certificateLife(
      { notBefore: new Date(this.appCert.notBefore).toISOString(), notAfter: new Date(this.appCert.notAfter).toISOString() },
      this.ctx.now(),
    );
    return life.expired ? 'expired' : life.due ? 'due' : 'current';
  }

  /** A new certificate from now, as long-lived as the one it replaces, with a new thumbprint. */
  private issueCertificate(): void {
    const c = this.appCert;
    const life = c.notAfter - c.notBefore;
    const now = this.ctx.now().getTime();
    // The next thumbprint: the old one turned by one place, so each renewal is visibly another certificate.
    c.thumbprint = c.thumbprint.slice(1) + c.thumbprint[0];
    c.notBefore = now;
    c.notAfter = now + life;
    delete c.unreadable;
  }

  /** The export deletion threshold on or off, as Enable-/Disable-ADSyncExportDeletionThreshold leave it (signed in interactively). */
  adminSetDeletionThreshold(enabled: boolean): void {
    this.threshold.enabled = enabled;
  }

  /** The kind of cycle the scheduler would run next: a full one after more than 7 days without a successful export. */
  nextCycleKind(): SyncCycleKind {
    return this.lastEntraSuccessAgeDays() > 7 ? 'initial' : 'delta';
  }

  adConnectorName(): string {
    const { scenario } = this.ctx;
    return scenario.connectors.ad.name ?? this.runs.find((r) => r.connectorType !== 'entra')?.connector ?? scenario.os.domain ?? 'Active Directory';
  }

  entraConnectorName(): string {
    const { scenario } = this.ctx;
    const fallback = scenario.tool?.generation === 'dirsync' ? 'Windows Azure Active Directory Connector' : 'contoso.onmicrosoft.com - AAD';
    // runs is unset while the constructor classifies the scenario's history.
    return scenario.connectors.entra.name ?? this.runs?.find((r) => r.connectorType === 'entra')?.connector ?? fallback;
  }

  /** What each run of a cycle will end with: the physics' failure (lab-physics.ts) on the runs it reaches. */
  private cyclePlan(kind: SyncCycleKind, f: CycleFailure | null): Omit<LabRunRecord, 'startTime' | 'endTime'>[] {
    const local = this.adConnectorName();
    const cloud = this.entraConnectorName();
    const initial = kind === 'initial';
    const generation = this.deps.generation();
    const stopAll = f?.scope === 'every-run' ? f.result : null;
    const cloudFailure = f?.result ?? null;
    const counts = (c: Partial<RunCounts> = {}): RunCounts => ({ ...NO_COUNTS, adds: 0, updates: 0, deletes: 0, exportErrors: 0, syncErrors: 0, ...c });
    const plan: Omit<LabRunRecord, 'startTime' | 'endTime'>[] = [
      { connector: local, connectorType: 'ad', profile: initial ? 'Full Import' : 'Delta Import', result: stopAll ?? 'success', counts: counts() },
      { connector: cloud, connectorType: 'entra', profile: initial ? 'Full Import' : 'Delta Import', result: cloudFailure ?? 'success', counts: counts() },
      {
        connector: local,
        connectorType: 'ad',
        profile: initial ? 'Full Synchronization' : 'Delta Synchronization',
        result: stopAll ?? 'success',
        counts: counts(),
      },
      {
        connector: cloud,
        connectorType: 'entra',
        profile: initial ? 'Full Synchronization' : 'Delta Synchronization',
        result: stopAll ?? 'success',
        counts: counts(),
      },
    ];
    // Staging mode imports and synchronizes but exports nothing.
    if (!this.sched.stagingMode || generation !== 'entra-connect') {
      let exportResult = cloudFailure ?? 'success';
      const pending = this.pendingDeletes;
      let exportCounts = counts({ deletes: 0, pendingDeletes: 0 });
      if (exportResult === 'success' && pending > 0) {
        if (this.threshold.enabled && pending > this.threshold.value && generation === 'entra-connect') {
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

  /** The facts of this moment the lab's physics judge a cycle by (lab-physics.ts). */
  cycleFacts(kind: SyncCycleKind): CycleFacts {
    const t = this.ctx.scenario.tool;
    const generation = this.deps.generation();
    return {
      generation,
      kind,
      engineRunning: this.deps.engineRunning(),
      busy: this.busy(),
      schedulerSuspended: this.sched.suspended,
      databaseFull: this.ctx.scenario.sync.databaseFull,
      retired: !!t && generation !== 'none' && evaluateSyncToolVersion(generation, t.version, this.ctx.now()).status === 'retired',
      tls12Ready: this.deps.network.tls12Ready(),
      endpoint: this.deps.network.endpoint(),
      cloudAuthentication: this.cloud.authentication,
      cloudCredential: this.cloud.credential,
      appAuthRequired: appAuthRequired(this.ctx.now()),
      daysSinceEntraSuccess: this.lastEntraSuccessAgeDays(),
      appCertificate: this.certificateStage(),
      certificateManaged: this.appCert.store === 'service-account',
    };
  }

  /** Events and state changes a completed run leaves behind. */
  private afterRun(run: LabRunRecord): void {
    const log = this.ctx.events;
    if (run.result === 'stopped-deletion-threshold-exceeded') {
      log.write(
        'Application',
        'Directory Synchronization',
        116,
        'warning',
        `The deletion threshold was exceeded: ${run.counts.pendingDeletes} deletions are pending; the threshold is ${this.threshold.value}. The export to Entra ID was stopped.`,
      );
    } else if (run.profile === 'Export' && run.connectorType === 'entra' && run.result === 'success') {
      this.pendingDeletes = 0;
      log.write('Application', 'Directory Synchronization', 114, 'information', 'Export cycle completed.');
    } else if (run.result === 'stopped-database-disk-full') {
      log.write('Application', 'ADSync', 6323, 'error', 'The server encountered an error because SQL Server is out of disk space.');
    } else if (run.result === 'stopped-extension-dll-exception' && this.deps.generation() !== 'entra-connect') {
      const id = log.firstIdOf('Directory Synchronization') ?? 109;
      log.write(
        'Application',
        'Directory Synchronization',
        id,
        'error',
        'This version of the Microsoft Online Services Directory Sync tool is no longer supported. Uninstall it and install the current sync tool.',
      );
    } else if (run.result !== 'success' && run.result !== 'completed-no-objects') {
      log.write(
        'Application',
        'ADSync',
        6100,
        'error',
        `The management agent "${run.connector}" step execution completed on run profile "${run.profile}" but returned ${run.result}.`,
      );
    }
  }

  private lastEntraSuccessAgeDays(): number {
    const now = this.ctx.now().getTime();
    const last = [...this.runs].reverse().find((r) => r.connectorType === 'entra' && r.result === 'success');
    // No success on record: it is at least as old as the oldest run the history keeps.
    const since = last ? Date.parse(last.endTime) : this.runs.length === 0 ? now : Date.parse(this.runs[0]!.startTime);
    return (now - since) / DAY;
  }

  connectorTypeOf(name: string): ConnectorType {
    if (this.ctx.scenario.connectors.entra.name === name || /- AAD$|Azure Active Directory|onmicrosoft/i.test(name)) return 'entra';
    return 'ad';
  }
}

function toConnectorRun(r: LabRunRecord): ConnectorRun {
  return {
    connector: r.connector,
    connectorType: r.connectorType,
    profile: r.profile,
    result: r.result,
    startTime: r.startTime,
    endTime: r.endTime,
    counts: { ...r.counts },
  };
}
