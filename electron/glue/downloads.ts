// Files the window downloads (the deletion-gap CSV, the workbench's findings CSV) hold DNs, UPNs
// and addresses: once saved they are made readable by their owner only (0600 on POSIX; on Windows
// the file keeps the folder's access list, as every other file the user saves there).
import fs from 'node:fs';

/** The part of an Electron DownloadItem used here. */
export interface DownloadLike {
  getSavePath(): string;
  once(event: 'done', listener: (event: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void): unknown;
}

/** The part of an Electron Session used here. */
export interface DownloadSession {
  on(event: 'will-download', listener: (event: unknown, item: DownloadLike) => void): unknown;
}

export function ownerOnlyDownloads(ses: DownloadSession, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') return;
  ses.on('will-download', (_event, item) => {
    item.once('done', (_e, state) => {
      if (state !== 'completed') return;
      const file = item.getSavePath();
      if (!file) return;
      try {
        fs.chmodSync(file, 0o600);
      } catch {
        // The file was moved or removed meanwhile: there is nothing left to protect here.
      }
    });
  });
}
