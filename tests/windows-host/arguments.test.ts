// Hostile values never reach the PowerShell command line: the runner starts powershell.exe with
// a fixed argument array and hands every value over on stdin as JSON, byte for byte recoverable.
import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HostError } from '../../electron/ports/errors';
import { PowerShellRunner, powershellArgs, powershellEnvironment, toAsciiJson } from '../../electron/host/windows/powershell-runner';
import { WindowsHost } from '../../electron/host/windows/windows-host';
import { echoInput, replyWith, testWindowsDir, type SpawnCall } from './node-stand-in';

const SCRIPT_DIR = path.resolve(import.meta.dirname, '../../assets/powershell');
const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
/** The child's whole environment when Windows is in C:\\Windows: nothing of the parent's. */
const CHILD_ENV = {
  SystemRoot: 'C:\\Windows',
  windir: 'C:\\Windows',
  SystemDrive: 'C:',
  PATH: 'C:\\Windows\\System32;C:\\Windows;C:\\Windows\\System32\\Wbem;C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
  PATHEXT: '.COM;.EXE',
  TEMP: 'C:\\Windows\\Temp',
  TMP: 'C:\\Windows\\Temp',
  PSModulePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\Modules',
};

const HOSTILE: Record<string, string> = {
  doubleQuotes: 'pa"ss"word',
  singleQuotes: "it's '; Remove-Item C:\\ -Recurse; '",
  semicolons: 'a; Stop-Computer -Force; b',
  backticks: 'tick`ntock`0`"',
  subexpression: '$(Start-Process calc.exe)',
  variables: '$env:USERPROFILE ${function:prompt} @args',
  newlines: 'line1\r\nline2\nline3\r',
  pipesAndRedirection: 'a | Out-File x.txt > y 2>&1 & whoami',
  percentAndCaret: '%SystemRoot% ^& cmd /c echo',
  unicode: 'Pässwörd – パスワード – 密码 😀 \u202Eevil\u202C',
  controlChars: 'nul\u0000bell\u0007esc\u001b',
  jsonBreakout: '"}, "ok": false, "x": {"',
  backslashes: 'C:\\path\\"quoted\\\\"',
  big: 'x;$(y)`"'.repeat(1280), // 10 kB
};

function runner(spawn: ConstructorParameters<typeof PowerShellRunner>[0]['spawn']) {
  return new PowerShellRunner({ scriptDir: SCRIPT_DIR, spawn, windowsDir: testWindowsDir });
}

function expectFixedCommandLine(call: SpawnCall, script: string, values: string[]) {
  expect(call.command).toBe(POWERSHELL);
  expect(call.args).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', path.join(SCRIPT_DIR, `${script}.ps1`)]);
  expect(call.options).toEqual({ windowsHide: true, shell: false, stdio: ['pipe', 'pipe', 'pipe'], cwd: SCRIPT_DIR, env: CHILD_ENV });
  for (const value of values) {
    if (value.length < 3) continue;
    for (const arg of [call.command, ...call.args]) expect(arg.includes(value)).toBe(false);
  }
}

describe('the command line', () => {
  it('is the documented powershell.exe invocation, without profile or prompts', () => {
    expect(powershellArgs('X:\\s.ps1')).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', 'X:\\s.ps1']);
    expect(powershellEnvironment('C:\\Windows')).toEqual(CHILD_ENV);
  });
});

