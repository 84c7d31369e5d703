// The renderer's one way to the main process: window.dirsync (the preload's frozen API, or the
// test bridge's imitation), wrapped so every call is typed per channel, checked against the
// contract, and always settles: a missing bridge, a thrown error, a malformed reply or a call
// that outlives its channel's timeout all come back as the typed IpcError shape.
import { CONTRACT, type Channel, type DirsyncApi, type RequestOf, type ResponseOf } from '../../shared/ipc/contract';
import { ipcResultSchema, type IpcError, type IpcResult } from '../../shared/ipc/errors';

declare global {
  interface Window {
    /** Set by the preload (Electron) or the test bridge; absent anywhere else. */
    readonly dirsync?: DirsyncApi;
  }
}

/** How much longer than the main process's own timeout the window waits before giving up. */
export const TIMEOUT_SLACK_MS = 2_000;

export interface ApiClient {
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
}

export interface ApiClientOptions {
  /** Client-side limit per channel; defaults to the contract's timeoutMs plus TIMEOUT_SLACK_MS. */
  timeoutFor?: (channel: Channel) => number;
}

const failure = (code: IpcError['code'], message: string, detail: string | null = null) => ({ ok: false, error: { code, message, detail } }) as const;

// One envelope schema per channel, built on first use.
const envelopes = new Map<Channel, ReturnType<typeof ipcResultSchema>>();
function envelopeFor(channel: Channel) {
  let schema = envelopes.get(channel);
  if (!schema) {
    schema = ipcResultSchema(CONTRACT[channel].response);
    envelopes.set(channel, schema);
  }
  return schema;
}

export function createApiClient(bridge: DirsyncApi | undefined, options: ApiClientOptions = {}): ApiClient {
  const timeoutFor = options.timeoutFor ?? ((c: Channel) => CONTRACT[c].timeoutMs + TIMEOUT_SLACK_MS);

  async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>> {
    const fn = bridge?.[channel] as ((r: RequestOf<C>) => Promise<unknown>) | undefined;
    if (typeof fn !== 'function') {
      return failure(
        'unavailable',
        'This window is not connected to the DirSync Doctor engine. Close the app and start it again.',
        `window.dirsync.${channel} is missing`,
      );
    }

    const limit = timeoutFor(channel);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), limit);
    });
    try {
      // Call through Promise.resolve so a bridge that throws synchronously is caught below too.
      const reply = await Promise.race([Promise.resolve().then(() => fn(request)), timedOut]);
      if (reply === 'timeout') {
        return failure('timeout', `No answer after ${Math.round(limit / 1000)} seconds. Try again; if it keeps happening, restart the app.`, channel);
      }
      const parsed = envelopeFor(channel).safeParse(reply);
      if (!parsed.success) {
        return failure('internal', 'The engine sent an answer this window could not read.', channel);
      }
      return parsed.data as IpcResult<ResponseOf<C>>;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return failure('internal', `The request could not be sent: ${why}`, channel);
    } finally {
      clearTimeout(timer);
    }
  }

  return { call };
}
