// Connection validation and entry decoding; behaviour against a real server is in tests/directory-contract.
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { DirectoryError } from '../ports/errors';
import { accountStateFromEntry, LdapDirectory, resolveConnection, trustedCertificates, type TrustSource } from './ldap-directory';

const base = { url: 'ldaps://dc01.corp.contoso.com', bindDn: 'svc@corp.contoso.com', password: 'Pass-word-1' };
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DirectoryError);
    return { code: (err as DirectoryError).code, message: (err as DirectoryError).message };
  }
  throw new Error('expected a DirectoryError');
};

describe('resolveConnection', () => {
  it('accepts LDAPS, fills in the port and checks the certificate against the host name', () => {
    const c = resolveConnection(base);
    expect(c.url).toBe('ldaps://dc01.corp.contoso.com:636');
    expect(c.startTls).toBe(false);
    expect(c.tlsOptions).toMatchObject({ servername: 'dc01.corp.contoso.com', rejectUnauthorized: true, minVersion: 'TLSv1.2' });
    expect(c.tlsOptions.ca).toEqual(trustedCertificates(null)); // the defaults and the OS store (see 'trust' below)
  });

  it('uses the given server name, and none for an IP address without one', () => {
    expect(resolveConnection({ ...base, url: 'ldaps://10.0.0.5:3269', serverName: 'DC01.corp.contoso.com' }).tlsOptions.servername).toBe(
      'DC01.corp.contoso.com',
    );
    expect(resolveConnection({ ...base, url: 'ldaps://10.0.0.5' }).tlsOptions.servername).toBeUndefined();
  });

  it('refuses plain LDAP without StartTLS, and accepts it with StartTLS', () => {
    const refused = code(() => resolveConnection({ ...base, url: 'ldap://dc01.corp.contoso.com' }));
    expect(refused.code).toBe('tls-required');
    expect(refused.message).toContain('ldaps://dc01.corp.contoso.com:636');
    expect(() => new LdapDirectory({ ...base, url: 'LDAP://dc01:389' })).toThrow(/plain LDAP/);
    const st = resolveConnection({ ...base, url: 'ldap://dc01.corp.contoso.com', startTls: true });
    expect(st).toMatchObject({ url: 'ldap://dc01.corp.contoso.com:389', startTls: true });
    expect(st.tlsOptions.host).toBe('dc01.corp.contoso.com');
  });

  it.each([
    [{ url: 'dc01.corp.contoso.com' }, /not a URL/],
    [{ url: 'https://dc01' }, /must start with ldaps/],
    [{ url: 'ldaps://dc01', startTls: true }, /already encrypted/],
    [{ url: 'ldaps://user:pw@dc01' }, /must not carry credentials/],
    [{ url: 'ldaps://dc01/DC=corp' }, /only scheme, host and port/],
    [{ bindDn: ' ' }, /bind identity/],
    [{ password: '' }, /password is empty/],
    [{ timeoutMs: 0 }, /timeoutMs/],
  ])('rejects %o as bad input', (patch, message) => {
    const r = code(() => resolveConnection({ ...base, ...patch }));
    expect(r.code).toBe('bad-input');
    expect(r.message).toMatch(message);
    expect(r.message).not.toContain(base.password);
  });

  it('trusts a given CA in addition to the defaults, and reads a CA file only when connecting', () => {
    const pemText = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const ca = resolveConnection({ ...base, caPem: pemText }).tlsOptions.ca as string[];
    expect(ca.at(-1)).toBe(pemText);
    expect(ca.length).toBeGreaterThan(1);
    // Resolving does no I/O: even a FIFO path returns at once (it is read, bounded, at connect).
    const r = resolveConnection({ ...base, caFile: '/nonexistent/ca.pem' });
    expect(r.caFile).toBe('/nonexistent/ca.pem');
    expect(r.tlsOptions.ca).toEqual(trustedCertificates(null));
  });
});

