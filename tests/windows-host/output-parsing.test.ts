// Recorded script outputs (tests/windows-host/fixtures, written from the cmdlets' documented
// shapes) parsed the way WindowsHost parses them: good shapes map to the domain types, bad ones
// are refused with the failing field named.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostError } from '../../electron/ports/errors';
import { parseScriptOutput, type ScriptName } from '../../electron/host/windows/powershell-runner';
import {
  AdfsOutput,
  DotNetReleaseOutput,
  EventsOutput,
  InstalledProgramsOutput,
  OsFactsOutput,
  ServiceOutput,
  ServicesOutput,
  SyncStatusOutput,
  UninstallOutput,
} from '../../electron/host/windows/script-outputs';
import type { z } from 'zod';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

function parse<T>(script: ScriptName, file: string, schema: z.ZodType<T>): T {
  return parseScriptOutput(script, fixture(file), schema);
}

function failure(fn: () => unknown): HostError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HostError);
    return e as HostError;
  }
  throw new Error('expected a HostError, nothing was thrown');
}

describe('services', () => {
  it('maps Win32_Service rows of every DirSync service, ignoring extra fields', () => {
    const services = parse('Get-DsdServices', 'services.dirsync.json', ServicesOutput);
    expect(services).toEqual([
      {
        name: 'FIMSynchronizationService',
        displayName: 'Forefront Identity Manager Synchronization Service',
        state: 'running',
        startType: 'automatic',
        logonAccount: 'DIRSYNC01\\AAD_4f3a1b2c9d8e',
        processId: 1948,
      },
      {
        name: 'MSOnlineSyncScheduler',
        displayName: 'Windows Azure Active Directory Sync Service',
        state: 'stopped',
        startType: 'automatic-delayed',
        logonAccount: 'CONTOSO\\MSOL_AD_SYNC',
        processId: null,
      },
      {
        name: 'MSSQL$MSONLINE',
        displayName: 'SQL Server (MSONLINE)',
        state: 'start-pending',
        startType: 'manual',
        logonAccount: 'NT AUTHORITY\\NETWORK SERVICE',
        processId: 3120,
      },
    ]);
  });

  it('reads a single object (a one-element pipeline) as a one-element list', () => {
    const services = parse('Get-DsdServices', 'services.single-object.json', ServicesOutput);
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({ name: 'ADSync', state: 'running', startType: 'automatic-delayed', processId: 2816 });
  });

  it('reads Get-Service shapes: Status and StartType as numbers or names', () => {
    const services = parse('Get-DsdServices', 'services.get-service-shape.json', ServicesOutput);
    expect(services.map((s) => [s.name, s.state, s.startType])).toEqual([
      ['ADSync', 'running', 'automatic'],
      ['MSOnlineSyncScheduler', 'stop-pending', 'disabled'],
    ]);
  });

  it('reads null (nothing installed) as an empty list', () => {
    expect(parse('Get-DsdServices', 'services.none-installed.json', ServicesOutput)).toEqual([]);
  });

  it('refuses an unknown state, naming the row and field', () => {
    const e = failure(() => parse('Get-DsdServices', 'services.bad-state.json', ServicesOutput));
    expect(e.code).toBe('bad-output');
    expect(e.message).toContain('data.1.State');
    expect(e.message).toContain("'Unknown'");
    expect(e.details.script).toBe('Get-DsdServices.ps1');
  });

  it('refuses a row without a logon account', () => {
    const e = failure(() => parse('Get-DsdServices', 'services.missing-logon-account.json', ServicesOutput));
    expect(e.code).toBe('bad-output');
    expect(e.message).toContain('data.0.StartName');
  });

  it('turns a logon failure answer into service-logon-failed with the Win32 code', () => {
    const e = failure(() => parse('Start-DsdService', 'service.logon-failure.json', ServiceOutput));
    expect(e.code).toBe('service-logon-failed');
    expect(e.details.win32).toBe(1069);
    expect(e.message).toContain('1069');
  });

  it('turns a wait that ran out into service-timeout', () => {
    const e = failure(() => parse('Start-DsdService', 'service.timeout.json', ServiceOutput));
    expect(e.code).toBe('service-timeout');
    expect(e.details.win32).toBeNull();
  });
});

