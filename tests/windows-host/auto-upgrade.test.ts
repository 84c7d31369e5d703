// Automatic upgrade on the Windows host: Get-DsdAutoUpgrade's output parsed strictly (shapes:
// suspended with a listed reason, a compound reason kept verbatim, disabled, a build without
// -Detail, a tool without the cmdlet), and bad output refused with the field named.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScriptOutput } from '../../electron/host/windows/powershell-runner';
import { AutoUpgradeOutput } from '../../electron/host/windows/script-outputs';
import { WindowsHost } from '../../electron/host/windows/windows-host';
import { HostError } from '../../electron/ports/errors';
import { replyWith, testWindowsDir } from './node-stand-in';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const parse = (text: string) => parseScriptOutput('Get-DsdAutoUpgrade', text, AutoUpgradeOutput);
const SCRIPT_DIR = path.resolve(import.meta.dirname, '../../assets/powershell');
const refusal = (text: string): HostError => {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof HostError) return e;
    throw e;
  }
  throw new Error('the output was accepted');
};
const data = (d: Record<string, unknown>) =>
  JSON.stringify({ ok: true, data: { Available: true, State: 'Suspended', SuspensionReason: null, Problem: null, ...d } });

describe('Get-DsdAutoUpgrade', () => {
  it('reads a suspended upgrade and its reason', () => {
    expect(parse(fixture('auto-upgrade.suspended.json'))).toEqual({
      available: true,
      state: 'suspended',
      suspensionReason: 'UpgradeNotSupportedNonLocalDbInstall',
      problem: null,
    });
  });

  it('keeps a reason it does not know exactly as the server printed it', () => {
    expect(parse(fixture('auto-upgrade.compound-reason.json')).suspensionReason).toBe('UpgradeFailedRollbackSuccess-GetPasswordHashSyncStateFailed');
  });

  it('reads Disabled, and Enabled on a build without -Detail with that said', () => {
    expect(parse(fixture('auto-upgrade.disabled.json'))).toMatchObject({ state: 'disabled', suspensionReason: null });
    expect(parse(fixture('auto-upgrade.no-detail.json'))).toMatchObject({ state: 'enabled', problem: expect.stringMatching(/-Detail/) });
  });

  it('a tool without the cmdlet is not available, with its reason', () => {
    expect(parse(fixture('auto-upgrade.unavailable.json'))).toMatchObject({ available: false, state: null, problem: expect.stringMatching(/1\.1\.105\.0/) });
  });

  it('refuses a state it does not know, naming the field', () => {
    expect(refusal(fixture('auto-upgrade.bad-state.json')).message).toMatch(/State/);
  });

  it('refuses a reason of several lines or with padding, a state from a tool without the cmdlet, and no state without a why', () => {
    expect(refusal(data({ SuspensionReason: 'UpgradeAbortedSyncExeInUse\r\nmore' })).message).toMatch(/SuspensionReason/);
    expect(refusal(data({ SuspensionReason: ' UpgradeAbortedSyncExeInUse' })).message).toMatch(/SuspensionReason/);
    expect(refusal(data({ Available: false })).message).toMatch(/Available/);
    expect(refusal(data({ State: null })).message).toMatch(/State/);
    expect(refusal(data({ Extra: 1 })).message).toMatch(/Extra|unrecognized/i);
  });

  it('runs the script with an empty input on stdin and nothing on the command line but the script', async () => {
    const stand = replyWith(fixture('auto-upgrade.suspended.json'));
    const host = new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn, windowsDir: testWindowsDir });
    expect((await host.autoUpgrade({ timeoutMs: 15_000 })).state).toBe('suspended');
    const call = stand.calls[0]!;
    expect(call.args.some((a) => a.endsWith('Get-DsdAutoUpgrade.ps1'))).toBe(true);
    expect(JSON.parse(call.stdin().toString('utf8'))).toEqual({});
  });
});
