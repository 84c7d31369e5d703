// The Method 1-2 host operations on Windows: hostile values (passwords, account names, prefixes)
// reach the scripts on stdin only, bad ones are refused before PowerShell starts, secrets never
// appear in an error; a sync cycle is followed until its runs are in, and cancelling stops it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WindowsHost } from '../../electron/host/windows/windows-host';
import { HostError } from '../../electron/ports/errors';
import { nodeStandIn, replyPerScript, replyWith, testWindowsDir, type SpawnCall } from './node-stand-in';

const SCRIPT_DIR = path.resolve(import.meta.dirname, '../../assets/powershell');

const HOSTILE = [
  'pa"ss"word',
  "it's '; Remove-Item C:\\ -Recurse; '",
  '$(Start-Process calc.exe)',
  'tick`ntock`0`"',
  'a | Out-File x.txt > y 2>&1 & whoami',
  'Pässwörd – パスワード 😀 \u202Eevil\u202C',
  '"}, "ok": false, "x": {"',
];

const host = (spawn: ConstructorParameters<typeof WindowsHost>[0] extends infer O ? (O extends { spawn?: infer S } ? S : never) : never, extra = {}) =>
  new WindowsHost({ scriptDir: SCRIPT_DIR, spawn, windowsDir: testWindowsDir, ...extra });

function onCommandLine(call: SpawnCall, value: string): boolean {
  return [call.command, ...call.args].some((a) => a.includes(value));
}

const localUser = {
  Name: 'AAD_4f3a1b2c9d8e',
  FullName: null,
  Enabled: true,
  LockedOut: false,
  PasswordNeverExpires: true,
  PasswordExpired: false,
  PasswordLastSet: null,
};
const ok = (data: unknown) => JSON.stringify({ ok: true, data });

describe('secrets travel on stdin only', () => {
  it.each(HOSTILE)('reset local password %j', async (password) => {
    const stand = replyWith(ok(localUser));
    await host(stand.spawn).resetLocalUserPassword('AAD_4f3a1b2c9d8e', password, { timeoutMs: 15_000 });
    const call = stand.calls[0]!;
    expect(onCommandLine(call, password)).toBe(false);
    expect(JSON.parse(call.stdin().toString('ascii'))).toEqual({ name: 'AAD_4f3a1b2c9d8e', password });
  });

  it.each(HOSTILE)('service logon change with password %j', async (password) => {
    const stand = replyPerScript({
      'Set-DsdServiceLogon': ok({ Name: 'FIMSynchronizationService', StartName: 'DIRSYNC01\\AAD_4f3a1b2c9d8e', ReturnValue: 0 }),
      'Get-DsdServiceLogon': ok({ Name: 'FIMSynchronizationService', StartName: 'DIRSYNC01\\AAD_4f3a1b2c9d8e', Original: null }),
      'Get-DsdOsFacts': ok({
        ComputerName: 'DIRSYNC01',
        Domain: 'WORKGROUP',
        PartOfDomain: false,
        Caption: 'Windows Server 2012 R2',
        Version: '6.3.9600',
        ProductType: 3,
        Is64BitOperatingSystem: true,
        IsElevated: true,
      }),
    });
    const logon = await host(stand.spawn).setServiceLogon('FIMSynchronizationService', '.\\AAD_4f3a1b2c9d8e', password, { timeoutMs: 15_000 });
    expect(logon).toMatchObject({ account: 'DIRSYNC01\\AAD_4f3a1b2c9d8e', kind: 'local-user', original: null });
    const set = stand.calls.find((c) => c.args.at(-1)!.endsWith('Set-DsdServiceLogon.ps1'))!;
    expect(onCommandLine(set, password)).toBe(false);
    expect(JSON.parse(set.stdin().toString('ascii'))).toEqual({ name: 'FIMSynchronizationService', account: '.\\AAD_4f3a1b2c9d8e', password });
    // Only the script that sets it ever receives it.
    for (const other of stand.calls.filter((c) => c !== set)) expect(other.stdin().toString('ascii').includes('password')).toBe(false);
  });

  it('a deletion-threshold change passes the cloud credential on stdin, and a failure never echoes it', async () => {
    const password = 'Cl0ud-S3cret!"; $(x)';
    const stand = replyWith(JSON.stringify({ ok: false, error: { code: 'service-failed', message: `AADSTS50126 for ${password}`, win32: null } }));
    const e = await host(stand.spawn)
      .setDeletionThreshold({ enabled: false, credential: { userName: 'admin@contoso.onmicrosoft.com', password } }, { timeoutMs: 15_000 })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HostError);
    expect((e as HostError).message).not.toContain(password);
    expect((e as HostError).message).toContain('***');
    const call = stand.calls[0]!;
    expect(onCommandLine(call, password)).toBe(false);
    expect(JSON.parse(call.stdin().toString('ascii'))).toEqual({ enabled: false, userName: 'admin@contoso.onmicrosoft.com', password });
  });

  it('without a credential the script is asked anyway and answers cloud-sign-in-required (no password key sent)', async () => {
    const stand = replyWith(JSON.stringify({ ok: false, error: { code: 'cloud-sign-in-required', message: 'sign in needed', win32: null } }));
    const e = await host(stand.spawn)
      .setDeletionThreshold({ enabled: true, value: 800 }, { timeoutMs: 15_000 })
      .catch((x: unknown) => x);
    expect((e as HostError).code).toBe('cloud-sign-in-required');
    expect(JSON.parse(stand.calls[0]!.stdin().toString('ascii'))).toEqual({ enabled: true, value: 800 });
  });
});

