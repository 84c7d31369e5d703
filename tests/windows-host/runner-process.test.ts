// The runner against real processes (node standing in for powershell.exe): a script that runs
// too long is killed and reported as script-timeout, a non-zero exit becomes script-failed with
// a stderr excerpt, and output that cannot be trusted becomes bad-output.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HostError } from '../../electron/ports/errors';
import { PowerShellRunner, type SpawnFn } from '../../electron/host/windows/powershell-runner';
import { WindowsHost } from '../../electron/host/windows/windows-host';
import { nodeProgram, nodeStandIn, replyWith, testWindowsDir } from './node-stand-in';

const SCRIPT_DIR = path.resolve(import.meta.dirname, '../../assets/powershell');

function runner(spawnFn: SpawnFn, extra: Partial<ConstructorParameters<typeof PowerShellRunner>[0]> = {}) {
  return new PowerShellRunner({ scriptDir: SCRIPT_DIR, spawn: spawnFn, windowsDir: testWindowsDir, ...extra });
}

async function hostError(promise: Promise<unknown>): Promise<HostError> {
  const e = await promise.then(
    () => new Error('expected a HostError, the call succeeded'),
    (x: unknown) => x,
  );
  if (!(e instanceof HostError)) throw e;
  return e;
}

const exited = (child: { exitCode: number | null; signalCode: string | null; once: (e: 'exit', f: () => void) => void }) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve)));

