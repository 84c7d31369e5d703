// A process without admin rights can set the user's environment before the elevated app starts:
// hostile SystemRoot, windir, ProgramFiles, PSModulePath and PATH must change nothing about the
// PowerShell the app starts. Every spawn is checked: the exact program, argv and environment,
// and what the child process really received.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HostError } from '../../electron/ports/errors';
import { SCRIPT_NAMES } from '../../electron/host/windows/powershell-runner';
import { SYSTEM_ROOT_LINK, trustedWindowsDir } from '../../electron/host/windows/windows-dir';
import { WindowsHost } from '../../electron/host/windows/windows-host';
import { nodeStandIn } from './node-stand-in';

const SCRIPT_DIR = path.resolve(import.meta.dirname, '../../assets/powershell');

const HOSTILE_ENV: Record<string, string> = {
  SystemRoot: '\\\\attacker\\share\\Windows',
  SYSTEMROOT: 'C:\\Users\\eve\\fake-windows',
  windir: 'C:\\Users\\eve\\fake-windows',
  ProgramFiles: 'C:\\Users\\eve\\Program Files',
  ProgramW6432: 'C:\\Users\\eve\\Program Files',
  'ProgramFiles(x86)': 'C:\\Users\\eve\\Program Files (x86)',
  PSModulePath: 'C:\\Users\\eve\\Documents\\WindowsPowerShell\\Modules',
  PATH: 'C:\\Users\\eve\\bin',
  Path: 'C:\\Users\\eve\\bin',
  PSExecutionPolicyPreference: 'Unrestricted',
  DSD_CANARY: 'inherited-from-the-parent',
};

/** The kernel's answer on a server with Windows on D:\WINNT; any other question fails. */
const asked: string[] = [];
const kernel = (file: string): string => {
  asked.push(file);
  if (file !== SYSTEM_ROOT_LINK) throw new Error(`ENOENT: ${file}`);
  return '\\\\?\\D:\\WINNT';
};

const EXPECTED_ENV = {
  SystemRoot: 'D:\\WINNT',
  windir: 'D:\\WINNT',
  SystemDrive: 'D:',
  PATH: 'D:\\WINNT\\System32;D:\\WINNT;D:\\WINNT\\System32\\Wbem;D:\\WINNT\\System32\\WindowsPowerShell\\v1.0',
  PATHEXT: '.COM;.EXE',
  TEMP: 'D:\\WINNT\\Temp',
  TMP: 'D:\\WINNT\\Temp',
  PSModulePath: 'D:\\WINNT\\System32\\WindowsPowerShell\\v1.0\\Modules',
};

let saved: Record<string, string | undefined> = {};
beforeEach(() => {
  saved = Object.fromEntries(Object.keys(HOSTILE_ENV).map((k) => [k, process.env[k]]));
  Object.assign(process.env, HOSTILE_ENV);
  asked.length = 0;
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('the Windows folder', () => {
  it('comes from the kernel link, whatever the environment says', () => {
    expect(trustedWindowsDir(kernel)).toBe('D:\\WINNT');
    expect(asked).toEqual([SYSTEM_ROOT_LINK]);
    expect(trustedWindowsDir(() => 'C:\\Windows\\')).toBe('C:\\Windows');
  });

  it.each([
    ['a UNC share', '\\\\?\\UNC\\attacker\\share\\Windows'],
    ['a plain UNC path', '\\\\attacker\\share\\Windows'],
    ['a device path', '\\\\.\\PhysicalDrive0\\Windows'],
    ['a relative path', 'Windows'],
    ['a drive root', 'C:\\'],
    ['a parent segment', 'C:\\Windows\\..\\Users\\eve'],
    ['a character Windows forbids in names', 'C:\\Win<dows'],
  ])('refuses %s as the answer', (_what, answer) => {
    expect(() => trustedWindowsDir(() => answer)).toThrow(/not a folder on a local drive/);
  });

  it('says plainly when the kernel link cannot be read', () => {
    const e = (() => {
      try {
        trustedWindowsDir(() => {
          throw new Error('EPERM');
        });
      } catch (x) {
        return x;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(HostError);
    expect((e as HostError).message).toBe("Could not find the Windows folder through the kernel's \\SystemRoot link: EPERM");
  });
});

describe('every PowerShell spawn, with a hostile parent environment', () => {
  it.each(SCRIPT_NAMES)("%s: powershell.exe from the kernel's Windows folder, fixed argv, only the built environment", async (script) => {
    // The child reports the environment it really got.
    const stand = nodeStandIn(`process.stdout.write(JSON.stringify({ ok: true, data: process.env }), () => process.exit(0));`);
    const host = new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn, windowsDir: () => trustedWindowsDir(kernel) });
    const childEnv = await host.runner.run(script, {}, z.record(z.string(), z.string()), { timeoutMs: 15_000 });

    expect(stand.calls).toHaveLength(1);
    const call = stand.calls[0]!;
    expect(call.command).toBe('D:\\WINNT\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(call.args).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', path.join(SCRIPT_DIR, `${script}.ps1`)]);
    expect(call.options).toEqual({ windowsHide: true, shell: false, stdio: ['pipe', 'pipe', 'pipe'], cwd: SCRIPT_DIR, env: EXPECTED_ENV });
    expect(childEnv).toEqual(EXPECTED_ENV);
    const everything = JSON.stringify([call.command, call.args, call.options, childEnv]);
    for (const hostile of Object.values(HOSTILE_ENV)) expect(everything).not.toContain(JSON.stringify(hostile).slice(1, -1));
  });

  it('asks the kernel once per runner, and starts nothing when it cannot say', async () => {
    const stand = nodeStandIn(`process.stdout.write('{"ok":true,"data":null}', () => process.exit(0));`);
    const host = new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn, windowsDir: () => trustedWindowsDir(kernel) });
    await host.runner.run('Get-DsdOsFacts', {}, z.null(), { timeoutMs: 15_000 });
    await host.runner.run('Get-DsdServices', {}, z.null(), { timeoutMs: 15_000 });
    expect(asked).toEqual([SYSTEM_ROOT_LINK]);

    const blind = new WindowsHost({
      scriptDir: SCRIPT_DIR,
      spawn: stand.spawn,
      windowsDir: () =>
        trustedWindowsDir(() => {
          throw new Error('EACCES');
        }),
    });
    const e = await blind.osFacts({ timeoutMs: 15_000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HostError);
    expect((e as HostError).message).toContain("Could not find the Windows folder through the kernel's \\SystemRoot link");
    expect(stand.calls).toHaveLength(2);
  });
});
