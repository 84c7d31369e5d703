// The workbench's main-process side: scans (polled by the window), previews of a batch (every
// change listed and counted, rows the rules or the directory refuse named with the reason),
// batches run in the background with progress and cancel, undo files kept in the data folder,
// and seed 002's UPN suffix move. Previews are stored here and applied by id, so what runs is
// exactly what the admin saw, built from the main process's own scan, not the window's word.
//
// This class holds the session's parts together; each job lives in its own module:
// preview-store.ts (previews and drafts), edit-preview.ts (the admin's edits), upn-move.ts (the
// UPN suffix move), batch-jobs.ts (batches and undo files), directory-browse.ts (OUs, one object).
import type { OrFilterLimits } from '../../shared/ldap';
import type {
  BatchListing,
  BatchPoll,
  OuListing,
  PreviewResult,
  RowEdit,
  ScanScopeInfo,
  ScanScopeRequest,
  ServerScopeInfo,
  UpnSuffixReport,
  UpnSuffixUsers,
} from '../../shared/readiness/ipc';
import type { AuditLog } from '../audit/audit-log';
import { LdapDirectory } from '../directory/ldap-directory';
import { MemoryDirectory } from '../directory/memory-directory';
import { RequestError } from '../ipc/dispatch';
import type { DirectoryPort } from '../ports/directory-port';
import { BatchJobs } from './batch-jobs';
import { listOus, readObject } from './directory-browse';
import { previewEditRows, type EditValidator } from './edit-preview';
import { PortReadinessStore } from './port-readiness-store';
import { PreviewStore } from './preview-store';
import { LdapReadinessStore, type ReadinessStore } from './readiness-store';
import { ScanSessions, type ScanEngine } from './scan-sessions';
import { UpnMoves, type StoredSelection, type UpnSelection } from './upn-move';
import { undoDirBeside } from './undo-files';

export type { EditValidator } from './edit-preview';
export type { UpnSelection } from './upn-move';

export interface WorkbenchDeps {
  dataDir: string;
  audit: AuditLog;
  actor: string;
  host: () => Promise<string>;
  directory: () => DirectoryPort | null;
  /** The scan engine bound to a directory. */
  scan: (dir: DirectoryPort) => ScanEngine;
  validate: EditValidator;
  /** Is this DNS suffix routable on the internet (a real top-level domain)? From the scan engine's data. */
  isRoutable: (suffix: string) => boolean;
  /** How many values one uniqueness search asks for (OR_FILTER_LIMITS unless a test wants small chunks). */
  uniqueLookup?: OrFilterLimits;
  /** The sync server's OU filtering as a scope for the connected domain (shared/domain/ou-filtering.ts). */
  serverScope?: (signal?: AbortSignal) => Promise<ServerScopeInfo>;
}

export class Workbench {
  readonly scans = new ScanSessions();
  readonly undoDir: string;
  private readonly previews = new PreviewStore();
  private readonly upn: UpnMoves;
  private readonly batches: BatchJobs;

  constructor(private readonly deps: WorkbenchDeps) {
    // Beside the audit log (administrators only in an installed Windows build), never the per-user folder.
    this.undoDir = undoDirBeside(deps.audit);
    this.upn = new UpnMoves({ ldap: () => this.ldap(), isRoutable: deps.isRoutable, uniqueLookup: deps.uniqueLookup, previews: this.previews });
    this.batches = new BatchJobs({ undoDir: this.undoDir, audit: deps.audit, actor: deps.actor, host: deps.host, previews: this.previews });
  }

  private directory(): DirectoryPort {
    const dir = this.deps.directory();
    if (!dir) throw new RequestError('unavailable', 'No directory is connected: sign in to a domain controller first.');
    return dir;
  }

  private ldap(): LdapDirectory {
    const dir = this.directory();
    if (!(dir instanceof LdapDirectory)) {
      throw new RequestError(
        'unavailable',
        "The UPN suffix move writes the forest's suffix list over LDAPS: sign in to a domain controller (in the in-memory practice directory, edit the UPN rows instead).",
      );
    }
    return dir;
  }

  /**
   * The directory the workbench writes to, with its store: a domain controller over LDAPS, or the
   * lab's in-memory directory (practice: the same previews, policy, audit and undo files).
   */
  private writable(): { dir: DirectoryPort; store: ReadinessStore } {
    const dir = this.directory();
    if (dir instanceof LdapDirectory) return { dir, store: new LdapReadinessStore(dir) };
    if (dir instanceof MemoryDirectory) {
      return {
        dir,
        store: new PortReadinessStore(dir, 'memory://lab', (dn, attribute, remove, add, signal) => dir.modifyValues(dn, attribute, remove, add, { signal })),
      };
    }
    throw new RequestError('unavailable', 'This directory cannot be changed from the workbench: sign in to a domain controller.');
  }

  // --- scans ---------------------------------------------------------------------------

