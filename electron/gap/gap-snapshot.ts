// Writes the deletion-gap snapshot: every in-scope object (objectGUID, DN, class, UPN, mail) as
// JSON Lines, streamed from a paged search straight to disk, so 100,000 objects cost one page of
// memory. The file appears only when complete (written beside it, then renamed); a failed or
// cancelled run leaves nothing behind.
import fs from 'node:fs';
import { once } from 'node:events';
import { GAP_SNAPSHOT_FORMAT, type GapObject, type GapSnapshotHeader } from '../../shared/domain/gap';
import { guidFromBytes } from '../../shared/ldap';
import type { DirectoryPort } from '../ports/directory-port';
import type { OperationOptions } from '../ports/host-port';
import { scopeClass, SYNC_SCOPE_FILTER } from '../directory/sync-scope';

export interface SnapshotOptions extends OperationOptions {
  now?: () => Date;
  /** Called every 1,000 objects with the number written so far. */
  onProgress?: (written: number) => void;
}

export interface SnapshotResult {
  file: string;
  header: GapSnapshotHeader;
  count: number;
}

export class GapFileError extends Error {
  override readonly name = 'GapFileError';
}

export async function writeGapSnapshot(directory: DirectoryPort, file: string, opts: SnapshotOptions = {}): Promise<SnapshotResult> {
  if (fs.existsSync(file)) throw new GapFileError(`${file} already exists; choose a new file name (a snapshot is never overwritten)`);
  const info = await directory.info(opts);
  const header: GapSnapshotHeader = {
    format: GAP_SNAPSHOT_FORMAT,
    version: 1,
    takenAt: (opts.now ?? (() => new Date()))().toISOString(),
    domain: info.domain,
    baseDn: info.baseDn,
  };
  const partial = `${file}.partial`;
  // Owner only (0600 on POSIX): the file holds the DN, UPN and mail of every object in scope.
  const out = fs.createWriteStream(partial, { flags: 'wx', encoding: 'utf8', mode: 0o600 });
  const write = async (line: unknown) => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  };
  let count = 0;
  try {
    await once(out, 'open');
    await write(header);
    const search = directory.search(
      { filter: SYNC_SCOPE_FILTER, attributes: ['objectGUID', 'objectClass', 'userPrincipalName', 'mail'], pageSize: 1000 },
      opts,
    );
    for await (const entry of search) {
      const objectClass = scopeClass(entry.attributes.objectClass ?? []);
      const guid = entry.attributes.objectGUID?.[0];
      if (!objectClass || !guid) continue;
      const object: GapObject = {
        objectGuid: guidFromBytes(Buffer.from(guid, 'base64')),
        dn: entry.dn,
        objectClass,
        upn: entry.attributes.userPrincipalName?.[0] ?? null,
        mail: entry.attributes.mail?.[0] ?? null,
      };
      await write(object);
      count++;
      if (count % 1000 === 0) opts.onProgress?.(count);
    }
    await write({ end: true, count });
    out.end();
    await once(out, 'finish');
    fs.renameSync(partial, file);
  } catch (e) {
    // Writes still queued fail once the stream is gone; that is expected here, not news.
    out.on('error', () => {});
    if (!out.destroyed) {
      const closed = once(out, 'close');
      out.destroy();
      await closed.catch(() => {});
    }
    fs.rmSync(partial, { force: true });
    throw e;
  }
  opts.onProgress?.(count);
  return { file, header, count };
}
