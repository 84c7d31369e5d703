// The workbench's main-process side: scans (polled by the window), previews of a batch (every
// change listed and counted, rows the rules or the directory refuse named with the reason),
// batches run in the background with progress and cancel, undo files kept in the data folder,
// and seed 002's UPN suffix move. Previews are stored here and applied by id, so what runs is
// exactly what the admin saw, built from the main process's own scan, not the window's word.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { escapeFilterValue, guidFromBytes, OR_FILTER_LIMITS, orFilterChunks, type OrFilterLimits } from '../../shared/ldap';
import { previewOf, type BatchResult } from '../../shared/readiness/batch';
import {
  MAX_PREVIEW_ROWS,
  MAX_UPN_CHOICE,
  type BatchListing,
  type BatchPoll,
  type OuListing,
  type PreviewResult,
  type RowEdit,
  type RowRefusal,
  type ScanScopeInfo,
  type ScanScopeRequest,
  type ServerScopeInfo,
  type UpnSuffixReport,
  type UpnSuffixUsers,
} from '../../shared/readiness/ipc';
import { parseUndoLdif, type UndoBatch } from '../../shared/readiness/undo-ldif';
import { rowToChange, type ValueChange } from '../../shared/readiness/value-change';
import type { ScanFinding } from '../../shared/readiness/scan/finding';
import type { AuditLog } from '../audit/audit-log';
import { LdapDirectory } from '../directory/ldap-directory';
import { RequestError } from '../ipc/dispatch';
import type { DirectoryPort } from '../ports/directory-port';
import { LdapReadinessStore } from './readiness-store';
import { applyBatch, undoBatch, type BatchOptions } from './run-batch';
import { ScanSessions, type ScanEngine } from './scan-sessions';

/** The rules' verdict on an edited value: null when it passes, else why not (from the scan engine's rules). */
export type EditValidator = (finding: ScanFinding, value: string) => string | null;

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

/** OUs the scope chooser lists at most (a directory with more shows the first ones and says so). */
const MAX_OUS = 5_000;

/** Attributes Entra ID needs unique across objects: an edit to a value another object holds is refused. */
const UNIQUE = new Set(['userprincipalname', 'mail', 'proxyaddresses']);
/** A unique value as Entra ID compares it: the SMTP prefix off, case-insensitive. */
const uniqueKey = (value: string) => value.replace(/^smtp:/i, '').toLowerCase();
/** A unique value's terms in a uniqueness search (the value already escaped). */
const holderTerms = (v: string) => `(userPrincipalName=${v})(mail=${v})(proxyAddresses=smtp:${v})`;

/** Users chosen for a UPN move: only these, or every user of the suffix except these (DNs). */
export interface UpnSelection {
  mode: 'only' | 'except';
  dns: readonly string[];
}
/** A long selection handed over in parts (readiness:upn-selection-part), named by its id. */
interface StoredSelection extends UpnSelection {
  from: string;
  dns: string[];
  expires: number;
}
/** Chosen users up to this many are read by their DNs; more are picked out of one search of the suffix. */
const CHOSEN_BY_DN = 2_000;
/** Selections kept at once (the oldest goes first), and DNs one may hold. */
const MAX_SELECTIONS = 4;
const MAX_SELECTION_DNS = MAX_UPN_CHOICE;

/** Filter terms (to AND) for the users whose UPN ends in @suffix; the suffix is still checked per entry. */
const usersOfSuffixTerms = (suffix: string) => `(objectCategory=person)(objectClass=user)(userPrincipalName=*@${escapeFilterValue(suffix)})`;
/** The suffix of a UPN, lower-cased; null when it has no @. */
const suffixOf = (upn: string): string | null => {
  const at = upn.lastIndexOf('@');
  return at < 0 ? null : upn.slice(at + 1).toLowerCase();
};

interface StoredPreview {
  kind: 'apply' | 'undo';
  changes: ValueChange[];
  undo: UndoBatch | null;
  origin: string;
  expires: number;
}

interface Job {
  kind: 'apply' | 'undo';
  done: number;
  total: number;
  controller: AbortController;
  result: BatchResult | null;
  error: string | null;
}

