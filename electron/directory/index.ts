// The directory side of the app: one port (electron/ports/directory-port.ts), two implementations.
export { LdapDirectory, resolveConnection, DEFAULT_PAGE_SIZE, DEFAULT_TIMEOUT_MS } from './ldap-directory';
export { MemoryDirectory, type MemoryDirectoryOptions } from './memory-directory';
export { createLabDirectoryAdmin } from './lab-directory-admin';
export { LabUserSpec, type LabDirectoryAdmin } from './lab-user-spec';
export { discoverDirectory, type DiscoveredDirectory, type DiscoveryOptions, type SrvResolver } from './discovery';
export { parseAccountRef, accountFilter, type ParsedAccountRef } from './account-ref';
