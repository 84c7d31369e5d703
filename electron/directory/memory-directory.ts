// The lab directory for the offline demo: an in-memory Active Directory that behaves like the
// Samba lab DC for everything DirectoryPort exposes (same flags, same bind errors, tombstones
// and restore, escaping, paging, cancellation). The contract suite runs against both.
import { randomUUID } from 'node:crypto';
import { DirectoryErrorCode, type AccountState, type DeletedAccount } from '../../shared/domain/account';
import {
  decodeAccountFlags,
  dnEquals,
  dnFromDomain,
  escapeDnValue,
  escapeFilterValue,
  fileTimeToIso,
  FILETIME_NEVER,
  formatRdn,
  generalizedTimeToIso,
  guidToBytes,
  isDnWithin,
  isoToFileTime,
  isoToGeneralizedTime,
  normalizeDn,
  parentDn,
  parseDn,
  parseIntegerAttribute,
  splitDn,
  UAC,
  withUacBit,
} from '../../shared/ldap';
import type { AccountPlacement, DirectoryEntry, DirectoryInfo, DirectoryPort, DirectoryReader, ReplicationState, SearchRequest } from '../ports/directory-port';
import { DirectoryError } from '../ports/errors';
import type { OperationOptions } from '../ports/host-port';
import { accountFilter, checkDnArgument, checkPasswordArgument, describeRef, parseAccountRef } from './account-ref';
import { AD_BIND_REASONS } from './ldap-errors';
import { LabUserSpec, RESERVED_ATTRIBUTES, type LabDirectoryAdmin } from './lab-user-spec';
import { matchesFilter, parseFilter } from './memory-filter';
import { OperationScope } from './operation';

export interface MemoryDirectoryOptions {
  /** DNS domain; default lab.example.com (the Samba lab DC's). */
  domain?: string;
  /** Host name reported as the DC; default dc01.<domain>. */
  dcHostName?: string;
  /** AD Recycle Bin: deleted accounts keep all attributes and their password. Default false, like the Samba lab DC. */
  recycleBinEnabled?: boolean;
  /** Domain password policy (AD and Samba defaults: 7, complexity on, 42 days). */
  minPasswordLength?: number;
  passwordComplexity?: boolean;
  /** null = passwords never expire domain-wide. */
  maxPasswordAgeDays?: number | null;
  /** Users to create at once (as LabDirectoryAdmin.createUser would). */
  users?: readonly LabUserSpec[];
  /** Clock, for scenarios that need time to have passed. */
  now?: () => Date;
  /** Pause between pages of a search, so streaming and cancellation behave as over a network. Default 0. */
  pageDelayMs?: number;
}

interface StoredObject {
  dn: string;
  attrs: Map<string, { name: string; values: string[] }>;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const USER_CLASSES = ['top', 'person', 'organizationalPerson', 'user'];
// What a tombstone keeps when the Recycle Bin is off (as seen on the Samba lab DC).
const TOMBSTONE_KEEPS = new Set(
  ['objectClass', 'objectGUID', 'objectSid', 'sAMAccountName', 'userAccountControl', 'instanceType', 'whenCreated', 'uSNCreated'].map((a) => a.toLowerCase()),
);
const PASSWORD_EXPIRED_BIT = UAC.PASSWORD_EXPIRED;

export class MemoryDirectory implements DirectoryPort {
  readonly kind = 'memory' as const;
  readonly domain: string;
  readonly baseDn: string;
  private readonly dcHostName: string;
  private readonly recycleBin: boolean;
  private readonly minPasswordLength: number;
  private readonly complexity: boolean;
  private readonly maxPasswordAgeDays: number | null;
  private readonly now: () => Date;
  private readonly pageDelayMs: number;
  /** By normalised DN, in creation order (the order searches return). */
  private readonly objects = new Map<string, StoredObject>();
  /** By objectGUID; kept apart from attributes so no search or dump can reveal them. */
  private readonly passwords = new Map<string, string>();
  private readonly lockedOut = new Set<string>();
  /** The update sequence: every add and change takes the next number, as uSNChanged. */
  private usn = 1000;
  private readonly invocationId = randomUUID();

  constructor(options: MemoryDirectoryOptions = {}) {
    this.domain = (options.domain ?? 'lab.example.com').toLowerCase();
    this.baseDn = dnFromDomain(this.domain);
    this.dcHostName = options.dcHostName ?? `dc01.${this.domain}`;
    this.recycleBin = options.recycleBinEnabled ?? false;
    this.minPasswordLength = options.minPasswordLength ?? 7;
    this.complexity = options.passwordComplexity ?? true;
    this.maxPasswordAgeDays = options.maxPasswordAgeDays === undefined ? 42 : options.maxPasswordAgeDays;
    this.now = options.now ?? (() => new Date());
    this.pageDelayMs = options.pageDelayMs ?? 0;
    this.seedDomain();
    for (const spec of options.users ?? []) this.createUserNow(spec);
  }

  // --- storage ---------------------------------------------------------------------------

  private stamp(): string {
    return isoToGeneralizedTime(this.now().toISOString());
  }

