// The PowerShell scripts ship outside the asar and run elevated with -ExecutionPolicy Bypass: the
// runner hashes each one (and DsdCommon.ps1, which every script dot-sources) before every run and
// refuses any that differs from the SHA-256 recorded in the manifest the main bundle carries.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HostError } from '../../electron/ports/errors';
import { PowerShellRunner, SCRIPT_NAMES } from '../../electron/host/windows/powershell-runner';
import { SCRIPT_SHA256 } from '../../electron/host/windows/script-hashes';
import { MANIFEST_FILE, SCRIPT_DIR, hashScripts, renderManifest, staleEntries } from '../../scripts/script-hashes.mjs';
import { replyWith, testWindowsDir } from './node-stand-in';

/** A copy of the shipped scripts that a test may tamper with. */
function copyOfScripts(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-ps1-'));
  for (const f of fs.readdirSync(SCRIPT_DIR)) fs.copyFileSync(path.join(SCRIPT_DIR, f), path.join(dir, f));
  return dir;
}

function runnerIn(scriptDir: string) {
  const stand = replyWith('{"ok":true,"data":null}');
  // No scriptHashes option: the manifest the app itself uses.
  return { stand, runner: new PowerShellRunner({ scriptDir, spawn: stand.spawn, windowsDir: testWindowsDir }) };
}

async function failure(promise: Promise<unknown>): Promise<HostError> {
  const e = await promise.then(
    () => new Error('the script ran'),
    (x: unknown) => x,
  );
  if (!(e instanceof HostError)) throw e;
  return e;
}

describe('the manifest', () => {
  it('records every shipped script, and matches the files (a stale manifest fails here)', () => {
    expect(staleEntries()).toEqual([]);
    expect(Object.keys(SCRIPT_SHA256).sort()).toEqual([...SCRIPT_NAMES.map((n) => `${n}.ps1`), 'DsdCommon.ps1'].sort());
    expect(SCRIPT_SHA256).toEqual(hashScripts());
    expect(fs.readFileSync(MANIFEST_FILE, 'utf8')).toBe(renderManifest(hashScripts()));
  });

  it('detects a stale manifest: a changed, a new and a removed script', () => {
    const hashes = hashScripts();
    const changed = { ...hashes, 'Get-DsdEvents.ps1': '0'.repeat(64), 'New-Dsd.ps1': '1'.repeat(64) };
    delete (changed as Record<string, string>)['Get-DsdOsFacts.ps1'];
    expect(staleEntries(renderManifest(changed), hashes)).toEqual(['Get-DsdEvents.ps1', 'Get-DsdOsFacts.ps1', 'New-Dsd.ps1']);
  });
});

describe('the runner', () => {
  it('runs the unmodified scripts', async () => {
    const { stand, runner } = runnerIn(copyOfScripts());
    for (const script of SCRIPT_NAMES) await runner.run(script, {}, z.null(), { timeoutMs: 15_000 });
    expect(stand.calls).toHaveLength(SCRIPT_NAMES.length);
  });

  it('refuses a modified script with a clear error, and starts nothing', async () => {
    const dir = copyOfScripts();
    fs.appendFileSync(path.join(dir, 'Start-DsdService.ps1'), '\nStart-Process calc.exe\n');
    const { stand, runner } = runnerIn(dir);
    const e = await failure(runner.run('Start-DsdService', { name: 'ADSync', waitSeconds: 5 }, z.null(), { timeoutMs: 15_000 }));
    expect(e.code).toBe('script-failed');
    expect(e.message).toBe(
      'Start-DsdService.ps1 is not the file this version of DirSync Doctor shipped (its SHA-256 differs), so Start-DsdService.ps1 was not run. Reinstall DirSync Doctor.',
    );
    expect(e.details).toMatchObject({ modified: path.join(dir, 'Start-DsdService.ps1'), expectedSha256: SCRIPT_SHA256['Start-DsdService.ps1'] });
    expect(stand.calls).toHaveLength(0);
    // The others still run.
    await runner.run('Get-DsdOsFacts', {}, z.null(), { timeoutMs: 15_000 });
    expect(stand.calls).toHaveLength(1);
  });

  it('refuses every script when the helpers they dot-source were modified', async () => {
    const dir = copyOfScripts();
    const common = path.join(dir, 'DsdCommon.ps1');
    fs.writeFileSync(common, fs.readFileSync(common, 'utf8').replace("'Modules'", "'Modules;C:\\Users\\eve'"));
    const { stand, runner } = runnerIn(dir);
    for (const script of SCRIPT_NAMES) {
      const e = await failure(runner.run(script, {}, z.null(), { timeoutMs: 15_000 }));
      expect(e.message).toMatch(/^DsdCommon\.ps1 is not the file this version of DirSync Doctor shipped/);
    }
    expect(stand.calls).toHaveLength(0);
  });

  it('refuses a script the manifest does not know, even with a matching neighbour', async () => {
    const dir = copyOfScripts();
    const stand = replyWith('{"ok":true,"data":null}');
    const runner = new PowerShellRunner({
      scriptDir: dir,
      spawn: stand.spawn,
      windowsDir: testWindowsDir,
      scriptHashes: { 'DsdCommon.ps1': SCRIPT_SHA256['DsdCommon.ps1']! },
    });
    const e = await failure(runner.run('Get-DsdOsFacts', {}, z.null(), { timeoutMs: 15_000 }));
    expect(e.message).toMatch(/^Get-DsdOsFacts\.ps1 is not the file this version of DirSync Doctor shipped/);
    expect(stand.calls).toHaveLength(0);
  });
});
