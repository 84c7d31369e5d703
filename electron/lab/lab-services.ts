// The service control manager of the lab server: the sync services, their state and their logon.
// It behaves like Windows where the playbooks depend on it: a service whose logon account cannot
// sign in fails to start with error 1069 and writes events 7038 and 7000; a missing "Log on as a
// service" right is 7041; a service running as another account than the one it was installed
// with cannot read its encryption key (6028). Domain logons are real binds against the directory.
import type { LogonKind, ServiceInfo, ServiceLogon } from '../../shared/domain/host';
import { logonKind } from '../../shared/domain/logon';
import type { DirectoryPort } from '../ports/directory-port';
import { DirectoryError, HostError } from '../ports/errors';
import type { OperationOptions } from '../ports/host-port';
import { DAY, type LabContext } from './lab-context';
import type { LabLocalAccounts } from './lab-local-accounts';
import { judgeStart, type StartFacts } from './lab-physics';
import type { LabLogon, LabService } from './scenario';

interface LabServiceState {
  spec: LabService;
  state: ServiceInfo['state'];
  /** The logon now configured (changes with setServiceLogon). */
  logon: LabLogon;
  password: string | null;
  startFailure: LabService['startFailure'] | null;
}

const LOGON_FAILURE_REASON: Partial<Record<DirectoryError['code'], string>> = {
  'invalid-credentials': 'The user name or password is incorrect.',
  'account-disabled': "This user can't sign in because this account is currently disabled.",
  'password-expired': "The specified account's password has expired.",
  'must-change-password': "The user's password must be changed before signing in.",
  'account-locked': 'The referenced account is currently locked out and may not be logged on to.',
  'account-expired': "This user can't sign in because this account has expired.",
  'not-found': 'The user name or password is incorrect.',
};

export class LabServices {
  private readonly services = new Map<string, LabServiceState>();

  constructor(
    private readonly ctx: LabContext,
    private readonly directory: DirectoryPort,
    private readonly sam: LabLocalAccounts,
    passwords: ReadonlyMap<string, string>,
  ) {
    for (const spec of ctx.scenario.services) {
      this.services.set(spec.name.toLowerCase(), {
        spec,
        state: spec.state,
        logon: spec.logon,
        password: passwords.get(spec.name) ?? null,
        startFailure: spec.startFailure ?? null,
      });
    }
  }

  isRunning(name: string): boolean {
    return this.services.get(name.toLowerCase())?.state === 'running';
  }

  /** The admin's simulated work cleared a start failure (a right granted, a lost key abandoned): the services it held. */
  clearStartFailure(failure: NonNullable<LabService['startFailure']>): string[] {
    const cleared: string[] = [];
    for (const s of this.services.values()) {
      if (s.startFailure !== failure) continue;
      s.startFailure = null;
      cleared.push(s.spec.name);
    }
    return cleared;
  }

  /** An installer put these services on the server (running, as installed). */
  install(specs: readonly LabService[]): void {
    for (const spec of specs) {
      this.services.set(spec.name.toLowerCase(), { spec, state: spec.state, logon: spec.logon, password: null, startFailure: spec.startFailure ?? null });
    }
  }

  /** The services that are stopped now, by name. */
  stopped(): string[] {
    return [...this.services.values()].filter((s) => s.state !== 'running').map((s) => s.spec.name);
  }

  /** An uninstall removes the program's services. */
  remove(names: Iterable<string>): void {
    for (const name of names) this.services.delete(name.toLowerCase());
  }

  async get(names: readonly string[]): Promise<ServiceInfo[]> {
    return names.flatMap((n) => {
      const s = this.services.get(n.toLowerCase());
      return s ? [this.info(s)] : [];
    });
  }

