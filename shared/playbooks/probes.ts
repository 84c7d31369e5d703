// What each probe returns. The main process gathers it from the ports; checks and fix plans
// read it. Declared as schemas so the main process validates its own probe output too.
import { z } from 'zod';
import { EventRecord, ServiceInfo, SyncToolGeneration } from '../domain/host';
import type { ProbeId } from './types';
import { GapProbe, SyncAccountProbe, UpgradeProbe } from './upgrade/facts';

export const SyncServiceProbe = z.object({
  generation: SyncToolGeneration,
  /** The service KB 2882421 Method 1 step 2 looks for, for this generation. */
  expected: z.object({ name: z.string(), displayName: z.string() }).nullable(),
  /** null when the expected service is not installed. */
  service: ServiceInfo.nullable(),
  /** Recent Service Control Manager events about this service failing to log on (7000/7038 with 1069). */
  logonFailures: z.array(EventRecord),
});
export type SyncServiceProbe = z.infer<typeof SyncServiceProbe>;

export const PROBE_OUTPUTS = {
  'sync-service': SyncServiceProbe,
  'dirsync-upgrade': UpgradeProbe,
  'sync-account': SyncAccountProbe,
  'deletion-gap': GapProbe,
} as const satisfies Record<ProbeId, z.ZodType>;

export type ProbeOutput<P extends ProbeId> = z.infer<(typeof PROBE_OUTPUTS)[P]>;
