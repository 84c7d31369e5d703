// A completed download is made owner-only (0600); a cancelled one is left alone; Windows is not touched.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownerOnlyDownloads, type DownloadLike, type DownloadSession } from './downloads';

function fakeDownload(file: string) {
  const item = new EventEmitter() as EventEmitter & DownloadLike;
  item.getSavePath = () => file;
  return item;
}

describe.skipIf(process.platform === 'win32')('downloads are saved for the owner only', () => {
  it('chmods a completed download to 0600 and leaves a cancelled one as it was', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-dl-'));
    const done = path.join(dir, 'deletion-gap.csv');
    const cancelled = path.join(dir, 'other.csv');
    fs.writeFileSync(done, 'a', { mode: 0o644 });
    fs.writeFileSync(cancelled, 'b', { mode: 0o644 });
    fs.chmodSync(done, 0o644);
    fs.chmodSync(cancelled, 0o644);
    const ses = new EventEmitter();
    ownerOnlyDownloads(ses as unknown as DownloadSession, 'linux');
    const a = fakeDownload(done);
    const b = fakeDownload(cancelled);
    ses.emit('will-download', {}, a);
    ses.emit('will-download', {}, b);
    a.emit('done', {}, 'completed');
    b.emit('done', {}, 'cancelled');
    expect(fs.statSync(done).mode & 0o777).toBe(0o600);
    expect(fs.statSync(cancelled).mode & 0o777).toBe(0o644);
  });

  it('does nothing on Windows', () => {
    const ses = new EventEmitter();
    ownerOnlyDownloads(ses as unknown as DownloadSession, 'win32');
    expect(ses.listenerCount('will-download')).toBe(0);
  });
});
