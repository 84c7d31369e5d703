// Batched mode: questions asked together go to ONE PowerShell process (Invoke-DsdBatch.ps1)
// started like any other (same argv, environment, hash checks); each answer is parsed with its
// own call's schema, a bad or failed answer fails only its call; changes and secrets are never
// batched; a batch that fails as a whole falls back to one process per call.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PowerShellRunner } from '../../electron/host/windows/powershell-runner';
import { BATCHABLE_SCRIPTS, ScriptBatcher } from '../../electron/host/windows/script-batch';
import { READ_ONLY_HOST_METHODS } from '../../electron/lab/host-latency';
import { SCRIPT_SHA256 } from '../../electron/host/windows/script-hashes';
import { WindowsHost } from '../../electron/host/windows/windows-host';
import { HostError } from '../../electron/ports/errors';
import { z } from 'zod';
import { nodeStandIn, testWindowsDir, type SpawnCall } from './node-stand-in';

const SCRIPT_DIR = path.resolve(import.meta.dirname, '../../assets/powershell');
const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8').trim();

const REPLIES: Record<string, string> = {
  'Get-DsdScheduler': fixture('scheduler.staging.json'),
  'Get-DsdTlsSettings': fixture('tls.partly-set.json'),
  'Test-DsdEndpoint': fixture('endpoint.proxy-auth.json'),
  'Get-DsdLocalUsers': fixture('localusers.bad-enabled.json'),
  'Get-DsdConnectorAccounts': fixture('accounts.application-auth.json'),
};

/**
 * A stand-in powershell.exe that answers single scripts from REPLIES and, for Invoke-DsdBatch,
 * answers each call the same way ("throw" for Get-DsdServiceLogon, to stand for a script that threw).
 */
function standIn(batchBroken = false) {
  return nodeStandIn(`
    const replies = ${JSON.stringify(REPLIES)};
    const out = (t) => process.stdout.write(t, () => process.exit(0));
    if (script === 'Invoke-DsdBatch') {
      if (${batchBroken}) { process.stderr.write('batch host broke'); process.exit(1); }
      const { calls } = JSON.parse(input.toString('ascii'));
      const data = calls.map((c) => c.script === 'Get-DsdServiceLogon' ? JSON.stringify({ failed: 'Get-WinEvent: The RPC server is unavailable' }) : replies[c.script]);
      out(JSON.stringify({ ok: true, data }));
    } else if (script in replies) out(replies[script]);
    else { process.stderr.write('no reply for ' + script); process.exit(9); }`);
}

const scriptsRun = (calls: SpawnCall[]) => calls.map((c) => path.basename(c.args.at(-1)!, '.ps1'));
const host = (spawn: ReturnType<typeof standIn>['spawn'], batch?: false) =>
  new WindowsHost({ scriptDir: SCRIPT_DIR, spawn, windowsDir: testWindowsDir, batch });

