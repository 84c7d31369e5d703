// One ipcMain handler per contract channel. Each call: the sender must be the app window's
// main frame on app://dirsync, then dispatch validates, times out and maps errors. The handler
// always resolves with an IpcResult; it never throws to the renderer.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS, wireName, type Channel } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/errors';
import { dispatch, type DispatchOptions, type Handlers } from '../ipc/dispatch';
import { isTrustedSender } from '../security/ipc-sender';

const fail = (code: 'forbidden' | 'internal', message: string): IpcResult<never> => ({
  ok: false,
  error: { code, message, detail: null },
});

/** A sender we cannot inspect (frame already torn down mid-check) is not trusted. */
function senderIsTrusted(event: IpcMainInvokeEvent, appContents: () => WebContents | null): boolean {
  try {
    return isTrustedSender(event, appContents());
  } catch {
    return false;
  }
}

async function answer(
  channel: Channel,
  event: IpcMainInvokeEvent,
  payload: unknown,
  handlers: Handlers,
  appContents: () => WebContents | null,
  options: DispatchOptions,
): Promise<IpcResult<unknown>> {
  try {
    if (!senderIsTrusted(event, appContents)) {
      return fail('forbidden', `${channel}: only the DirSync Doctor window may call the main process`);
    }
    return await dispatch(handlers, channel, payload, options);
  } catch (error) {
    options.onInternalError?.(channel, error);
    return fail('internal', `${channel} failed unexpectedly`);
  }
}

/** Registers every channel; returns a function that removes them again. */
export function registerIpcHandlers(handlers: Handlers, appContents: () => WebContents | null, options: DispatchOptions = {}): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(wireName(channel), (event, payload: unknown) => answer(channel, event, payload, handlers, appContents, options));
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(wireName(channel));
  };
}
