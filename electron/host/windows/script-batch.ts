// Batched mode of the Windows host: read-only questions asked at about the same time (a
// diagnosis asks some twenty, concurrently) are answered by ONE PowerShell process
// (Invoke-DsdBatch.ps1) instead of one process each, which costs ~300 ms apiece on a server.
// The process is started by the same runner (fixed argv, built environment, script hashes:
// every batched script's hash is checked too); each call's input is validated by its caller
// beforehand and each answer is parsed strictly with that call's own schema. Calls that carry a
// secret or change the server never go into a batch.
import { z } from 'zod';
import { HostError } from '../../ports/errors';
import { parseScriptOutput, redact, type PowerShellRunner, type RunOptions, type ScriptName } from './powershell-runner';

/** The scripts Invoke-DsdBatch.ps1 accepts (its $readOnly list): questions, never changes. */
export const BATCHABLE_SCRIPTS: ReadonlySet<ScriptName> = new Set<ScriptName>([
  'Get-DsdOsFacts',
  'Get-DsdServices',
  'Get-DsdEvents',
  'Get-DsdInstalledPrograms',
  'Test-DsdAdfsInstalled',
  'Get-DsdSyncEngineStatus',
  'Get-DsdSyncTool',
  'Get-DsdScheduler',
  'Get-DsdConnectorRuns',
  'Get-DsdConnectorAccounts',
  'Get-DsdAdConnectorAccount',
  'Get-DsdConnectorOuFiltering',
  'Get-DsdServiceLogon',
  'Get-DsdLocalUsers',
  'Get-DsdTlsSettings',
  'Test-DsdEndpoint',
  'Get-DsdDotNetRelease',
  'Get-DsdPasswordHashSync',
  'Get-DsdAutoUpgrade',
  'Get-DsdAppCertificate',
]);

/** Invoke-DsdBatch's data: each call's envelope as the script wrote it (JSON text). */
export const BatchOutput = z.array(z.string().min(1));
const CallFailure = z.object({ failed: z.string() }).strict();

export interface BatchOptions {
  /** How long to wait for more calls after the first one (ms); 0 = those made in the same tick. */
  windowMs: number;
  /** At most this many calls per PowerShell process (Invoke-DsdBatch takes up to 32). */
  maxCalls: number;
}

interface Pending {
  script: ScriptName;
  input: Record<string, unknown>;
  options: RunOptions;
  settle: (text: string | HostError) => void;
}

export class ScriptBatcher {
  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Batches started (for tests and the benchmark's figures). */
  batches = 0;

  constructor(
    private readonly runner: PowerShellRunner,
    private readonly options: BatchOptions = { windowMs: 0, maxCalls: 32 },
  ) {}

  run<T>(script: ScriptName, input: Record<string, unknown>, schema: z.ZodType<T>, options: RunOptions): Promise<T> {
    if (!BATCHABLE_SCRIPTS.has(script) || (options.secrets?.length ?? 0) > 0) {
      return this.runner.run(script, input, schema, options);
    }
    return new Promise<T>((resolve, reject) => {
      const secrets = options.secrets ?? [];
      let done = false;
      const onAbort = () => finish(new HostError('script-failed', `${script}.ps1 was cancelled.`, { script: `${script}.ps1`, cancelled: true }));
      const finish = (outcome: string | HostError) => {
        if (done) return;
        done = true;
        options.signal?.removeEventListener('abort', onAbort);
        if (outcome instanceof HostError) return reject(outcome);
        try {
          resolve(parseScriptOutput(script, outcome, schema, secrets));
        } catch (e) {
          reject(e);
        }
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push({ script, input, options, settle: finish });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.queue.length >= this.options.maxCalls) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => void this.flush(), this.options.windowMs);
  }

  private async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const calls = this.queue.splice(0, this.options.maxCalls);
    if (this.queue.length > 0) this.schedule();
    const live = calls.filter((c) => !c.options.signal?.aborted);
    if (live.length === 0) return;
    if (live.length === 1) return this.single(live[0]!);
    this.batches++;
    let answers: string[];
    try {
      await this.runner.verifyScripts('Invoke-DsdBatch', [...new Set(live.map((c) => c.script))]);
      answers = await this.runner.run(
        'Invoke-DsdBatch',
        { calls: live.map((c) => ({ script: c.script, input: c.input })) },
        BatchOutput.length(live.length),
        // The batch may take as long as its slowest call may.
        { timeoutMs: Math.max(...live.map((c) => c.options.timeoutMs)) },
      );
    } catch (e) {
      // A timeout is a timeout for everyone in it; any other failure of the batch itself (the
      // process, its envelope) falls back to one process per call rather than failing them all.
      if (e instanceof HostError && e.code === 'script-timeout') return live.forEach((c) => c.settle(e));
      await Promise.all(live.map((c) => this.single(c)));
      return;
    }
    live.forEach((c, i) => c.settle(this.answerOf(c, answers[i]!)));
  }

  private async single(c: Pending): Promise<void> {
    try {
      c.settle(JSON.stringify({ ok: true, data: await this.runner.run(c.script, c.input, z.unknown(), c.options) }));
    } catch (e) {
      c.settle(e instanceof HostError ? e : new HostError('script-failed', String(e), { script: `${c.script}.ps1` }));
    }
  }

  /** One call's envelope text, or the failure of a call that threw inside the batch. */
  private answerOf(c: Pending, text: string): string | HostError {
    let failure: z.infer<typeof CallFailure> | null = null;
    try {
      const parsed = CallFailure.safeParse(JSON.parse(text));
      if (parsed.success) failure = parsed.data;
    } catch {
      // Not JSON: parseScriptOutput names that as bad output.
    }
    if (!failure) return text;
    const message = redact(failure.failed, c.options.secrets ?? []);
    return new HostError('script-failed', `${c.script}.ps1 failed: ${message}`, { script: `${c.script}.ps1`, batched: true });
  }
}