  private put(dn: string, attributes: Record<string, readonly string[]>): StoredObject {
    const o: StoredObject = { dn, attrs: new Map() };
    for (const [name, values] of Object.entries(attributes)) this.set(o, name, values);
    const rdn = parseDn(dn)[0]!;
    this.set(o, rdn.type.toLowerCase(), [rdn.value]);
    this.set(o, 'name', [rdn.value]);
    this.set(o, 'distinguishedName', [dn]);
    const now = this.stamp();
    if (!this.get(o, 'whenCreated').length) this.set(o, 'whenCreated', [now]);
    this.set(o, 'whenChanged', [now]);
    if (!this.get(o, 'objectGUID').length) this.set(o, 'objectGUID', [Buffer.from(guidToBytes(randomUUID())).toString('base64')]);
    if (!this.get(o, 'instanceType').length) this.set(o, 'instanceType', ['4']);
    this.usn += 1;
    if (!this.get(o, 'uSNCreated').length) this.set(o, 'uSNCreated', [String(this.usn)]);
    this.set(o, 'uSNChanged', [String(this.usn)]);
    this.objects.set(normalizeDn(dn), o);
    return o;
  }

  private get(o: StoredObject, name: string): string[] {
    return o.attrs.get(name.toLowerCase())?.values ?? [];
  }

  private set(o: StoredObject, name: string, values: readonly string[]): void {
    if (values.length === 0) o.attrs.delete(name.toLowerCase());
    else o.attrs.set(name.toLowerCase(), { name: o.attrs.get(name.toLowerCase())?.name ?? name, values: [...values] });
  }

  private touch(o: StoredObject): void {
    this.set(o, 'whenChanged', [this.stamp()]);
    this.usn += 1;
    this.set(o, 'uSNChanged', [String(this.usn)]);
  }

  private lookup(dn: string): StoredObject | undefined {
    try {
      return this.objects.get(normalizeDn(dn));
    } catch {
      throw new DirectoryError('bad-input', `"${dn}" is not a distinguished name`);
    }
  }

  private isDeleted(o: StoredObject): boolean {
    return this.get(o, 'isDeleted')[0]?.toUpperCase() === 'TRUE';
  }

  private guidOf(o: StoredObject): string {
    const b64 = this.get(o, 'objectGUID')[0]!;
    const bytes = Buffer.from(b64, 'base64');
    const h = (i: number) => bytes[i]!.toString(16).padStart(2, '0');
    return `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${[10, 11, 12, 13, 14, 15].map(h).join('')}`;
  }

  private seedDomain(): void {
    const b = this.baseDn;
    this.put(b, { objectClass: ['top', 'domain', 'domainDNS'], objectCategory: [`CN=Domain-DNS,CN=Schema,CN=Configuration,${b}`] });
    this.put(`CN=Users,${b}`, { objectClass: ['top', 'container'], objectCategory: [`CN=Container,CN=Schema,CN=Configuration,${b}`] });
    this.put(`CN=Computers,${b}`, { objectClass: ['top', 'container'], objectCategory: [`CN=Container,CN=Schema,CN=Configuration,${b}`] });
    this.put(`OU=Domain Controllers,${b}`, {
      objectClass: ['top', 'organizationalUnit'],
      objectCategory: [`CN=Organizational-Unit,CN=Schema,CN=Configuration,${b}`],
    });
    // Hidden like in AD: only the show-deleted control reveals it.
    this.put(`CN=Deleted Objects,${b}`, { objectClass: ['top', 'container'], isDeleted: ['TRUE'] });
    const builtIn = (sam: string, uac: number) =>
      this.put(`CN=${sam},CN=Users,${b}`, {
        ...this.userBaseAttributes(sam, uac),
        pwdLastSet: [uac & UAC.ACCOUNTDISABLE ? '0' : isoToFileTime(this.now().toISOString())],
      });
    builtIn('Administrator', UAC.NORMAL_ACCOUNT);
    builtIn('Guest', UAC.NORMAL_ACCOUNT | UAC.ACCOUNTDISABLE | UAC.PASSWD_NOTREQD | UAC.DONT_EXPIRE_PASSWORD);
    builtIn('krbtgt', UAC.NORMAL_ACCOUNT | UAC.ACCOUNTDISABLE);
    const dcName = this.dcHostName.split('.')[0]!.toUpperCase();
    this.put(`CN=${escapeDnValue(dcName)},OU=Domain Controllers,${b}`, {
      objectClass: [...USER_CLASSES, 'computer'],
      objectCategory: [`CN=Computer,CN=Schema,CN=Configuration,${b}`],
      sAMAccountName: [`${dcName}$`],
      userAccountControl: ['532480'],
      dNSHostName: [this.dcHostName],
      accountExpires: [FILETIME_NEVER],
      pwdLastSet: [isoToFileTime(this.now().toISOString())],
    });
  }

  private userBaseAttributes(sam: string, uac: number): Record<string, string[]> {
    return {
      objectClass: USER_CLASSES,
      objectCategory: [`CN=Person,CN=Schema,CN=Configuration,${this.baseDn}`],
      sAMAccountName: [sam],
      sAMAccountType: ['805306368'],
      primaryGroupID: ['513'],
      userAccountControl: [String(uac)],
      accountExpires: [FILETIME_NEVER],
      badPwdCount: ['0'],
    };
  }

  // --- reading ---------------------------------------------------------------------------

