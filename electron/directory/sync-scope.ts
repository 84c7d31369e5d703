// The objects a sync tool sends to the cloud: users (not computers), groups and contacts,
// leaving out the domain's own critical system objects (Administrator, krbtgt, built-in groups).
// Its count decides between the upgrade paths; the deletion-gap snapshot records the same set.
import type { GapObjectClass } from '../../shared/domain/gap';
import type { DirectoryPort } from '../ports/directory-port';
import type { OperationOptions } from '../ports/host-port';

export const SYNC_SCOPE_FILTER = '(&(|(&(objectClass=user)(!(objectClass=computer)))(objectClass=group)(objectClass=contact))(!(isCriticalSystemObject=TRUE)))';

/** The scope class of an entry from its objectClass values; null for anything else. */
export function scopeClass(objectClasses: readonly string[]): GapObjectClass | null {
  const classes = new Set(objectClasses.map((c) => c.toLowerCase()));
  if (classes.has('computer')) return null;
  if (classes.has('user')) return 'user';
  if (classes.has('group')) return 'group';
  if (classes.has('contact')) return 'contact';
  return null;
}

export interface SyncScopeCount {
  users: number;
  groups: number;
  contacts: number;
  total: number;
}

export interface CountOptions extends OperationOptions {
  /** Called every `every` objects with the running total (progress for long counts). */
  onProgress?: (counted: number) => void;
  every?: number;
}

/** Counts the in-scope objects with one paged search that asks for nothing but objectClass. */
export async function countSyncScope(directory: DirectoryPort, opts: CountOptions = {}): Promise<SyncScopeCount> {
  const count: SyncScopeCount = { users: 0, groups: 0, contacts: 0, total: 0 };
  const every = opts.every ?? 1000;
  for await (const entry of directory.search({ filter: SYNC_SCOPE_FILTER, attributes: ['objectClass'], pageSize: 1000 }, opts)) {
    const kind = scopeClass(entry.attributes.objectClass ?? []);
    if (!kind) continue;
    count[`${kind}s`]++;
    count.total++;
    if (count.total % every === 0) opts.onProgress?.(count.total);
  }
  return count;
}
