// Password hash sync on the Windows host: Get-DsdPasswordHashSync's output parsed strictly (shapes:
// two forests, a tool without the cmdlet), and
// Start-DsdFullPasswordSync given its connector as data on stdin, never on the command line.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScriptOutput } from '../../electron/host/windows/powershell-runner';
import { PasswordHashSyncOutput } from '../../electron/host/windows/script-outputs';
import { WindowsHost } from '../../electron/host/windows/windows-host';
import { HostError } from '../../electron/ports/errors';
import { replyWith, testWindowsDir } from './node-stand-in';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const SCRIPT_DIR = path.resolve(import.meta.dirname, '../../assets/powershell');
const host = (spawn: ReturnType<typeof replyWith>['spawn']) => new WindowsHost({ scriptDir: SCRIPT_DIR, spawn, windowsDir: testWindowsDir });

describe('Get-DsdPasswordHashSync', () => {
  it('reads the feature and every AD connector', () => {
    expect(parseScriptOutput('Get-DsdPasswordHashSync', fixture('password-hash-sync.two-forests.json'), PasswordHashSyncOutput)).toEqual({
      available: true,
      enabled: true,
      adConnectors: ['corp.contoso.com', 'emea.contoso.com'],
      problem: null,
    });
  });

  it('a tool without the cmdlet is not available, with its reason', () => {
    expect(parseScriptOutput('Get-DsdPasswordHashSync', fixture('password-hash-sync.dirsync.json'), PasswordHashSyncOutput)).toMatchObject({
      available: false,
      enabled: null,
    });
  });

  it('refuses a shape it does not know, naming the field', () => {
    const bad = JSON.stringify({ ok: true, data: { Available: true, Enabled: 'yes', AdConnectors: [], Problem: null } });
    let err: unknown;
    try {
      parseScriptOutput('Get-DsdPasswordHashSync', bad, PasswordHashSyncOutput);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HostError);
    expect((err as HostError).message).toMatch(/Enabled/);
  });
});

describe('Start-DsdFullPasswordSync', () => {
  it('passes the connector on stdin, as data', async () => {
    const name = "corp.contoso.com'; Remove-Item C:\\ -Recurse; '";
    const stand = replyWith(JSON.stringify({ ok: true, data: { AdConnector: name, EntraConnector: 'contoso.onmicrosoft.com - AAD' } }));
    await host(stand.spawn).startFullPasswordSync(name, { timeoutMs: 15_000 });
    const call = stand.calls[0]!;
    expect([call.command, ...call.args].some((a) => a.includes(name))).toBe(false);
    expect(JSON.parse(call.stdin().toString('utf8'))).toEqual({ adConnector: name });
  });

  it('refuses an empty or control-character name before starting anything', async () => {
    for (const bad of ['', 'corp\ncontoso']) {
      const stand = replyWith(JSON.stringify({ ok: true, data: null }));
      const e = await host(stand.spawn)
        .startFullPasswordSync(bad)
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(HostError);
      expect((e as HostError).code).toBe('bad-input');
      expect(stand.calls).toHaveLength(0);
    }
  });
});
