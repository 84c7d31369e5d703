// The OS trust store, always (issue 17): a domain-joined server verifies its DC through the
// system's certificate store, without a CA file. Tested by pointing a child Node process's system
// store at the lab DC's CA: this machine's Node 20 reads OpenSSL's store (SSL_CERT_FILE) when
// started with --use-openssl-ca; Electron 45 (Node >= 22.15) reads the OS store through
// tls.getCACertificates('system'), which electron/directory/ldap-directory.test.ts covers.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

const lab = inject('labDc');
const suite = lab ? describe : describe.skip;
const CHILD = path.resolve(import.meta.dirname, 'system-trust-child.ts');
const SHIM = path.resolve(import.meta.dirname, 'system-store-shim.mjs');

interface ChildResult {
  ok: boolean;
  baseDn?: string;
  code?: string;
  message?: string;
}

async function connectInChild(nodeFlags: string[], env: Record<string, string>): Promise<ChildResult> {
  const input = JSON.stringify({ url: lab!.url, bindDn: lab!.bindDn, passwordFile: lab!.passwordFile, serverName: lab!.serverName });
  // A clean environment: no inherited NODE_EXTRA_CA_CERTS / SSL_CERT_* can decide the result.
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeFlags, '--import', 'tsx', CHILD, input], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...base, ...env },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
}

suite(`LDAPS trusts the system store (skipped without the lab DC: ${inject('labDcSkipReason') ?? 'it is here'})`, () => {
  it("connects without a CA file when the system store holds the DC's CA", async () => {
    const r = await connectInChild(['--use-openssl-ca'], { SSL_CERT_FILE: lab!.caFile, SSL_CERT_DIR: '/nonexistent' });
    expect(r).toEqual({ ok: true, baseDn: lab!.baseDn });
  }, 90_000);

  it("connects without a CA file through tls.getCACertificates('system'), the path Electron 45 takes", async () => {
    // On Node 20 the shim stands in for Node >= 22.15's API; on a newer Node it does nothing and
    // the flagless process reads its real system store, so only run this where the shim applies.
    if (Number(process.versions.node.split('.')[0]) >= 22) return;
    const r = await connectInChild(['--import', SHIM], { DSD_TEST_SYSTEM_STORE: lab!.caFile });
    expect(r).toEqual({ ok: true, baseDn: lab!.baseDn });
  }, 90_000);

  it("fails verification without it (the store does not hold the DC's CA)", async () => {
    const r = await connectInChild([], {});
    expect(r.ok).toBe(false);
    expect(r.code).toBe('tls-failed');
    const viaSystemWithoutCa = await connectInChild(['--use-openssl-ca'], { SSL_CERT_FILE: '/nonexistent/ca.pem', SSL_CERT_DIR: '/nonexistent' });
    expect(viaSystemWithoutCa.code).toBe('tls-failed');
    if (Number(process.versions.node.split('.')[0]) < 22) {
      const shimWithoutCa = await connectInChild(['--import', SHIM], { DSD_TEST_SYSTEM_STORE: '/dev/null' });
      expect(shimWithoutCa.code).toBe('tls-failed');
    }
  }, 90_000);
});
