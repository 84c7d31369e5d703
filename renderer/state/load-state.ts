// The status of one piece of data fetched from the main process.
import type { IpcError } from '../../shared/ipc/errors';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * Hands out tickets so that only the latest request of a kind may write its result:
 * an answer to an older request (superseded, or made before a reset) is dropped.
 */
export function latestOnly() {
  let current = 0;
  return {
    next: () => ++current,
    isCurrent: (ticket: number) => ticket === current,
    /** Make every outstanding ticket stale. */
    invalidate: () => {
      current++;
    },
  };
}

export type { IpcError };
