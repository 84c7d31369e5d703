// A wait the window follows: a sync run to end (uninstall path) or a sync cycle the app started.
// What it waits on (updated as the cycle moves from run to run) and since when, so the window can
// show live progress, and a Cancel that stops the waiting (never the run; the action says so).
export interface RunWaitStatus {
  waiting: boolean;
  what: string | null;
  startedAt: string | null;
  elapsedSeconds: number;
}

export interface RunWait {
  /** Aborts when the caller's signal does or on cancel(). */
  signal: AbortSignal;
  /** Aborts on cancel() only: the admin stopped waiting. */
  cancelled: AbortSignal;
  /** What is waited on now (the run profile and connector as a cycle goes on). */
  update(what: string): void;
  end(): void;
}

export interface RunWaits {
  begin(what: string, outer?: AbortSignal): RunWait;
  status(): RunWaitStatus;
  /** true when a wait was running and is now told to stop. */
  cancel(): boolean;
}

export function createRunWaits(now: () => Date = () => new Date()): RunWaits {
  let current: { what: string; startedAt: Date; controller: AbortController } | null = null;
  return {
    begin(what, outer) {
      const controller = new AbortController();
      const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
      const entry = { what, startedAt: now(), controller };
      current = entry;
      return {
        signal,
        cancelled: controller.signal,
        update: (next) => {
          entry.what = next;
        },
        end: () => {
          if (current === entry) current = null;
        },
      };
    },
    status() {
      if (!current) return { waiting: false, what: null, startedAt: null, elapsedSeconds: 0 };
      return {
        waiting: true,
        what: current.what,
        startedAt: current.startedAt.toISOString(),
        elapsedSeconds: Math.max(0, Math.floor((now().getTime() - current.startedAt.getTime()) / 1000)),
      };
    },
    cancel() {
      if (!current || current.controller.signal.aborted) return false;
      current.controller.abort();
      return true;
    },
  };
}
