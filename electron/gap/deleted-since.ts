// Lists the objects of a deletion-gap snapshot that have been deleted since: reads the snapshot
// (validated line by line, a cut-off or foreign file is refused with the line at fault), then
// walks the deleted-objects container with the show-deleted control and matches by objectGUID.
import readline from 'node:readline';
import { GapObject, GapSnapshotHeader, GapSnapshotTrailer, type GapDeletion, type GapReport } from '../../shared/domain/gap';
import { describeIssues } from '../../shared/ipc/errors';
import { dnEquals, generalizedTimeToIso, guidFromBytes } from '../../shared/ldap';
import { BoundedFileError, openBoundedStream } from '../files/bounded-file';
import type { DirectoryPort } from '../ports/directory-port';
import type { OperationOptions } from '../ports/host-port';
import { GapFileError } from './gap-snapshot';

export interface LoadedSnapshot {
  file: string;
  header: GapSnapshotHeader;
  objects: Map<string, GapObject>;
}

export async function readGapSnapshot(file: string): Promise<LoadedSnapshot> {
  let opened: Awaited<ReturnType<typeof openBoundedStream>>;
  try {
    opened = await openBoundedStream(file, 'gap-snapshot', { encoding: 'utf8' });
  } catch (e) {
    throw new GapFileError(e instanceof BoundedFileError ? e.message : `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const { stream } = opened;
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let header: GapSnapshotHeader | null = null;
  let trailer: GapSnapshotTrailer | null = null;
  const objects = new Map<string, GapObject>();
  let n = 0;
  const bad = (why: string) => new GapFileError(`${file} line ${n}: ${why}`);
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      if (trailer) throw bad('text after the end of the snapshot');
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw bad('not JSON');
      }
      if (!header) {
        const h = GapSnapshotHeader.safeParse(raw);
        if (!h.success) throw bad(`not a DirSync Doctor gap snapshot header (${describeIssues(h.error)})`);
        header = h.data;
        continue;
      }
      const end = GapSnapshotTrailer.safeParse(raw);
      if (end.success) {
        trailer = end.data;
        continue;
      }
      const o = GapObject.safeParse(raw);
      if (!o.success) throw bad(describeIssues(o.error));
      objects.set(o.data.objectGuid, o.data);
    }
  } catch (e) {
    const over = opened.overCap();
    throw over ? new GapFileError(over.message) : e;
  } finally {
    stream.destroy();
  }
  const overCap = opened.overCap();
  if (overCap) throw new GapFileError(overCap.message);
  if (!header) throw new GapFileError(`${file}: empty, not a gap snapshot`);
  if (!trailer) throw new GapFileError(`${file}: incomplete (no end line): the snapshot was cut off; take a new one`);
  if (trailer.count !== objects.size) throw new GapFileError(`${file}: says ${trailer.count} objects but holds ${objects.size}`);
  return { file, header, objects };
}

export interface ListOptions extends OperationOptions {
  now?: () => Date;
  /** Called every 1,000 deleted objects examined. */
  onProgress?: (examined: number) => void;
}

export async function listDeletedSince(directory: DirectoryPort, snapshot: LoadedSnapshot, opts: ListOptions = {}): Promise<GapReport> {
  const { baseDn } = await directory.info(opts);
  if (!dnEquals(baseDn, snapshot.header.baseDn)) {
    throw new GapFileError(`${snapshot.file} was taken in ${snapshot.header.baseDn}, but this directory is ${baseDn}`);
  }
  const deleted: GapDeletion[] = [];
  let examined = 0;
  const search = directory.search(
    {
      base: `CN=Deleted Objects,${baseDn}`,
      filter: '(isDeleted=TRUE)',
      attributes: ['objectGUID', 'whenChanged', 'lastKnownParent'],
      includeDeleted: true,
      pageSize: 1000,
    },
    opts,
  );
  for await (const entry of search) {
    examined++;
    if (examined % 1000 === 0) opts.onProgress?.(examined);
    const raw = entry.attributes.objectGUID?.[0];
    if (!raw) continue;
    const bytes = Buffer.from(raw, 'base64');
    if (bytes.length !== 16) continue;
    const known = snapshot.objects.get(guidFromBytes(bytes));
    if (!known) continue; // deleted before the snapshot, or never in scope
    const changed = entry.attributes.whenChanged?.[0];
    deleted.push({
      ...known,
      deletedAt: changed ? generalizedTimeToIso(changed) : null,
      lastKnownParent: entry.attributes.lastKnownParent?.[0] ?? null,
    });
  }
  deleted.sort((a, b) => (a.deletedAt ?? '').localeCompare(b.deletedAt ?? '') || a.dn.localeCompare(b.dn));
  return {
    snapshot: { ...snapshot.header, file: snapshot.file, count: snapshot.objects.size },
    checkedAt: (opts.now ?? (() => new Date()))().toISOString(),
    deleted,
  };
}