  async start(name: string, opts: OperationOptions = {}): Promise<ServiceInfo> {
    const s = this.service(name);
    if (s.state === 'running') return this.info(s);
    const account = this.logonAccount(s.logon);
    const log = this.ctx.events;
    // The lab's physics (lab-physics.ts) decide whether the start works and how it fails; this
    // only reads the facts and writes what Windows writes for that failure.
    let logonFailure: string | null | undefined;
    const facts: StartFacts = {
      startType: s.spec.startType,
      logonRightMissing: s.startFailure === 'logon-right-missing',
      logonFailure: async () => (logonFailure !== undefined ? logonFailure : (logonFailure = await this.logonFailure(s, opts))),
      originalLogon: this.isOriginalLogon(s),
      keyUnreadable: s.startFailure === 'encryption-key-unreadable',
      databaseFull: this.ctx.scenario.sync.databaseFull && s.spec.name.toLowerCase() === 'adsync',
    };
    if (s.spec.startType !== 'disabled') await this.ctx.delay(opts);
    const row = await judgeStart(facts);
    if (!row) {
      s.state = 'running';
      log.write('System', 'Service Control Manager', 7036, 'information', `The ${s.spec.displayName} service entered the running state.`);
      return this.info(s);
    }
    const { code, win32, event, kind } = row.result;
    const details = { service: s.spec.name, ...(win32 !== null ? { win32 } : {}) };
    const logonFailed = `The ${s.spec.displayName} service failed to start due to the following error: The service did not start due to a logon failure.`;
    switch (kind) {
      case 'start-type-disabled':
        throw new HostError(code, `${s.spec.displayName} cannot start because it is disabled.`, details);
      case 'logon-right':
        log.write(
          'System',
          'Service Control Manager',
          event,
          'error',
          `The ${s.spec.name} service was unable to log on as ${account} with the currently configured password due to the following error: Logon failure: the user has not been granted the requested logon type at this computer.`,
        );
        log.write('System', 'Service Control Manager', 7000, 'error', logonFailed);
        throw new HostError(code, `${s.spec.displayName} did not start: ${account} lacks the "Log on as a service" right (event 7041, error 1069).`, {
          ...details,
          account,
          event,
        });
      case 'logon-failure':
        log.write(
          'System',
          'Service Control Manager',
          event,
          'error',
          `The ${s.spec.name} service was unable to log on as ${account} with the currently configured password due to the following error: ${await facts.logonFailure()}`,
        );
        log.write('System', 'Service Control Manager', 7000, 'error', logonFailed);
        throw new HostError(code, `${s.spec.displayName} did not start: its logon account ${account} could not sign in (error 1069).`, { ...details, account });
      case 'key-unreadable':
        // The logon worked, but the service's key and database belong to the account it was
        // installed with: it starts, cannot open its encryption key, and stops.
        log.write('Application', 'ADSync', event, 'error', 'The server encryption key cannot be accessed.');
        log.write(
          'System',
          'Service Control Manager',
          7024,
          'error',
          `The ${s.spec.displayName} service terminated with the following service-specific error: The server encryption key cannot be accessed.`,
        );
        throw new HostError(code, `${s.spec.displayName} started and stopped: it cannot read its encryption key as ${account} (event 6028).`, {
          ...details,
          event,
          account,
        });
      case 'database-full':
        // It starts, its database refuses to grow past LocalDB's 10 GB, and it stops.
        log.write('Application', 'ADSync', event, 'error', 'The server encountered an error because SQL Server is out of disk space.');
        log.write(
          'System',
          'Service Control Manager',
          7024,
          'error',
          `The ${s.spec.displayName} service terminated with the following service-specific error: The server encountered an error because SQL Server is out of disk space.`,
        );
        throw new HostError(code, `${s.spec.displayName} started and stopped: its database is full (event 6323, the 10 GB limit of LocalDB).`, {
          ...details,
          event,
        });
    }
  }

  async stop(name: string, opts: OperationOptions = {}): Promise<ServiceInfo> {
    const s = this.service(name);
    if (s.state === 'stopped') return this.info(s);
    await this.ctx.delay(opts);
    s.state = 'stopped';
    this.ctx.events.write('System', 'Service Control Manager', 7036, 'information', `The ${s.spec.displayName} service entered the stopped state.`);
    return this.info(s);
  }

  async setLogonPassword(name: string, password: string): Promise<void> {
    const s = this.service(name);
    if (s.logon.kind === 'builtin') {
      throw new HostError('bad-input', `${s.spec.displayName} logs on as ${s.logon.account}, which has no password to set.`, {
        service: s.spec.name,
      });
    }
    if (password.length === 0) throw new HostError('bad-input', 'The new logon password is empty.');
    s.password = password;
  }

