// The workbench's state, apart from the app store: up to 200,000 findings arrive in slices from
// scan:poll and are kept by id; the grid reads one array (rebuilt once per slice) and the admin's
// edits live in their own map, so editing a row does not rebuild the grid's model. Batches (apply,
// undo) go preview → confirm → run (polled, cancellable) → result.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../api/client';
import type { IpcError, IpcResult } from '../../shared/ipc/errors';
import {
  PREVIEW_PART_BYTES,
  ScanScopeRequest,
  type BatchListing,
  type BatchPoll,
  type OuListing,
  type PreviewResult,
  type RowEdit,
  type ScanProgressInfo,
  type ScanScopeInfo,
  type ScanSummaryInfo,
  type ServerScopeInfo,
  type UpnSuffixReport,
  type UpnSuffixUsers,
} from '../../shared/readiness/ipc';
import { chunkByJsonBytes } from '../../shared/readiness/chunk-request';
import type { ScanAction, ScanFinding } from '../../shared/readiness/scan/finding';

export interface RowEditState {
  action: ScanAction;
  proposedValue: string | null;
}

export interface GridRow extends ScanFinding {
  /** The object's parent container (OU), for the OU filter. */
  ou: string;
  /** The DN lower-cased once, so sorting 200,000 rows compares strings without re-casing them. */
  dnKey: string;
}

export type ScanStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** What the next scan covers, as the admin chose it. */
export type ScopeChoice = { kind: 'domain' } | { kind: 'ous'; include: string[]; exclude: string[] } | { kind: 'server' };

/** The scan:start scope of a choice, or why it cannot be scanned yet (validated as the main process will). */
export function scopeRequestOf(choice: ScopeChoice): { ok: true; request: ScanScopeRequest } | { ok: false; problem: string } {
  const request: ScanScopeRequest = choice.kind === 'ous' ? { kind: 'ous', baseDns: choice.include, excludeDns: choice.exclude } : { kind: choice.kind };
  const checked = ScanScopeRequest.safeParse(request);
  if (!checked.success) return { ok: false, problem: checked.error.issues.map((i) => i.message).join('; ') };
  return { ok: true, request };
}

export type BatchStage =
  | { stage: 'idle' }
  | { stage: 'previewing'; kind: 'apply' | 'undo' }
  | { stage: 'confirm'; preview: PreviewResult }
  | { stage: 'running'; preview: PreviewResult; batchId: string; poll: BatchPoll | null }
  | { stage: 'finished'; poll: BatchPoll }
  | { stage: 'error'; error: IpcError };

export interface WorkbenchState {
  rows: GridRow[];
  /** Bumped whenever edits change (cells subscribe to it, the row model does not). */
  editsVersion: number;
  edits: Map<string, RowEditState>;
  scanId: string | null;
  scanStatus: ScanStatus;
  progress: ScanProgressInfo | null;
  summary: ScanSummaryInfo | null;
  scanError: IpcError | null;
  batch: BatchStage;
  batches: BatchListing[];
  upn: UpnSuffixReport | null;
  upnError: IpcError | null;
  /** The users of the suffix chosen to move from, and those the admin left out (by DN). */
  upnPick: UpnPick | null;
  /** The scope the next scan covers, and the one the latest scan ran with. */
  scope: ScopeChoice;
  scannedScope: ScanScopeInfo | null;
  ous: OuListing | null;
  ousError: IpcError | null;
  serverScope: ServerScopeInfo | null;
  serverScopeError: IpcError | null;
  /** Bumped when a batch changed the directory: what shows objects reads them again. */
  directoryVersion: number;

