// The wait for a sync run to end (uninstall path): what it waits on and since when, so the window
// can show live progress, and a Cancel that aborts it (the action then reports "stopped waiting").
export interface RunWaitStatus {
  waiting: boolean;
  what: string | null;
  startedAt: string | null;
  elapsedSeconds: number;
}

export interface RunWaits {
  /** Registers a wait; its signal aborts when the caller's does or on cancel(). */
  begin(what: string, outer?: AbortSignal): { signal: AbortSignal; end: () => void };
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
      return { signal, end: () => { if (current === entry) current = null; } };
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
