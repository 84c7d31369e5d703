// LabHost: a simulated sync server driven by a scenario, seen through the HostPort. It is a
// façade: each job of the server lives in its own module (the service control manager and the
// local accounts, the installed programs, the sync engine and its connectors, the network).
import type {
  AppCertificateState,
  AdConnectorAccount,
  AutoUpgradeStatus,
  ConnectorAccounts,
  ConnectorOuFiltering,
  ConnectorRunHistory,
  DeletionThreshold,
  EndpointTest,
  EventQuery,
  EventRecord,
  InstalledProgram,
  LocalUser,
  LocalUserChange,
  OsFacts,
  PasswordHashSyncState,
  SchedulerState,
  ServiceInfo,
  ServiceLogon,
  SyncCycleKind,
  SyncCycleOutcome,
  SyncEngineStatus,
  SyncToolInstall,
  TlsSettings,
  TlsWriteResult,
} from '../../shared/domain/host';
import type { DirectoryPort } from '../ports/directory-port';
import type { CloudCredential, HostPort, OperationOptions, SyncCycleOptions, UninstallResult, UninstallTarget } from '../ports/host-port';
import type { LabAdminAction } from '../../shared/playbooks/next-actions';
import { playAdmin } from './lab-admin';
import { HostError } from '../ports/errors';
import { AUTO_UPGRADE_SINCE } from '../../shared/domain/auto-upgrade';
import { compareVersions } from '../../shared/domain/version-floors';
import { labContext, type LabContext } from './lab-context';
import { LabConnectors } from './lab-connectors';
import { LabLocalAccounts } from './lab-local-accounts';
import { LabNetwork } from './lab-network';
import { LabPrograms } from './lab-programs';
import { LabServices } from './lab-services';
import { LabSyncEngine } from './lab-sync-engine';
import type { Scenario } from './scenario';

/** Passwords the lab's services hold, by service name. Kept in memory only. */
export type ServicePasswords = ReadonlyMap<string, string>;

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
  /** Creates an AD connector account in the lab directory (Connect's express install, played by the lab's admin). */
  createConnectorAccount?: (sAMAccountName: string) => Promise<void>;
}

export class LabHost implements HostPort {
  readonly kind = 'lab' as const;
  private readonly ctx: LabContext;
  private readonly sam: LabLocalAccounts;
  private readonly services: LabServices;
  private readonly programs: LabPrograms;
  private readonly network: LabNetwork;
  private readonly engine: LabSyncEngine;
  private readonly connectors: LabConnectors;
  private readonly createConnectorAccount: LabHostOptions['createConnectorAccount'];

  constructor(options: LabHostOptions) {
    this.createConnectorAccount = options.createConnectorAccount;
    const transitionMs = options.transitionMs ?? 150;
    this.ctx = labContext(options.scenario, options.now ?? (() => new Date()), transitionMs);
    this.sam = new LabLocalAccounts(this.ctx, options.localPasswords);
    this.services = new LabServices(this.ctx, options.directory, this.sam, options.servicePasswords);
    this.programs = new LabPrograms(this.ctx, this.services, () => this.engine.busy());
    this.network = new LabNetwork(this.ctx);
    const generation = () => this.programs.generation();
    this.engine = new LabSyncEngine({
      ctx: this.ctx,
      network: this.network,
      generation,
      engineRunning: () => this.programs.engineRunning(),
      runMs: options.runMs ?? transitionMs,
      wizardMs: options.wizardMs ?? transitionMs * 10,
    });
    this.connectors = new LabConnectors(this.ctx, options.directory, this.engine, generation);
  }

  async osFacts(): Promise<OsFacts> {
    const { netbiosDomain: _n, ...facts } = this.ctx.scenario.os;
    return facts;
  }

  async dotNetRelease(): Promise<number | null> {
    return this.ctx.scenario.dotNetRelease;
  }

  /** The scenario's stand-in for the directory's size (see Scenario.syncScopeObjects); null: count the directory. */
  declaredSyncScopeObjects(): number | null {
    return this.ctx.scenario.syncScopeObjects ?? null;
  }

  async adfsInstalled(): Promise<boolean> {
    return this.ctx.scenario.adfsInstalled;
  }

  async queryEvents(query: EventQuery): Promise<EventRecord[]> {
    return this.ctx.events.query(query);
  }

  // ---- services and their logon (Method 2) --------------------------------------------------------

  getServices(names: readonly string[]): Promise<ServiceInfo[]> {
    return this.services.get(names);
  }

  startService(name: string, opts: OperationOptions = {}): Promise<ServiceInfo> {
    return this.services.start(name, opts);
  }

