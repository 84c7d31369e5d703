// Simulated cost of reaching a real sync server's host, for the lab and the benchmark: on
// Windows every host call starts powershell.exe (a few hundred ms of CPU each, and a server has
// few cores), unless the Windows host's batched mode answers the questions asked together in one
// process. Wrapping a HostPort with this makes the lab pay the same: perCallMs per process, at
// most processSlots processes at once, and in batched mode one process per group of read-only
// calls made in the same tick (the same rule WindowsHost's ScriptBatcher follows).
import type { HostPort } from '../ports/host-port';

export interface HostLatencyOptions {
  /** Start-up cost of one PowerShell process (ms). */
  perCallMs: number;
  /** Processes that can start at the same time (the server's cores); default 2. */
  processSlots?: number;
  /** Batched mode: read-only calls made together share one process. */
  batched: boolean;
}

/** HostPort methods that only ask (their Windows scripts are in BATCHABLE_SCRIPTS). */
export const READ_ONLY_HOST_METHODS: ReadonlySet<string> = new Set([
  'osFacts',
  'getServices',
  'queryEvents',
  'installedPrograms',
  'adfsInstalled',
  'syncEngineStatus',
  'syncTool',
  'scheduler',
  'connectorRuns',
  'connectorAccounts',
  'adConnectorAccount',
  'connectorOuFiltering',
  'serviceLogon',
  'localUsers',
  'tlsSettings',
  'testEndpoint',
  'dotNetRelease',
  'passwordHashSync',
  'autoUpgrade',
  'appCertificate',
]);

export interface LatencyStats {
  /** Simulated PowerShell processes started. */
  processes: number;
}

export function withHostLatency(host: HostPort, options: HostLatencyOptions): { host: HostPort; stats: LatencyStats } {
  const stats: LatencyStats = { processes: 0 };
  const slots = Math.max(1, options.processSlots ?? 2);
  let running = 0;
  const waiting: (() => void)[] = [];
  /** One simulated process: wait for a free core, then pay the start-up. */
  const process = async (): Promise<void> => {
    stats.processes++;
    if (running >= slots) await new Promise<void>((r) => waiting.push(r));
    running++;
    await new Promise((r) => setTimeout(r, options.perCallMs));
    running--;
    waiting.shift()?.();
  };
  let group: Promise<void> | null = null;
  const batchedProcess = (): Promise<void> => {
    // Calls made in the same tick join one process (ScriptBatcher's windowMs 0).
    if (!group) {
      group = new Promise<void>((r) => setImmediate(r)).then(process);
      const current = group;
      void current.finally(() => {
        if (group === current) group = null;
      });
      setImmediate(() => {
        if (group === current) group = null;
      });
    }
    return group;
  };
  const wrapped = new Proxy(host, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return async (...args: unknown[]) => {
        await (options.batched && READ_ONLY_HOST_METHODS.has(prop) ? batchedProcess() : process());
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { host: wrapped, stats };
}