describe('events', () => {
  it('maps Get-WinEvent records: levels, ISO and /Date()/ times, Unicode text, missing messages', () => {
    const events = parse('Get-DsdEvents', 'events.logon-failures.json', EventsOutput);
    expect(events).toHaveLength(5);
    expect(events[0]).toEqual({
      log: 'System',
      source: 'Service Control Manager',
      id: 7038,
      level: 'error',
      timeCreated: '2024-05-01T09:14:03.1234567+02:00',
      message:
        'The ADSync service was unable to log on as CONTOSO\\svc-adsync with the currently configured password due to the following error: \r\nThe user name or password is incorrect.',
    });
    expect(events[2]!.message).toBe('Der Server hat einen unerwarteten Fehler festgestellt: Anmeldung für »MSOL_AD_SYNC« fehlgeschlagen – テスト 😀');
    // Level 0 from a classic source; no rendered message, so the insertion strings stand in.
    expect(events[3]).toMatchObject({
      id: 0,
      level: 'information',
      timeCreated: '2024-05-01T07:30:02.000Z',
      message: 'This build of the sync tool is no longer accepted. | 109',
    });
    // Get-Date's { value, DisplayHint, DateTime } wrapper.
    expect(events[4]!.timeCreated).toBe('2024-05-01T07:53:20.000Z');
  });

  it('reads a single record as a one-element list', () => {
    expect(parse('Get-DsdEvents', 'events.single-object.json', EventsOutput)).toHaveLength(1);
  });

  it('refuses a time without a zone, naming the field', () => {
    const e = failure(() => parse('Get-DsdEvents', 'events.bad-date.json', EventsOutput));
    expect(e.code).toBe('bad-output');
    expect(e.message).toContain('data.0.TimeCreated');
  });

  it('refuses an event level outside 0..5', () => {
    const e = failure(() => parse('Get-DsdEvents', 'events.bad-level.json', EventsOutput));
    expect(e.message).toContain('data.0.Level');
    expect(e.message).toContain('unknown event level 9');
  });
});

describe('installed programs', () => {
  it('keeps both registry views apart and lists what Programs and Features would', () => {
    const programs = parse('Get-DsdInstalledPrograms', 'programs.mixed-views.json', InstalledProgramsOutput);
    expect(programs.map((p) => [p.displayName, p.registryView])).toEqual([
      ['Microsoft Azure AD Connect', '64'],
      ['Microsoft Azure AD Connect synchronization services', '64'],
      ['Microsoft Online Services Directory Synchronization Tool', '32'],
      ['Notepad++ (32-bit x86)', '32'],
    ]);
    const dirsync = programs[2]!;
    expect(dirsync).toEqual({
      displayName: 'Microsoft Online Services Directory Synchronization Tool',
      version: '1.0.0485.0222',
      publisher: 'Microsoft Corporation',
      productCode: '{4F5A1C2B-3D4E-4F60-8A9B-0C1D2E3F4A5B}',
      uninstallString: 'MsiExec.exe /X{4F5A1C2B-3D4E-4F60-8A9B-0C1D2E3F4A5B}',
      registryView: '32',
      installLocation: 'C:\\Program Files (x86)\\Microsoft Online Directory Sync\\',
      windowsInstaller: true,
    });
    // Empty InstallLocation means none; a lower-case GUID key is still a product code.
    expect(programs[0]!.installLocation).toBeNull();
    expect(programs[1]!.productCode).toBe('{6C026A91-640F-4A23-8B68-05D589CC6F18}');
    // A non-MSI key has no product code; a DWORD version reads as text.
    expect(programs[3]).toMatchObject({ productCode: null, version: '7' });
  });

  it('refuses a registry view that is neither 64 nor 32, naming the row', () => {
    const e = failure(() => parse('Get-DsdInstalledPrograms', 'programs.bad-view.json', InstalledProgramsOutput));
    expect(e.code).toBe('bad-output');
    expect(e.message).toContain('data.1.View');
  });

  it('reports a 3010 uninstall as done with a reboot required, the entry gone and the log file named', () => {
    const result = parse('Uninstall-DsdProgram', 'uninstall.reboot.json', UninstallOutput);
    expect(result).toEqual({
      productCode: '{4F5A1C2B-3D4E-4F60-8A9B-0C1D2E3F4A5B}',
      displayName: 'Microsoft Online Services Directory Synchronization Tool',
      method: 'msiexec',
      exitCode: 3010,
      outcome: 'removed-restart-required',
      rebootRequired: true,
      logFile: 'C:\\Windows\\Logs\\DirSyncDoctor\\uninstall-20261122-031500.log',
      entryRemoved: true,
    });
  });

  it('reads 1618 as another install running, with the entry still there and no restart', () => {
    const result = parse('Uninstall-DsdProgram', 'uninstall.another-install.json', UninstallOutput);
    expect(result).toMatchObject({ exitCode: 1618, outcome: 'another-install-running', entryRemoved: false, rebootRequired: false });
  });

  it('reads a non-MSI uninstall (its UninstallString), which writes no Windows Installer log', () => {
    const result = parse('Uninstall-DsdProgram', 'uninstall.uninstall-string.json', UninstallOutput);
    expect(result).toMatchObject({ productCode: null, method: 'uninstall-string', logFile: null, outcome: 'removed', entryRemoved: true });
  });

  it('refuses an uninstall method it does not know, naming the field', () => {
    const e = failure(() => parse('Uninstall-DsdProgram', 'uninstall.bad-method.json', UninstallOutput));
    expect(e.code).toBe('bad-output');
    expect(e.message).toContain('data.Method');
  });

  it('reads the .NET release, its absence, and refuses a text value', () => {
    expect(parse('Get-DsdDotNetRelease', 'dotnet.472.json', DotNetReleaseOutput)).toBe(461808);
    expect(parse('Get-DsdDotNetRelease', 'dotnet.absent.json', DotNetReleaseOutput)).toBeNull();
    const e = failure(() => parse('Get-DsdDotNetRelease', 'dotnet.bad-type.json', DotNetReleaseOutput));
    expect(e.message).toContain('data.Release');
  });
});

