// The application sign-in certificate on the Windows host: Get-DsdAppCertificate's output parsed
// strictly. The fixtures have the shape the script writes (not yet recorded on a real server: the
// property of Get-ADSyncEntraConnectorCredential that names the certificate is not documented, so a
// build may have none, and the script then says so in Problem). The service name goes on stdin.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScriptOutput } from '../../electron/host/windows/powershell-runner';
import { AppCertificateOutput } from '../../electron/host/windows/script-outputs';
import { WindowsHost } from '../../electron/host/windows/windows-host';
import { HostError } from '../../electron/ports/errors';
import { replyWith, testWindowsDir } from './node-stand-in';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const parse = (name: string) => parseScriptOutput('Get-DsdAppCertificate', fixture(name), AppCertificateOutput);
const SCRIPT_DIR = path.resolve(import.meta.dirname, '../../assets/powershell');
const host = (spawn: ReturnType<typeof replyWith>['spawn']) => new WindowsHost({ scriptDir: SCRIPT_DIR, spawn, windowsDir: testWindowsDir });

function refusal(text: string): HostError {
  try {
    parseScriptOutput('Get-DsdAppCertificate', text, AppCertificateOutput);
  } catch (e) {
    expect(e).toBeInstanceOf(HostError);
    return e as HostError;
  }
  throw new Error('expected a HostError, nothing was thrown');
}

/** The service-account fixture with one field of the certificate changed. */
function withCertificate(change: Record<string, unknown>): string {
  const doc = JSON.parse(fixture('appcert.service-account.json')) as { data: { Certificate: Record<string, unknown> } };
  Object.assign(doc.data.Certificate, change);
  return JSON.stringify(doc);
}

describe('Get-DsdAppCertificate', () => {
  it("reads a certificate Connect manages: the service account's store, its thumbprint and dates", () => {
    expect(parse('appcert.service-account.json')).toEqual({
      identityType: 'application',
      thumbprintProperty: 'CertificateThumbprint',
      certificate: {
        store: 'service-account',
        account: 'NT SERVICE\\ADSync',
        thumbprint: '7C1E9A04B3D58F2260A1E4C7B9D03F5A8E2C6B10',
        subject: 'CN=SYNC01',
        notBefore: '2026-03-21T09:14:02.0000000+00:00',
        notAfter: '2027-04-25T09:14:02.0000000+00:00',
      },
      problem: null,
    });
  });

  it("reads a certificate the admin brought (the computer's store), with PowerShell's /Date()/ dates", () => {
    expect(parse('appcert.local-machine.json')).toMatchObject({
      certificate: { store: 'local-machine', account: null, notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z' },
    });
  });

  it('a build whose credential names no certificate: no certificate, and the reason', () => {
    expect(parse('appcert.no-thumbprint.json')).toEqual({
      identityType: 'application',
      thumbprintProperty: null,
      certificate: null,
      problem: expect.stringMatching(/names no certificate thumbprint/),
    });
    expect(parse('appcert.service-account-sign-in.json')).toMatchObject({ identityType: 'service-account', certificate: null });
  });

  it('refuses what it cannot trust, naming what was wrong', () => {
    expect(refusal(withCertificate({ Thumbprint: '7c1e9a04' })).message).toMatch(/Thumbprint/);
    expect(refusal(withCertificate({ NotAfter: 'next year' })).message).toMatch(/NotAfter/);
    expect(refusal(withCertificate({ NotAfter: '2026-01-01T00:00:00Z' })).message).toMatch(/notAfter: not after its start/);
    expect(refusal(withCertificate({ Store: 'CurrentUser' })).message).toMatch(/Store/);
    expect(refusal(withCertificate({ Account: null })).message).toMatch(/account goes with the service account store/);
    expect(refusal(withCertificate({ KeyProvider: 'TPM' })).message).toMatch(/KeyProvider/);
    const silent = JSON.stringify({ ok: true, data: { IdentityType: 'Application', ThumbprintProperty: null, Certificate: null, Problem: null } });
    expect(refusal(silent).message).toMatch(/no certificate and no reason why/);
  });

  it('passes the service name on stdin, as data, and refuses a malformed one before starting anything', async () => {
    const stand = replyWith(fixture('appcert.service-account.json'));
    await host(stand.spawn).appCertificate('ADSync', { timeoutMs: 15_000 });
    expect(JSON.parse(stand.calls[0]!.stdin().toString('utf8'))).toEqual({ name: 'ADSync' });
    expect([stand.calls[0]!.command, ...stand.calls[0]!.args].some((a) => a.includes('ADSync'))).toBe(false);
    const bad = replyWith(fixture('appcert.service-account.json'));
    const e = await host(bad.spawn)
      .appCertificate("ADSync'; Remove-Item C:\\ -Recurse; '")
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HostError);
    expect((e as HostError).code).toBe('bad-input');
    expect(bad.calls).toHaveLength(0);
  });
});