describe('hostile values travel on stdin only', () => {
  it.each(Object.entries(HOSTILE))('%s', async (_label, value) => {
    const stand = echoInput();
    const input = { names: [value], nested: { value, list: [value, 1, null, true] } };
    const echoed = await runner(stand.spawn).run('Get-DsdServices', input, z.unknown(), { timeoutMs: 15_000 });

    expect(stand.calls).toHaveLength(1);
    const call = stand.calls[0]!;
    expectFixedCommandLine(call, 'Get-DsdServices', [value]);
    const bytes = call.stdin();
    // Plain ASCII whatever the console code page, and exactly the JSON of the input.
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    expect(bytes.toString('ascii')).toBe(toAsciiJson(input));
    expect(JSON.parse(bytes.toString('ascii'))).toEqual(input);
    expect(echoed).toEqual(input);
  });

  it('encodes any value as ASCII-only JSON that decodes to the same value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        for (const v of [value, { text }]) {
          const encoded = toAsciiJson(v);
          expect([...encoded].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
          expect(JSON.parse(encoded)).toEqual(JSON.parse(JSON.stringify(v)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips arbitrary strings exactly through a real process (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (value) => {
        const stand = echoInput();
        const echoed = await runner(stand.spawn).run('Get-DsdEvents', { log: value }, z.unknown(), { timeoutMs: 15_000 });
        const call = stand.calls[0]!;
        expectFixedCommandLine(call, 'Get-DsdEvents', [value]);
        expect(JSON.parse(call.stdin().toString('ascii'))).toEqual({ log: value });
        expect(echoed).toEqual({ log: value });
      }),
      { numRuns: 8 },
    );
  });
});

describe('WindowsHost input handling', () => {
  const okPassword = JSON.stringify({ ok: true, data: { Name: 'ADSync', StartName: 'CONTOSO\\svc-adsync', ReturnValue: 0 } });
  const passwords = Object.entries(HOSTILE).filter(([label]) => label !== 'big' && label !== 'controlChars');

  it.each(passwords)('sets a %s password through stdin, never the command line', async (_label, password) => {
    const stand = replyWith(okPassword);
    const host = new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn, windowsDir: testWindowsDir });
    await host.setServiceLogonPassword('ADSync', password, { timeoutMs: 15_000 });

    const call = stand.calls[0]!;
    expectFixedCommandLine(call, 'Set-DsdServiceLogonPassword', [password]);
    expect(JSON.parse(call.stdin().toString('ascii'))).toEqual({ name: 'ADSync', password });
  });

  it('refuses a password it cannot pass on (NUL, over 256 characters) without starting anything or echoing it', async () => {
    const stand = replyWith(okPassword);
    const host = new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn });
    for (const password of [HOSTILE.big!, HOSTILE.controlChars!, '']) {
      const e = await host.setServiceLogonPassword('ADSync', password).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(HostError);
      expect((e as HostError).code).toBe('bad-input');
      expect((e as HostError).message).toMatch(/^password: /);
      if (password) expect((e as HostError).message.includes(password)).toBe(false);
    }
    expect(stand.calls).toHaveLength(0);
  });

  it.each(['ADSync"; Stop-Computer', "ADSync'", 'AD$(x)', 'a`b', 'ADSync\nFIM', 'Dienst\u00fc', 'x'.repeat(257)])(
    'refuses the service name %j before starting PowerShell',
    async (name) => {
      const stand = replyWith('{"ok":true,"data":null}');
      const host = new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn });
      for (const call of [
        () => host.startService(name),
        () => host.stopService(name),
        () => host.restartService(name),
        () => host.getServices(['ADSync', name]),
        () => host.setServiceLogonPassword(name, 'secret'),
      ]) {
        const e = await call().catch((x: unknown) => x);
        expect(e).toBeInstanceOf(HostError);
        expect((e as HostError).code).toBe('bad-input');
        expect((e as HostError).message).toMatch(/^names?(\.1)?: /);
      }
      expect(stand.calls).toHaveLength(0);
    },
  );

  it('refuses event sources and log names that would end up inside an XPath query', async () => {
    const stand = replyWith('{"ok":true,"data":[]}');
    const host = new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn });
    const e1 = await host.queryEvents({ log: 'System', sources: ["SCM']]|//*[x='"] }).catch((x: unknown) => x);
    expect((e1 as HostError).message).toContain('query.sources.0');
    const e2 = await host.queryEvents({ log: 'System$(x)' }).catch((x: unknown) => x);
    expect((e2 as HostError).message).toContain('query.log');
    expect(stand.calls).toHaveLength(0);
  });

  it('refuses a product code that is not a GUID, and a sync kind it does not know', async () => {
    const stand = replyWith('{"ok":true,"data":null}');
    const host = new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn });
    const e1 = await host
      .uninstallProgram({ displayName: 'x', registryView: '32', productCode: '{4F5A1C2B-3D4E-4F60-8A9B-0C1D2E3F4A5B} /qb REBOOT=Force' })
      .catch((x: unknown) => x);
    expect((e1 as HostError).message).toMatch(/^target\.productCode: /);
    const e3 = await host.uninstallProgram({ displayName: 'x', registryView: '86' as never, productCode: null }).catch((x: unknown) => x);
    expect((e3 as HostError).message).toMatch(/^target\.registryView: /);
    const e2 = await host.startSyncCycle('full; rm -rf' as never).catch((x: unknown) => x);
    expect((e2 as HostError).message).toMatch(/^kind: /);
    expect(stand.calls).toHaveLength(0);
  });
});