  setScope(choice: ScopeChoice): void;
  loadOus(): Promise<void>;
  loadServerScope(): Promise<void>;
  startScan(incremental: boolean): Promise<void>;
  cancelScan(): Promise<void>;
  setEdit(id: string, edit: RowEditState | null): void;
  setEdits(entries: [string, RowEditState | null][]): void;
  editOf(row: ScanFinding): RowEditState;
  previewEdits(): Promise<void>;
  /** Move the users of `from` to `to`: all of them, or only / all but the DNs `users` lists. */
  previewUpnMove(from: string, to: string, users?: UpnUserChoice): Promise<void>;
  previewUndo(batchId: string): Promise<void>;
  confirmBatch(): Promise<void>;
  cancelBatch(): Promise<void>;
  closeBatch(): void;
  loadBatches(): Promise<void>;
  loadUpnSuffixes(): Promise<void>;
  /** List the users of `from` for the picker (every one chosen at first; a reload of the same suffix keeps who was left out). */
  loadUpnUsers(from: string): Promise<void>;
  /** Choose (or leave out) these users of the picker's suffix. */
  setUpnChosen(dns: readonly string[], chosen: boolean): void;
  readObject(dn: string): Promise<IpcResult<{ dn: string; attributes: Record<string, string[]> } | null>>;
}

export type WorkbenchStore = StoreApi<WorkbenchState>;

export interface UpnPick {
  from: string;
  list: UpnSuffixUsers | null;
  error: IpcError | null;
  leftOut: ReadonlySet<string>;
}

/** Users chosen for a UPN move by DN: only these, or all of the suffix's users except these. */
export interface UpnUserChoice {
  mode: 'only' | 'except';
  dns: string[];
}

/** The container of a DN: everything after the first unescaped comma. */
export function parentOf(dn: string): string {
  for (let i = 0; i < dn.length; i++) {
    if (dn[i] === '\\') i++;
    else if (dn[i] === ',') return dn.slice(i + 1);
  }
  return '';
}

