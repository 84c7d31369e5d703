// Runs one of the host's PowerShell scripts and returns its parsed answer.
// Windows PowerShell 5.1 is started from the Windows folder the kernel names (windows-dir.ts),
// with a fixed argument array (no shell, no user value on the command line) and an environment
// built here from that folder alone, never inherited (the app runs elevated; the user's
// environment is not to be trusted). The script file must match the SHA-256 recorded for it.
// The parameters go to the script as one JSON document on stdin; the script
// prints one JSON envelope on stdout, parsed with the caller's zod schema. Timeouts, non-zero
// exits and malformed output become typed HostErrors.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn as nodeSpawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HostErrorCode } from '../../../shared/domain/host';
import { HostError } from '../../ports/errors';
import { SCRIPT_SHA256 } from './script-hashes';
import { SCRIPT_DIR_MARKER } from './script-dir';
import { trustedWindowsDir } from './windows-dir';

/** The scripts under assets/powershell, one per host operation (file name without .ps1). */
export const SCRIPT_NAMES = [
  'Get-DsdOsFacts',
  'Get-DsdServices',
  'Start-DsdService',
  'Stop-DsdService',
  'Restart-DsdService',
  'Set-DsdServiceLogonPassword',
  'Get-DsdEvents',
  'Get-DsdInstalledPrograms',
  'Uninstall-DsdProgram',
  'Test-DsdAdfsInstalled',
  'Get-DsdSyncEngineStatus',
  'Start-DsdSyncCycle',
  'Get-DsdSyncTool',
  'Get-DsdScheduler',
  'Set-DsdSchedulerEnabled',
  'Get-DsdConnectorRuns',
  'Stop-DsdSyncCycle',
  'Set-DsdDeletionThreshold',
  'Get-DsdConnectorAccounts',
  'Get-DsdAdConnectorAccount',
  'Get-DsdConnectorOuFiltering',
  'Get-DsdServiceLogon',
  'Set-DsdServiceLogon',
  'Get-DsdLocalUsers',
  'Set-DsdLocalUser',
  'Reset-DsdLocalUserPassword',
  'Get-DsdTlsSettings',
  'Set-DsdTls12',
  'Test-DsdEndpoint',
  'Get-DsdDotNetRelease',
  'Invoke-DsdBatch',
  'Start-DsdConfigurationWizard',
  'Get-DsdPasswordHashSync',
  'Start-DsdFullPasswordSync',
  'Get-DsdAutoUpgrade',
  'Get-DsdAppCertificate',
] as const;
export type ScriptName = (typeof SCRIPT_NAMES)[number];

export interface PowerShellSpawnOptions {
  windowsHide: true;
  shell: false;
  stdio: ['pipe', 'pipe', 'pipe'];
  cwd: string;
  /** Complete: nothing of the parent's environment is passed on. */
  env: Record<string, string>;
}

/** child_process.spawn, narrowed; injectable so tests can run a stand-in process. */
export type SpawnFn = (command: string, args: readonly string[], options: PowerShellSpawnOptions) => ChildProcessWithoutNullStreams;

export interface PowerShellRunnerOptions {
  scriptDir: string;
  spawn?: SpawnFn;
  /**
   * The Windows folder powershell.exe and the child's environment are derived from. Default:
   * trustedWindowsDir(), asked on the first run; never %SystemRoot%, %windir% or PATH.
   */
  windowsDir?: () => string;
  /** SHA-256 (hex) of each .ps1 by file name; default: the manifest recorded at build time. */
  scriptHashes?: Readonly<Record<string, string>>;
  /** Stop reading (and fail) beyond this much stdout. */
  maxStdoutBytes?: number;
  /** Keep at most this much stderr for the error excerpt. */
  maxStderrBytes?: number;
}

export interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Values to blank out of any message or excerpt that leaves the runner (passwords). */
  secrets?: readonly string[];
}

/** Error codes a script may report itself; bad-output and script-failed are the runner's to decide. */
const ScriptErrorCode = HostErrorCode.exclude(['bad-output', 'script-failed']);

