// Scans the workbench runs, held in the main process so the window can poll them in slices:
// each scan keeps its findings by id and an ordered log of what changed (upserted or removed
// ids); scan:poll hands out the log from the caller's cursor, a bounded number at a time.
// A re-scan starts from the previous scan's findings and logs only what changed, so the grid
// updates in place; when it turns out to be a full scan, findings not seen again are removed.
import { randomUUID } from 'node:crypto';
import type { ScanFinding } from '../../shared/readiness/scan/finding';
import type { ScanPollResult, ScanProgressInfo, ScanScopeInfo, ScanSummaryInfo } from '../../shared/readiness/ipc';

export interface ScanEngineCallbacks {
  since?: unknown;
  baseDns?: readonly string[];
  excludeDns?: readonly string[];
  signal: AbortSignal;
  onFinding: (f: ScanFinding) => void;
  onResolved: (f: ScanFinding) => void;
  onProgress: (p: Omit<ScanProgressInfo, 'phase'> & { phase: string }) => void;
}

export interface ScanEngineResult extends ScanSummaryInfo {
  /** The state a later incremental scan starts from (opaque here). */
  state: unknown;
}

/** The scan engine (electron/readiness/scan's runScan, bound to the session's directory). */
export type ScanEngine = (options: ScanEngineCallbacks) => Promise<ScanEngineResult>;

interface LogEntry {
  id: string;
  removed: boolean;
}

class ScanRun {
  readonly id = randomUUID();
  readonly controller = new AbortController();
  readonly log: LogEntry[] = [];
  readonly seen = new Set<string>();
  progress: ScanProgressInfo = { phase: 'starting', read: 0, total: null, findings: 0 };
  finished = false;
  cancelled = false;
  summary: ScanEngineResult | null = null;
  error: string | null = null;

  constructor(
    readonly findings: Map<string, ScanFinding>,
    /** The window must drop its rows first: this scan does not start from what it holds. */
    readonly reset: boolean,
    /** The scope it was started with (kept with its state, shown with its results). */
    readonly scope: ScanScopeInfo | null,
  ) {}

  upsert(f: ScanFinding): void {
    this.findings.set(f.id, f);
    this.seen.add(f.id);
    this.log.push({ id: f.id, removed: false });
  }

  remove(id: string): void {
    if (this.findings.delete(id)) this.log.push({ id, removed: true });
  }
}

const PHASES = new Set(['reading', 'deletions', 'duplicates', 'done']);

export class ScanSessions {
  private readonly runs = new Map<string, ScanRun>();
  private lastGood: ScanRun | null = null;
  private state: unknown = null;

  constructor(private readonly keep = 3) {}

  /** Starts a scan; incremental from the last finished one when asked and possible. */
  start(engine: ScanEngine, opts: { incremental: boolean; baseDns?: readonly string[]; excludeDns?: readonly string[]; scope?: ScanScopeInfo }): string {
    const previous = this.latestFinished();
    const fromPrevious = opts.incremental && previous !== null && this.state !== null;
    // An incremental run continues the window's rows; only a fresh one resets them.
    const run = new ScanRun(fromPrevious ? new Map(previous.findings) : new Map(), !fromPrevious, opts.scope ?? null);
    this.runs.set(run.id, run);
    this.trim();
    void engine({
      since: fromPrevious ? this.state : undefined,
      baseDns: opts.baseDns,
      excludeDns: opts.excludeDns,
      signal: run.controller.signal,
      onFinding: (f) => run.upsert(f),
      onResolved: (f) => run.remove(f.id),
      onProgress: (p) => {
        run.progress = { ...p, phase: PHASES.has(p.phase) ? (p.phase as ScanProgressInfo['phase']) : 'reading' };
      },
    }).then(
      (summary) => {
        // A re-scan that had to read everything: what it did not find again no longer holds.
        if (fromPrevious && summary.mode === 'full') for (const id of [...run.findings.keys()]) if (!run.seen.has(id)) run.remove(id);
        run.summary = summary;
        run.progress = { ...run.progress, phase: 'done', findings: run.findings.size };
        this.state = summary.state;
        run.finished = true;
        this.lastGood = run;
      },
      (e: unknown) => {
        run.cancelled = run.controller.signal.aborted;
        run.error = run.cancelled ? null : e instanceof Error ? e.message : String(e);
        run.finished = true;
      },
    );
    return run.id;
  }

  poll(scanId: string, cursor: number, limit: number): ScanPollResult | null {
    const run = this.runs.get(scanId);
    if (!run) return null;
    const findings: ScanFinding[] = [];
    const removed: string[] = [];
    let i = Math.min(cursor, run.log.length);
    while (i < run.log.length && findings.length + removed.length < limit) {
      const e = run.log[i++]!;
      if (e.removed) removed.push(e.id);
      else {
        const f = run.findings.get(e.id);
        if (f) findings.push(f);
      }
    }
    const more = i < run.log.length;
    const { state: _state, ...summary } = run.summary ?? { state: null };
    return {
      reset: run.reset && cursor === 0,
      findings,
      removed,
      cursor: i,
      more,
      progress: run.progress,
      done: run.finished && !more,
      cancelled: run.cancelled,
      summary: run.summary ? (summary as ScanSummaryInfo) : null,
      error: run.error,
      scope: run.scope,
    };
  }

  cancel(scanId: string): boolean {
    const run = this.runs.get(scanId);
    if (!run || run.finished) return false;
    run.controller.abort();
    return true;
  }

  /** The findings of the newest scan that ran to the end: what previews and applies act on. */
  latestFinished(): ScanRun | null {
    return this.lastGood;
  }

  findFinding(id: string): ScanFinding | null {
    return this.latestFinished()?.findings.get(id) ?? null;
  }

  cancelAll(): void {
    for (const r of this.runs.values()) if (!r.finished) r.controller.abort();
  }

  private trim(): void {
    while (this.runs.size > this.keep) {
      const oldest = this.runs.keys().next().value!;
      const run = this.runs.get(oldest)!;
      if (!run.finished) run.controller.abort();
      this.runs.delete(oldest);
    }
  }
}
