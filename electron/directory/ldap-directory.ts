// Active Directory over ldapts: LDAPS or StartTLS only, certificates always verified, filter
// values always escaped, paged searches streamed. Works against Windows DCs and Samba.
import net from 'node:net';
import tls from 'node:tls';
import { Attribute, Change, Client, Control, FilterParser, NoSuchObjectError, type Entry } from 'ldapts';
import type { AccountState, DeletedAccount } from '../../shared/domain/account';
import {
  decodeAccountFlags,
  dnEquals,
  domainFromDn,
  escapeDnValue,
  fileTimeToIso,
  formatRdn,
  generalizedTimeToIso,
  guidFromBytes,
  parentDn,
  parseDn,
  parseIntegerAttribute,
  UAC,
  withUacBit,
} from '../../shared/ldap';
import type {
  AccountPlacement,
  DirectoryConnection,
  DirectoryEntry,
  DirectoryInfo,
  DirectoryPort,
  DirectoryReader,
  ReplicationState,
  SearchRequest,
} from '../ports/directory-port';
import { DirectoryError } from '../ports/errors';
import { readCaFile } from '../security/ca-file';
import type { OperationOptions } from '../ports/host-port';
import { accountFilter, checkDnArgument, checkPasswordArgument, describeRef, parseAccountRef } from './account-ref';
import { toDirectoryError } from './ldap-errors';
import { OperationScope } from './operation';
import { watchPagedEstimates, withPagedEstimate } from './paged-estimate';

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_PAGE_SIZE = 500;
/** LDAP_SERVER_SHOW_DELETED_OID: lets searches and modifies see tombstones and recycled objects. */
export const SHOW_DELETED_OID = '1.2.840.113556.1.4.417';
/** LDAP_SERVER_TREE_DELETE_OID: delete a container with everything in it. */
export const TREE_DELETE_OID = '1.2.840.113556.1.4.805';

/** Attributes whose values are binary; returned base64-encoded in DirectoryEntry. */
export const BINARY_ATTRIBUTES = [
  'objectGUID',
  'objectSid',
  'mS-DS-ConsistencyGuid',
  'msExchMailboxGuid',
  'msExchArchiveGUID',
  'sIDHistory',
  'thumbnailPhoto',
  'jpegPhoto',
  'userCertificate',
  'nTSecurityDescriptor',
];
/** ldapts matches these names exactly, so ask for both spellings servers use. */
const BUFFER_ATTRIBUTES = [...BINARY_ATTRIBUTES, ...BINARY_ATTRIBUTES.map((a) => a.toLowerCase())];

export const ACCOUNT_ATTRIBUTES = [
  'sAMAccountName',
  'userPrincipalName',
  'displayName',
  'objectGUID',
  'userAccountControl',
  'msDS-User-Account-Control-Computed',
  'pwdLastSet',
  'accountExpires',
  'lockoutTime',
];
const DELETED_ATTRIBUTES = ['sAMAccountName', 'objectGUID', 'lastKnownParent', 'whenChanged', 'isDeleted', 'msDS-LastKnownRDN', 'name'];

interface ResolvedConnection {
  /** proto://host:port, as ldapts wants it. */
  url: string;
  host: string;
  startTls: boolean;
  bindDn: string;
  password: string;
  tlsOptions: tls.ConnectionOptions;
  /** A CA file to read before the first connection (not read here: resolving does no I/O). */
  caFile: string | null;
  timeoutMs: number;
}

/** The part of node:tls that says which CAs a client trusts; a parameter so tests can stand in for a newer Node. */
export interface TrustSource {
  rootCertificates: readonly string[];
  getCACertificates?: (kind: 'default' | 'system') => string[];
}