describe('timeouts', () => {
  it('kills a script that does not finish in time and reports script-timeout', async () => {
    const stand = nodeStandIn('setInterval(() => {}, 1000);');
    const started = Date.now();
    const e = await hostError(runner(stand.spawn).run('Start-DsdService', { name: 'ADSync' }, z.unknown(), { timeoutMs: 500 }));
    expect(e.code).toBe('script-timeout');
    expect(e.message).toContain('Start-DsdService.ps1 did not finish within 500 ms');
    expect(e.details).toMatchObject({ script: 'Start-DsdService.ps1', timeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(5000);
    const child = stand.calls[0]!.child;
    await exited(child);
    expect(child.signalCode).toBe('SIGKILL');
  });

  it('also times out a script that never reads its input', async () => {
    const stand = nodeProgram('setInterval(() => {}, 1000);');
    const e = await hostError(runner(stand.spawn).run('Get-DsdOsFacts', { pad: 'x'.repeat(1 << 20) }, z.unknown(), { timeoutMs: 400 }));
    expect(e.code).toBe('script-timeout');
  });

  it('reports an AbortSignal.timeout() as script-timeout and a plain abort as cancelled', async () => {
    const slow = 'setInterval(() => {}, 1000);';
    const timedOut = await hostError(
      runner(nodeStandIn(slow).spawn).run('Get-DsdEvents', {}, z.unknown(), { timeoutMs: 10_000, signal: AbortSignal.timeout(300) }),
    );
    expect(timedOut.code).toBe('script-timeout');

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const stand = nodeStandIn(slow);
    const cancelled = await hostError(runner(stand.spawn).run('Get-DsdEvents', {}, z.unknown(), { timeoutMs: 10_000, signal: controller.signal }));
    expect(cancelled.code).toBe('script-failed');
    expect(cancelled.details.cancelled).toBe(true);
    await exited(stand.calls[0]!.child);
  });

  it('does not start anything for a signal that is already aborted', async () => {
    const stand = replyWith('{"ok":true,"data":null}');
    const controller = new AbortController();
    controller.abort();
    await hostError(runner(stand.spawn).run('Get-DsdEvents', {}, z.unknown(), { timeoutMs: 1000, signal: controller.signal }));
    expect(stand.calls).toHaveLength(0);
  });
});

describe('exit codes', () => {
  it('turns a non-zero exit into script-failed with the exit code and a stderr excerpt', async () => {
    const stderr =
      "Get-ADSyncScheduler : The term 'Get-ADSyncScheduler' is not recognized as the name of a cmdlet.\r\n" +
      'At C:\\Program Files\\DirSync Doctor\\resources\\assets\\powershell\\Get-DsdSyncEngineStatus.ps1:40 char:22\r\n' +
      '+ CategoryInfo : ObjectNotFound';
    const stand = nodeStandIn(`process.stderr.write(${JSON.stringify(stderr)}, () => process.exit(1));`);
    const e = await hostError(runner(stand.spawn).run('Get-DsdSyncEngineStatus', {}, z.unknown(), { timeoutMs: 10_000 }));
    expect(e.code).toBe('script-failed');
    expect(e.details.exitCode).toBe(1);
    expect(e.message).toContain('Get-DsdSyncEngineStatus.ps1 exited with code 1');
    expect(e.message).toContain("The term 'Get-ADSyncScheduler' is not recognized");
    expect(e.details.stderr).toContain('CategoryInfo : ObjectNotFound');
  });

  it('says so when a failing script wrote nothing on stderr', async () => {
    const e = await hostError(runner(replyWith('', 3).spawn).run('Get-DsdOsFacts', {}, z.unknown(), { timeoutMs: 10_000 }));
    expect(e.code).toBe('script-failed');
    expect(e.details.exitCode).toBe(3);
    expect(e.message).toContain('wrote nothing on stderr');
  });

  it('does not trust a valid answer from a script that exited non-zero', async () => {
    const e = await hostError(runner(replyWith('{"ok":true,"data":[]}', 1).spawn).run('Get-DsdServices', {}, z.unknown(), { timeoutMs: 10_000 }));
    expect(e.code).toBe('script-failed');
  });

  it('cuts a long stderr down to an excerpt', async () => {
    const stand = nodeStandIn(`process.stderr.write('E'.repeat(200000), () => process.exit(1));`);
    const e = await hostError(runner(stand.spawn).run('Get-DsdOsFacts', {}, z.unknown(), { timeoutMs: 10_000 }));
    expect(e.message.length).toBeLessThan(1000);
  });

  it('reports a PowerShell that cannot be started as script-failed', async () => {
    const missing: SpawnFn = (_command, args, options) => spawn('/nonexistent/powershell.exe', [...args], options);
    const e1 = await hostError(runner(missing).run('Get-DsdOsFacts', {}, z.unknown(), { timeoutMs: 10_000 }));
    expect(e1.code).toBe('script-failed');
    expect(e1.message).toContain('Could not start Windows PowerShell');
    expect(e1.message).toContain('ENOENT');

    const throwing: SpawnFn = () => {
      throw new Error('spawn EACCES');
    };
    const e2 = await hostError(runner(throwing).run('Get-DsdOsFacts', {}, z.unknown(), { timeoutMs: 10_000 }));
    expect(e2.code).toBe('script-failed');
  });

  it('reports a missing script file without starting PowerShell', async () => {
    const stand = replyWith('{"ok":true,"data":null}');
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-empty-'));
    const e = await hostError(runner(stand.spawn, { scriptDir: emptyDir }).run('Get-DsdOsFacts', {}, z.unknown(), { timeoutMs: 1000 }));
    expect(e.code).toBe('script-failed');
    expect(e.message).toContain('is missing');
    expect(stand.calls).toHaveLength(0);
  });
});

describe('output', () => {
  it('refuses more stdout than the cap and stops the script', async () => {
    const stand = nodeStandIn(`process.stdout.write('['.repeat(100000), () => setInterval(() => {}, 1000));`);
    const e = await hostError(runner(stand.spawn, { maxStdoutBytes: 4096 }).run('Get-DsdEvents', {}, z.unknown(), { timeoutMs: 10_000 }));
    expect(e.code).toBe('bad-output');
    expect(e.message).toContain('more than 4096 bytes');
  });

  it('decodes UTF-8 split across chunks', async () => {
    // A script that wrote raw UTF-8 in two writes, the split inside a multi-byte character.
    const body = `
      const bytes = Buffer.from(JSON.stringify({ ok: true, data: 'Größe 😀' }), 'utf8');
      const cut = bytes.indexOf(0xf0) + 2;
      process.stdout.write(bytes.subarray(0, cut), () => setTimeout(() => process.stdout.write(bytes.subarray(cut), () => process.exit(0)), 50));`;
    const value = await runner(nodeStandIn(body).spawn).run('Get-DsdEvents', {}, z.string(), { timeoutMs: 10_000 });
    expect(value).toBe('Größe 😀');
  });

  it('passes a large answer through intact', async () => {
    const body = `process.stdout.write(JSON.stringify({ ok: true, data: Array.from({ length: 5000 }, (_, i) => 'event ' + i + ' ' + 'x'.repeat(200)) }), () => process.exit(0));`;
    const value = await runner(nodeStandIn(body).spawn).run('Get-DsdEvents', {}, z.array(z.string()), { timeoutMs: 10_000 });
    expect(value).toHaveLength(5000);
    expect(value[4999]).toMatch(/^event 4999 x{200}$/);
  });

  it('names the failing field when the data does not match the schema', async () => {
    const stand = replyWith('{"ok":true,"data":{"ComputerName":"","Domain":null}}');
    const e = await hostError(new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn, windowsDir: testWindowsDir }).osFacts({ timeoutMs: 10_000 }));
    expect(e.code).toBe('bad-output');
    expect(e.message).toContain('data.ComputerName');
    expect(e.message).toContain('data.PartOfDomain');
  });
});

describe('secrets', () => {
  const password = 'Tr0ub4dor&3"; $(evil)';

  it('blanks the password out of a failing script’s stderr', async () => {
    const stand = nodeStandIn(`process.stderr.write('Invoke-CimMethod failed for ' + JSON.parse(input).password, () => process.exit(1));`);
    const host = new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn, windowsDir: testWindowsDir });
    const e = await hostError(host.setServiceLogonPassword('ADSync', password, { timeoutMs: 10_000 }));
    expect(e.code).toBe('script-failed');
    expect(JSON.stringify({ message: e.message, details: e.details })).not.toContain(password);
    expect(e.message).toContain('Invoke-CimMethod failed for ***');
  });

  it('blanks the password out of a script’s own error message', async () => {
    const stand = nodeStandIn(
      `process.stdout.write(JSON.stringify({ ok: false, error: { code: 'service-failed', message: 'rejected ' + JSON.parse(input).password, win32: null } }), () => process.exit(0));`,
    );
    const host = new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn, windowsDir: testWindowsDir });
    const e = await hostError(host.setServiceLogonPassword('ADSync', password, { timeoutMs: 10_000 }));
    expect(e.code).toBe('service-failed');
    expect(e.message).toBe('rejected ***');
  });
});
