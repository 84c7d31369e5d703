// Probe for KB 2882421 Method 1 step 2: the sync tool found, its services, and recent Service
// Control Manager start failures (7000, 7038: logon; 7041: the "Log on as a service" right)
// and ADSync 6028 (the encryption key cannot be read).
import { syncEngineService } from '../../shared/domain/sync-tools';
import type { SyncServiceProbe } from '../../shared/playbooks/probes';
import type { PortContext } from './context';

const DAY = 24 * 3600_000;
/** SCM: 7000 = service failed to start, 7038 = could not log on with the configured password, 7041 = logon type not granted. */
export const LOGON_FAILURE_EVENT_IDS = [7000, 7038, 7041];
/** ADSync: 6028 = the server encryption key cannot be accessed. */
export const KEY_FAILURE_EVENT_IDS = [6028];
/** ADSync: 6323 = SQL Server (LocalDB) is out of disk space. */
export const DATABASE_FULL_EVENT_IDS = [6323];

export async function probeSyncService(ctx: PortContext, signal?: AbortSignal): Promise<SyncServiceProbe> {
  const opts = { signal, timeoutMs: 20_000 };
  const since = new Date(ctx.now().getTime() - DAY).toISOString();
  const [tool, scm, key] = await Promise.all([
    ctx.host.syncTool(opts),
    ctx.host.queryEvents({ log: 'System', sources: ['Service Control Manager'], ids: LOGON_FAILURE_EVENT_IDS, since, maxEvents: 50 }, opts),
    ctx.host.queryEvents({ log: 'Application', sources: ['ADSync'], ids: [...KEY_FAILURE_EVENT_IDS, ...DATABASE_FULL_EVENT_IDS], since, maxEvents: 10 }, opts),
  ]);
  const expected = syncEngineService(tool.generation) ?? null;
  // The tool's own services, matched by key name (an optional one only when it is installed).
  const services = tool.services;
  const service = expected ? (services.find((s) => s.name.toLowerCase() === expected.name.toLowerCase()) ?? null) : null;
  const mentions = (message: string) => services.some((s) => message.includes(` ${s.name} `) || message.includes(s.displayName));
  return {
    generation: tool.generation,
    expected: expected ? { name: expected.name, displayName: expected.displayName } : null,
    service,
    services,
    logonFailures: scm.filter((e) => mentions(e.message)),
    keyFailures: tool.generation === 'dirsync' ? [] : key.filter((e) => KEY_FAILURE_EVENT_IDS.includes(e.id)),
    databaseFull: tool.generation === 'dirsync' ? [] : key.filter((e) => DATABASE_FULL_EVENT_IDS.includes(e.id)),
    toolBitness: tool.registryView,
  };
}