describe('bad values are refused before PowerShell starts, naming the field', () => {
  it.each([
    ['local user name with a backslash', (h: WindowsHost) => h.resetLocalUserPassword('CONTOSO\\AAD_1', 'secret'), /^name: /],
    ['local user name over 20 characters', (h: WindowsHost) => h.setLocalUser('A'.repeat(21), { enabled: true }), /^name: /],
    ['local user change with nothing in it', (h: WindowsHost) => h.setLocalUser('AAD_1', {}), /^change: /],
    ['local user change with an unknown key', (h: WindowsHost) => h.setLocalUser('AAD_1', { enabled: true, admin: true } as never), /^change: /],
    ['a prefix with a wildcard', (h: WindowsHost) => h.localUsers('AAD_*'), /^prefix: /],
    ['an account with a newline', (h: WindowsHost) => h.setServiceLogon('ADSync', 'CONTOSO\\svc\nx', 'secret'), /^account: /],
    ['a password with NUL', (h: WindowsHost) => h.setServiceLogon('ADSync', 'CONTOSO\\svc', 'a\u0000b'), /^password: /],
    ['a service name with a quote', (h: WindowsHost) => h.serviceLogon("ADSync'"), /^name: /],
    ['a threshold of 0', (h: WindowsHost) => h.setDeletionThreshold({ enabled: true, value: 0 }), /^value: /],
    [
      'a cloud user that is not a UPN',
      (h: WindowsHost) => h.setDeletionThreshold({ enabled: false, credential: { userName: 'CONTOSO\\admin', password: 'x' } }),
      /^credential\.userName: /,
    ],
    ['a scheduler flag that is not a boolean', (h: WindowsHost) => h.setSchedulerEnabled('true' as never), /^enabled: /],
    ['a sync cycle kind it does not know', (h: WindowsHost) => h.runSyncCycle('full' as never), /^kind: /],
  ])('%s', async (_label, call, field) => {
    const stand = replyWith(ok(null));
    const e = await call(host(stand.spawn)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HostError);
    expect((e as HostError).code).toBe('bad-input');
    expect((e as HostError).message).toMatch(field);
    expect(stand.calls).toHaveLength(0);
  });
});