/**
 * The CAs a directory connection trusts: always Node's defaults and the operating system's store
 * (on a domain-joined server the DC's certificate chains to the organisation's CA, which Windows
 * trusts), plus a CA file the admin picked.
 *
 * Node >= 22.15 (Electron 45) has tls.getCACertificates: the list is default + system + the file.
 * Older Node (some test machines run Node 20) has no way to read the system store from code:
 * without a file `ca` stays unset, so the process default applies (OpenSSL's store, i.e.
 * SSL_CERT_FILE / SSL_CERT_DIR, when Node runs with --use-openssl-ca, plus NODE_EXTRA_CA_CERTS);
 * with a file it is Node's bundled roots plus the file (the system store is then not included).
 * `undefined` means "the process default", never "trust nothing".
 */
export function trustedCertificates(pem: string | null, source: TrustSource = tls): string[] | undefined {
  if (typeof source.getCACertificates === 'function') {
    const all = new Set([...source.getCACertificates('default'), ...source.getCACertificates('system')]);
    if (pem) all.add(pem);
    return [...all];
  }
  return pem ? [...source.rootCertificates, pem] : undefined;
}

/** Validates a connection description; plain LDAP without StartTLS is refused here, before any packet is sent. */
export function resolveConnection(conn: DirectoryConnection): ResolvedConnection {
  let url: URL;
  try {
    url = new URL(conn.url);
  } catch {
    throw new DirectoryError('bad-input', `directory URL "${conn.url}" is not a URL (expected ldaps://host:636)`);
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'ldaps' && scheme !== 'ldap') {
    throw new DirectoryError('bad-input', `directory URL "${conn.url}" must start with ldaps:// (or ldap:// with StartTLS)`);
  }
  if (scheme === 'ldap' && !conn.startTls) {
    throw new DirectoryError(
      'tls-required',
      `refusing to send credentials over plain LDAP (${conn.url}): use ldaps://${url.hostname}:636, or ldap:// with StartTLS`,
    );
  }
  if (scheme === 'ldaps' && conn.startTls) throw new DirectoryError('bad-input', 'StartTLS applies to ldap:// URLs; ldaps:// is already encrypted');
  if (!url.hostname) throw new DirectoryError('bad-input', `directory URL "${conn.url}" has no host`);
  if (url.username || url.password) throw new DirectoryError('bad-input', 'the directory URL must not carry credentials; give them as bind DN and password');
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) {
    throw new DirectoryError('bad-input', `directory URL "${conn.url}" must be only scheme, host and port`);
  }
  if (typeof conn.bindDn !== 'string' || conn.bindDn.trim() === '') throw new DirectoryError('bad-input', 'the bind identity (UPN or DN) is empty');
  checkPasswordArgument(conn.password, `bind as ${conn.bindDn}`);
  const port = url.port || (scheme === 'ldaps' ? '636' : '389');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const tlsOptions: tls.ConnectionOptions = { minVersion: 'TLSv1.2', rejectUnauthorized: true };
  const ca = trustedCertificates(conn.caPem ?? null);
  if (ca) tlsOptions.ca = ca;
  if (conn.serverName) tlsOptions.servername = conn.serverName;
  else if (!net.isIP(host)) tlsOptions.servername = host;
  if (scheme === 'ldap') tlsOptions.host = host; // StartTLS upgrades a socket: name the host for the certificate check
  const timeoutMs = conn.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new DirectoryError('bad-input', `timeoutMs must be positive, got ${String(conn.timeoutMs)}`);
  return {
    url: `${scheme}://${url.hostname}:${port}`,
    host,
    startTls: scheme === 'ldap',
    bindDn: conn.bindDn.trim(),
    password: conn.password,
    tlsOptions,
    caFile: conn.caPem ? null : (conn.caFile ?? null),
    timeoutMs,
  };
}

/**
 * For StartTLS clients: the first connection is a plain socket that startTLS then upgrades. If it
 * drops, ldapts would silently reconnect in plain text and send the next request unencrypted;
 * refusing that second socket makes the request fail instead, and client() opens a new session.
 */
function plainSocketOnce(): typeof net.connect {
  let used = false;
  return ((port: number, host: string) => {
    if (!used) {
      used = true;
      return net.connect(port, host);
    }
    const refused = new net.Socket();
    setImmediate(() => refused.destroy(Object.assign(new Error('the StartTLS connection was lost; not reconnecting without TLS'), { code: 'ECONNRESET' })));
    return refused;
  }) as typeof net.connect;
}

