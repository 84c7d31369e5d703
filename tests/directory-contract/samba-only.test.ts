// What only a real server can show: transport security (plain LDAP refused, certificates
// verified, StartTLS), the admin bind's own errors, and the lab DC's Exchange schema.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LdapDirectory } from '../../electron/directory/ldap-directory';
import { createLabDirectoryAdmin } from '../../electron/directory/lab-directory-admin';
import type { DirectoryConnection } from '../../electron/ports/directory-port';
import { DirectoryError } from '../../electron/ports/errors';

const lab = inject('labDc');
const suite = lab ? describe : describe.skip;
// The DC's own address (LAB_DC_ADDR): 127.0.0.1 may be another checkout's DC.
const plainUrl = `ldap://${lab ? new URL(lab.url).hostname : '127.0.0.1'}:389`;

async function failure(p: Promise<unknown>): Promise<DirectoryError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DirectoryError);
    return err as DirectoryError;
  }
  throw new Error('expected a DirectoryError, but the call succeeded');
}

suite(`LdapDirectory against the Samba lab DC: transport and bind${lab ? '' : ` (skipped: ${inject('labDcSkipReason') ?? 'no lab DC'})`}`, () => {
  let good: DirectoryConnection;
  let tmp: string;

  beforeAll(() => {
    good = { url: lab!.url, bindDn: lab!.bindDn, password: fs.readFileSync(lab!.passwordFile, 'utf8'), caFile: lab!.caFile, serverName: lab!.serverName };
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dirsync-ldap-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('refuses plain ldap:// before sending anything', async () => {
    const plain = { ...good, url: plainUrl };
    expect(() => new LdapDirectory(plain)).toThrow(DirectoryError);
    const err = await failure(LdapDirectory.connect(plain));
    expect(err.code).toBe('tls-required');
    expect(err.message).toMatch(/plain LDAP/);
    expect(err.message).not.toContain(good.password);
  });

  it('works over ldap:// with StartTLS, verifying the certificate the same way', async () => {
    const dir = await LdapDirectory.connect({ ...good, url: plainUrl, startTls: true });
    try {
      expect((await dir.info()).baseDn).toBe(lab!.baseDn);
    } finally {
      await dir.close();
    }
    const noCa = await failure(LdapDirectory.connect({ ...good, url: plainUrl, startTls: true, caFile: undefined }));
    expect(noCa.code).toBe('tls-failed');
  });

  it('verifies the certificate: without the lab CA the connection fails with tls-failed', async () => {
    const err = await failure(LdapDirectory.connect({ ...good, caFile: undefined }));
    expect(err.code).toBe('tls-failed');
    expect(err.message).not.toContain(good.password);
  });

  it('verifies the certificate: a different CA is not accepted', async () => {
    const otherCa = path.join(tmp, 'other-ca.pem');
    fs.writeFileSync(otherCa, tls.rootCertificates[0]!); // a real CA, just not the one that signed the DC's certificate
    const err = await failure(LdapDirectory.connect({ ...good, caFile: otherCa }));
    expect(err.code).toBe('tls-failed');
  });

  it('verifies the name on the certificate', async () => {
    const err = await failure(LdapDirectory.connect({ ...good, serverName: 'not-the-dc.lab.example.com' }));
    expect(err.code).toBe('tls-failed');
    expect(err.details.tlsCode).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('reports an unreadable CA file as bad input, without saying whether it exists', async () => {
    const err = await failure(LdapDirectory.connect({ ...good, caFile: path.join(tmp, 'missing.pem') }));
    expect(err.code).toBe('bad-input');
    expect(err.message).toBe('The CA file is not a readable PEM certificate.');
  });

  it('maps a wrong admin password to invalid-credentials without echoing it', async () => {
    const wrong = `Wrong-${randomBytes(6).toString('hex')}`;
    const err = await failure(LdapDirectory.connect({ ...good, password: wrong }));
    expect(err.code).toBe('invalid-credentials');
    expect(err.message).toContain('52e');
    expect(err.message).not.toContain(wrong);
    expect(JSON.stringify(err.details)).not.toContain(wrong);
  });

  it('maps a closed port to unreachable', async () => {
    const err = await failure(LdapDirectory.connect({ ...good, url: 'ldaps://127.0.0.1:1' }));
    expect(err.code).toBe('unreachable');
  });

  it('stores and returns the Exchange attributes the lab schema adds', async () => {
    const dir = await LdapDirectory.connect(good);
    const admin = createLabDirectoryAdmin(dir);
    const sam = `ctx${randomBytes(5).toString('hex')}`;
    try {
      await admin.createUser({
        sAMAccountName: sam,
        password: 'Contract-Pass-1a',
        attributes: {
          mailNickname: [sam],
          targetAddress: [`SMTP:${sam}@contoso.mail.onmicrosoft.com`],
          msExchRecipientTypeDetails: ['2147483648'],
          homeMDB: [lab!.mailboxDatabaseDn],
          msExchHideFromAddressLists: ['TRUE'],
          proxyAddresses: [`SMTP:${sam}@contoso.com`, `smtp:${sam}@lab.example.com`],
        },
      });
      const attributes = ['mailNickname', 'targetAddress', 'msExchRecipientTypeDetails', 'homeMDB', 'msExchHideFromAddressLists', 'proxyAddresses'];
      const found = [];
      for await (const e of dir.search({ filter: `(&(mailNickname=${sam})(msExchHideFromAddressLists=TRUE))`, attributes })) found.push(e);
      expect(found).toHaveLength(1);
      expect(found[0]!.attributes).toMatchObject({
        mailNickname: [sam],
        targetAddress: [`SMTP:${sam}@contoso.mail.onmicrosoft.com`],
        msExchRecipientTypeDetails: ['2147483648'],
        msExchHideFromAddressLists: ['TRUE'],
      });
      expect(found[0]!.attributes.homeMDB![0]!.toLowerCase()).toBe(lab!.mailboxDatabaseDn.toLowerCase());
      expect(found[0]!.attributes.proxyAddresses).toHaveLength(2);
    } finally {
      await admin.removeIfPresent(sam);
      await dir.close();
    }
  });

  it.each([
    ['LDAPS', {}],
    ['StartTLS', { url: plainUrl, startTls: true }],
  ])('reconnects and re-binds over %s when the server drops the connection', async (_name, over) => {
    const dir = await LdapDirectory.connect({ ...good, ...over });
    try {
      await dir.withClient('drop the connection', async (client) => {
        // Simulate an idle timeout on the server side.
        (client as unknown as { socket: { destroy(): void } }).socket.destroy();
      });
      await new Promise((r) => setTimeout(r, 50));
      expect(await dir.findAccount('Administrator')).not.toBeNull();
    } finally {
      await dir.close();
    }
  });
});