const POLL_MS = 150;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createWorkbenchStore(api: ApiClient, opts: { pollMs?: number } = {}): WorkbenchStore {
  const pollMs = opts.pollMs ?? POLL_MS;
  return createStore<WorkbenchState>()((set, get) => {
    const byId = new Map<string, GridRow>();

    async function pollScan(scanId: string): Promise<void> {
      let cursor = 0;
      for (;;) {
        if (get().scanId !== scanId) return;
        const r = await api.call('scan:poll', { scanId, cursor, limit: 5_000 });
        if (get().scanId !== scanId) return;
        if (!r.ok) {
          set({ scanStatus: 'failed', scanError: r.error });
          return;
        }
        const p = r.value;
        if (p.reset) byId.clear();
        for (const f of p.findings) byId.set(f.id, { ...f, ou: parentOf(f.dn), dnKey: f.dn.toLowerCase() });
        for (const id of p.removed) byId.delete(id);
        cursor = p.cursor;
        const changed = p.reset || p.findings.length > 0 || p.removed.length > 0;
        set({ ...(changed ? { rows: [...byId.values()] } : {}), progress: p.progress, summary: p.summary, ...(p.scope ? { scannedScope: p.scope } : {}) });
        if (p.done) {
          if (p.error) set({ scanStatus: 'failed', scanError: { code: 'directory', message: p.error, detail: null } });
          else set({ scanStatus: p.cancelled ? 'cancelled' : 'done' });
          return;
        }
        if (!p.more) await sleep(pollMs);
      }
    }

    async function runBatch(preview: PreviewResult): Promise<void> {
      const started = await api.call('readiness:apply', { previewId: preview.previewId });
      if (!started.ok) {
        set({ batch: { stage: 'error', error: started.error } });
        return;
      }
      const batchId = started.value.batchId;
      set({ batch: { stage: 'running', preview, batchId, poll: null } });
      for (;;) {
        const r = await api.call('readiness:batch-poll', { batchId });
        if (!r.ok) {
          set({ batch: { stage: 'error', error: r.error } });
          return;
        }
        if (r.value.finished) {
          set({ batch: { stage: 'finished', poll: r.value } });
          void get().loadBatches();
          if ((r.value.result?.counts.applied ?? 0) > 0) await refreshAfterBatch();
          return;
        }
        set({ batch: { stage: 'running', preview, batchId, poll: r.value } });
        await sleep(pollMs);
      }
    }

    /**
     * After a batch wrote something, the rows show the directory as it is now: the objects changed
     * since the latest scan are read again and judged (an incremental scan of the same scope), and
     * the side panel reads its objects again.
     */
    async function refreshAfterBatch(): Promise<void> {
      set({ directoryVersion: get().directoryVersion + 1 });
      if (!get().scanId || get().scanStatus === 'running') return;
      const r = await api.call('scan:start', { incremental: true });
      if (!r.ok) {
        set({ scanStatus: 'failed', scanError: r.error });
        return;
      }
      set({ scanId: r.value.scanId, scanStatus: 'running', scanError: null, progress: null });
      await pollScan(r.value.scanId);
    }

    async function previewWith(kind: 'apply' | 'undo', call: () => ReturnType<ApiClient['call']>): Promise<void> {
      set({ batch: { stage: 'previewing', kind } });
      const r = (await call()) as { ok: true; value: PreviewResult } | { ok: false; error: IpcError };
      set({ batch: r.ok ? { stage: 'confirm', preview: r.value } : { stage: 'error', error: r.error } });
    }

    return {
      rows: [],
      editsVersion: 0,
      edits: new Map(),
      scanId: null,
      scanStatus: 'idle',
      progress: null,
      summary: null,
      scanError: null,
      batch: { stage: 'idle' },
      batches: [],
      upn: null,
      upnError: null,
      upnPick: null,
      scope: { kind: 'domain' },
      scannedScope: null,
      ous: null,
      ousError: null,
      serverScope: null,
      serverScopeError: null,
      directoryVersion: 0,

      setScope(choice) {
        set({ scope: choice });
      },

      async loadOus() {
        const r = await api.call('scan:ous', {});
        set(r.ok ? { ous: r.value, ousError: null } : { ousError: r.error });
      },

      async loadServerScope() {
        set({ serverScope: null, serverScopeError: null });
        const r = await api.call('scan:server-scope', {});
        set(r.ok ? { serverScope: r.value } : { serverScopeError: r.error });
      },

      async startScan(incremental) {
        const scope = scopeRequestOf(get().scope);
        if (!scope.ok) {
          set({ scanStatus: 'failed', scanError: { code: 'invalid-request', message: `The scope cannot be scanned: ${scope.problem}`, detail: null } });
          return;
        }
        const r = await api.call('scan:start', { incremental, scope: scope.request });
        if (!r.ok) {
          set({ scanStatus: 'failed', scanError: r.error });
          return;
        }
        set({ scanId: r.value.scanId, scanStatus: 'running', scanError: null, progress: null });
        await pollScan(r.value.scanId);
      },

      async cancelScan() {
        const id = get().scanId;
        if (id && get().scanStatus === 'running') await api.call('scan:cancel', { scanId: id });
      },

      setEdit(id, edit) {
        get().setEdits([[id, edit]]);
      },

      setEdits(entries) {
        const edits = new Map(get().edits);
        for (const [id, e] of entries) {
          if (e === null || e.action === 'none') edits.delete(id);
          else edits.set(id, e);
        }
        set({ edits, editsVersion: get().editsVersion + 1 });
      },

      editOf(row) {
        return get().edits.get(row.id) ?? { action: row.action, proposedValue: row.proposedValue };
      },

      async previewEdits() {
        const edits: RowEdit[] = [];
        for (const [findingId, e] of get().edits) if (byId.has(findingId)) edits.push({ findingId, action: e.action, proposedValue: e.proposedValue });
        if (!edits.length) {
          set({
            batch: {
              stage: 'error',
              error: { code: 'invalid-request', message: 'No row has an action yet: choose edit, remove or complete on the rows to fix.', detail: null },
            },
          });
          return;
        }
        // In parts that each fit a request (the test bridge takes at most 64 KiB a body).
        const parts = chunkByJsonBytes(edits, PREVIEW_PART_BYTES);
        const last = parts.pop()!;
        await previewWith('apply', async () => {
          let draftId: string | undefined;
          for (const part of parts) {
            const r = await api.call('readiness:preview-part', draftId === undefined ? { edits: part } : { draftId, edits: part });
            if (!r.ok) return r;
            draftId = r.value.draftId;
          }
          return api.call('readiness:preview', draftId === undefined ? { edits: last } : { draftId, edits: last });
        });
      },

      async previewUpnMove(from, to, users) {
        await previewWith('apply', async () => {
          if (!users) return api.call('readiness:upn-move-preview', { from, to });
          // A list that fits one request goes in it; a longer one is handed over in parts first
          // (the test bridge takes at most 64 KiB a body) and the preview names it by id.
          const parts = chunkByJsonBytes(users.dns, PREVIEW_PART_BYTES);
          if (parts.length <= 1)
            return api.call('readiness:upn-move-preview', users.mode === 'only' ? { from, to, userDns: users.dns } : { from, to, exceptDns: users.dns });
          let selectionId: string | undefined;
          for (const part of parts) {
            const r = await api.call(
              'readiness:upn-selection-part',
              selectionId === undefined ? { from, mode: users.mode, userDns: part } : { selectionId, from, mode: users.mode, userDns: part },
            );
            if (!r.ok) return r;
            selectionId = r.value.selectionId;
          }
          return api.call('readiness:upn-move-preview', { from, to, selectionId: selectionId! });
        });
      },

      async previewUndo(batchId) {
        await previewWith('undo', () => api.call('readiness:undo-preview', { batchId }));
      },

      async confirmBatch() {
        const b = get().batch;
        if (b.stage !== 'confirm') return;
        await runBatch(b.preview);
      },

      async cancelBatch() {
        const b = get().batch;
        if (b.stage === 'running') await api.call('readiness:batch-cancel', { batchId: b.batchId });
      },

      closeBatch() {
        const b = get().batch;
        if (b.stage === 'finished' && b.poll.result) {
          // Applied rows are done: their edits are spent (a re-scan shows what is left).
          const applied = new Set(
            b.poll.result.rows
              .filter((r) => r.status === 'applied')
              .map((r) => `${r.change.dn}\u0000${r.change.attribute}\u0000${r.change.remove[0] ?? ''}`.toLowerCase()),
          );
          const spent: [string, null][] = [];
          for (const [id] of get().edits) {
            const row = byId.get(id);
            if (row && applied.has(`${row.dn}\u0000${row.attribute}\u0000${row.value}`.toLowerCase())) spent.push([id, null]);
          }
          if (spent.length) get().setEdits(spent);
        }
        if (b.stage !== 'running') set({ batch: { stage: 'idle' } });
        // A batch that wrote something may have moved users between suffixes: the lists say so again.
        if (b.stage === 'finished' && (b.poll.result?.counts.applied ?? 0) > 0) {
          if (get().upn) void get().loadUpnSuffixes();
          const pick = get().upnPick;
          if (pick?.list) void get().loadUpnUsers(pick.from);
        }
      },

      async loadBatches() {
        const r = await api.call('readiness:batches', {});
        if (r.ok) set({ batches: r.value });
      },

      readObject(dn) {
        return api.call('readiness:object', { dn });
      },

      async loadUpnSuffixes() {
        const r = await api.call('readiness:upn-suffixes', {});
        set(r.ok ? { upn: r.value, upnError: null } : { upnError: r.error });
      },

      async loadUpnUsers(from) {
        const before = get().upnPick;
        const same = before?.from === from;
        set({ upnPick: { from, list: same ? before.list : null, error: null, leftOut: same ? before.leftOut : new Set() } });
        const r = await api.call('readiness:upn-users', { from });
        const now = get().upnPick;
        if (now?.from !== from) return; // another suffix was chosen meanwhile
        if (!r.ok) {
          set({ upnPick: { ...now, list: null, error: r.error } });
          return;
        }
        // Who was left out stays left out, as far as they are still users of the suffix.
        const listed = new Set(r.value.users.map((u) => u.dn));
        set({ upnPick: { from, list: r.value, error: null, leftOut: new Set([...now.leftOut].filter((d) => listed.has(d))) } });
      },

      setUpnChosen(dns, chosen) {
        const pick = get().upnPick;
        if (!pick?.list) return;
        const leftOut = new Set(pick.leftOut);
        for (const d of dns) {
          if (chosen) leftOut.delete(d);
          else leftOut.add(d);
        }
        set({ upnPick: { ...pick, leftOut } });
      },
    };
  });
}
