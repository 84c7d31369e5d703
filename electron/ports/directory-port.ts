// Active Directory, seen through one interface. LdapDirectory (ldapts over TLS, real AD or
// Samba) and MemoryDirectory (the offline lab) both implement it and pass one contract suite.
import type { AccountState, DeletedAccount } from '../../shared/domain/account';
import type { OperationOptions } from './host-port';

export interface DirectoryConnection {
  /** ldaps://host:636, or ldap://host:389 with startTls: true. Plain LDAP is refused. */
  url: string;
  startTls?: boolean;
  /** Bind identity: UPN (user@domain) or DN. */
  bindDn: string;
  /** Held in memory only; never logged. */
  password: string;
  /**
   * PEM file of a CA to trust in addition to the system store, read (asynchronously, bounded, by
   * electron/security/ca-file.ts) at the first connection. Certificates are always verified.
   */
  caFile?: string;
  /** A CA already read (the app's picked file): PEM text, used instead of caFile. */
  caPem?: string;
  /** Name to check the server certificate against when it differs from the URL host. */
  serverName?: string;
  timeoutMs?: number;
}

export interface DirectoryInfo {
  /** defaultNamingContext, e.g. DC=lab,DC=example,DC=com */
  baseDn: string;
  /** DNS domain name, e.g. lab.example.com */
  domain: string;
  /** dnsHostName of the DC answering. */
  dcHostName: string;
  url: string;
  /** Whether the AD Recycle Bin optional feature is enabled (restores keep attributes). */
  recycleBinEnabled: boolean;
}

export interface SearchRequest {
  /** Base DN; defaults to the naming context. */
  base?: string;
  scope?: 'base' | 'one' | 'sub';
  /** A complete LDAP filter. Build it with the escaping helpers; never splice raw user input. */
  filter: string;
  attributes: readonly string[];
  pageSize?: number;
  /**
   * Also match deleted objects (AD's show-deleted control). Search under CN=Deleted Objects with
   * (isDeleted=TRUE) to get only them; a tombstone keeps objectGUID, lastKnownParent, whenChanged.
   */
  includeDeleted?: boolean;
  /**
   * Called once with the server's estimate of how many entries the whole search returns, when the
   * server gives one (the paged-results response's size: Samba gives the exact count; Windows AD is
   * not known to, so expect no call there). For progress only: the entries read are the truth.
   */
  onSizeEstimate?: (total: number) => void;
}

/** Where a DC's update sequence stands: what an incremental scan saves and checks. */
export interface ReplicationState {
  /** The DC's invocationId (its NTDS Settings object): changes when it is another DC or was restored. */
  invocationId: string;
  /** highestCommittedUSN from the rootDSE, as a decimal string. */
  highestCommittedUsn: string;
  /** dnsHostName of the DC answering. */
  dcHostName: string;
}

/** One entry from a search: attribute name => values (strings; binary attributes as base64). */
export interface DirectoryEntry {
  dn: string;
  attributes: Record<string, string[]>;
}

export interface AccountPlacement {
  dn: string;
  currentParentDn: string;
  expectedParentDn: string;
  /** true when the account no longer lives where it should (e.g. MSOL_ account moved out of CN=Users). */
  moved: boolean;
}

/** Searches on a connection of its own (see DirectoryPort.openReader); close it when done. */
export interface DirectoryReader {
  search(request: SearchRequest, opts?: OperationOptions): AsyncIterable<DirectoryEntry>;
  close(): Promise<void>;
}

export interface DirectoryPort {
  readonly kind: 'ldap' | 'memory';
  info(opts?: OperationOptions): Promise<DirectoryInfo>;

  /** Paged search, yielded entry by entry; stops paging when the consumer stops or the signal aborts. */
  search(request: SearchRequest, opts?: OperationOptions): AsyncIterable<DirectoryEntry>;

  /**
   * Another connection to the same DC for reading beside this one (the split scan's pool): its
   * certificate verified and its bind made exactly as this port's, connected and bound before it
   * resolves. Optional: a port without it is read on one stream.
   */
  openReader?(opts?: OperationOptions): Promise<DirectoryReader>;

  /** The DC's invocationId and highest committed USN (for incremental scans). */
  replicationState(opts?: OperationOptions): Promise<ReplicationState>;

  /** Find by sAMAccountName (with or without DOMAIN\ prefix) or UPN. Returns null when absent. */
  findAccount(ref: string, opts?: OperationOptions): Promise<AccountState | null>;
  enableAccount(dn: string, opts?: OperationOptions): Promise<AccountState>;
  disableAccount(dn: string, opts?: OperationOptions): Promise<AccountState>;
  setPasswordNeverExpires(dn: string, value: boolean, opts?: OperationOptions): Promise<AccountState>;
  /** End a lockout: lockoutTime set to 0 (the only value AD accepts there). */
  unlockAccount(dn: string, opts?: OperationOptions): Promise<AccountState>;
  /** Reset (not change) the password by replacing unicodePwd. The password is never logged. */
  resetPassword(dn: string, newPassword: string, opts?: OperationOptions): Promise<void>;

  /** Deleted objects (tombstones or recycled) whose sAMAccountName matches. */
  findDeletedAccounts(ref: string, opts?: OperationOptions): Promise<DeletedAccount[]>;
  /** Restore a deleted object to its last known parent (or the given parent). */
  restoreDeletedAccount(deletedDn: string, targetParentDn?: string, opts?: OperationOptions): Promise<AccountState>;

  /**
   * Move an object to another container under the same name (an LDAP modify-DN with a new
   * superior); returns its new DN. Fails with not-found when the object or the container is gone,
   * constraint when the container already holds an object of that name.
   */
  moveObject(dn: string, newParentDn: string, opts?: OperationOptions): Promise<string>;

  /** Where the account lives vs where it should. */
  accountPlacement(dn: string, expectedParentDn: string, opts?: OperationOptions): Promise<AccountPlacement>;

  /** Try a simple bind as the account: resolves when it could sign in, throws DirectoryError with the AD reason otherwise. */
  verifyCredentials(ref: string, password: string, opts?: OperationOptions): Promise<void>;

  close(): Promise<void>;
}
