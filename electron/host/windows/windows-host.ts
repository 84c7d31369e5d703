// The real sync server: each HostPort method runs one PowerShell script (assets/powershell) and
// parses its answer with one schema (script-outputs.ts). Inputs are checked here first, so a bad
// value is refused with a bad-input error naming the field before any process starts; the
// scripts check them again on their side.
import { z } from 'zod';
import {
  EventQuery,
  ServiceName,
  SyncCycleKind,
  type EventRecord,
  type InstalledProgram,
  type OsFacts,
  type ServiceInfo,
  type SyncEngineStatus,
} from '../../../shared/domain/host';
import { HostError } from '../../ports/errors';
import type { HostPort, OperationOptions, UninstallResult } from '../../ports/host-port';
import { PowerShellRunner, type ScriptName, type SpawnFn } from './powershell-runner';
import { resolveScriptDir } from './script-dir';
import {
  AdfsOutput,
  EventsOutput,
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
}

export const DEFAULT_TIMEOUTS: WindowsHostTimeouts = {
  query: 60_000,
  // The sync engine can take a minute or more to start on a busy server.
  service: 180_000,
  uninstall: 30 * 60_000,
  syncCycle: 120_000,
};

export interface WindowsHostOptions {
  /** Folder holding the .ps1 files; default: packaged resources or the repo's assets/powershell. */
  scriptDir?: string;
  /** Stand-in for child_process.spawn (tests). */
  spawn?: SpawnFn;
  /** Where Windows is (tests); default: the kernel's \\SystemRoot link (windows-dir.ts). */
  windowsDir?: () => string;
  timeouts?: Partial<WindowsHostTimeouts>;
}

const ServiceNames = z.array(ServiceName).max(64);
const ProductCode = z
  .string()
  .regex(/^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$/, 'expected an MSI product code {GUID}');
const Password = z
  .string()
  .min(1, 'must not be empty')
  .max(256, 'at most 256 characters')
  .refine((p) => !p.includes('\u0000'), 'must not contain NUL');
/** Event log and source names as Windows spells them; Get-WinEvent builds an XPath query from them. */
const EventName = z.string().regex(/^[A-Za-z0-9 ._()/-]{1,256}$/, 'may contain only letters, digits, space and . _ ( ) / -');
const WindowsEventQuery = EventQuery.extend({
  log: EventName,
  sources: z.array(EventName).max(16).optional(),
});

function checkInput<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // Name the field, never echo the value: it may be a password.
  const issues = parsed.error.issues
    .map((i) => `${[field, ...i.path.map(String)].join('.')}: ${i.message}`)
    .join('; ');
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
  }

  private run<T>(
    script: ScriptName,
    input: Record<string, unknown>,
    schema: z.ZodType<T>,
    timeoutMs: number,
    opts: OperationOptions | undefined,
    secrets?: string[],
  ): Promise<T> {
    return this.runner.run(script, input, schema, { timeoutMs, signal: opts?.signal, secrets });
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
    await this.run(
      'Set-DsdServiceLogonPassword',
      { name: service, password: secret },
      SetPasswordOutput,
      opts?.timeoutMs ?? this.timeouts.service,
      opts,
      [secret],
    );
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

  async uninstallProgram(productCode: string, opts?: OperationOptions): Promise<UninstallResult> {
    // Uninstall keys and msiexec spell product codes in upper case.
    const code = checkInput(ProductCode, productCode, 'productCode').toUpperCase();
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
      { productCode: code, waitSeconds: scriptWaitSeconds(timeoutMs) },
      uninstallOutputFor(code),
      timeoutMs,
      opts,
    );
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
}

/** The uninstall answer must be about the product that was asked for. */
function uninstallOutputFor(productCode: string) {
  return UninstallOutput.refine((u) => u.productCode === productCode, {
    message: `answer is about another product than ${productCode}`,
    path: ['ProductCode'],
  });
}
