// Seed 002's UPN suffix move: the suffixes in use and their users, the admin's choice of users
// handed over in parts, and the preview of the move (the new UPNs checked for uniqueness, the users
// whose new UPN is taken held back with the reason).
import { randomUUID } from 'node:crypto';
import { escapeFilterValue, guidFromBytes, orFilterChunks, type OrFilterLimits } from '../../shared/ldap';
import { MAX_UPN_CHOICE, type PreviewResult, type UpnSuffixReport, type UpnSuffixUsers } from '../../shared/readiness/ipc';
import type { ValueChange } from '../../shared/readiness/value-change';
import type { LdapDirectory } from '../directory/ldap-directory';
import { RequestError } from '../ipc/dispatch';
import { PREVIEW_TTL_MS, type PreviewStore } from './preview-store';
import { LdapReadinessStore } from './readiness-store';
import { holdersOfMany, uniqueKey } from './unique-values';

/** Users chosen for a UPN move: only these, or every user of the suffix except these (DNs). */
export interface UpnSelection {
  mode: 'only' | 'except';
  dns: readonly string[];
}
/** A long selection handed over in parts (readiness:upn-selection-part), named by its id. */
export interface StoredSelection extends UpnSelection {
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

export interface UpnMoveDeps {
  /** The connected directory over LDAPS (refused with the reason otherwise). */
  ldap: () => LdapDirectory;
  isRoutable: (suffix: string) => boolean;
  uniqueLookup?: OrFilterLimits;
  previews: PreviewStore;
}

export class UpnMoves {
  private readonly selections = new Map<string, StoredSelection>();

  constructor(private readonly deps: UpnMoveDeps) {}

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
    const dir = this.deps.ldap();
    const info = await dir.info({ signal });
    const forest = await this.forestSuffixes(dir, await this.partitionsDn(dir));
    const bySuffix = new Map<string, { users: number; sample: { dn: string; userPrincipalName: string }[] }>();
    for await (const e of dir.search(
      { filter: '(&(objectCategory=person)(objectClass=user)(userPrincipalName=*))', attributes: ['userPrincipalName'] },
      { signal },
    )) {
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
    const dir = this.deps.ldap();
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
  addUpnSelectionPart(
    selectionId: string | undefined,
    from: string,
    mode: UpnSelection['mode'],
    dns: readonly string[],
  ): { selectionId: string; users: number } {
    const now = Date.now();
    for (const [id, old] of this.selections) if (old.expires < now) this.selections.delete(id);
    let id = selectionId;
    let sel: StoredSelection | undefined;
    if (id !== undefined) {
      sel = this.upnSelection(id, from);
      if (sel.mode !== mode)
        throw new RequestError(
          'conflict',
          `That user selection lists the users to ${sel.mode === 'only' ? 'move' : 'leave out'}; this part says the opposite: start a new selection.`,
        );
    } else {
      while (this.selections.size >= MAX_SELECTIONS) this.selections.delete(this.selections.keys().next().value!);
      id = randomUUID();
      sel = { from, mode, dns: [], expires: 0 };
      this.selections.set(id, sel);
    }
    if (sel.dns.length + dns.length > MAX_SELECTION_DNS) {
      this.selections.delete(id);
      throw new RequestError(
        'invalid-request',
        `A user selection holds at most ${MAX_SELECTION_DNS.toLocaleString('en-US')} users; this one would hold ${(sel.dns.length + dns.length).toLocaleString('en-US')}.`,
      );
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
    const dir = this.deps.ldap();
    if (!this.deps.isRoutable(to))
      throw new RequestError(
        'invalid-request',
        `"${to}" does not end in a real top-level domain: Entra ID cannot verify it. Type a domain verified in your tenant.`,
      );
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
    const holders = await holdersOfMany(
      dir,
      users.map((u) => uniqueKey(u.next)),
      this.deps.uniqueLookup,
      signal,
    );
    const changes: ValueChange[] = [];
    const heldBack: PreviewResult['heldBack'] = [];
    const claimed = new Map<string, string>();
    for (const u of users) {
      const key = uniqueKey(u.next);
      const taken = (holders.get(key) ?? []).filter((d) => d.toLowerCase() !== u.dn.toLowerCase()).slice(0, 3);
      const twin = claimed.get(key);
      if (taken.length || twin) {
        heldBack.push({
          dn: u.dn,
          value: u.next,
          reason: taken.length ? `${u.next} is already used by ${taken.join('; ')}` : `${u.next} would also be given to ${twin} in this move`,
        });
        continue;
      }
      claimed.set(key, u.dn);
      changes.push({ dn: u.dn, objectGuid: u.guid, attribute: 'userPrincipalName', remove: [u.upn], add: [u.next], source: `UPN suffix ${from} → ${to}` });
    }
    if (selection?.mode === 'only') {
      // Chosen users the move no longer finds among the users of `from`: said, not silently dropped.
      const missing = [...new Set(selection.dns)].filter((d) => !seen.has(d.toLowerCase()));
      for (const d of missing.sort((a, b) => a.localeCompare(b)))
        heldBack.push({ dn: d, value: '', reason: `no longer a user with a UPN ending in @${from} (renamed, moved or changed since it was chosen)` });
    }
    const known = [...forest.map((s) => s.toLowerCase()), info.domain.toLowerCase()];
    if (changes.length && !known.includes(to)) {
      changes.unshift({ dn: partitions, objectGuid: null, attribute: 'uPNSuffixes', remove: [], add: [to], source: `forest UPN suffix ${to}` });
    }
    return this.deps.previews.save({ kind: 'apply', changes, undo: null, origin: `UPN suffix move ${from} → ${to}` }, [], heldBack);
  }
}

function guidFromBase64(b64: string): string | null {
  const bytes = Buffer.from(b64, 'base64');
  return bytes.length === 16 ? guidFromBytes(bytes) : null;
}