const Envelope = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    data: z.unknown().refine((v) => v !== undefined, 'missing (use null for nothing)'),
  }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: ScriptErrorCode,
      message: z.string(),
      win32: z.number().int().nullable().optional(),
    }),
  }),
]);

const EXCERPT_CHARS = 800;

/** Windows PowerShell 5.1 in the given Windows folder: an absolute path, never a PATH lookup. */
export function powershellPathIn(windowsDir: string): string {
  return path.win32.join(windowsDir, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
}

/**
 * The whole environment of the PowerShell child, from the Windows folder only. SystemRoot is
 * needed by Windows itself (sockets, crypto); PATH holds only system folders; TEMP is the
 * Windows temp folder; PSModulePath is PowerShell's own module folder (the scripts pin it again,
 * since Windows PowerShell may add the user's Documents folder at start-up). Not passed on:
 * ProgramFiles, the user's profile folders, PSModulePath, PATH or anything else of the parent's.
 */
export function powershellEnvironment(windowsDir: string): Record<string, string> {
  const system32 = path.win32.join(windowsDir, 'System32');
  return {
    SystemRoot: windowsDir,
    windir: windowsDir,
    SystemDrive: windowsDir.slice(0, 2),
    PATH: [system32, windowsDir, path.win32.join(system32, 'Wbem'), path.win32.join(system32, 'WindowsPowerShell', 'v1.0')].join(';'),
    PATHEXT: '.COM;.EXE',
    TEMP: path.win32.join(windowsDir, 'Temp'),
    TMP: path.win32.join(windowsDir, 'Temp'),
    PSModulePath: path.win32.join(system32, 'WindowsPowerShell', 'v1.0', 'Modules'),
  };
}

/** The complete, fixed command line: only the script path varies, and it comes from SCRIPT_NAMES. */
export function powershellArgs(scriptPath: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', scriptPath];
}

/**
 * JSON with every character outside ASCII written as \uXXXX: whatever code page the console of
 * the server uses, the bytes on stdin decode to the same document.
 */
export function toAsciiJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('input is not serialisable as JSON');
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}

