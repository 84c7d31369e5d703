// Timeouts and cancellation for directory operations, the same way for both implementations:
// an aborted signal becomes DirectoryError('cancelled'), a deadline DirectoryError('timeout').
import { DirectoryError } from '../ports/errors';
import type { OperationOptions } from '../ports/host-port';

export class OperationScope {
  private readonly timeoutSignal: AbortSignal;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;

  constructor(
    /** What is being done, for messages: "search under CN=Users,...". */
    readonly what: string,
    opts: OperationOptions | undefined,
    defaultTimeoutMs: number,
  ) {
    const timeoutMs = opts?.timeoutMs ?? defaultTimeoutMs;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new DirectoryError('bad-input', `timeout for ${what} must be a positive number of milliseconds, got ${String(timeoutMs)}`);
    }
    this.timeoutMs = timeoutMs;
    this.timeoutSignal = AbortSignal.timeout(timeoutMs);
    this.signal = opts?.signal ? AbortSignal.any([opts.signal, this.timeoutSignal]) : this.timeoutSignal;
  }

  /** The error for a stopped operation: timeout when the deadline passed, cancelled otherwise. */
  stoppedError(): DirectoryError {
    return this.timeoutSignal.aborted
      ? new DirectoryError('timeout', `${this.what} timed out after ${this.timeoutMs} ms`, { timeoutMs: this.timeoutMs })
      : new DirectoryError('cancelled', `${this.what} was cancelled`);
  }

  throwIfStopped(): void {
    if (this.signal.aborted) throw this.stoppedError();
  }

  /** Settles with `work`, or rejects as soon as the signal aborts (the work itself is left to finish or fail unobserved). */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.signal.aborted) {
      work.catch(() => {});
      return Promise.reject(this.stoppedError());
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.stoppedError());
      this.signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (v) => {
          this.signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          this.signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }
}
