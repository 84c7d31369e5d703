// Probe for KB 2882421 Method 1 step 2: the sync tool found, its sync service, and recent
// Service Control Manager logon failures for that service.
import { syncEngineService } from '../../shared/domain/sync-tools';
import type { SyncServiceProbe } from '../../shared/playbooks/probes';
import { ALL_SYNC_SERVICE_NAMES, detectSyncTool } from '../../shared/rules/sync-tool';
import type { PortContext } from './context';

const DAY = 24 * 3600_000;
/** SCM: 7000 = service failed to start, 7038 = service could not log on. */
export const LOGON_FAILURE_EVENT_IDS = [7000, 7038];

export async function probeSyncService(ctx: PortContext, signal?: AbortSignal): Promise<SyncServiceProbe> {
  const opts = { signal, timeoutMs: 20_000 };
  const [programs, services, os] = await Promise.all([
    ctx.host.installedPrograms(opts),
    ctx.host.getServices(ALL_SYNC_SERVICE_NAMES, opts),
    ctx.host.osFacts(opts),
  ]);
  const tool = detectSyncTool(programs, services, os);
  const expected = syncEngineService(tool.generation) ?? null;
  const service = expected ? (services.find((s) => s.name.toLowerCase() === expected.name.toLowerCase()) ?? null) : null;
  const logonFailures = service
    ? (
        await ctx.host.queryEvents(
          {
            log: 'System',
            sources: ['Service Control Manager'],
            ids: LOGON_FAILURE_EVENT_IDS,
            since: new Date(ctx.now().getTime() - DAY).toISOString(),
            maxEvents: 50,
          },
          opts,
        )
      ).filter((e) => e.message.includes(` ${service.name} `) || e.message.includes(service.displayName))
    : [];
  return {
    generation: tool.generation,
    expected: expected ? { name: expected.name, displayName: expected.displayName } : null,
    service,
    logonFailures,
  };
}