  startScan(incremental: boolean, baseDns?: readonly string[], excludeDns?: readonly string[], scope?: ScanScopeInfo): string {
    return this.scans.start(this.deps.scan(this.directory()), { incremental, baseDns, excludeDns, scope });
  }

  /**
   * A scan of the scope asked for, resolved here: the whole domain, the admin's OUs, or the sync
   * server's own filtering read now (unreadable: refused with the reason and what to do). Without
   * a scope, an incremental scan keeps the scope of the scan it continues.
   */
  async startScopedScan(incremental: boolean, request: ScanScopeRequest | undefined, signal?: AbortSignal): Promise<string> {
    const dir = this.directory();
    const domainDn = (await dir.info()).baseDn;
    let scope: ScanScopeInfo;
    if (!request) {
      scope = (incremental ? this.scans.latestFinished()?.scope : null) ?? { kind: 'domain', baseDns: [domainDn], excludeDns: [], description: null };
    } else if (request.kind === 'domain') {
      scope = { kind: 'domain', baseDns: [domainDn], excludeDns: [], description: null };
    } else if (request.kind === 'ous') {
      scope = { kind: 'ous', baseDns: [...request.baseDns], excludeDns: [...(request.excludeDns ?? [])], description: null };
    } else {
      const server = await this.serverScope(signal);
      if (!server.ok) throw new RequestError('unavailable', `The sync server's OU filtering cannot be used: ${server.reason} ${server.advice}`);
      scope = { kind: 'server', baseDns: server.baseDns, excludeDns: server.excludeDns, description: server.description };
    }
    return this.startScan(incremental, scope.baseDns, scope.excludeDns, scope);
  }

  /** The sync server's OU filtering as a scope, or why not. */
  async serverScope(signal?: AbortSignal): Promise<ServerScopeInfo> {
    if (!this.deps.serverScope) return { ok: false, reason: 'This session has no sync server to ask.', advice: 'Choose the OUs yourself.' };
    return this.deps.serverScope(signal);
  }

  listOus(signal?: AbortSignal): Promise<OuListing> {
    return listOus(this.directory(), signal);
  }

  readObject(dn: string, signal?: AbortSignal): Promise<{ dn: string; attributes: Record<string, string[]> } | null> {
    return readObject(this.directory(), dn, signal);
  }

  // --- previews ------------------------------------------------------------------------

  addPreviewPart(draftId: string | undefined, edits: readonly RowEdit[]): { draftId: string; rows: number } {
    return this.previews.addPart(draftId, edits);
  }

  takePreviewDraft(draftId: string): RowEdit[] {
    return this.previews.takeDraft(draftId);
  }

  async previewEdits(edits: readonly RowEdit[], signal?: AbortSignal): Promise<PreviewResult> {
    const { dir } = this.writable();
    if (!this.scans.latestFinished()) throw new RequestError('conflict', 'No finished scan to apply to: run a scan first.');
    const { changes, refused, completed } = await previewEditRows(
      { dir, findFinding: (id) => this.scans.findFinding(id), validate: this.deps.validate, uniqueLookup: this.deps.uniqueLookup, signal },
      edits,
    );
    return this.previews.save({ kind: 'apply', changes, undo: null, origin: 'workbench' }, refused, [], completed);
  }

  // --- UPN suffix move -----------------------------------------------------------------

  upnSuffixes(signal?: AbortSignal): Promise<UpnSuffixReport> {
    return this.upn.upnSuffixes(signal);
  }

  upnUsers(from: string, signal?: AbortSignal): Promise<UpnSuffixUsers> {
    return this.upn.upnUsers(from, signal);
  }

  addUpnSelectionPart(
    selectionId: string | undefined,
    from: string,
    mode: UpnSelection['mode'],
    dns: readonly string[],
  ): { selectionId: string; users: number } {
    return this.upn.addUpnSelectionPart(selectionId, from, mode, dns);
  }

  upnSelection(selectionId: string, from: string): StoredSelection {
    return this.upn.upnSelection(selectionId, from);
  }

  previewUpnMove(from: string, to: string, selection: UpnSelection | null, signal?: AbortSignal): Promise<PreviewResult> {
    return this.upn.previewUpnMove(from, to, selection, signal);
  }

  // --- batches and undo ----------------------------------------------------------------

  listBatches(): BatchListing[] {
    return this.batches.list();
  }

  previewUndo(batchId: string): PreviewResult {
    return this.batches.previewUndo(batchId);
  }

  async startBatch(previewId: string): Promise<string> {
    const p = this.previews.take(previewId);
    return this.batches.start(p, this.writable().store);
  }

  pollBatch(batchId: string): BatchPoll {
    return this.batches.poll(batchId);
  }

  cancelBatch(batchId: string): boolean {
    return this.batches.cancel(batchId);
  }

  close(): void {
    this.scans.cancelAll();
    this.batches.close();
  }
}