describe('batched mode', () => {
  it('questions asked together run in one PowerShell process, each parsed with its own schema', async () => {
    const stand = standIn();
    const h = host(stand.spawn);
    const [scheduler, tls, endpoint, accounts] = await Promise.all([h.scheduler(), h.tlsSettings(), h.testEndpoint(), h.connectorAccounts()]);
    expect(scriptsRun(stand.calls)).toEqual(['Invoke-DsdBatch']);
    expect(JSON.parse(stand.calls[0]!.stdin().toString('ascii'))).toEqual({
      calls: [
        { script: 'Get-DsdScheduler', input: {} },
        { script: 'Get-DsdTlsSettings', input: {} },
        { script: 'Test-DsdEndpoint', input: {} },
        { script: 'Get-DsdConnectorAccounts', input: {} },
      ],
    });
    expect(scheduler.stagingModeEnabled).toBe(true);
    expect(tls.schannelServer).toEqual({ enabled: 0, disabledByDefault: 1 });
    expect(endpoint.outcome).toBe('proxy-auth');
    expect(accounts.entra?.identityType).toBe('application');
    expect(h.batcher!.batches).toBe(1);
  });

  it('a malformed answer or a script that threw fails only its own call, naming the field or the script', async () => {
    const stand = standIn();
    const h = host(stand.spawn);
    const [users, logon, tls] = await Promise.allSettled([h.localUsers('AAD_'), h.serviceLogon('ADSync'), h.tlsSettings()]);
    expect(scriptsRun(stand.calls)).toEqual(['Invoke-DsdBatch']);
    expect(users.status === 'rejected' && (users.reason as HostError).message).toMatch(
      /Get-DsdLocalUsers\.ps1 printed data that does not match its schema: data\.0\.Enabled/,
    );
    expect(logon.status === 'rejected' && (logon.reason as HostError)).toMatchObject({
      code: 'script-failed',
      message: expect.stringMatching(/Get-DsdServiceLogon\.ps1 failed: Get-WinEvent: The RPC server/),
    });
    expect(tls.status).toBe('fulfilled');
  });

  it('changes and secrets never go into a batch', async () => {
    const stand = nodeStandIn(
      `process.stdout.write(JSON.stringify({ ok: true, data: { Name: 'ADSync', StartName: 'LAB\\\\svc', ReturnValue: 0 } }), () => process.exit(0));`,
    );
    const h = new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn, windowsDir: testWindowsDir });
    await Promise.allSettled([h.setServiceLogonPassword('ADSync', 'S3cret!pw'), h.setSchedulerEnabled(true), h.enableTls12()]);
    expect(scriptsRun(stand.calls).sort()).toEqual(['Set-DsdSchedulerEnabled', 'Set-DsdServiceLogonPassword', 'Set-DsdTls12']);
    for (const write of ['Set-DsdSchedulerEnabled', 'Set-DsdServiceLogonPassword', 'Set-DsdTls12', 'Start-DsdService', 'Reset-DsdLocalUserPassword']) {
      expect(BATCHABLE_SCRIPTS.has(write as never)).toBe(false);
    }
  });

  it('a batch that fails as a whole falls back to one process per call', async () => {
    const stand = standIn(true);
    const h = host(stand.spawn);
    const [scheduler, tls] = await Promise.all([h.scheduler(), h.tlsSettings()]);
    expect(scheduler.available).toBe(true);
    expect(tls.netFramework64.schUseStrongCrypto).toBe(1);
    expect(scriptsRun(stand.calls).sort()).toEqual(['Get-DsdScheduler', 'Get-DsdTlsSettings', 'Invoke-DsdBatch']);
  });

  it('with batching off every call is its own process', async () => {
    const stand = standIn();
    const h = host(stand.spawn, false);
    await Promise.all([h.scheduler(), h.tlsSettings(), h.testEndpoint()]);
    expect(scriptsRun(stand.calls).sort()).toEqual(['Get-DsdScheduler', 'Get-DsdTlsSettings', 'Test-DsdEndpoint']);
  });

  it('a cancelled call is rejected alone; the others are answered', async () => {
    const stand = standIn();
    const h = host(stand.spawn);
    const abort = new AbortController();
    const pending = Promise.allSettled([h.scheduler({ signal: abort.signal }), h.tlsSettings()]);
    abort.abort();
    const [scheduler, tls] = await pending;
    expect(scheduler.status === 'rejected' && (scheduler.reason as HostError).details.cancelled).toBe(true);
    expect(tls.status).toBe('fulfilled');
  });

  it('refuses to batch a script whose hash differs from the recorded one', async () => {
    const stand = standIn();
    const runner = new PowerShellRunner({
      scriptDir: SCRIPT_DIR,
      spawn: stand.spawn,
      windowsDir: testWindowsDir,
      scriptHashes: { ...SCRIPT_SHA256, 'Get-DsdTlsSettings.ps1': '0'.repeat(64) },
    });
    const batcher = new ScriptBatcher(runner);
    const results = await Promise.allSettled([
      batcher.run('Get-DsdScheduler', {}, z.unknown(), { timeoutMs: 15_000 }),
      batcher.run('Get-DsdTlsSettings', {}, z.unknown(), { timeoutMs: 15_000 }),
    ]);
    // The batch is refused before any process starts; the fallback runs the good script alone.
    expect(scriptsRun(stand.calls)).toEqual(['Get-DsdScheduler']);
    expect(results[0]!.status).toBe('fulfilled');
    expect(results[1]!.status === 'rejected' && (results[1].reason as HostError).message).toMatch(/Get-DsdTlsSettings\.ps1 is not the file this version/);
  });

  it("the lab's latency model batches the same questions: its read-only host methods are the batched scripts", () => {
    // Each read-only HostPort method of the Windows host and the script it runs (read from windows-host.ts below).
    const SCRIPT_OF: Readonly<Record<string, string>> = {
      osFacts: 'Get-DsdOsFacts',
      getServices: 'Get-DsdServices',
      queryEvents: 'Get-DsdEvents',
      installedPrograms: 'Get-DsdInstalledPrograms',
      adfsInstalled: 'Test-DsdAdfsInstalled',
      syncEngineStatus: 'Get-DsdSyncEngineStatus',
      syncTool: 'Get-DsdSyncTool',
      scheduler: 'Get-DsdScheduler',
      connectorRuns: 'Get-DsdConnectorRuns',
      connectorAccounts: 'Get-DsdConnectorAccounts',
      adConnectorAccount: 'Get-DsdAdConnectorAccount',
      connectorOuFiltering: 'Get-DsdConnectorOuFiltering',
      serviceLogon: 'Get-DsdServiceLogon',
      localUsers: 'Get-DsdLocalUsers',
      tlsSettings: 'Get-DsdTlsSettings',
      testEndpoint: 'Test-DsdEndpoint',
      dotNetRelease: 'Get-DsdDotNetRelease',
      passwordHashSync: 'Get-DsdPasswordHashSync',
      autoUpgrade: 'Get-DsdAutoUpgrade',
      appCertificate: 'Get-DsdAppCertificate',
    };
    const source = fs.readFileSync(path.resolve('electron/host/windows/windows-host.ts'), 'utf8');
    for (const [method, script] of Object.entries(SCRIPT_OF)) {
      const runs = new RegExp(`async ${method}\\([\\s\\S]*?this\\.run(?:<[^>]*>)?\\('([\\w-]+)'`).exec(source)?.[1];
      expect(runs, `WindowsHost.${method}`).toBe(script);
    }
    expect(Object.keys(SCRIPT_OF).sort()).toEqual([...READ_ONLY_HOST_METHODS].sort());
    expect(Object.values(SCRIPT_OF).sort()).toEqual([...BATCHABLE_SCRIPTS].sort());
  });

  it('the script accepts exactly the read-only scripts the app batches', () => {
    const text = fs.readFileSync(path.join(SCRIPT_DIR, 'Invoke-DsdBatch.ps1'), 'utf8');
    const list = /\$readOnly = @\(([\s\S]*?)\)/.exec(text)![1]!;
    const names = [...list.matchAll(/'([A-Za-z-]+)'/g)].map((m) => m[1]);
    expect(names.sort()).toEqual([...BATCHABLE_SCRIPTS].sort());
  });
});