  private computedUac(o: StoredObject): number {
    const uac = parseIntegerAttribute('userAccountControl', this.get(o, 'userAccountControl')[0]) ?? 0;
    let computed = 0;
    if (this.lockedOut.has(this.guidOf(o))) computed |= UAC.LOCKOUT;
    const pwdLastSet = this.get(o, 'pwdLastSet')[0];
    if (pwdLastSet === '0')
      computed |= PASSWORD_EXPIRED_BIT; // as AD: must-change shows as expired here
    else if (pwdLastSet && this.passwordTooOld(pwdLastSet) && !(uac & UAC.DONT_EXPIRE_PASSWORD)) computed |= PASSWORD_EXPIRED_BIT;
    return computed;
  }

  private passwordTooOld(pwdLastSet: string): boolean {
    if (this.maxPasswordAgeDays === null) return false;
    const set = fileTimeToIso(pwdLastSet);
    if (!set) return false;
    return this.now().getTime() - Date.parse(set) > this.maxPasswordAgeDays * 86_400_000;
  }

  /** Attribute values as a search returns them, constructed attributes included. */
  private valuesOf(o: StoredObject, name: string): string[] | undefined {
    const lower = name.toLowerCase();
    if (lower === 'msds-user-account-control-computed') {
      return this.get(o, 'userAccountControl').length ? [String(this.computedUac(o))] : undefined;
    }
    return o.attrs.get(lower)?.values;
  }

  private accountState(o: StoredObject): AccountState {
    const userAccountControl = parseIntegerAttribute('userAccountControl', this.get(o, 'userAccountControl')[0]) ?? 0;
    const pwdLastSet = this.get(o, 'pwdLastSet')[0] ?? null;
    const accountExpires = this.get(o, 'accountExpires')[0] ?? null;
    const lockoutTime = this.get(o, 'lockoutTime')[0] ?? null;
    return {
      dn: o.dn,
      sAMAccountName: this.get(o, 'sAMAccountName')[0] ?? '',
      userPrincipalName: this.get(o, 'userPrincipalName')[0] ?? null,
      displayName: this.get(o, 'displayName')[0] ?? null,
      objectGuid: this.guidOf(o),
      userAccountControl,
      flags: decodeAccountFlags({ userAccountControl, computed: this.computedUac(o), pwdLastSet }),
      pwdLastSet: pwdLastSet === null ? null : fileTimeToIso(pwdLastSet),
      accountExpires: accountExpires === null ? null : fileTimeToIso(accountExpires),
      lockoutTime: lockoutTime === null ? null : fileTimeToIso(lockoutTime),
      parentDn: parentDn(o.dn),
    };
  }

  private toEntry(o: StoredObject, requested: readonly string[]): DirectoryEntry {
    const attributes: Record<string, string[]> = {};
    const all = requested.includes('*');
    if (all) for (const { name, values } of o.attrs.values()) attributes[name] = [...values];
    for (const name of requested) {
      if (name === '*' || name === '+' || name === '1.1') continue;
      const stored = o.attrs.get(name.toLowerCase());
      if (all && stored) delete attributes[stored.name];
      attributes[name] = [...(this.valuesOf(o, name) ?? [])];
    }
    return { dn: o.dn, attributes };
  }

  private liveUser(dn: string, what: string): StoredObject {
    checkDnArgument(dn, what);
    const o = this.lookup(dn);
    if (!o || this.isDeleted(o) || !this.get(o, 'objectClass').some((c) => c.toLowerCase() === 'user')) {
      throw new DirectoryError('not-found', `${what}: ${dn} is not a user account`);
    }
    return o;
  }

  private findLive(filter: string, what: string): StoredObject | null {
    const parsed = parseFilter(filter);
    const hits = [...this.objects.values()].filter((o) => !this.isDeleted(o) && matchesFilter(parsed, (n) => this.valuesOf(o, n)));
    if (hits.length > 1) throw new DirectoryError('ambiguous', `${what}: more than one account matches`);
    return hits[0] ?? null;
  }

  private scope(what: string, opts?: OperationOptions): OperationScope {
    const s = new OperationScope(what, opts, DEFAULT_TIMEOUT_MS);
    s.throwIfStopped();
    return s;
  }

  // --- port ------------------------------------------------------------------------------

  async info(opts?: OperationOptions): Promise<DirectoryInfo> {
    this.scope('read the directory root (rootDSE)', opts);
    return { baseDn: this.baseDn, domain: this.domain, dcHostName: this.dcHostName, url: 'memory://lab', recycleBinEnabled: this.recycleBin };
  }

  async *search(request: SearchRequest, opts?: OperationOptions): AsyncIterable<DirectoryEntry> {
    const filter = parseFilter(request.filter);
    const pageSize = request.pageSize ?? 500;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 5000) throw new DirectoryError('bad-input', `page size must be 1-5000, got ${pageSize}`);
    const base = request.base ?? this.baseDn;
    const what = `search under ${base || 'the rootDSE'}`;
    this.scope(what, opts);
    const scopeKind = request.scope ?? 'sub';
    if (base === '') {
      if (scopeKind === 'base' && matchesFilter(filter, (n) => this.rootDse()[n.toLowerCase()])) yield this.rootDseEntry(request.attributes);
      return;
    }
    const visible = (o: StoredObject) => request.includeDeleted === true || !this.isDeleted(o);
    const baseObject = this.lookup(base);
    if (!baseObject || !visible(baseObject)) throw new DirectoryError('not-found', `${what}: no such object`);
    const inScope = (o: StoredObject) =>
      scopeKind === 'base' ? o === baseObject : scopeKind === 'one' ? dnEquals(parentDn(o.dn), baseObject.dn) : isDnWithin(o.dn, baseObject.dn);
    // Snapshot the matches like a server's paged result set; stream them page by page.
    const matches = [...this.objects.values()].filter((o) => visible(o) && inScope(o) && matchesFilter(filter, (n) => this.valuesOf(o, n)));
    // Like Samba, which resolves the whole result set at the first page and says how large it is.
    if (matches.length > 0) request.onSizeEstimate?.(matches.length);
    for (let i = 0; i < matches.length; i += pageSize) {
      const page = new OperationScope(what, opts, DEFAULT_TIMEOUT_MS);
      if (i > 0) await page.race(new Promise((r) => setTimeout(r, this.pageDelayMs)));
      for (const o of matches.slice(i, i + pageSize)) {
        page.throwIfStopped();
        yield this.toEntry(o, request.attributes);
      }
    }
  }