function excerpt(text: string, secrets: readonly string[]): string {
  const flat = redact(text, secrets).replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}...` : flat;
}

function issuesText(error: z.ZodError, prefix: string[]): string {
  return error.issues.map((i) => `${[...prefix, ...i.path.map(String)].join('.') || '(root)'}: ${i.message}`).join('; ');
}

/**
 * Parses what a script printed: one JSON envelope, then its data with the operation's schema.
 * Pure, so recorded outputs can be tested without a process.
 */
export function parseScriptOutput<T>(script: ScriptName, stdout: string, schema: z.ZodType<T>, secrets: readonly string[] = []): T {
  const file = `${script}.ps1`;
  const text = stdout.replace(/^\uFEFF/, '').trim();
  if (text === '') {
    throw new HostError('bad-output', `${file} printed nothing.`, { script: file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HostError('bad-output', `${file} printed something that is not one JSON document: ${excerpt(text, secrets)}`, {
      script: file,
    });
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) {
    const issues = issuesText(envelope.error, []);
    throw new HostError('bad-output', `${file} printed an answer of the wrong shape: ${issues}`, { script: file, issues });
  }
  if (!envelope.data.ok) {
    const { code, message, win32 } = envelope.data.error;
    throw new HostError(code, redact(message, secrets), { script: file, win32: win32 ?? null });
  }
  const parsed = schema.safeParse(envelope.data.data);
  if (!parsed.success) {
    const issues = issuesText(parsed.error, ['data']);
    throw new HostError('bad-output', `${file} printed data that does not match its schema: ${issues}`, {
      script: file,
      issues,
    });
  }
  return parsed.data;
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  overflow: boolean;
}

export class PowerShellRunner {
  readonly scriptDir: string;
  private readonly spawn: SpawnFn;
  private readonly windowsDir: () => string;
  private resolvedWindowsDir: string | null = null;
  private readonly scriptHashes: Readonly<Record<string, string>>;
  private readonly maxStdoutBytes: number;
  private readonly maxStderrBytes: number;

  constructor(options: PowerShellRunnerOptions) {
    this.scriptDir = options.scriptDir;
    this.spawn = options.spawn ?? ((command, args, opts) => nodeSpawn(command, [...args], opts));
    this.windowsDir = options.windowsDir ?? (() => trustedWindowsDir());
    this.scriptHashes = options.scriptHashes ?? SCRIPT_SHA256;
    this.maxStdoutBytes = options.maxStdoutBytes ?? 32 * 1024 * 1024;
    this.maxStderrBytes = options.maxStderrBytes ?? 64 * 1024;
  }

  scriptPath(script: ScriptName): string {
    return path.join(this.scriptDir, `${script}.ps1`);
  }

  async run<T>(script: ScriptName, input: Record<string, unknown>, schema: z.ZodType<T>, options: RunOptions): Promise<T> {
    const file = `${script}.ps1`;
    const secrets = options.secrets ?? [];
    const scriptPath = this.scriptPath(script);
    // The script and the helpers it dot-sources.
    for (const name of [file, SCRIPT_DIR_MARKER]) await this.verifyScriptFile(file, name);
    if (options.signal?.aborted) throw cancelled(file, options.signal);

    const finished = await this.execute(file, scriptPath, toAsciiJson(input), options);
    if (finished.aborted) throw cancelled(file, options.signal);
    if (finished.timedOut) {
      throw new HostError('script-timeout', `${file} did not finish within ${options.timeoutMs} ms and was stopped.`, {
        script: file,
        timeoutMs: options.timeoutMs,
      });
    }
    if (finished.overflow) {
      throw new HostError('bad-output', `${file} printed more than ${this.maxStdoutBytes} bytes and was stopped.`, {
        script: file,
      });
    }
    if (finished.code !== 0) {
      const stderr = excerpt(finished.stderr, secrets);
      if (refusedBySyncEngine(script, stderr)) {
        throw new HostError('not-sync-admin', `${file}: the sync engine's cmdlets refused this account: ${stderr}`, {
          script: file,
          exitCode: finished.code,
          stderr,
        });
      }
      const how = finished.code === null ? `was ended by ${finished.signal ?? 'a signal'}` : `exited with code ${finished.code}`;
      throw new HostError('script-failed', `${file} ${how}${stderr ? `: ${stderr}` : ' and wrote nothing on stderr.'}`, {
        script: file,
        exitCode: finished.code,
        stderr,
      });
    }
    return parseScriptOutput(script, finished.stdout, schema, secrets);
  }

  /** Checks the recorded hashes of scripts another script runs (Invoke-DsdBatch runs several). */
  async verifyScripts(runBy: ScriptName, scripts: readonly ScriptName[]): Promise<void> {
    for (const script of scripts) await this.verifyScriptFile(`${runBy}.ps1`, `${script}.ps1`);
  }

  /**
   * Refuses a script file that is not byte for byte the one this build shipped: the scripts
   * sit outside the asar and run elevated with -ExecutionPolicy Bypass, so their hash recorded
   * in the main bundle is what vouches for them.
   */
  private async verifyScriptFile(file: string, name: string): Promise<void> {
    const fullPath = path.join(this.scriptDir, name);
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(fullPath);
    } catch {
      throw new HostError('script-failed', `The PowerShell script ${fullPath} is missing.`, { script: file });
    }
    const expected = Object.hasOwn(this.scriptHashes, name) ? this.scriptHashes[name] : undefined;
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== expected) {
      throw new HostError(
        'script-failed',
        `${name} is not the file this version of DirSync Doctor shipped (its SHA-256 differs), so ${file} was not run. Reinstall DirSync Doctor.`,
        { script: file, modified: fullPath, expectedSha256: expected ?? null, actualSha256: actual },
      );
    }
  }

  /** The Windows folder, asked once; a failure is asked again on the next run. */
  private windowsFolder(): string {
    this.resolvedWindowsDir ??= this.windowsDir();
    return this.resolvedWindowsDir;
  }

  private execute(file: string, scriptPath: string, stdin: string, options: RunOptions): Promise<Finished> {
    return new Promise<Finished>((resolve, reject) => {
      let child: ChildProcessWithoutNullStreams;
      try {
        const windowsDir = this.windowsFolder();
        child = this.spawn(powershellPathIn(windowsDir), powershellArgs(scriptPath), {
          windowsHide: true,
          shell: false,
          stdio: ['pipe', 'pipe', 'pipe'],
          cwd: this.scriptDir,
          env: powershellEnvironment(windowsDir),
        });
      } catch (e) {
        reject(startFailure(file, e));
        return;
      }

      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let stdoutBytes = 0;
      let stderrBytes = 0;
      const state = { timedOut: false, aborted: false, overflow: false, settled: false };

      const stop = () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      };
      const timer = setTimeout(() => {
        state.timedOut = true;
        stop();
      }, options.timeoutMs);
      const onAbort = () => {
        state.aborted = true;
        stop();
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };

      child.stdout.on('data', (chunk: Buffer) => {
        stdoutBytes += chunk.length;
        if (stdoutBytes > this.maxStdoutBytes) {
          state.overflow = true;
          stop();
          return;
        }
        stdout.push(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderrBytes >= this.maxStderrBytes) return;
        stderr.push(chunk.subarray(0, this.maxStderrBytes - stderrBytes));
        stderrBytes += chunk.length;
      });
      child.on('error', (e) => {
        if (state.settled) return;
        state.settled = true;
        cleanup();
        stop();
        reject(startFailure(file, e));
      });
      child.on('close', (code, signal) => {
        if (state.settled) return;
        state.settled = true;
        cleanup();
        resolve({
          code,
          signal,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          ...state,
        });
      });

      // A script that exits before reading its input closes the pipe: that is reported by its exit, not here.
      child.stdin.on('error', () => {});
      child.stdin.end(stdin, 'utf8');
    });
  }
}