  async logon(name: string): Promise<ServiceLogon> {
    const s = this.service(name);
    const account = this.logonAccount(s.logon);
    const original = this.logonAccount(s.spec.originalLogon ?? s.spec.logon);
    return {
      service: s.spec.name,
      account,
      kind: this.kindOf(account),
      original: { account: original, kind: this.kindOf(original), installedAt: new Date(this.ctx.now().getTime() - 400 * DAY).toISOString() },
    };
  }

  async setLogon(name: string, account: string, password?: string, opts: OperationOptions = {}): Promise<ServiceLogon> {
    const s = this.service(name);
    const kind = this.kindOf(account);
    if (kind === 'local-system') throw new HostError('bad-input', 'account: LocalSystem is not a supported logon for the sync service.', { field: 'account' });
    const hasPassword = kind === 'domain-user' || kind === 'local-user';
    if (hasPassword && !password) throw new HostError('bad-input', 'password: a user account needs its password.', { field: 'password' });
    if (!hasPassword && password)
      throw new HostError('bad-input', `password: ${account} is a virtual or managed account; Windows keeps its password.`, { field: 'password' });
    const os = this.ctx.scenario.os;
    let logon: LabLogon;
    if (kind === 'domain-user') {
      const [domain, sam] = account.split('\\');
      if (!sam || domain!.toUpperCase() !== os.netbiosDomain) {
        throw new HostError('service-failed', `Windows rejected the logon account ${account} (Win32_Service.Change returned 22: invalid service account).`, {
          win32: 22,
        });
      }
      logon = { kind: 'domain', sAMAccountName: sam, password: 'current' };
    } else if (kind === 'local-user') {
      const local = account.includes('\\') ? account.split('\\')[1]! : account;
      if (!this.sam.has(local)) {
        throw new HostError('service-failed', `Windows rejected the logon account ${account} (Win32_Service.Change returned 22: invalid service account).`, {
          win32: 22,
        });
      }
      logon = { kind: 'local', name: this.sam.nameOf(local), password: 'current' };
    } else {
      logon = { kind: 'builtin', account };
    }
    await this.ctx.delay(opts);
    s.logon = logon;
    s.password = hasPassword ? password! : null;
    // A key problem caused by a changed account is cured by putting the original back (see
    // start); a key that is unreadable for the original account stays so.
    return this.logon(name);
  }

  private kindOf(account: string): LogonKind {
    return logonKind(account, this.ctx.scenario.os.computerName);
  }

  private isOriginalLogon(s: LabServiceState): boolean {
    const original = this.logonAccount(s.spec.originalLogon ?? s.spec.logon);
    return this.logonAccount(s.logon).toLowerCase() === original.toLowerCase();
  }

  /** The reason Windows would give for a failed service logon, or null when it can sign in. */
  private async logonFailure(s: LabServiceState, opts: OperationOptions): Promise<string | null> {
    if (s.logon.kind === 'local') {
      const failure = this.sam.signInFailure(s.logon.name, s.password);
      return failure ? LOGON_FAILURE_REASON[failure]! : null;
    }
    if (s.logon.kind !== 'domain') return null;
    if (!s.password) return LOGON_FAILURE_REASON['invalid-credentials']!;
    try {
      await this.directory.verifyCredentials(`${this.ctx.scenario.os.netbiosDomain}\\${s.logon.sAMAccountName}`, s.password, opts);
      return null;
    } catch (e) {
      if (e instanceof DirectoryError && LOGON_FAILURE_REASON[e.code]) return LOGON_FAILURE_REASON[e.code]!;
      throw e;
    }
  }

  /** The logon as Win32_Service.StartName shows it. */
  private logonAccount(logon: LabLogon): string {
    const os = this.ctx.scenario.os;
    if (logon.kind === 'domain') return `${os.netbiosDomain}\\${logon.sAMAccountName}`;
    if (logon.kind === 'local') return `${os.computerName}\\${logon.name}`;
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
}