describe('trust: the OS store always, a picked CA file on top', () => {
  const pem = (n: string) => `-----BEGIN CERTIFICATE-----\n${n}\n-----END CERTIFICATE-----\n`;
  // Node >= 22.15 (Electron 45): getCACertificates exposes the defaults and the system store.
  const newNode: TrustSource = {
    rootCertificates: [pem('BUNDLED')],
    getCACertificates: (kind) => (kind === 'system' ? [pem('CORP-ROOT'), pem('BUNDLED')] : [pem('BUNDLED'), pem('EXTRA')]),
  };
  const oldNode: TrustSource = { rootCertificates: [pem('BUNDLED')] };

  it('trusts the system store without a CA file (a domain-joined server verifies its DC)', () => {
    expect(trustedCertificates(null, newNode)).toEqual([pem('BUNDLED'), pem('EXTRA'), pem('CORP-ROOT')]);
  });

  it('keeps the system store and the defaults when a CA file is picked', () => {
    expect(trustedCertificates(pem('PICKED'), newNode)).toEqual([pem('BUNDLED'), pem('EXTRA'), pem('CORP-ROOT'), pem('PICKED')]);
  });

  it('on a Node without getCACertificates, leaves the process default in place (never an empty list)', () => {
    expect(trustedCertificates(null, oldNode)).toBeUndefined();
    expect(trustedCertificates(pem('PICKED'), oldNode)).toEqual([pem('BUNDLED'), pem('PICKED')]);
  });

  it('resolveConnection applies it with and without a CA', () => {
    const t = tls as unknown as { getCACertificates?: TrustSource['getCACertificates'] };
    const had = Object.getOwnPropertyDescriptor(tls, 'getCACertificates');
    t.getCACertificates = newNode.getCACertificates;
    try {
      expect(resolveConnection(base).tlsOptions.ca).toContain(pem('CORP-ROOT'));
      expect(resolveConnection({ ...base, caPem: pem('PICKED') }).tlsOptions.ca).toEqual(expect.arrayContaining([pem('CORP-ROOT'), pem('PICKED')]));
    } finally {
      if (had) Object.defineProperty(tls, 'getCACertificates', had);
      else delete t.getCACertificates;
    }
  });
});

describe('accountStateFromEntry', () => {
  const guid = Buffer.from([0x06, 0x35, 0x8e, 0xb8, 0x40, 0x24, 0x41, 0x44, 0x8b, 0x41, 0x6e, 0x30, 0x7f, 0x27, 0x83, 0xdd]);
  // Shaped like ldapts returns a Samba user (single values as strings).
  const entry = {
    dn: 'CN=svc-sync,OU=Service Accounts,DC=lab,DC=example,DC=com',
    sAMAccountName: 'svc-sync',
    userPrincipalName: 'svc-sync@lab.example.com',
    displayName: [],
    objectGUID: guid,
    userAccountControl: '66050',
    'msDS-User-Account-Control-Computed': '0',
    pwdLastSet: '134397338212985630',
    accountExpires: '9223372036854775807',
  };

  it('decodes flags, dates, GUID and parent', () => {
    expect(accountStateFromEntry(entry)).toEqual({
      dn: entry.dn,
      sAMAccountName: 'svc-sync',
      userPrincipalName: 'svc-sync@lab.example.com',
      displayName: null,
      objectGuid: 'b88e3506-2440-4441-8b41-6e307f2783dd',
      userAccountControl: 66050,
      flags: { disabled: true, lockedOut: false, passwordExpired: false, passwordNeverExpires: true, mustChangePassword: false },
      pwdLastSet: '2026-11-21T11:23:41.298Z',
      accountExpires: null,
      lockoutTime: null,
      parentDn: 'OU=Service Accounts,DC=lab,DC=example,DC=com',
    });
  });

  it('names the account and the value it cannot read', () => {
    expect(() => accountStateFromEntry({ ...entry, pwdLastSet: 'soon' })).toThrow(/svc-sync.*"soon" is not a Windows FILETIME/);
    expect(() => accountStateFromEntry({ ...entry, userAccountControl: [] })).toThrow(/no userAccountControl/);
    expect(() => accountStateFromEntry({ ...entry, objectGUID: 'x' })).toThrow(/objectGUID/);
  });
});
