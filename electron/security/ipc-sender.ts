// Who may call the main process: only the main frame of the app's own window, showing the
// app's own origin. Subframes, other windows and anything navigated elsewhere are refused.
import { isAppUrl } from './app-origin';

/** The parts of Electron's WebFrameMain the check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId: number;
  readonly routingId: number;
}

/** The parts of an IpcMainInvokeEvent the check reads. */
export interface IpcSenderLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

/** The parts of the app window's WebContents the check reads. */
export interface AppContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
}

export function isTrustedSender(event: IpcSenderLike, app: AppContentsLike | null | undefined): boolean {
  if (!app || event.sender.id !== app.id) return false;
  const frame = event.senderFrame; // null once the frame navigated away or was destroyed
  if (!frame || frame.parent !== null) return false;
  const main = app.mainFrame;
  if (frame !== main && (frame.processId !== main.processId || frame.routingId !== main.routingId)) return false;
  return isAppUrl(frame.url);
}
