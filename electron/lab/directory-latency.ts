// Simulated cost of reaching a slow or distant domain controller, for tests that must act while
// directory work is under way (cancel a scan mid-way, stop a batch between writes): the lab DC on
// loopback answers a whole scan or a small batch before a test can click. Same pattern as
// host-latency.ts: a Proxy over the real port that waits, then calls the real method on the real
// object. Test-only: the e2e bridge is its one user; the app never imports it.
import type { DirectoryPort, DirectoryReader, SearchRequest } from '../ports/directory-port';
import type { OperationOptions } from '../ports/host-port';

export interface DirectoryLatencyOptions {
  /** Entries per simulated page: searches ask the server for pages of at most this many. */
  pageSize: number;
  /** Wait before each page of a search (ms). */
  perPageMs: number;
  /**
   * Wait before each direct LDAP operation (ms): withClient, which the workbench uses once to
   * re-read and once to write each row of a batch.
   */
  perOperationMs: number;
}

/** Resolves after ms, or at once when the signal aborts (the real call then reports the cancel). */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface DirectoryLatencyStats {
  /** Simulated pages waited for (one per started page of every search). */
  pages: number;
  /** Direct LDAP operations waited for. */
  operations: number;
}

export function withDirectoryLatency<D extends DirectoryPort>(directory: D, options: DirectoryLatencyOptions): { directory: D; stats: DirectoryLatencyStats } {
  const stats: DirectoryLatencyStats = { pages: 0, operations: 0 };
  const pageSize = Math.max(1, Math.floor(options.pageSize));
  const page = (signal?: AbortSignal) => {
    stats.pages++;
    return pause(options.perPageMs, signal);
  };
  /** Searches of `source` with a wait before each page. */
  const paced = (source: Pick<DirectoryReader, 'search'>) =>
    async function* (request: SearchRequest, opts?: OperationOptions) {
      const size = Math.min(request.pageSize ?? pageSize, pageSize);
      let inPage = 0;
      await page(opts?.signal);
      for await (const entry of source.search({ ...request, pageSize: size }, opts)) {
        if (inPage === size) {
          inPage = 0;
          await page(opts?.signal);
        }
        inPage += 1;
        yield entry;
      }
    };
  const search = paced(directory);
  // The split scan's extra connections wait the same way.
  const openReader = async (opts?: OperationOptions): Promise<DirectoryReader> => {
    const reader = await directory.openReader!(opts);
    return { search: paced(reader), close: () => reader.close() };
  };
  const wrapped = new Proxy(directory, {
    get(target, prop, receiver) {
      if (prop === 'search') return search;
      if (prop === 'openReader') return target.openReader ? openReader : undefined;
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop === 'withClient') {
        return async (what: string, work: unknown, opts?: OperationOptions, ...rest: unknown[]) => {
          stats.operations++;
          await pause(options.perOperationMs, opts?.signal);
          return (value as (...a: unknown[]) => unknown).call(target, what, work, opts, ...rest);
        };
      }
      return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { directory: wrapped, stats };
}