  stopService(name: string, opts: OperationOptions = {}): Promise<ServiceInfo> {
    return this.services.stop(name, opts);
  }

  async restartService(name: string, opts: OperationOptions = {}): Promise<ServiceInfo> {
    await this.services.stop(name, opts);
    return this.services.start(name, opts);
  }

  setServiceLogonPassword(name: string, password: string): Promise<void> {
    return this.services.setLogonPassword(name, password);
  }

  serviceLogon(name: string): Promise<ServiceLogon> {
    return this.services.logon(name);
  }

  setServiceLogon(name: string, account: string, password?: string, opts: OperationOptions = {}): Promise<ServiceLogon> {
    return this.services.setLogon(name, account, password, opts);
  }

  localUsers(prefix?: string): Promise<LocalUser[]> {
    return this.sam.list(prefix);
  }

  setLocalUser(name: string, change: LocalUserChange, opts: OperationOptions = {}): Promise<LocalUser> {
    return this.sam.set(name, change, opts);
  }

  resetLocalUserPassword(name: string, password: string, opts: OperationOptions = {}): Promise<LocalUser> {
    return this.sam.resetPassword(name, password, opts);
  }

  // ---- installed programs ----------------------------------------------------------------------

  installedPrograms(): Promise<InstalledProgram[]> {
    return this.programs.list();
  }

  uninstallProgram(target: UninstallTarget, opts: OperationOptions = {}): Promise<UninstallResult> {
    return this.programs.uninstall(target, opts);
  }

  syncTool(): Promise<SyncToolInstall> {
    return this.programs.syncTool();
  }

  // ---- sync engine ---------------------------------------------------------------------------

  syncEngineStatus(): Promise<SyncEngineStatus> {
    return this.engine.status();
  }

  async startSyncCycle(kind: SyncCycleKind, opts: OperationOptions = {}): Promise<void> {
    await this.engine.runSyncCycle(kind, opts);
  }

  runSyncCycle(kind: SyncCycleKind, opts: SyncCycleOptions = {}): Promise<SyncCycleOutcome> {
    return this.engine.runSyncCycle(kind, opts);
  }

  // ---- the application sign-in certificate ------------------------------------------------------

  /** As Get-DsdAppCertificate reads it: the connector's certificate in the store of the account the engine service runs as, or why not. */
  async appCertificate(engineService: string): Promise<AppCertificateState> {
    const none = (problem: string, identityType: AppCertificateState['identityType'] = null): AppCertificateState => ({
      identityType,
      thumbprintProperty: null,
      certificate: null,
      problem,
    });
    const identityType = (await this.connectors.accounts()).entra?.identityType ?? null;
    if (this.programs.generation() !== 'entra-connect' || identityType === null) {
      return none('This sync tool has no Get-ADSyncEntraConnectorCredential (Entra Connect 2.5.3.0 and later have it).');
    }
    if (!this.programs.engineRunning()) return none('The sync service is not running: its cmdlets answer only while it runs.');
    if (identityType !== 'application') return none('The Entra connector does not sign in as an application, so it has no certificate.', identityType);
    const c = this.engine.appCertificate();
    if (c.unreadable) return none(c.unreadable, identityType);
    const logon = await this.services.logon(engineService);
    // Connect keeps its certificate in the store of the account the service was installed with: another logon looks elsewhere.
    if (c.store === 'service-account' && logon.account.toLowerCase() !== (logon.original?.account ?? logon.account).toLowerCase()) {
      return none(`The certificate the connector names is in neither the personal store of ${logon.account} nor the computer's personal store.`, identityType);
    }
    return {
      identityType,
      // The lab does not know the name of the cmdlet's thumbprint property any more than Microsoft's pages say.
      thumbprintProperty: null,
      certificate: {
        store: c.store,
        account: c.store === 'service-account' ? logon.account : null,
        thumbprint: c.thumbprint,
        subject: 'CN=Microsoft Entra Connect Sync',
        notBefore: new Date(c.notBefore).toISOString(),
        notAfter: new Date(c.notAfter).toISOString(),
      },
      problem: null,
    };
  }

  // ---- password hash sync ----------------------------------------------------------------------

  async passwordHashSync(): Promise<PasswordHashSyncState> {
    const generation = this.programs.generation();
    if (generation !== 'aadsync' && generation !== 'entra-connect') {
      return { available: false, enabled: null, adConnectors: [], problem: 'This sync tool has no Get-ADSyncAADCompanyFeature (AADSync and Connect have it).' };
    }
    if (!this.programs.engineRunning()) {
      return { available: true, enabled: null, adConnectors: [], problem: 'The sync service is not running: its cmdlets answer only while it runs.' };
    }
    return { available: true, enabled: this.ctx.scenario.passwordHashSync.enabled, adConnectors: [this.engine.adConnectorName()], problem: null };
  }

