// The "pick a CA file" port for the app session: Electron's open dialog, run by the main process,
// so the renderer never names a path (it only learns the chosen file's name).
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';

const OPTIONS: OpenDialogOptions = {
  title: 'Choose the CA certificate to trust',
  properties: ['openFile', 'dontAddToRecent'],
  filters: [
    { name: 'PEM certificates', extensions: ['pem', 'crt', 'cer'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

export function caFilePicker(window: () => BrowserWindow | null): () => Promise<string | null> {
  return async () => {
    const parent = window();
    const result = parent ? await dialog.showOpenDialog(parent, OPTIONS) : await dialog.showOpenDialog(OPTIONS);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}

const FACTS_OPTIONS: OpenDialogOptions = {
  title: 'Open a collected server file or a support bundle',
  properties: ['openFile', 'dontAddToRecent'],
  filters: [
    { name: 'Collected facts or support bundles', extensions: ['json', 'zip'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

/** The "open a facts file" port: the legacy collector's output or a support bundle. */
export function factsFilePicker(window: () => BrowserWindow | null): () => Promise<string | null> {
  return async () => {
    const parent = window();
    const result = parent ? await dialog.showOpenDialog(parent, FACTS_OPTIONS) : await dialog.showOpenDialog(FACTS_OPTIONS);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
