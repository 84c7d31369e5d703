// One tool-detection order and one companion rule, shared by the app and the PowerShell scripts:
// a half-upgraded server (DirSync and Connect entries both present) gets one answer, and the Cloud
// Sync provisioning agent or pass-through authentication agent (same name prefix, version 1.x) is
// never read as Azure AD Connect 1.x.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InstalledProgram } from '../../shared/domain/host';
import { COMPANION_PROGRAM, DETECTION_ORDER, detectSyncTool } from '../../shared/domain/sync-tool-detection';
import { WindowsHost } from '../../electron/host/windows/windows-host';
import { replyWith, testWindowsDir } from './node-stand-in';

const SCRIPT_DIR = path.resolve(import.meta.dirname, '../../assets/powershell');
const script = (name: string) => fs.readFileSync(path.join(SCRIPT_DIR, name), 'utf8');

const entry = (displayName: string, version: string): InstalledProgram => ({
  displayName,
  version,
  publisher: 'Microsoft Corporation',
  productCode: null,
  uninstallString: null,
  registryView: '64',
  installLocation: null,
});

describe('one detection order', () => {
  it('is newest first', () => {
    expect(DETECTION_ORDER).toEqual(['entra-connect', 'aadsync', 'dirsync']);
  });

  it('the Windows host sends the tools to Get-DsdSyncTool in that order', async () => {
    const stand = replyWith(
      JSON.stringify({
        ok: true,
        data: { Generation: 'none', Version: null, DisplayName: null, View: null, InstallLocation: null, ConnectVersion: null, Evidence: [], Services: [] },
      }),
    );
    await new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn, windowsDir: testWindowsDir }).syncTool({ timeoutMs: 15_000 });
    const sent = JSON.parse(stand.calls[0]!.stdin().toString('ascii')) as { tools: { generation: string }[] };
    expect(sent.tools.map((t) => t.generation)).toEqual(DETECTION_ORDER);
  });

  it('DsdCommon.ps1 looks for the generations in the same order', () => {
    const text = script('DsdCommon.ps1');
    const block = text.slice(text.indexOf('function Get-DsdSyncGeneration'));
    const keys = [...block.slice(0, block.indexOf('}\n')).matchAll(/^\s+'(entra-connect|aadsync|dirsync)'\s+=/gm)].map((m) => m[1]);
    expect(keys).toEqual(DETECTION_ORDER);
  });

  it('a half-upgraded server (DirSync and Connect entries) is Connect in the app, as in the scripts', () => {
    const both = [entry('Windows Azure Active Directory Sync tool', '1.0.7020.0'), entry('Microsoft Entra Connect Sync', '2.6.92.0')];
    expect(detectSyncTool(both).generation).toBe('entra-connect');
  });
});

describe('companion agents are not the sync tool', () => {
  it.each([
    'Microsoft Entra Connect Provisioning Agent',
    'Microsoft Azure AD Connect Provisioning Agent',
    'Microsoft Azure AD Connect Authentication Agent',
    'Microsoft Entra Connect Agent Updater',
    'Microsoft Azure AD Connect Health agent for sync',
  ])('%s 1.x alone is no sync tool', (name) => {
    expect(detectSyncTool([entry(name, '1.1.1107.0')]).generation).toBe('none');
  });

  it('beside Connect, Connect (with its own version) is found', () => {
    const d = detectSyncTool([entry('Microsoft Azure AD Connect Authentication Agent', '1.5.1.0'), entry('Microsoft Entra Connect Sync', '2.6.92.0')]);
    expect(d).toMatchObject({ generation: 'entra-connect', program: { version: '2.6.92.0' } });
  });

  it('both scripts that read uninstall entries leave out the same pattern', () => {
    expect(COMPANION_PROGRAM.source).toBe('Agent|Health');
    expect(script('Get-DsdSyncTool.ps1')).toContain("-notmatch 'Agent|Health'");
    expect(script('DsdCommon.ps1')).toContain("-notmatch 'Agent|Health'");
  });
});