const first = (e: Entry, name: string): string | null => {
  const key = Object.keys(e).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : e[key];
  if (v === undefined) return null;
  const one = Array.isArray(v) ? v[0] : v;
  if (one === undefined) return null;
  return Buffer.isBuffer(one) ? one.toString('base64') : String(one);
};
const firstBuffer = (e: Entry, name: string): Buffer | null => {
  const key = Object.keys(e).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : e[key];
  const one = Array.isArray(v) ? v[0] : v;
  return Buffer.isBuffer(one) ? one : null;
};

/** ldapts entry → DirectoryEntry, keyed by the attribute names the caller asked for. */
function toDirectoryEntry(e: Entry, requested: readonly string[]): DirectoryEntry {
  const attributes: Record<string, string[]> = {};
  const spelling = new Map(requested.map((a) => [a.toLowerCase(), a]));
  for (const [key, value] of Object.entries(e)) {
    if (key === 'dn' || key === '*' || key === '+' || key === '1.1') continue;
    const name = spelling.get(key.toLowerCase()) ?? key;
    const values = (Array.isArray(value) ? value : [value]) as (string | Buffer)[];
    attributes[name] = values.map((v) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
  }
  for (const a of requested) if (!['*', '+', '1.1'].includes(a) && !(a in attributes)) attributes[a] = [];
  return { dn: e.dn, attributes };
}

export function accountStateFromEntry(e: Entry): AccountState {
  const uacText = first(e, 'userAccountControl');
  const userAccountControl = parseIntegerAttribute('userAccountControl', uacText);
  if (userAccountControl === null) throw new DirectoryError('ldap-error', `${e.dn} has no userAccountControl: it is not an account`);
  const computed = parseIntegerAttribute('msDS-User-Account-Control-Computed', first(e, 'msDS-User-Account-Control-Computed'));
  const pwdLastSet = first(e, 'pwdLastSet');
  const accountExpires = first(e, 'accountExpires');
  const lockoutTime = first(e, 'lockoutTime');
  const guid = firstBuffer(e, 'objectGUID');
  const sam = first(e, 'sAMAccountName');
  if (!guid || guid.length !== 16) throw new DirectoryError('ldap-error', `${e.dn} has no readable objectGUID`);
  if (!sam) throw new DirectoryError('ldap-error', `${e.dn} has no sAMAccountName`);
  try {
    return {
      dn: e.dn,
      sAMAccountName: sam,
      userPrincipalName: first(e, 'userPrincipalName'),
      displayName: first(e, 'displayName'),
      objectGuid: guidFromBytes(guid),
      userAccountControl,
      flags: decodeAccountFlags({ userAccountControl, computed, pwdLastSet }),
      pwdLastSet: pwdLastSet === null ? null : fileTimeToIso(pwdLastSet),
      accountExpires: accountExpires === null ? null : fileTimeToIso(accountExpires),
      lockoutTime: lockoutTime === null ? null : fileTimeToIso(lockoutTime),
      parentDn: parentDn(e.dn),
    };
  } catch (err) {
    throw new DirectoryError('ldap-error', `${e.dn} has a value the app cannot read: ${(err as Error).message}`);
  }
}

export class LdapDirectory implements DirectoryPort {
  readonly kind = 'ldap' as const;
  private readonly conn: ResolvedConnection;
  /** As given, for openReader's connections (the password stays in memory only, as in conn). */
  private readonly source: DirectoryConnection;
  private session: Promise<Client> | null = null;
  private readonly lostClients = new WeakSet<Client>();
  private cachedInfo: DirectoryInfo | null = null;
  private closed = false;

  /** Validates the connection (throws DirectoryError 'tls-required' / 'bad-input'); connects lazily. */
  constructor(connection: DirectoryConnection) {
    this.conn = resolveConnection(connection);
    this.source = { ...connection };
  }

  /** Validates, connects, binds and reads the rootDSE, so a bad password or certificate shows up at once. */
  static async connect(connection: DirectoryConnection, opts?: OperationOptions): Promise<LdapDirectory> {
    const dir = new LdapDirectory(connection);
    try {
      await dir.info(opts);
      return dir;
    } catch (err) {
      await dir.close();
      throw err;
    }
  }

  get url(): string {
    return this.conn.url;
  }

  // --- connection ------------------------------------------------------------------------

  private caLoaded: Promise<void> | null = null;

  /** Reads the CA file once, before the first connection, through the one bounded reader. */
  private loadCaFile(): Promise<void> {
    const file = this.conn.caFile;
    if (!file) return Promise.resolve();
    this.caLoaded ??= readCaFile(file).then(({ pem }) => {
      const ca = trustedCertificates(pem);
      if (ca) this.conn.tlsOptions.ca = ca;
    });
    return this.caLoaded;
  }

  private async openBound(bindDn: string, password: string, scope: OperationScope, what: string): Promise<Client> {
    await scope.race(this.loadCaFile());
    const client = new Client({
      url: this.conn.url,
      timeout: this.conn.timeoutMs,
      connectTimeout: Math.min(this.conn.timeoutMs, 10_000),
      // ldapts treats tlsOptions on an ldap:// URL as implicit TLS, so give them only to ldaps:// (and to startTLS).
      ...(this.conn.startTls ? { createConnection: plainSocketOnce() } : { tlsOptions: { ...this.conn.tlsOptions } }),
    });
    try {
      await scope.race(
        (async () => {
          // A copy: ldapts stores the socket in the options object it is given.
          if (this.conn.startTls) await client.startTLS({ ...this.conn.tlsOptions });
          await client.bind(bindDn, password);
        })(),
      );
      // ldapts tracks the plain socket's close, which a StartTLS-upgraded connection does not
      // report; watch the socket in use so a dropped session is replaced, not reused.
      (client as unknown as { socket?: net.Socket }).socket?.once('close', () => this.lostClients.add(client));
      return client;
    } catch (err) {
      client.unbind().catch(() => {});
      throw toDirectoryError(err, { what, secrets: [password, this.conn.password], server: this.conn.url });
    }
  }

  /** The shared, bound admin connection; re-opened (and re-bound) when the server dropped it. */
  private async client(scope: OperationScope): Promise<Client> {
    if (this.closed) throw new DirectoryError('bad-input', 'this directory connection has been closed');
    if (this.session) {
      const existing = await this.session.catch(() => null);
      if (existing && existing.isConnected && existing.isBound && !this.lostClients.has(existing)) return existing;
      if (existing) existing.unbind().catch(() => {});
      this.session = null;
    }
    const opening = this.openBound(this.conn.bindDn, this.conn.password, scope, `bind as ${this.conn.bindDn}`);
    this.session = opening;
    opening.catch(() => {
      if (this.session === opening) this.session = null;
    });
    return opening;
  }

  /** Runs one request on the admin connection under the caller's timeout and signal. */
  private async run<T>(what: string, opts: OperationOptions | undefined, work: (client: Client) => Promise<T>, secrets: readonly string[] = []): Promise<T> {
    const scope = new OperationScope(what, opts, this.conn.timeoutMs);
    scope.throwIfStopped();
    const client = await this.client(scope);
    try {
      return await scope.race(work(client));
    } catch (err) {
      throw toDirectoryError(err, { what, secrets: [this.conn.password, ...secrets], server: this.conn.url });
    }
  }

  /**
   * For lab seeding (lab-directory-admin.ts) and tools: run raw ldapts calls on the bound admin
   * connection, with the same timeout, cancellation and error mapping as the port's methods.
   */
  withClient<T>(what: string, work: (client: Client) => Promise<T>, opts?: OperationOptions, secrets: readonly string[] = []): Promise<T> {
    return this.run(what, opts, work, secrets);
  }

  // --- port ------------------------------------------------------------------------------

  async info(opts?: OperationOptions): Promise<DirectoryInfo> {
    if (this.cachedInfo) return this.cachedInfo;
    const info = await this.run('read the directory root (rootDSE)', opts, async (client) => {
      const { searchEntries } = await client.search('', {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['defaultNamingContext', 'configurationNamingContext', 'dnsHostName'],
      });
      const root = searchEntries[0];
      const baseDn = root ? first(root, 'defaultNamingContext') : null;
      const configDn = root ? first(root, 'configurationNamingContext') : null;
      if (!root || !baseDn || !configDn)
        throw new DirectoryError('ldap-error', `${this.conn.url} did not return a naming context: is it an Active Directory DC?`);
      const partitions = await client.search(`CN=Partitions,${configDn}`, { scope: 'base', attributes: ['msDS-EnabledFeature'] });
      const features = partitions.searchEntries[0]?.['msDS-EnabledFeature'];
      const enabled = (Array.isArray(features) ? features : features ? [features] : []).map(String);
      return {
        baseDn,
        domain: domainFromDn(baseDn),
        dcHostName: first(root, 'dnsHostName') ?? this.conn.host,
        url: this.conn.url,
        recycleBinEnabled: enabled.some((f) => /^CN=Recycle Bin Feature,/i.test(f)),
      };
    });
    this.cachedInfo = info;
    return info;
  }

  async *search(request: SearchRequest, opts?: OperationOptions): AsyncIterable<DirectoryEntry> {
    try {
      FilterParser.parseString(request.filter);
    } catch (err) {
      throw new DirectoryError('bad-input', `search filter "${request.filter}" is not valid LDAP syntax: ${(err as Error).message}`);
    }
    const pageSize = request.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 5000) throw new DirectoryError('bad-input', `page size must be 1-5000, got ${pageSize}`);
    const base = request.base ?? (await this.info(opts)).baseDn;
    const attributes = [...request.attributes];
    const what = `search under ${base || 'the rootDSE'}`;
    const firstScope = new OperationScope(what, opts, this.conn.timeoutMs);
    const client = await this.client(firstScope);
    watchPagedEstimates(client);
    let estimated = false;
    const onSize = request.onSizeEstimate
      ? (size: number) => {
          if (estimated) return;
          estimated = true;
          request.onSizeEstimate?.(size);
        }
      : undefined;
    const pages = client.searchPaginated(
      base,
      {
        scope: request.scope ?? 'sub',
        filter: request.filter,
        attributes,
        explicitBufferAttributes: BUFFER_ATTRIBUTES,
        paged: { pageSize },
        timeLimit: Math.ceil(this.conn.timeoutMs / 1000),
      },
      request.includeDeleted ? new Control(SHOW_DELETED_OID, { critical: true }) : undefined,
    );
    const nextPage = () => withPagedEstimate(onSize, () => pages.next());
    try {
      let pending = nextPage();
      for (;;) {
        // Each page gets its own deadline: a long stream is fine, a stalled server is not.
        const scope = new OperationScope(what, opts, this.conn.timeoutMs);
        let page: IteratorResult<{ searchEntries: Entry[] }>;
        try {
          page = await scope.race(pending);
        } catch (err) {
          throw toDirectoryError(err, { what, secrets: [this.conn.password], server: this.conn.url });
        }
        if (page.done) return;
        // Ask for the next page before handing this one out, so the server works while the caller does.
        pending = nextPage();
        pending.catch(() => {});
        for (const entry of page.value.searchEntries) {
          scope.throwIfStopped();
          yield toDirectoryEntry(entry, attributes);
        }
      }
    } finally {
      // Stop asking for further pages (queued behind a pending page if one is in flight).
      pages.return(undefined).catch(() => {});
    }
  }

  /**
   * A connection of its own for reading beside this one (the split scan): the same URL, TLS options
   * and trusted CA (a CA file is read once, by this instance) and the same bind; bound before it
   * resolves, so a refused bind fails here. The caller closes it.
   */
  async openReader(opts?: OperationOptions): Promise<DirectoryReader> {
    if (this.closed) throw new DirectoryError('bad-input', 'this directory connection has been closed');
    const scope = new OperationScope('open another connection to read beside the first', opts, this.conn.timeoutMs);
    await scope.race(this.loadCaFile());
    const reader = new LdapDirectory(this.source);
    reader.conn.tlsOptions.ca = this.conn.tlsOptions.ca;
    reader.caLoaded = Promise.resolve();
    reader.cachedInfo = this.cachedInfo;
    try {
      await reader.client(scope);
    } catch (err) {
      await reader.close();
      throw err;
    }
    return { search: (request, o) => reader.search(request, o), close: () => reader.close() };
  }

  async replicationState(opts?: OperationOptions): Promise<ReplicationState> {
    // The host name from the same rootDSE read (not info()), so a caller can ask for both at once.
    return this.run("read the DC's invocationId and highest USN", opts, async (client) => {
      const { searchEntries } = await client.search('', {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['dsServiceName', 'highestCommittedUSN', 'dnsHostName'],
      });
      const root = searchEntries[0];
      const service = root ? first(root, 'dsServiceName') : null;
      const usn = root ? first(root, 'highestCommittedUSN') : null;
      const host = root ? first(root, 'dnsHostName') : null;
      if (!service || !usn) throw new DirectoryError('ldap-error', `${this.conn.url} did not return dsServiceName and highestCommittedUSN`);
      const ntds = await client.search(service, { scope: 'base', attributes: ['invocationId'], explicitBufferAttributes: ['invocationId'] });
      const id = ntds.searchEntries[0] ? firstBuffer(ntds.searchEntries[0], 'invocationId') : null;
      if (!id || id.length !== 16) throw new DirectoryError('ldap-error', `${service} has no readable invocationId`);
      return { invocationId: guidFromBytes(id), highestCommittedUsn: usn, dcHostName: host ?? this.conn.host };
    });
  }

  private async findOne(filter: string, what: string, opts?: OperationOptions): Promise<Entry | null> {
    const { baseDn } = await this.info(opts);
    const entries = await this.run(what, opts, async (client) => {
      const r = await client.search(baseDn, { scope: 'sub', filter, attributes: ['sAMAccountName'], sizeLimit: 2 });
      return r.searchEntries;
    });
    if (entries.length > 1) throw new DirectoryError('ambiguous', `${what}: more than one account matches`);
    return entries[0] ?? null;
  }

  private async readAccount(dn: string, what: string, opts?: OperationOptions): Promise<AccountState> {
    const entries = await this.run(what, opts, async (client) => {
      const r = await client.search(dn, {
        scope: 'base',
        filter: '(objectClass=user)',
        attributes: ACCOUNT_ATTRIBUTES,
        explicitBufferAttributes: ['objectGUID'],
      });
      return r.searchEntries;
    });
    const e = entries[0];
    if (!e) throw new DirectoryError('not-found', `${what}: ${dn} is not a user account`);
    return accountStateFromEntry(e);
  }

  async findAccount(ref: string, opts?: OperationOptions): Promise<AccountState | null> {
    const parsed = parseAccountRef(ref);
    const found = await this.findOne(accountFilter(parsed), `find account ${describeRef(parsed)}`, opts);
    return found ? this.readAccount(found.dn, `read account ${describeRef(parsed)}`, opts) : null;
  }

  private async setUacBit(dn: string, bit: number, on: boolean, what: string, opts?: OperationOptions): Promise<AccountState> {
    checkDnArgument(dn, what);
    const current = await this.readAccount(dn, what, opts);
    const next = withUacBit(current.userAccountControl, bit, on);
    if (next !== current.userAccountControl >>> 0) {
      await this.run(what, opts, (client) =>
        client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: [String(next)] }) })),
      );
    }
    return this.readAccount(dn, what, opts);
  }

  enableAccount(dn: string, opts?: OperationOptions): Promise<AccountState> {
    return this.setUacBit(dn, UAC.ACCOUNTDISABLE, false, `enable ${dn}`, opts);
  }

  disableAccount(dn: string, opts?: OperationOptions): Promise<AccountState> {
    return this.setUacBit(dn, UAC.ACCOUNTDISABLE, true, `disable ${dn}`, opts);
  }

  setPasswordNeverExpires(dn: string, value: boolean, opts?: OperationOptions): Promise<AccountState> {
    return this.setUacBit(dn, UAC.DONT_EXPIRE_PASSWORD, value, `${value ? 'set' : 'clear'} "password never expires" on ${dn}`, opts);
  }

  async unlockAccount(dn: string, opts?: OperationOptions): Promise<AccountState> {
    const what = `unlock ${dn}`;
    checkDnArgument(dn, what);
    await this.readAccount(dn, what, opts);
    // 0 is the only value AD lets anyone write to lockoutTime: it ends the lockout and clears badPwdCount.
    await this.run(what, opts, (client) =>
      client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'lockoutTime', values: ['0'] }) })),
    );
    return this.readAccount(dn, what, opts);
  }

  async resetPassword(dn: string, newPassword: string, opts?: OperationOptions): Promise<void> {
    const what = `reset the password of ${dn}`;
    checkDnArgument(dn, what);
    checkPasswordArgument(newPassword, what);
    // AD takes a new password only as unicodePwd: the password in double quotes, UTF-16LE, over an encrypted connection.
    const value = Buffer.from(`"${newPassword}"`, 'utf16le');
    await this.run(
      what,
      opts,
      (client) => client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'unicodePwd', values: [value] }) })),
      [newPassword],
    );
  }

  async findDeletedAccounts(ref: string, opts?: OperationOptions): Promise<DeletedAccount[]> {
    const parsed = parseAccountRef(ref);
    const { baseDn } = await this.info(opts);
    const what = `find deleted account ${describeRef(parsed)}`;
    const entries = await this.run(what, opts, async (client) => {
      const r = await client.search(
        `CN=Deleted Objects,${baseDn}`,
        { scope: 'sub', filter: `(&(isDeleted=TRUE)${accountFilter(parsed)})`, attributes: DELETED_ATTRIBUTES, explicitBufferAttributes: ['objectGUID'] },
        new Control(SHOW_DELETED_OID, { critical: true }),
      );
      return r.searchEntries;
    });
    return entries.map((e) => deletedAccountFromEntry(e)).sort(newestFirst);
  }

  async restoreDeletedAccount(deletedDn: string, targetParentDn?: string, opts?: OperationOptions): Promise<AccountState> {
    const what = `restore ${deletedDn}`;
    checkDnArgument(deletedDn, what);
    if (targetParentDn !== undefined) checkDnArgument(targetParentDn, what);
    const showDeleted = new Control(SHOW_DELETED_OID, { critical: true });
    const tombstone = await this.run(what, opts, async (client) => {
      const r = await client.search(deletedDn, { scope: 'base', attributes: DELETED_ATTRIBUTES, explicitBufferAttributes: ['objectGUID'] }, showDeleted);
      return r.searchEntries[0];
    });
    if (!tombstone) throw new DirectoryError('not-found', `${what}: no deleted object at that DN`);
    if (first(tombstone, 'isDeleted')?.toUpperCase() !== 'TRUE') throw new DirectoryError('bad-input', `${what}: the object is not deleted`);
    const parent = targetParentDn ?? first(tombstone, 'lastKnownParent');
    if (!parent) throw new DirectoryError('bad-input', `${what}: the object has no last known parent; give the container to restore it to`);
    const newDn = `CN=${escapeDnValue(originalName(tombstone))},${parent}`;
    // The AD restore: remove isDeleted and give the object its new DN in one modify, with show-deleted.
    await this.run(`${what} to ${newDn}`, opts, (client) =>
      client.modify(
        deletedDn,
        [
          new Change({ operation: 'delete', modification: new Attribute({ type: 'isDeleted', values: [] }) }),
          new Change({ operation: 'replace', modification: new Attribute({ type: 'distinguishedName', values: [newDn] }) }),
        ],
        showDeleted,
      ),
    );
    return this.readAccount(newDn, `read restored account ${newDn}`, opts);
  }

  async moveObject(dn: string, newParentDn: string, opts?: OperationOptions): Promise<string> {
    const what = `move ${dn} to ${newParentDn}`;
    checkDnArgument(dn, what);
    checkDnArgument(newParentDn, what);
    const rdn = parseDn(dn)[0];
    if (!rdn) throw new DirectoryError('bad-input', `${what}: the DN has no name`);
    // ldapts splits newRdn and newSuperior at the first unescaped comma; formatRdn escapes the name.
    const newDn = `${formatRdn(rdn)},${newParentDn}`;
    // Check the container first: Samba answers a missing one with "other" (80), AD with 32.
    const parents = await this.run(what, opts, async (client) => {
      try {
        return (await client.search(newParentDn, { scope: 'base', attributes: ['1.1'] })).searchEntries;
      } catch (err) {
        if (err instanceof NoSuchObjectError) return [];
        throw err;
      }
    });
    if (parents.length === 0) throw new DirectoryError('not-found', `${what}: the container ${newParentDn} does not exist`);
    await this.run(what, opts, (client) => client.modifyDN(dn, newDn));
    // Read back the DN as the server spells it.
    const entries = await this.run(`read ${newDn}`, opts, async (client) => (await client.search(newDn, { scope: 'base', attributes: ['1.1'] })).searchEntries);
    return entries[0]?.dn ?? newDn;
  }

  async accountPlacement(dn: string, expectedParentDn: string, opts?: OperationOptions): Promise<AccountPlacement> {
    const what = `check where ${dn} lives`;
    checkDnArgument(dn, what);
    checkDnArgument(expectedParentDn, what);
    const entries = await this.run(what, opts, async (client) => (await client.search(dn, { scope: 'base', attributes: ['1.1'] })).searchEntries);
    const actualDn = entries[0]?.dn ?? dn;
    const currentParentDn = parentDn(actualDn);
    return { dn: actualDn, currentParentDn, expectedParentDn, moved: !dnEquals(currentParentDn, expectedParentDn) };
  }

  async verifyCredentials(ref: string, password: string, opts?: OperationOptions): Promise<void> {
    const parsed = parseAccountRef(ref);
    const name = describeRef(parsed);
    checkPasswordArgument(password, `sign in as ${name}`);
    const account = await this.findAccount(ref, opts);
    if (!account) throw new DirectoryError('not-found', `sign in as ${name}: no such account in the directory`);
    // A separate connection: binding on the shared one would change who it is bound as.
    const scope = new OperationScope(`sign in as ${name}`, opts, this.conn.timeoutMs);
    const client = await this.openBound(account.dn, password, scope, `sign-in as ${name}`);
    await client.unbind().catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    const s = this.session;
    this.session = null;
    if (s) {
      const client = await s.catch(() => null);
      await client?.unbind().catch(() => {});
    }
  }
}

/** The name an object had before deletion: msDS-LastKnownRDN, or the tombstone name up to its "\nDEL:" suffix. */
function originalName(tombstone: Entry): string {
  const lastKnown = first(tombstone, 'msDS-LastKnownRDN');
  if (lastKnown) return lastKnown;
  const name = first(tombstone, 'name') ?? parseDn(tombstone.dn)[0]?.value ?? '';
  const cut = name.indexOf('\nDEL:');
  return cut >= 0 ? name.slice(0, cut) : name;
}

export function deletedAccountFromEntry(e: Entry): DeletedAccount {
  const guid = firstBuffer(e, 'objectGUID');
  const whenChanged = first(e, 'whenChanged');
  return {
    dn: e.dn,
    sAMAccountName: first(e, 'sAMAccountName'),
    objectGuid: guid && guid.length === 16 ? guidFromBytes(guid) : '',
    lastKnownParent: first(e, 'lastKnownParent'),
    whenChanged: whenChanged ? generalizedTimeToIso(whenChanged) : null,
  };
}

export function newestFirst(a: DeletedAccount, b: DeletedAccount): number {
  return (b.whenChanged ?? '').localeCompare(a.whenChanged ?? '') || a.dn.localeCompare(b.dn);
}