  /** Readers opened by openReader and not closed yet (the split scan must close every one). */
  readersOpen = 0;

  /** A reader on the same objects, like a second connection to the same DC. */
  async openReader(opts?: OperationOptions): Promise<DirectoryReader> {
    this.scope('open another connection to read beside the first', opts);
    this.readersOpen += 1;
    let open = true;
    return {
      search: (request, o) => {
        if (!open) throw new DirectoryError('bad-input', 'this reader has been closed');
        return this.search(request, o);
      },
      close: async () => {
        if (open) this.readersOpen -= 1;
        open = false;
      },
    };
  }

  async replicationState(opts?: OperationOptions): Promise<ReplicationState> {
    this.scope("read the DC's invocationId and highest USN", opts);
    return { invocationId: this.invocationId, highestCommittedUsn: String(this.usn), dcHostName: this.dcHostName };
  }

  private rootDse(): Record<string, string[]> {
    return {
      objectclass: ['top'],
      defaultnamingcontext: [this.baseDn],
      rootdomainnamingcontext: [this.baseDn],
      configurationnamingcontext: [`CN=Configuration,${this.baseDn}`],
      schemanamingcontext: [`CN=Schema,CN=Configuration,${this.baseDn}`],
      dnshostname: [this.dcHostName],
      vendorname: ['DirSync Doctor lab directory'],
    };
  }

  private rootDseEntry(requested: readonly string[]): DirectoryEntry {
    const root = this.rootDse();
    const attributes: Record<string, string[]> = {};
    for (const name of requested) if (!['*', '+', '1.1'].includes(name)) attributes[name] = root[name.toLowerCase()] ?? [];
    return { dn: '', attributes };
  }

  async findAccount(ref: string, opts?: OperationOptions): Promise<AccountState | null> {
    const parsed = parseAccountRef(ref);
    this.scope(`find account ${describeRef(parsed)}`, opts);
    const o = this.findLive(accountFilter(parsed), `find account ${describeRef(parsed)}`);
    return o ? this.accountState(o) : null;
  }

  private setUacBit(dn: string, bit: number, on: boolean, what: string, opts?: OperationOptions): AccountState {
    this.scope(what, opts);
    const o = this.liveUser(dn, what);
    const uac = parseIntegerAttribute('userAccountControl', this.get(o, 'userAccountControl')[0]) ?? 0;
    const next = withUacBit(uac, bit, on);
    if (next !== uac >>> 0) {
      this.set(o, 'userAccountControl', [String(next)]);
      this.touch(o);
    }
    return this.accountState(o);
  }

  async enableAccount(dn: string, opts?: OperationOptions): Promise<AccountState> {
    return this.setUacBit(dn, UAC.ACCOUNTDISABLE, false, `enable ${dn}`, opts);
  }

  async disableAccount(dn: string, opts?: OperationOptions): Promise<AccountState> {
    return this.setUacBit(dn, UAC.ACCOUNTDISABLE, true, `disable ${dn}`, opts);
  }

  async setPasswordNeverExpires(dn: string, value: boolean, opts?: OperationOptions): Promise<AccountState> {
    return this.setUacBit(dn, UAC.DONT_EXPIRE_PASSWORD, value, `${value ? 'set' : 'clear'} "password never expires" on ${dn}`, opts);
  }

  async unlockAccount(dn: string, opts?: OperationOptions): Promise<AccountState> {
    const what = `unlock ${dn}`;
    this.scope(what, opts);
    const o = this.liveUser(dn, what);
    this.lockedOut.delete(this.guidOf(o));
    this.set(o, 'lockoutTime', ['0']);
    this.set(o, 'badPwdCount', ['0']);
    this.touch(o);
    return this.accountState(o);
  }

