// The DC a directory command connects to, found one way for `scan` and `scan apply`/`scan undo`:
// --url as given; else the session's DC; else a usage error (exit 2) saying to give --url, with the
// reason when the domain logon's DC could not be looked up. The session is read from the command's
// environment, not the process's.
import { describe, expect, it } from 'vitest';
import { DirectoryError } from '../ports/errors';
import { dcUrl, type Discover } from './dc-url';
import { EXIT, runCli } from './main';

const found: Discover = async () => ({
  domain: 'corp.contoso.com',
  dcHostName: 'dc01.corp.contoso.com',
  url: 'ldaps://dc01.corp.contoso.com:636',
  candidates: ['dc01.corp.contoso.com'],
  source: 'srv',
});

describe('dcUrl', () => {
  it('takes --url as given, without looking for a DC', async () => {
    let asked = false;
    const r = await dcUrl('ldaps://dc9.example.com:636', {}, async () => ((asked = true), null));
    expect(r).toEqual({ ok: true, url: 'ldaps://dc9.example.com:636' });
    expect(asked).toBe(false);
  });

  it("uses the session's DC when --url is left out, reading the environment it is given", async () => {
    let seen: unknown;
    const r = await dcUrl(undefined, { USERDNSDOMAIN: 'CORP.CONTOSO.COM' }, async (env) => ((seen = env.USERDNSDOMAIN), found(env)));
    expect(r).toEqual({ ok: true, url: 'ldaps://dc01.corp.contoso.com:636' });
    expect(seen).toBe('CORP.CONTOSO.COM');
  });

  it('no DC: exit 2, no-domain-controller, naming --url; the lookup failure is said', async () => {
    expect(await dcUrl(undefined, {}, async () => null)).toEqual({
      ok: false,
      failure: {
        exit: EXIT.usage,
        code: 'no-domain-controller',
        message: 'no domain controller was found automatically; give --url ldaps://dc:636',
        extra: { flag: '--url' },
      },
    });
    const failed = await dcUrl(undefined, {}, async () => Promise.reject(new DirectoryError('unreachable', 'no domain controller found for corp.contoso.com')));
    expect(failed.ok === false && failed.failure.message).toBe(
      'no domain controller was found automatically (no domain controller found for corp.contoso.com); give --url ldaps://dc:636',
    );
  });
});

describe('scan and scan apply find the DC the same way', () => {
  async function cli(argv: string[], env: NodeJS.ProcessEnv) {
    let stdout = '';
    const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: () => {}, env });
    return { code, error: (JSON.parse(stdout) as { error: { code: string; message: string } }).error };
  }

  it("scan without --url reads the command's USERDNSDOMAIN and says why it found no DC", async () => {
    // Not a DNS name: discovery refuses it before any lookup (no network here).
    const r = await cli(['scan', '--format', 'json', '--bind', 'a@b.com', '--password-env', 'PW'], { PW: 'Secret-Pass-1', USERDNSDOMAIN: 'not a domain' });
    expect(r.code).toBe(EXIT.usage);
    expect(r.error.code).toBe('no-domain-controller');
    expect(r.error.message).toMatch(/^no domain controller was found automatically \(USERDNSDOMAIN "not a domain" is not a DNS domain name\); give --url/);
  });
});
