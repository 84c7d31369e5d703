// One DirSync Doctor per user: a second start hands over to the first window and quits.
import { app, type BrowserWindow } from 'electron';

/** Returns false (and quits) when another instance already runs. */
export function claimSingleInstance(firstWindow: () => BrowserWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const window = firstWindow();
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  return true;
}