  /** Samba's check_password_restrictions: length, then 3 of 4 character kinds and not containing the account name. */
  private checkPasswordPolicy(password: string, sam: string, displayName: string | null, what: string): void {
    const fail = (why: string) => {
      throw new DirectoryError('constraint', `${what} refused by the password policy: ${why}`);
    };
    if (Array.from(password).length < this.minPasswordLength) fail(`the password is shorter than ${this.minPasswordLength} characters`);
    if (!this.complexity) return;
    const kinds = [/\p{Lu}/u, /\p{Ll}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((re) => re.test(password)).length;
    if (kinds < 3) fail('the password needs three of: upper-case letters, lower-case letters, digits, other characters');
    const lower = password.toLowerCase();
    if (sam.length >= 3 && lower.includes(sam.toLowerCase())) fail('the password contains the account name');
    for (const token of (displayName ?? '').split(/[\s,.\-_#]+/)) {
      if (token.length >= 3 && lower.includes(token.toLowerCase())) fail("the password contains part of the user's name");
    }
  }

  async resetPassword(dn: string, newPassword: string, opts?: OperationOptions): Promise<void> {
    const what = `reset the password of ${dn}`;
    this.scope(what, opts);
    checkPasswordArgument(newPassword, what);
    const o = this.liveUser(dn, what);
    this.checkPasswordPolicy(newPassword, this.get(o, 'sAMAccountName')[0] ?? '', this.get(o, 'displayName')[0] ?? null, what);
    this.passwords.set(this.guidOf(o), newPassword);
    // Like AD, a reset counts the password from now (which also clears "must change at next logon").
    this.set(o, 'pwdLastSet', [isoToFileTime(this.now().toISOString())]);
    this.touch(o);
  }

  async findDeletedAccounts(ref: string, opts?: OperationOptions): Promise<DeletedAccount[]> {
    const parsed = parseAccountRef(ref);
    this.scope(`find deleted account ${describeRef(parsed)}`, opts);
    const filter = parseFilter(accountFilter(parsed));
    return [...this.objects.values()]
      .filter((o) => this.isDeleted(o) && this.get(o, 'objectClass').length > 0 && matchesFilter(filter, (n) => this.valuesOf(o, n)))
      .filter((o) => isDnWithin(o.dn, `CN=Deleted Objects,${this.baseDn}`) && !dnEquals(o.dn, `CN=Deleted Objects,${this.baseDn}`))
      .map((o) => ({
        dn: o.dn,
        sAMAccountName: this.get(o, 'sAMAccountName')[0] ?? null,
        objectGuid: this.guidOf(o),
        lastKnownParent: this.get(o, 'lastKnownParent')[0] ?? null,
        whenChanged: this.get(o, 'whenChanged')[0] ? generalizedTimeToIso(this.get(o, 'whenChanged')[0]!) : null,
      }))
      .sort((a, b) => (b.whenChanged ?? '').localeCompare(a.whenChanged ?? '') || a.dn.localeCompare(b.dn));
  }

  async restoreDeletedAccount(deletedDn: string, targetParentDn?: string, opts?: OperationOptions): Promise<AccountState> {
    const what = `restore ${deletedDn}`;
    this.scope(what, opts);
    checkDnArgument(deletedDn, what);
    if (targetParentDn !== undefined) checkDnArgument(targetParentDn, what);
    const o = this.lookup(deletedDn);
    if (!o) throw new DirectoryError('not-found', `${what}: no deleted object at that DN`);
    if (!this.isDeleted(o)) throw new DirectoryError('bad-input', `${what}: the object is not deleted`);
    const parent = targetParentDn ?? this.get(o, 'lastKnownParent')[0];
    if (!parent) throw new DirectoryError('bad-input', `${what}: the object has no last known parent; give the container to restore it to`);
    const parentObject = this.lookup(parent);
    if (!parentObject || this.isDeleted(parentObject)) throw new DirectoryError('not-found', `${what}: the container ${parent} does not exist`);
    const name = this.get(o, 'msDS-LastKnownRDN')[0] ?? (this.get(o, 'name')[0] ?? '').split('\nDEL:')[0]!;
    const newDn = `CN=${escapeDnValue(name)},${parentObject.dn}`;
    if (this.lookup(newDn)) throw new DirectoryError('constraint', `${what} to ${newDn} refused: an object with that name already exists`);
    const sam = this.get(o, 'sAMAccountName')[0];
    if (sam && this.findLive(`(sAMAccountName=${escapeFilterValue(sam)})`, what)) {
      throw new DirectoryError('constraint', `${what} refused: another account already uses the name ${sam}`);
    }
    this.objects.delete(normalizeDn(o.dn));
    o.dn = newDn;
    this.set(o, 'isDeleted', []);
    this.set(o, 'isRecycled', []);
    this.set(o, 'msDS-LastKnownRDN', []);
    this.set(o, 'cn', [name]);
    this.set(o, 'name', [name]);
    this.set(o, 'distinguishedName', [newDn]);
    if (!this.recycleBin) {
      // A reanimated tombstone gets defaults back, not its old values (as on the Samba DC).
      this.set(o, 'objectCategory', [`CN=Person,CN=Schema,CN=Configuration,${this.baseDn}`]);
      this.set(o, 'accountExpires', ['0']);
      this.set(o, 'pwdLastSet', ['0']);
      this.set(o, 'sAMAccountType', ['805306368']);
      this.set(o, 'primaryGroupID', ['513']);
      this.set(o, 'badPwdCount', ['0']);
    }
    this.touch(o);
    this.objects.set(normalizeDn(newDn), o);
    return this.accountState(o);
  }

  /**
   * One LDAP modify of one attribute, as the readiness workbench writes: delete these values, then
   * add those, all or nothing. As on a DC, deleting a value the attribute does not hold fails
   * (noSuchAttribute, 16), and adding one it holds fails (attributeOrValueExists, 20); values
   * compare case-insensitively, as the directory-string attributes the workbench writes do.
   */
  async modifyValues(dn: string, attribute: string, remove: readonly string[], add: readonly string[], opts?: OperationOptions): Promise<void> {
    const what = `change ${attribute} of ${dn}`;
    this.scope(what, opts);
    checkDnArgument(dn, what);
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(attribute)) throw new DirectoryError('bad-input', `${what}: not an attribute name`);
    const o = this.lookup(dn);
    if (!o || this.isDeleted(o)) throw new DirectoryError('not-found', `${what}: no such object`, { resultCode: 32 });
    if (
      ['objectguid', 'objectsid', 'objectclass', 'distinguishedname', 'cn', 'name', 'usnchanged', 'usncreated', 'isdeleted'].includes(attribute.toLowerCase())
    ) {
      throw new DirectoryError('ldap-error', `${what}: the directory owns this attribute`, { resultCode: 53 });
    }
    const values = [...this.get(o, attribute)];
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    for (const r of remove) {
      const i = values.findIndex((v) => same(v, r));
      if (i < 0) throw new DirectoryError('ldap-error', `${what}: "${r}" is not there`, { resultCode: 16 });
      values.splice(i, 1);
    }
    for (const a of add) {
      if (values.some((v) => same(v, a))) throw new DirectoryError('ldap-error', `${what}: "${a}" is there already`, { resultCode: 20 });
      values.push(a);
    }
    this.set(o, attribute, values);
    this.touch(o);
  }

  async moveObject(dn: string, newParentDn: string, opts?: OperationOptions): Promise<string> {
    const what = `move ${dn} to ${newParentDn}`;
    this.scope(what, opts);
    checkDnArgument(dn, what);
    checkDnArgument(newParentDn, what);
    const o = this.lookup(dn);
    if (!o || this.isDeleted(o)) throw new DirectoryError('not-found', `${what}: no such object`);
    const parent = this.lookup(newParentDn);
    if (!parent || this.isDeleted(parent)) throw new DirectoryError('not-found', `${what}: the container ${newParentDn} does not exist`);
    if (isDnWithin(parent.dn, o.dn)) throw new DirectoryError('bad-input', `${what}: an object cannot move into itself`);
    const newDn = `${formatRdn(parseDn(o.dn)[0]!)},${parent.dn}`;
    if (dnEquals(newDn, o.dn)) return o.dn;
    if (this.lookup(newDn)) throw new DirectoryError('constraint', `${what} refused: an object with that name already exists there`);
    // The object and everything under it get the new suffix, as a modify-DN does.
    const oldDn = o.dn;
    const subtree = [...this.objects.values()].filter((x) => isDnWithin(x.dn, oldDn));
    for (const x of subtree) {
      this.objects.delete(normalizeDn(x.dn));
      const tail = splitDn(x.dn).slice(0, splitDn(x.dn).length - splitDn(oldDn).length);
      x.dn = [...tail, newDn].join(',');
      this.set(x, 'distinguishedName', [x.dn]);
      this.objects.set(normalizeDn(x.dn), x);
    }
    this.touch(o);
    return o.dn;
  }

  async accountPlacement(dn: string, expectedParentDn: string, opts?: OperationOptions): Promise<AccountPlacement> {
    const what = `check where ${dn} lives`;
    this.scope(what, opts);
    checkDnArgument(dn, what);
    checkDnArgument(expectedParentDn, what);
    const o = this.lookup(dn);
    if (!o || this.isDeleted(o)) throw new DirectoryError('not-found', `${what}: no such object`);
    const currentParentDn = parentDn(o.dn);
    return { dn: o.dn, currentParentDn, expectedParentDn, moved: !dnEquals(currentParentDn, expectedParentDn) };
  }

  async verifyCredentials(ref: string, password: string, opts?: OperationOptions): Promise<void> {
    const parsed = parseAccountRef(ref);
    const name = describeRef(parsed);
    this.scope(`sign in as ${name}`, opts);
    checkPasswordArgument(password, `sign in as ${name}`);
    const o = this.findLive(accountFilter(parsed), `find account ${name}`);
    if (!o) throw new DirectoryError('not-found', `sign in as ${name}: no such account in the directory`);
    const state = this.accountState(o);
    const refuse = (reason: keyof typeof AD_BIND_REASONS) => {
      const known = AD_BIND_REASONS[reason]!;
      throw new DirectoryError(DirectoryErrorCode.parse(known.code), `sign-in as ${name} refused: ${known.text} (AD data ${reason})`, {
        resultCode: 49,
        adReason: reason,
      });
    };
    // The order AD (and Samba) checks in: lockout first, then the password, then account state.
    if (state.flags.lockedOut) refuse('775');
    if (this.passwords.get(state.objectGuid) !== password) refuse('52e');
    if (state.flags.disabled) refuse('533');
    if (state.accountExpires && Date.parse(state.accountExpires) < this.now().getTime()) refuse('701');
    if (state.flags.mustChangePassword) refuse('773');
    if (state.flags.passwordExpired) refuse('532');
  }

  async close(): Promise<void> {}

  // --- lab administration (LabDirectoryAdmin) --------------------------------------------

  private createUserNow(input: LabUserSpec): AccountState {
    const parsedSpec = LabUserSpec.safeParse(input);
    if (!parsedSpec.success) {
      throw new DirectoryError('bad-input', `lab user: ${parsedSpec.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; ')}`);
    }
    const spec = parsedSpec.data;
    const parent = spec.parentDn ?? `CN=Users,${this.baseDn}`;
    const parentObject = this.lookup(parent);
    const what = `create user ${spec.sAMAccountName}`;
    if (!parentObject || this.isDeleted(parentObject)) throw new DirectoryError('not-found', `${what}: the container ${parent} does not exist`);
    const dn = `CN=${escapeDnValue(spec.sAMAccountName)},${parentObject.dn}`;
    if (this.lookup(dn)) throw new DirectoryError('constraint', `${what} refused: an object with that name already exists`);
    if (this.findLive(`(sAMAccountName=${escapeFilterValue(spec.sAMAccountName)})`, what))
      throw new DirectoryError('constraint', `${what} refused: the sAMAccountName is already in use`);
    for (const a of Object.keys(spec.attributes ?? {})) {
      if (RESERVED_ATTRIBUTES.has(a.toLowerCase())) throw new DirectoryError('bad-input', `${what}: set ${a} through its own field, not attributes`);
    }
    this.checkPasswordPolicy(spec.password, spec.sAMAccountName, spec.displayName ?? null, what);
    let uac: number = UAC.NORMAL_ACCOUNT;
    if (spec.disabled) uac |= UAC.ACCOUNTDISABLE;
    if (spec.passwordNeverExpires) uac |= UAC.DONT_EXPIRE_PASSWORD;
    const o = this.put(dn, {
      ...(spec.attributes ?? {}),
      ...this.userBaseAttributes(spec.sAMAccountName, uac),
      userPrincipalName: [spec.userPrincipalName ?? `${spec.sAMAccountName}@${this.domain}`],
      ...(spec.displayName ? { displayName: [spec.displayName] } : {}),
      pwdLastSet: [spec.mustChangePassword ? '0' : isoToFileTime(this.now().toISOString())],
    });
    this.passwords.set(this.guidOf(o), spec.password);
    if (spec.lockedOut) this.setLockedOut(dn, true);
    return this.accountState(o);
  }

  /** The account kept (same objectGUID) and brought to the spec; created when there is none. */
  private async resetUserNow(input: LabUserSpec): Promise<AccountState> {
    const parsedSpec = LabUserSpec.safeParse(input);
    if (!parsedSpec.success) {
      throw new DirectoryError('bad-input', `lab user: ${parsedSpec.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; ')}`);
    }
    const spec = parsedSpec.data;
    const what = `reset user ${spec.sAMAccountName}`;
    const found = this.findLive(accountFilter({ kind: 'sam', sAMAccountName: spec.sAMAccountName, domain: null }), what);
    if (!found) return this.createUserNow(spec);
    for (const a of Object.keys(spec.attributes ?? {})) {
      if (RESERVED_ATTRIBUTES.has(a.toLowerCase())) throw new DirectoryError('bad-input', `${what}: set ${a} through its own field, not attributes`);
    }
    this.checkPasswordPolicy(spec.password, spec.sAMAccountName, spec.displayName ?? null, what);
    const parent = spec.parentDn ?? `CN=Users,${this.baseDn}`;
    const dn = dnEquals(parentDn(found.dn), parent) ? found.dn : await this.moveObject(found.dn, parent);
    const o = this.liveUser(dn, what);
    let uac: number = UAC.NORMAL_ACCOUNT;
    if (spec.disabled) uac |= UAC.ACCOUNTDISABLE;
    if (spec.passwordNeverExpires) uac |= UAC.DONT_EXPIRE_PASSWORD;
    this.set(o, 'userAccountControl', [String(uac)]);
    this.set(o, 'userPrincipalName', [spec.userPrincipalName ?? `${spec.sAMAccountName}@${this.domain}`]);
    this.set(o, 'displayName', spec.displayName ? [spec.displayName] : []);
    this.set(o, 'pwdLastSet', [spec.mustChangePassword ? '0' : isoToFileTime(this.now().toISOString())]);
    this.set(o, 'accountExpires', [FILETIME_NEVER]);
    for (const [type, values] of Object.entries(spec.attributes ?? {})) this.set(o, type, values);
    this.passwords.set(this.guidOf(o), spec.password);
    this.setLockedOut(o.dn, !!spec.lockedOut);
    this.touch(o);
    return this.accountState(o);
  }

  private deleteNow(dn: string, what: string): void {
    const o = this.lookup(dn);
    if (!o || this.isDeleted(o)) throw new DirectoryError('not-found', `${what}: no such object`);
    const hasChildren = [...this.objects.values()].some((c) => !this.isDeleted(c) && dnEquals(parentDn(c.dn), o.dn));
    if (hasChildren) throw new DirectoryError('ldap-error', `${what} refused: the object has children (use a tree delete)`);
    this.tombstone(o);
  }

  /** Turns a live object into a deleted one under CN=Deleted Objects, the way AD does. */
  private tombstone(o: StoredObject): void {
    const guid = this.guidOf(o);
    const rdn = parseDn(o.dn)[0]!;
    const lastKnownParent = parentDn(o.dn);
    const deletedName = `${rdn.value}\nDEL:${guid}`;
    const deletedDn = `CN=${escapeDnValue(deletedName)},CN=Deleted Objects,${this.baseDn}`;
    this.objects.delete(normalizeDn(o.dn));
    if (!this.recycleBin) {
      for (const key of [...o.attrs.keys()]) if (!TOMBSTONE_KEEPS.has(key)) o.attrs.delete(key);
      this.passwords.delete(guid);
      this.set(o, 'isRecycled', ['TRUE']);
    } else {
      this.set(o, 'msDS-LastKnownRDN', [rdn.value]);
    }
    this.lockedOut.delete(guid);
    o.dn = deletedDn;
    this.set(o, 'isDeleted', ['TRUE']);
    this.set(o, 'lastKnownParent', [lastKnownParent]);
    this.set(o, 'cn', [deletedName]);
    this.set(o, 'name', [deletedName]);
    this.set(o, 'distinguishedName', [deletedDn]);
    this.touch(o);
    this.objects.set(normalizeDn(deletedDn), o);
  }

  /** The LabDirectoryAdmin for this directory (also reachable as createLabDirectoryAdmin(dir)). */
  labAdmin(): LabDirectoryAdmin {
    return {
      // The in-memory directory exists only for the lab: it is the lab's own by construction.
      checkLabDirectory: async () => {},
      isLabObject: async (dn) => {
        const o = this.lookup(dn);
        if (!o || this.isDeleted(o)) throw new DirectoryError('not-found', `read ${dn}: no such object`);
        return true;
      },
      createUser: async (spec) => this.createUserNow(spec),
      resetUser: async (spec) => this.resetUserNow(spec),
      deleteUser: async (dn) => {
        this.liveUser(dn, `delete ${dn}`);
        this.deleteNow(dn, `delete ${dn}`);
      },
      removeIfPresent: async (sam) => {
        const o = this.findLive(accountFilter({ kind: 'sam', sAMAccountName: sam, domain: null }), `remove ${sam}`);
        if (o) this.deleteNow(o.dn, `delete ${o.dn}`);
      },
      createOrganizationalUnit: async (name, parent) => {
        const parentDnValue = parent ?? this.baseDn;
        const p = this.lookup(parentDnValue);
        if (!p || this.isDeleted(p)) throw new DirectoryError('not-found', `create OU ${name}: the container ${parentDnValue} does not exist`);
        const dn = `OU=${escapeDnValue(name)},${p.dn}`;
        if (this.lookup(dn)) throw new DirectoryError('constraint', `create OU ${name} refused: an object with that name already exists`);
        this.put(dn, { objectClass: ['top', 'organizationalUnit'], objectCategory: [`CN=Organizational-Unit,CN=Schema,CN=Configuration,${this.baseDn}`] });
        return dn;
      },
      addObject: async (dn, attributes) => {
        checkDnArgument(dn, `add ${dn}`);
        const parent = this.lookup(parentDn(dn));
        if (!parent || this.isDeleted(parent)) throw new DirectoryError('not-found', `add ${dn}: the container ${parentDn(dn)} does not exist`);
        if (this.lookup(dn)) throw new DirectoryError('constraint', `add ${dn} refused: an object with that name already exists`);
        const classes = (Object.entries(attributes).find(([k]) => k.toLowerCase() === 'objectclass')?.[1] ?? []).map((c) => c.toLowerCase());
        const category = classes.includes('group')
          ? 'Group'
          : classes.includes('computer')
            ? 'Computer'
            : classes.includes('person') || classes.includes('contact')
              ? 'Person'
              : null;
        const extra: Record<string, string[]> = category ? { objectCategory: [`CN=${category},CN=Schema,CN=Configuration,${this.baseDn}`] } : {};
        this.put(dn, { ...extra, ...attributes });
      },
      replaceAttribute: async (dn, attribute, values) => {
        const o = this.lookup(dn);
        if (!o || this.isDeleted(o)) throw new DirectoryError('not-found', `change ${attribute} of ${dn}: no such object`);
        this.set(o, attribute, values);
        this.touch(o);
      },
      deleteObject: async (dn) => {
        checkDnArgument(dn, `delete ${dn}`);
        this.deleteNow(dn, `delete ${dn}`);
      },
      deleteTree: async (dn) => {
        const root = this.lookup(dn);
        if (!root || this.isDeleted(root)) throw new DirectoryError('not-found', `delete ${dn}: no such object`);
        const inTree = [...this.objects.values()].filter((o) => !this.isDeleted(o) && isDnWithin(o.dn, root.dn));
        // Deepest first, as a tree delete does.
        inTree.sort((a, b) => parseDn(b.dn).length - parseDn(a.dn).length).forEach((o) => this.tombstone(o));
      },
    };
  }

  // --- lab-only knobs (no AD equivalent; for simulated scenarios) -------------------------

  /** Simulates the lockout AD applies after too many bad passwords (cleared by unlocking). */
  setLockedOut(dn: string, locked: boolean): AccountState {
    const o = this.liveUser(dn, `lock ${dn}`);
    if (locked) this.lockedOut.add(this.guidOf(o));
    else this.lockedOut.delete(this.guidOf(o));
    this.set(o, 'lockoutTime', [locked ? isoToFileTime(this.now().toISOString()) : '0']);
    return this.accountState(o);
  }

  /** Simulates time having passed since the password was set (AD only lets pwdLastSet be set to 0 or now). */
  setPasswordLastSet(dn: string, isoDate: string): AccountState {
    const o = this.liveUser(dn, `backdate the password of ${dn}`);
    this.set(o, 'pwdLastSet', [isoToFileTime(isoDate)]);
    return this.accountState(o);
  }

  /** Simulates an account expiry date (accountExpires); null = never. */
  setAccountExpires(dn: string, isoDate: string | null): AccountState {
    const o = this.liveUser(dn, `set the expiry of ${dn}`);
    this.set(o, 'accountExpires', [isoDate === null ? FILETIME_NEVER : isoToFileTime(isoDate)]);
    return this.accountState(o);
  }
}