/** The attributes the readiness scan reads (IdFix's list), shown whole in the side panel. */
const OBJECT_ATTRIBUTES = [
  'cn', 'displayName', 'givenName', 'sn', 'groupType', 'homeMDB', 'isCriticalSystemObject', 'mail', 'mailNickname', 'msExchHideFromAddressLists',
  'msExchRecipientTypeDetails', 'objectClass', 'proxyAddresses', 'sAMAccountName', 'targetAddress', 'userPrincipalName',
];

const PREVIEW_TTL_MS = 30 * 60_000;
/** Drafts of a long preview being handed over in parts: kept few (the oldest goes first). */
const MAX_PREVIEW_DRAFTS = 4;

export class Workbench {
  readonly scans = new ScanSessions();
  private readonly previews = new Map<string, StoredPreview>();
  private readonly drafts = new Map<string, { edits: RowEdit[]; expires: number }>();
  private readonly selections = new Map<string, StoredSelection>();
  private readonly jobs = new Map<string, Job>();
  readonly undoDir: string;

  constructor(private readonly deps: WorkbenchDeps) {
    this.undoDir = path.join(deps.dataDir, 'undo');
  }

  private directory(): DirectoryPort {
    const dir = this.deps.directory();
    if (!dir) throw new RequestError('unavailable', 'No directory is connected: sign in to a domain controller first.');
    return dir;
  }

  private ldap(): LdapDirectory {
    const dir = this.directory();
    if (!(dir instanceof LdapDirectory)) {
      throw new RequestError('unavailable', 'Fixes are written to Active Directory over LDAPS: sign in to a domain controller (the in-memory practice directory cannot be changed from the workbench).');
    }
    return dir;
  }

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

  /** The domain's OUs and the containers right under the domain (CN=Users …), sorted by their path from the domain. */
  async listOus(signal?: AbortSignal): Promise<OuListing> {
    const dir = this.directory();
    const domainDn = (await dir.info()).baseDn;
    const found = new Map<string, { dn: string; name: string }>();
    let truncated = false;
    const collect = async (scope: 'one' | 'sub', filter: string) => {
      for await (const e of dir.search({ base: domainDn, scope, filter, attributes: ['ou', 'cn'] }, { signal })) {
        if (found.size >= MAX_OUS) {
          truncated = true;
          break;
        }
        const name = e.attributes.ou?.[0] ?? e.attributes.cn?.[0] ?? e.dn;
        found.set(e.dn.toLowerCase(), { dn: e.dn, name });
      }
    };
    await collect('one', '(objectClass=container)');
    await collect('sub', '(objectClass=organizationalUnit)');
    // Parents before children: sorted by the RDNs from the domain down.
    const pathOf = (dn: string) => dn.slice(0, Math.max(0, dn.length - domainDn.length - 1)).split(/,(?=(?:OU|CN)=)/i).reverse().join('\u0000').toLowerCase();
    const ous = [...found.values()].sort((a, b) => (pathOf(a.dn) < pathOf(b.dn) ? -1 : pathOf(a.dn) > pathOf(b.dn) ? 1 : 0));
    return { domainDn, ous, truncated };
  }

  /** The object's scanned attributes now (binary ones left out), or null when it is gone. */
  async readObject(dn: string, signal?: AbortSignal): Promise<{ dn: string; attributes: Record<string, string[]> } | null> {
    const dir = this.directory();
    try {
      for await (const e of dir.search({ base: dn, scope: 'base', filter: '(objectClass=*)', attributes: OBJECT_ATTRIBUTES }, { signal })) {
        const attributes: Record<string, string[]> = {};
        for (const a of OBJECT_ATTRIBUTES) if (e.attributes[a]?.length) attributes[a] = e.attributes[a]!;
        return { dn: e.dn, attributes };
      }
    } catch (e) {
      if ((e as { code?: string }).code === 'not-found') return null;
      throw e;
    }
    return null;
  }

  // --- previews ------------------------------------------------------------------------

