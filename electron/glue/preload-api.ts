// The API the preload exposes as window.dirsync: one function per contract channel, nothing
// else (no ipcRenderer, no generic invoke). Pure so it can be tested without Electron.
import { CHANNELS, wireName, type Channel, type DirsyncApi } from '../../shared/ipc/contract';
import type { IpcError, IpcResult } from '../../shared/ipc/errors';

/** ipcRenderer.invoke, as the preload passes it in. */
export type Invoke = (wireChannel: string, request: unknown) => Promise<unknown>;

const failure = (code: IpcError['code'], message: string): IpcResult<never> => ({
  ok: false,
  error: { code, message, detail: null },
});

function isIpcResult(value: unknown): value is IpcResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; value?: unknown; error?: unknown };
  if (v.ok === true) return 'value' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && typeof e.message === 'string';
}

function callFor(channel: Channel, invoke: Invoke) {
  const wire = wireName(channel);
  // Exactly one argument crosses the bridge; the renderer always gets a result, never a rejection.
  return async (request: unknown): Promise<IpcResult<unknown>> => {
    let answer: unknown;
    try {
      answer = await invoke(wire, request);
    } catch {
      return failure('internal', `${channel}: the request could not be delivered to the main process`);
    }
    return isIpcResult(answer) ? answer : failure('internal', `${channel}: the main process sent a malformed answer`);
  };
}

export function createDirsyncApi(invoke: Invoke): DirsyncApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNELS) api[channel] = callFor(channel, invoke);
  return Object.freeze(api) as DirsyncApi;
}
