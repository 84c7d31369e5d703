// The screenshot port for the app session: the window's own capture (the renderer has already
// masked every sensitive field and drawn the footer), the clipboard, and the save dialog, all in
// the main process so the renderer never names a path.
import { clipboard, ClipboardItem, dialog, type BrowserWindow, type SaveDialogOptions } from 'electron';
import type { ScreenshotPort } from '../app/home-handlers';

export function windowScreenshots(window: () => BrowserWindow | null): ScreenshotPort {
  const current = () => {
    const w = window();
    if (!w || w.isDestroyed()) throw new Error('The app window is not open.');
    return w;
  };
  return {
    async capture() {
      const image = await current().webContents.capturePage();
      return image.toPNG();
    },
    async chooseSavePath(defaultName) {
      const options: SaveDialogOptions = {
        title: 'Save the screenshot',
        defaultPath: defaultName,
        filters: [{ name: 'PNG image', extensions: ['png'] }],
        properties: ['showOverwriteConfirmation', 'dontAddToRecent'],
      };
      const parent = window();
      const result = parent && !parent.isDestroyed() ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async copyToClipboard(png) {
      await clipboard.write([new ClipboardItem({ 'image/png': new Blob([new Uint8Array(png)], { type: 'image/png' }) })]);
    },
  };
}
