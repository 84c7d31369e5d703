// One diagnosis asks the same question many times (every step of Method 2 reads the logon
// account; most probes read the sync tool). Within one diagnosis each read is made once: the
// ports are wrapped so a read with the same arguments shares its first answer (or failure).
// Writes pass straight through; a new diagnosis starts with an empty memo.
import type { DirectoryPort } from '../ports/directory-port';
import type { HostPort } from '../ports/host-port';
import type { PortContext } from '../probes/context';

/** Read methods and how many leading arguments identify the question (the rest are options). */
const HOST_READS: Partial<Record<keyof HostPort, number>> = {
  osFacts: 0,
  getServices: 1,
  queryEvents: 1,
  installedPrograms: 0,
  adfsInstalled: 0,
  syncEngineStatus: 0,
  syncTool: 0,
  scheduler: 0,
  connectorRuns: 0,
  connectorAccounts: 0,
  adConnectorAccount: 0,
  connectorOuFiltering: 0,
  tlsSettings: 0,
  testEndpoint: 0,
  serviceLogon: 1,
  localUsers: 1,
  dotNetRelease: 0,
  passwordHashSync: 0,
  autoUpgrade: 0,
  appCertificate: 1,
};
const DIRECTORY_READS: Partial<Record<keyof DirectoryPort, number>> = { info: 0, findAccount: 1, findDeletedAccounts: 1 };

function memoize<T extends object>(target: T, reads: Partial<Record<keyof T, number>>): T {
  const cache = new Map<string, Promise<unknown>>();
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver) as unknown;
      const keyArgs = reads[prop as keyof T];
      if (typeof value !== 'function') return value;
      if (keyArgs === undefined) return (value as (...a: unknown[]) => unknown).bind(t);
      return (...args: unknown[]) => {
        const key = `${String(prop)}:${JSON.stringify(args.slice(0, keyArgs))}`;
        let hit = cache.get(key);
        if (!hit) {
          hit = (value as (...a: unknown[]) => Promise<unknown>).apply(t, args);
          cache.set(key, hit);
        }
        return hit;
      };
    },
  });
}

export function memoizedPorts(ctx: PortContext): PortContext {
  return {
    host: memoize(ctx.host, HOST_READS),
    directory: ctx.directory && memoize(ctx.directory, DIRECTORY_READS),
    now: ctx.now,
    // The admin's records (chosen path, attestations, snapshot) are read fresh by each probe:
    // dropping them here made every diagnosis judge the server as if nothing was ever recorded.
    ...(ctx.records ? { records: ctx.records } : {}),
  };
}
