// Pure LDAP helpers shared by the main process and anything else that builds filters or reads AD values.
export * from './escape';
export * from './dn';
export * from './time';
export * from './account-flags';
export * from './guid';
export * from './container-scope';
export * from './or-filter';
export * from './scope-parts';
