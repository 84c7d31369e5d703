import { describe, expect, it } from 'vitest';
import { logonHasPassword, logonKind } from './logon';

describe('logon kinds', () => {
  it.each([
    ['NT SERVICE\\ADSync', 'virtual'],
    ['nt service\\adsync', 'virtual'],
    ['CONTOSO\\ADSyncMSA_1a2b3$', 'managed'],
    ['CONTOSO\\gmsa-sync$', 'managed'],
    ['CONTOSO\\svc-adsync', 'domain-user'],
    ['svc-adsync@contoso.com', 'domain-user'],
    ['.\\AAD_1f2e3d4c5b6a', 'local-user'],
    ['DIRSYNC01\\AAD_1f2e3d4c5b6a', 'local-user'],
    ['dirsync01\\AAD_1f2e3d4c5b6a', 'local-user'],
    ['AAD_1f2e3d4c5b6a', 'local-user'],
    ['LocalSystem', 'local-system'],
    ['NT AUTHORITY\\SYSTEM', 'local-system'],
    ['NT AUTHORITY\\LocalService', 'builtin'],
  ] as const)('%s is %s', (account, kind) => {
    expect(logonKind(account, 'DIRSYNC01')).toBe(kind);
  });

  it('only user accounts have a password an admin resets', () => {
    expect(['domain-user', 'local-user', 'virtual', 'managed', 'local-system', 'builtin'].filter((k) => logonHasPassword(k as never))).toEqual([
      'domain-user',
      'local-user',
    ]);
  });
});
