// One request through the contract: known channel, valid request, handler under a timeout,
// valid response, and every failure turned into a typed IpcError. Used by the Electron
// ipcMain glue and by the test bridge alike, so both behave the same.
import { CONTRACT, isChannel, type Channel, type RequestOf, type ResponseOf } from '../../shared/ipc/contract';
import { describeIssues, type IpcError, type IpcResult } from '../../shared/ipc/errors';
import { DirectoryError, HostError } from '../ports/errors';

export type Handler<C extends Channel> = (request: RequestOf<C>, signal: AbortSignal) => Promise<ResponseOf<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

/** Thrown by handlers for expected refusals (unknown id, expired plan, nothing connected). */
export class RequestError extends Error {
  constructor(
    readonly code: IpcError['code'],
    message: string,
    readonly detail: string | null = null,
  ) {
    super(message);
  }
}

export interface DispatchOptions {
  /** Override a channel's declared timeout (tests). */
  timeoutMs?: number;
  /** Called with unexpected errors (bugs) for the app log; never with request payloads. */
  onInternalError?: (channel: string, error: unknown) => void;
}

const fail = (code: IpcError['code'], message: string, detail: string | null = null): IpcResult<never> => ({
  ok: false,
  error: { code, message, detail },
});

export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown, options: DispatchOptions = {}): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) {
    // Not String(channel): an object without a prototype cannot be turned into a string.
    return fail(
      'unknown-channel',
      `Unknown channel: ${typeof channel === 'string' ? channel.slice(0, 64) : `(a ${channel === null ? 'null' : typeof channel})`}`,
    );
  }
  const spec = CONTRACT[channel];
  const parsed = spec.request.safeParse(payload ?? {});
  if (!parsed.success) {
    return fail('invalid-request', `Invalid request for ${channel}: ${describeIssues(parsed.error)}`);
  }

  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? spec.timeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const handler = handlers[channel] as Handler<Channel>;
    const outcome = await Promise.race([handler(parsed.data as never, controller.signal), timeout]);
    if (outcome === 'timeout') {
      controller.abort();
      return fail('timeout', `${channel} did not answer within ${Math.round(timeoutMs / 1000)} s`);
    }
    const checked = spec.response.safeParse(outcome);
    if (!checked.success) {
      options.onInternalError?.(channel, checked.error);
      return fail('internal', `${channel} produced a malformed response`, describeIssues(checked.error));
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    return toIpcError(channel, error, options);
  } finally {
    clearTimeout(timer);
  }
}

function toIpcError(channel: string, error: unknown, options: DispatchOptions): IpcResult<never> {
  if (error instanceof RequestError) return fail(error.code, error.message, error.detail);
  if (error instanceof HostError) return fail('host', error.message, error.code);
  if (error instanceof DirectoryError) return fail('directory', error.message, error.code);
  options.onInternalError?.(channel, error);
  return fail('internal', `${channel} failed unexpectedly`, error instanceof Error ? error.name : null);
}