describe('a sync cycle followed to its end', () => {
  // Each poll: the scheduler says in progress for the first two polls, then idle; the run
  // history lists runs that started after the cycle was asked for, the export failed.
  const cycleStandIn = () => {
    const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-cycle-')), 'polls.json');
    return nodeStandIn(`
      const stateFile = ${JSON.stringify(stateFile)};
      let polls = 0; try { polls = JSON.parse(fs.readFileSync(stateFile, 'utf8')).polls; } catch {}
      const now = new Date().toISOString();
      const reply = (data) => process.stdout.write(JSON.stringify({ ok: true, data }), () => process.exit(0));
      const counts = { Adds: 0, Updates: 0, Deletes: 0, PendingDeletes: null, ExportErrors: 0, SyncErrors: 0 };
      if (script === 'Start-DsdSyncCycle') { fs.writeFileSync(stateFile, JSON.stringify({ polls: 0 })); reply({ Generation: 'entra-connect', Method: 'Start-ADSyncSyncCycle', Result: 'Success', Loaded: null }); }
      else if (script === 'Get-DsdScheduler') { fs.writeFileSync(stateFile, JSON.stringify({ polls: polls + 1 }));
        reply({ Available: true, SyncCycleEnabled: true, SchedulerSuspended: false, StagingModeEnabled: false, SyncCycleInProgress: polls < 2, NextSyncCycleStartTimeInUTC: null, NextSyncCyclePolicyType: 'Delta', IntervalMinutes: 30 }); }
      else if (script === 'Get-DsdConnectorRuns') reply({ Source: 'adsync', DeletionThreshold: { Enabled: true, Value: 500 }, Connectors: [
        { Name: 'contoso.com', Type: 'ad', Runs: [{ Profile: 'Delta Import', Result: 'success', StartDate: now, EndDate: now, Counts: counts }, { Profile: 'Full Import', Result: 'success', StartDate: '2026-01-01T00:00:00Z', EndDate: '2026-01-01T00:01:00Z', Counts: counts }] },
        { Name: 'contoso.onmicrosoft.com - AAD', Type: 'entra', Runs: [{ Profile: 'Export', Result: 'stopped-extension-dll-exception', StartDate: now, EndDate: now, Counts: counts }] }] });
      else if (script === 'Stop-DsdSyncCycle') reply({ Stopped: true });
      else { process.stderr.write('unexpected ' + script); process.exit(9); }`);
  };

  it('polls until the scheduler is idle, and reports every run of the cycle: started is not succeeded', async () => {
    const stand = cycleStandIn();
    const progress: number[] = [];
    const outcome = await host(stand.spawn, { cyclePollMs: 10 }).runSyncCycle('delta', { onProgress: (p) => progress.push(p.completedRuns) });
    expect(outcome.succeeded).toBe(false);
    // The old Full Import (from January) is not part of this cycle.
    expect(outcome.runs.map((r) => `${r.connector}: ${r.profile} ${r.result}`).sort()).toEqual([
      'contoso.com: Delta Import success',
      'contoso.onmicrosoft.com - AAD: Export stopped-extension-dll-exception',
    ]);
    const scripts = stand.calls.map((c) => path.basename(c.args.at(-1)!, '.ps1'));
    expect(scripts[0]).toBe('Start-DsdSyncCycle');
    expect(scripts.filter((s) => s === 'Get-DsdScheduler')).toHaveLength(3);
    expect(progress).toHaveLength(3);
  });

  it('cancelling stops the cycle on the server and rejects', async () => {
    const stand = cycleStandIn();
    const abort = new AbortController();
    const p = host(stand.spawn, { cyclePollMs: 10 }).runSyncCycle('initial', {
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    await expect(p).rejects.toBeInstanceOf(HostError);
    const scripts = stand.calls.map((c) => path.basename(c.args.at(-1)!, '.ps1'));
    expect(scripts.at(-1)).toBe('Stop-DsdSyncCycle');
    expect(JSON.parse(stand.calls[0]!.stdin().toString('ascii'))).toEqual({ kind: 'initial' });
  });
});