function startFailure(file: string, e: unknown): HostError {
  const reason = e instanceof Error ? e.message : String(e);
  return new HostError('script-failed', `Could not start Windows PowerShell for ${file}: ${reason}`, { script: file });
}

function cancelled(file: string, signal: AbortSignal | undefined): HostError {
  const reason: unknown = signal?.reason;
  // AbortSignal.timeout() aborts with a TimeoutError: that is a timeout to the caller.
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new HostError('script-timeout', `${file} was stopped: the caller's time ran out.`, { script: file });
  }
  return new HostError('script-failed', `${file} was cancelled.`, { script: file, cancelled: true });
}

/** The scripts that talk to the sync engine through its own PowerShell module (ADSync). */
export const ADSYNC_MODULE_SCRIPTS: ReadonlySet<string> = new Set([
  'Get-DsdAdConnectorAccount',
  'Get-DsdAutoUpgrade',
  'Get-DsdAppCertificate',
  'Get-DsdConnectorAccounts',
  'Get-DsdConnectorOuFiltering',
  'Get-DsdConnectorRuns',
  'Get-DsdScheduler',
  'Get-DsdSyncEngineStatus',
  'Set-DsdDeletionThreshold',
  'Set-DsdSchedulerEnabled',
  'Start-DsdSyncCycle',
  'Stop-DsdSyncCycle',
]);

/**
 * Access denied from the ADSync cmdlets: the account is not in the local ADSyncAdmins group (or
 * was added after it signed in). An elevated session does not help; membership and a new logon do.
 */
export function refusedBySyncEngine(script: string, stderr: string): boolean {
  return ADSYNC_MODULE_SCRIPTS.has(script) && /access (is )?denied|UnauthorizedAccess|not authorized|ADSyncAdmins/i.test(stderr);
}