describe('OS facts', () => {
  it('maps a domain-joined 64-bit server', () => {
    expect(parse('Get-DsdOsFacts', 'osfacts.domain-server.json', OsFactsOutput)).toEqual({
      computerName: 'AADC01',
      domain: 'contoso.com',
      caption: 'Microsoft Windows Server 2019 Standard',
      version: '10.0.17763',
      is64Bit: true,
      isServer: true,
      isElevated: true,
    });
  });

  it('reports no domain for a workgroup machine and trims the caption', () => {
    expect(parse('Get-DsdOsFacts', 'osfacts.workgroup-32bit.json', OsFactsOutput)).toMatchObject({
      domain: null,
      caption: 'Microsoft Windows Server 2008 Standard',
      is64Bit: false,
      isElevated: false,
    });
  });

  it('refuses an answer without the elevation fact', () => {
    const e = failure(() => parse('Get-DsdOsFacts', 'osfacts.missing-elevated.json', OsFactsOutput));
    expect(e.message).toContain('data.IsElevated');
  });
});

describe('sync engine status', () => {
  it('maps an Entra Connect scheduler and last run', () => {
    expect(parse('Get-DsdSyncEngineStatus', 'syncstatus.entra-connect.json', SyncStatusOutput)).toEqual({
      generation: 'entra-connect',
      runInProgress: false,
      schedulerEnabled: true,
      lastRun: {
        connector: 'contoso.onmicrosoft.com - AAD',
        profile: 'Export',
        result: 'success',
        startTime: '2024-05-01T07:30:02.0000000+00:00',
        endTime: '2024-05-01T07:30:09.1230000+00:00',
      },
    });
  });

  it('maps a DirSync run in progress from MIIS_RunHistory, scheduler unknown', () => {
    expect(parse('Get-DsdSyncEngineStatus', 'syncstatus.dirsync-running.json', SyncStatusOutput)).toEqual({
      generation: 'dirsync',
      runInProgress: true,
      schedulerEnabled: null,
      lastRun: {
        connector: 'Active Directory Connector',
        profile: 'Delta Import Delta Sync',
        result: 'in-progress',
        startTime: '2024-05-01T07:30:02.000Z',
        endTime: null,
      },
    });
  });

  it('maps a machine without a sync tool to all nulls', () => {
    expect(parse('Get-DsdSyncEngineStatus', 'syncstatus.none.json', SyncStatusOutput)).toEqual({
      generation: 'none',
      runInProgress: null,
      schedulerEnabled: null,
      lastRun: null,
    });
  });

  it('refuses an unknown generation', () => {
    const e = failure(() => parse('Get-DsdSyncEngineStatus', 'syncstatus.bad-generation.json', SyncStatusOutput));
    expect(e.message).toContain('data.Generation');
  });

  it('refuses a locale-formatted date in the last run', () => {
    const e = failure(() => parse('Get-DsdSyncEngineStatus', 'syncstatus.bad-last-run.json', SyncStatusOutput));
    expect(e.message).toContain('data.LastRun.StartTime');
  });
});

describe('AD FS', () => {
  it('counts an AD FS 2.0 uninstall entry as installed even without the role cmdlet', () => {
    expect(parse('Test-DsdAdfsInstalled', 'adfs.adfs20-program.json', AdfsOutput)).toBe(true);
  });

  it('reports false when no sign is present', () => {
    expect(parse('Test-DsdAdfsInstalled', 'adfs.absent.json', AdfsOutput)).toBe(false);
  });
});

describe('the envelope', () => {
  it('refuses an error code the runner does not know, naming error.code', () => {
    const e = failure(() => parse('Get-DsdServices', 'envelope.unknown-code.json', ServicesOutput));
    expect(e.code).toBe('bad-output');
    expect(e.message).toContain('error.code');
  });

  it('refuses ok:true without data', () => {
    const e = failure(() => parse('Get-DsdServices', 'envelope.missing-data.json', ServicesOutput));
    expect(e.code).toBe('bad-output');
    expect(e.message).toContain('data: missing');
  });

  it('refuses host chatter before the JSON and two documents in one answer', () => {
    for (const file of ['stdout.warning-before-json.txt', 'stdout.two-documents.txt']) {
      const e = failure(() => parse('Get-DsdServices', file, ServicesOutput));
      expect(e.code).toBe('bad-output');
      expect(e.message).toContain('not one JSON document');
    }
  });

  it('refuses empty output', () => {
    const e = failure(() => parseScriptOutput('Get-DsdServices', ' \r\n', ServicesOutput));
    expect(e.message).toContain('printed nothing');
  });

  it('accepts a UTF-8 byte order mark before the document', () => {
    expect(parseScriptOutput('Get-DsdServices', '\uFEFF{"ok":true,"data":[]}', ServicesOutput)).toEqual([]);
  });
});