  private store(p: Omit<StoredPreview, 'expires'>, refused: RowRefusal[], heldBack: PreviewResult['heldBack'], completed = 0): PreviewResult {
    const now = Date.now();
    for (const [id, old] of this.previews) if (old.expires < now) this.previews.delete(id);
    const previewId = randomUUID();
    this.previews.set(previewId, { ...p, expires: now + PREVIEW_TTL_MS });
    return { previewId, kind: p.kind, preview: previewOf(p.changes, completed), refused, heldBack };
  }

  /**
   * For each key (uniqueKey), the objects that hold it in a unique attribute: one search per chunk
   * of keys (an OR of escaped values, orFilterChunks' budget) instead of one per value; each entry
   * found is matched back to the keys it holds, as Entra ID compares them (case-insensitive, SMTP
   * prefix off).
   */
  private async holdersOfMany(dir: LdapDirectory, keys: readonly string[], signal?: AbortSignal): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const { values, filter } of orFilterChunks(keys, holderTerms, this.deps.uniqueLookup ?? OR_FILTER_LIMITS)) {
      const chunk = new Set(values);
      for await (const e of dir.search({ filter, attributes: ['userPrincipalName', 'mail', 'proxyAddresses'], pageSize: 500 }, { signal })) {
        const held = new Set<string>();
        for (const v of e.attributes.userPrincipalName ?? []) held.add(uniqueKey(v));
        for (const v of e.attributes.mail ?? []) held.add(uniqueKey(v));
        for (const v of e.attributes.proxyAddresses ?? []) if (/^smtp:/i.test(v)) held.add(uniqueKey(v));
        for (const k of held) {
          if (!chunk.has(k)) continue;
          const list = out.get(k) ?? [];
          if (!list.some((d) => d.toLowerCase() === e.dn.toLowerCase())) list.push(e.dn);
          out.set(k, list);
        }
      }
    }
    return out;
  }

  /**
   * One part of a long preview request (the bridge caps a request at 64 KiB): the first part opens
   * a draft, the next ones add to it in order; readiness:preview takes the draft whole.
   */
  addPreviewPart(draftId: string | undefined, edits: readonly RowEdit[]): { draftId: string; rows: number } {
    const now = Date.now();
    for (const [id, old] of this.drafts) if (old.expires < now) this.drafts.delete(id);
    let id = draftId;
    let draft = id === undefined ? undefined : this.drafts.get(id);
    if (id !== undefined && !draft) throw new RequestError('not-found', 'That preview draft is unknown or expired (the app was restarted, or 30 minutes passed): preview again.');
    if (id === undefined || !draft) {
      while (this.drafts.size >= MAX_PREVIEW_DRAFTS) this.drafts.delete(this.drafts.keys().next().value!);
      id = randomUUID();
      draft = { edits: [], expires: 0 };
      this.drafts.set(id, draft);
    }
    if (draft.edits.length + edits.length > MAX_PREVIEW_ROWS) {
      this.drafts.delete(id);
      throw new RequestError('invalid-request', `A preview holds at most ${MAX_PREVIEW_ROWS.toLocaleString('en-US')} rows; this one would hold ${(draft.edits.length + edits.length).toLocaleString('en-US')}.`);
    }
    draft.edits.push(...edits);
    draft.expires = now + PREVIEW_TTL_MS;
    return { draftId: id, rows: draft.edits.length };
  }

  /** The rows a draft holds, in the order sent; the draft is gone afterwards. */
  takePreviewDraft(draftId: string): RowEdit[] {
    const draft = this.drafts.get(draftId);
    this.drafts.delete(draftId);
    if (!draft || draft.expires < Date.now()) throw new RequestError('not-found', 'That preview draft is unknown or expired (the app was restarted, or 30 minutes passed): preview again.');
    return draft.edits;
  }

  async previewEdits(edits: readonly RowEdit[], signal?: AbortSignal): Promise<PreviewResult> {
    const dir = this.ldap();
    if (!this.scans.latestFinished()) throw new RequestError('conflict', 'No finished scan to apply to: run a scan first.');
    // First the checks that need no directory, row by row; the values that must be unique are
    // then looked up together (holdersOfMany), and the rows judged in their order.
    type Item = { refusal: RowRefusal } | { change: ValueChange; dn: string; added: string; unique: string | null };
    const items: Item[] = [];
    let completed = 0;
    for (const edit of edits) {
      const f = this.scans.findFinding(edit.findingId);
      if (!f) {
        items.push({ refusal: { findingId: edit.findingId, reason: 'this row is not in the latest scan (it was fixed or changed since): scan again' } });
        continue;
      }
      const r = rowToChange({ ...f, action: edit.action, proposedValue: edit.proposedValue }, `${f.attribute} of ${f.dn}`);
      if ('complete' in r) {
        if (edit.action === 'complete') completed++;
        continue;
      }
      if ('problem' in r) {
        items.push({ refusal: { findingId: f.id, reason: `${r.problem.column}: ${r.problem.message}` } });
        continue;
      }
      const added = r.change.add[0];
      const why = added === undefined ? null : this.deps.validate(f, added);
      if (why) {
        items.push({ refusal: { findingId: f.id, reason: `"${added}" would itself be an error: ${why}` } });
        continue;
      }
      const unique = added !== undefined && UNIQUE.has(f.attribute.toLowerCase()) ? uniqueKey(added) : null;
      items.push({ change: { ...r.change, objectGuid: f.objectGuid || null, findingId: f.id } as ValueChange & { findingId: string }, dn: f.dn, added: added ?? '', unique: unique || null });
    }
    const holders = await this.holdersOfMany(
      dir,
      items.flatMap((i) => ('change' in i && i.unique ? [i.unique] : [])),
      signal,
    );
    const changes: ValueChange[] = [];
    const refused: RowRefusal[] = [];
    const claimed = new Map<string, string>();
    for (const item of items) {
      if ('refusal' in item) {
        refused.push(item.refusal);
        continue;
      }
      const { findingId, ...change } = item.change as ValueChange & { findingId: string };
      if (item.unique) {
        const other = claimed.get(item.unique);
        if (other && other !== item.dn.toLowerCase()) {
          refused.push({ findingId, reason: `"${item.added}" is also proposed for another object in this batch` });
          continue;
        }
        const taken = (holders.get(item.unique) ?? []).filter((d) => d.toLowerCase() !== item.dn.toLowerCase()).slice(0, 3);
        if (taken.length) {
          refused.push({ findingId, reason: `"${item.added}" is already used by ${taken.join('; ')}` });
          continue;
        }
        claimed.set(item.unique, item.dn.toLowerCase());
      }
      changes.push(change);
    }
    return this.store({ kind: 'apply', changes, undo: null, origin: 'workbench' }, refused, [], completed);
  }

  private async partitionsDn(dir: LdapDirectory): Promise<string> {
    const config = await dir.withClient('read the configuration naming context', async (c) => {
      const { searchEntries } = await c.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['configurationNamingContext'] });
      const v = searchEntries[0]?.configurationNamingContext;
      return Array.isArray(v) ? String(v[0]) : v ? String(v) : null;
    });
    if (!config) throw new RequestError('directory', 'The directory did not say where its configuration partition is.');
    return `CN=Partitions,${config}`;
  }

  private async forestSuffixes(dir: LdapDirectory, partitions: string): Promise<string[]> {
    const values = await new LdapReadinessStore(dir).read(partitions, 'uPNSuffixes');
    return values?.values ?? [];
  }

  async upnSuffixes(signal?: AbortSignal): Promise<UpnSuffixReport> {
    const dir = this.ldap();
    const info = await dir.info({ signal });
    const forest = await this.forestSuffixes(dir, await this.partitionsDn(dir));
    const bySuffix = new Map<string, { users: number; sample: { dn: string; userPrincipalName: string }[] }>();
    for await (const e of dir.search({ filter: '(&(objectCategory=person)(objectClass=user)(userPrincipalName=*))', attributes: ['userPrincipalName'] }, { signal })) {
      const upn = e.attributes.userPrincipalName?.[0] ?? '';
      const suffix = suffixOf(upn);
      if (suffix === null) continue;
      const entry = bySuffix.get(suffix) ?? { users: 0, sample: [] };
      entry.users++;
      if (entry.sample.length < 5) entry.sample.push({ dn: e.dn, userPrincipalName: upn });
      bySuffix.set(suffix, entry);
    }
    const suffixes = [...bySuffix].map(([suffix, v]) => ({ suffix, users: v.users, routable: this.deps.isRoutable(suffix), sample: v.sample }));
    suffixes.sort((a, b) => Number(a.routable) - Number(b.routable) || b.users - a.users);
    return { forestSuffixes: forest, domain: info.domain, suffixes };
  }

  /**
   * Every user of one suffix, for the admin to choose who moves: sorted by UPN (as people look
   * for them), at most MAX_UPN_CHOICE, and said when there are more.
   */
  async upnUsers(from: string, signal?: AbortSignal): Promise<UpnSuffixUsers> {
    const dir = this.ldap();
    const users: (UpnSuffixUsers['users'][number] & { key: string })[] = [];
    let truncated = false;
    for await (const e of dir.search({ filter: `(&${usersOfSuffixTerms(from)})`, attributes: ['userPrincipalName'], pageSize: 1000 }, { signal })) {
      const upn = e.attributes.userPrincipalName?.[0] ?? '';
      // The filter's match is the directory's; the suffix must be exactly this one (not x.corp.local for corp.local).
      if (suffixOf(upn) !== from) continue;
      if (users.length === MAX_UPN_CHOICE) {
        truncated = true;
        break;
      }
      users.push({ dn: e.dn, userPrincipalName: upn, key: `${upn.toLowerCase()}\u0000${e.dn}` });
    }
    users.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { suffix: from, users: users.map(({ dn, userPrincipalName }) => ({ dn, userPrincipalName })), truncated };
  }

  /**
   * One part of a long user selection for a UPN move (the bridge caps a request at 64 KiB, about
   * 300 DNs): the first part opens it (for users of `from`, only these or all except these), the
   * next ones add to it; readiness:upn-move-preview names it by id, as often as the admin previews.
   */
  addUpnSelectionPart(selectionId: string | undefined, from: string, mode: UpnSelection['mode'], dns: readonly string[]): { selectionId: string; users: number } {
    const now = Date.now();
    for (const [id, old] of this.selections) if (old.expires < now) this.selections.delete(id);
    let id = selectionId;
    let sel: StoredSelection | undefined;
    if (id !== undefined) {
      sel = this.upnSelection(id, from);
      if (sel.mode !== mode) throw new RequestError('conflict', `That user selection lists the users to ${sel.mode === 'only' ? 'move' : 'leave out'}; this part says the opposite: start a new selection.`);
    } else {
      while (this.selections.size >= MAX_SELECTIONS) this.selections.delete(this.selections.keys().next().value!);
      id = randomUUID();
      sel = { from, mode, dns: [], expires: 0 };
      this.selections.set(id, sel);
    }
    if (sel.dns.length + dns.length > MAX_SELECTION_DNS) {
      this.selections.delete(id);
      throw new RequestError('invalid-request', `A user selection holds at most ${MAX_SELECTION_DNS.toLocaleString('en-US')} users; this one would hold ${(sel.dns.length + dns.length).toLocaleString('en-US')}.`);
    }
    sel.dns.push(...dns);
    sel.expires = now + PREVIEW_TTL_MS;
    return { selectionId: id, users: sel.dns.length };
  }

  /** A stored selection for users of `from`; refused with the reason when unknown, expired or made for another suffix. */
  upnSelection(selectionId: string, from: string): StoredSelection {
    const sel = this.selections.get(selectionId);
    if (!sel || sel.expires < Date.now()) {
      this.selections.delete(selectionId);
      throw new RequestError('not-found', 'That user selection is unknown or expired (the app was restarted, or 30 minutes passed): choose the users again.');
    }
    if (sel.from !== from) throw new RequestError('conflict', `That user selection was made for users of ${sel.from}, not ${from}: choose the users again.`);
    return sel;
  }

  /**
   * Plan a UPN suffix move: the users of `from` (all, or as `selection` says) get `to`, which is
   * added to the forest's suffixes first when new. The new UPNs are checked for uniqueness in a few
   * OR searches (holdersOfMany); a user whose new UPN another object holds, or that another user of
   * this move would get, is held back and listed with the object holding it.
   */
  async previewUpnMove(from: string, to: string, selection: UpnSelection | null, signal?: AbortSignal): Promise<PreviewResult> {
    const dir = this.ldap();
    if (!this.deps.isRoutable(to)) throw new RequestError('invalid-request', `"${to}" does not end in a real top-level domain: Entra ID cannot verify it. Type a domain verified in your tenant.`);
    if (from === to) throw new RequestError('invalid-request', 'The new suffix is the same as the old one.');
    const partitions = await this.partitionsDn(dir);
    const forest = await this.forestSuffixes(dir, partitions);
    const info = await dir.info({ signal });
    const listed = selection ? new Set(selection.dns.map((d) => d.toLowerCase())) : null;
    const seen = new Set<string>();
    const users: { dn: string; upn: string; next: string; guid: string | null }[] = [];
    const ofSuffix = usersOfSuffixTerms(from);
    // All users of the suffix in one search; a few chosen ones by their DNs, a chunk a search (on
    // the seeded lab DC a DN cost ~0.65 ms that way and a user of the suffix ~0.3 ms in the one
    // search: bench:batch), so a long choice is picked out of the one search.
    const byDn = selection?.mode === 'only' && selection.dns.length <= CHOSEN_BY_DN;
    const filters = byDn ? orFilterChunks(selection.dns, (v) => `(distinguishedName=${v})`).map((c) => `(&${ofSuffix}${c.filter})`) : [`(&${ofSuffix})`];
    for (const filter of filters) {
      for await (const e of dir.search({ filter, attributes: ['userPrincipalName', 'objectGUID'], pageSize: 1000 }, { signal })) {
        const key = e.dn.toLowerCase();
        if (listed && selection!.mode === 'only') {
          // (A DN listed twice in two spellings is found twice: moved once.)
          if (!listed.has(key) || seen.has(key)) continue;
          seen.add(key);
        } else if (listed?.has(key)) continue;
        const upn = e.attributes.userPrincipalName?.[0] ?? '';
        const at = upn.lastIndexOf('@');
        if (at < 0 || upn.slice(at + 1).toLowerCase() !== from) continue;
        const guid = e.attributes.objectGUID?.[0];
        users.push({ dn: e.dn, upn, next: `${upn.slice(0, at)}@${to}`, guid: guid ? guidFromBase64(guid) : null });
      }
    }
    users.sort((a, b) => a.dn.localeCompare(b.dn));
    const holders = await this.holdersOfMany(dir, users.map((u) => uniqueKey(u.next)), signal);
    const changes: ValueChange[] = [];
    const heldBack: PreviewResult['heldBack'] = [];
    const claimed = new Map<string, string>();
    for (const u of users) {
      const key = uniqueKey(u.next);
      const taken = (holders.get(key) ?? []).filter((d) => d.toLowerCase() !== u.dn.toLowerCase()).slice(0, 3);
      const twin = claimed.get(key);
      if (taken.length || twin) {
        heldBack.push({ dn: u.dn, value: u.next, reason: taken.length ? `${u.next} is already used by ${taken.join('; ')}` : `${u.next} would also be given to ${twin} in this move` });
        continue;
      }
      claimed.set(key, u.dn);
      changes.push({ dn: u.dn, objectGuid: u.guid, attribute: 'userPrincipalName', remove: [u.upn], add: [u.next], source: `UPN suffix ${from} → ${to}` });
    }
    if (selection?.mode === 'only') {
      // Chosen users the move no longer finds among the users of `from`: said, not silently dropped.
      const missing = [...new Set(selection.dns)].filter((d) => !seen.has(d.toLowerCase()));
      for (const d of missing.sort((a, b) => a.localeCompare(b))) heldBack.push({ dn: d, value: '', reason: `no longer a user with a UPN ending in @${from} (renamed, moved or changed since it was chosen)` });
    }
    const known = [...forest.map((s) => s.toLowerCase()), info.domain.toLowerCase()];
    if (changes.length && !known.includes(to)) {
      changes.unshift({ dn: partitions, objectGuid: null, attribute: 'uPNSuffixes', remove: [], add: [to], source: `forest UPN suffix ${to}` });
    }
    return this.store({ kind: 'apply', changes, undo: null, origin: `UPN suffix move ${from} → ${to}` }, [], heldBack);
  }

  // --- batches and undo ----------------------------------------------------------------

  listBatches(): BatchListing[] {
    if (!fs.existsSync(this.undoDir)) return [];
    const out: BatchListing[] = [];
    for (const name of fs.readdirSync(this.undoDir)) {
      if (!name.endsWith('.ldif')) continue;
      const file = path.join(this.undoDir, name);
      try {
        const b = parseUndoLdif(fs.readFileSync(file, 'utf8'));
        out.push({ batchId: b.batchId, createdAt: b.createdAt, origin: b.origin, changes: b.restores.length - (b.notApplied?.length ?? 0), file });
      } catch {
        // A file someone edited into something unreadable is not offered; undo-preview would say why.
      }
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  previewUndo(batchId: string): PreviewResult {
    const file = path.join(this.undoDir, `${batchId}.ldif`);
    if (!fs.existsSync(file)) throw new RequestError('not-found', `No undo file for batch ${batchId}.`);
    let batch: UndoBatch;
    try {
      batch = parseUndoLdif(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new RequestError('conflict', `The undo file ${file} cannot be read: ${(e as Error).message}`);
    }
    const skipped = new Set((batch.notApplied ?? []).map((n) => n.index));
    const changes = batch.restores.filter((_, i) => !skipped.has(i));
    return this.store({ kind: 'undo', changes, undo: batch, origin: `undo of ${batchId}` }, [], []);
  }

  async startBatch(previewId: string): Promise<string> {
    const p = this.previews.get(previewId);
    if (!p || p.expires < Date.now()) throw new RequestError('not-found', 'That preview is unknown or has expired: preview the changes again.');
    if (!p.changes.length) throw new RequestError('conflict', 'The preview has no change to write.');
    this.previews.delete(previewId);
    const dir = this.ldap();
    const host = await this.deps.host().catch(() => 'unknown');
    const batchId = p.kind === 'apply' ? randomUUID() : `${p.undo!.batchId}-undo-${Date.now().toString(36)}`.slice(0, 64);
    const job: Job = { kind: p.kind, done: 0, total: p.changes.length, controller: new AbortController(), result: null, error: null };
    this.jobs.set(batchId, job);
    const options: BatchOptions = {
      store: new LdapReadinessStore(dir),
      audit: this.deps.audit,
      actor: this.deps.actor,
      host,
      origin: p.origin,
      signal: job.controller.signal,
      onProgress: (done) => {
        job.done = done;
      },
    };
    const run = p.kind === 'apply' ? applyBatch(p.changes, path.join(this.undoDir, `${batchId}.ldif`), options, batchId) : undoBatch(p.undo!, options);
    run.then(
      (r) => {
        job.result = p.kind === 'undo' ? { ...r, batchId } : r;
        job.done = job.total;
      },
      (e: unknown) => {
        job.error = e instanceof Error ? e.message : String(e);
      },
    );
    return batchId;
  }

  pollBatch(batchId: string): BatchPoll {
    const job = this.jobs.get(batchId);
    if (!job) throw new RequestError('not-found', `No batch ${batchId} is running or finished in this session.`);
    return { batchId, kind: job.kind, done: job.done, total: job.total, finished: job.result !== null || job.error !== null, result: job.result, error: job.error };
  }

  cancelBatch(batchId: string): boolean {
    const job = this.jobs.get(batchId);
    if (!job || job.result || job.error) return false;
    job.controller.abort();
    return true;
  }

  close(): void {
    this.scans.cancelAll();
    for (const j of this.jobs.values()) j.controller.abort();
  }
}

function guidFromBase64(b64: string): string | null {
  const bytes = Buffer.from(b64, 'base64');
  return bytes.length === 16 ? guidFromBytes(bytes) : null;
}