  async startFullPasswordSync(adConnector: string): Promise<void> {
    const state = await this.passwordHashSync();
    if (!state.available || state.enabled === null) throw new HostError('sync-unavailable', state.problem ?? 'Password hash sync cannot be read here.');
    if (!state.enabled)
      throw new HostError(
        'bad-input',
        'Password hash sync is not turned on for this tenant: a full password sync has nothing to send. It is turned on in the configuration wizard.',
      );
    if ((await this.engine.scheduler()).stagingModeEnabled)
      throw new HostError(
        'bad-input',
        'This server is in staging mode, where password hash sync does not run: start the full password sync on the active server.',
      );
    if (!state.adConnectors.includes(adConnector))
      throw new HostError('bad-input', `There is no AD connector named "${adConnector}" (there is: ${state.adConnectors.join(', ')}).`);
    // What the engine logs once the passwords went out again: the heartbeat for that connector.
    this.ctx.events.write('Application', 'Directory Synchronization', 623, 'information', `Password synchronization full sync completed for ${adConnector}.`);
    this.ctx.events.write('Application', 'Directory Synchronization', 654, 'information', `Password synchronization ping completed for ${adConnector}.`);
  }

  // ---- automatic upgrade -----------------------------------------------------------------------

  async autoUpgrade(): Promise<AutoUpgradeStatus> {
    const tool = this.ctx.scenario.tool;
    const since = tool?.version ? compareVersions(tool.version, AUTO_UPGRADE_SINCE) : null;
    if (this.programs.generation() !== 'entra-connect' || since === null || since < 0) {
      return {
        available: false,
        state: null,
        suspensionReason: null,
        problem: `This sync tool has no Get-ADSyncAutoUpgrade (Entra Connect has it from ${AUTO_UPGRADE_SINCE}).`,
      };
    }
    if (!this.programs.engineRunning()) {
      return { available: true, state: null, suspensionReason: null, problem: 'The sync service is not running: its cmdlets answer only while it runs.' };
    }
    const { state, reason } = this.ctx.scenario.autoUpgrade;
    return { available: true, state, suspensionReason: state === 'suspended' ? (reason ?? null) : null, problem: null };
  }

  scheduler(): Promise<SchedulerState> {
    return this.engine.scheduler();
  }

  setSchedulerEnabled(enabled: boolean, opts: OperationOptions = {}): Promise<SchedulerState> {
    return this.engine.setSchedulerEnabled(enabled, opts);
  }

  connectorRuns(): Promise<ConnectorRunHistory> {
    return this.engine.connectorRuns();
  }

  setDeletionThreshold(change: { enabled: boolean; value?: number; credential?: CloudCredential }, opts: OperationOptions = {}): Promise<DeletionThreshold> {
    return this.engine.setDeletionThreshold(change, opts);
  }

  openConfigurationWizard(opts: OperationOptions = {}): Promise<{ path: string }> {
    return this.engine.openConfigurationWizard(opts);
  }

  /** Lab only: the admin's part of a manual step, done on the simulated server (lab-admin.ts). */
  simulateAdminAction(action: LabAdminAction, opts: OperationOptions = {}): Promise<string[]> {
    return playAdmin(
      {
        ctx: this.ctx,
        services: this.services,
        programs: this.programs,
        network: this.network,
        engine: this.engine,
        createConnectorAccount: this.createConnectorAccount,
      },
      action,
      opts,
    );
  }

  /** Lab only: resolves when the simulated wizard has closed (tests and the demo wait on it). */
  wizardFinished(): Promise<void> {
    return this.engine.wizardFinished();
  }

  connectorAccounts(): Promise<ConnectorAccounts> {
    return this.connectors.accounts();
  }

  adConnectorAccount(): Promise<AdConnectorAccount> {
    return this.connectors.adConnectorAccount();
  }

  connectorOuFiltering(): Promise<ConnectorOuFiltering> {
    return this.connectors.ouFiltering();
  }

  // ---- network -------------------------------------------------------------------------------

  tlsSettings(): Promise<TlsSettings> {
    return this.network.tlsSettings();
  }

  enableTls12(opts: OperationOptions = {}): Promise<TlsWriteResult> {
    return this.network.enableTls12(opts);
  }

  testEndpoint(opts: OperationOptions = {}): Promise<EndpointTest> {
    return this.network.testEndpoint(opts);
  }
}
