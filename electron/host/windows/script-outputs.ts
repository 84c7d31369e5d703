// One schema per script: reads the `data` a script printed (the PowerShell shape, documented at
// the top of each .ps1) and turns it into the domain type from shared/domain/host.ts, which it
// is then checked against. Extra fields are ignored; a missing or malformed one fails with its path.
import { z } from 'zod';
import {
  EventRecord,
  InstalledProgram,
  OsFacts,
  RegistryView,
  ServiceInfo,
  SyncEngineStatus,
  SyncToolGeneration,
} from '../../../shared/domain/host';
import type { UninstallResult } from '../../ports/host-port';
import {
  combineStartType,
  psArray,
  psDate,
  psEventLevel,
  psFlag,
  psNullableDate,
  psServiceState,
  psStartMode,
  psText,
} from './ps-values';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- services (Get-DsdServices, Start/Stop/Restart-DsdService) --------------------------------

/**
 * Win32_Service's names (State, StartMode, StartName) and, for a Get-Service object, its own
 * (Status, StartType); both spellings land on the first.
 */
const ServiceRecord = z
  .preprocess(
    (v) => {
      if (!isRecord(v)) return v;
      const out = { ...v };
      if (!('State' in out) && 'Status' in out) out.State = out.Status;
      if (!('StartMode' in out) && 'StartType' in out) out.StartMode = out.StartType;
      return out;
    },
    z.object({
      Name: z.string(),
      DisplayName: z.string(),
      State: psServiceState,
      StartMode: psStartMode,
      DelayedAutoStart: z.boolean().nullish(),
      StartName: z.string(),
      ProcessId: z.number().int().nonnegative().nullish(),
    }),
  )
  .transform(
    (s): ServiceInfo => ({
      name: s.Name,
      displayName: s.DisplayName,
      state: s.State,
      startType: combineStartType(s.StartMode, s.DelayedAutoStart),
      logonAccount: s.StartName,
      // Win32_Service reports process id 0 for a service that is not running.
      processId: s.ProcessId ? s.ProcessId : null,
    }),
  )
  .pipe(ServiceInfo);

export const ServicesOutput = psArray(ServiceRecord);
export const ServiceOutput = ServiceRecord;

// ---- set logon password ------------------------------------------------------------------------

export const SetPasswordOutput = z.object({
  Name: z.string(),
  StartName: z.string(),
  ReturnValue: z.literal(0),
});

// ---- event log ---------------------------------------------------------------------------------

const EventRecordRaw = z
  .object({
    LogName: z.string(),
    ProviderName: z.string(),
    Id: z.number().int().nonnegative(),
    Level: psEventLevel,
    TimeCreated: psDate,
    Message: z.string().nullable(),
    Properties: psArray(z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  })
  .transform(
    (e): EventRecord => ({
      log: e.LogName,
      source: e.ProviderName,
      id: e.Id,
      level: e.Level,
      timeCreated: e.TimeCreated,
      // No rendered message when the source's message file is gone: keep its insertion strings.
      message: e.Message ?? (e.Properties ?? []).filter((p) => p !== null).map(String).join(' | '),
    }),
  )
  .pipe(EventRecord);

export const EventsOutput = psArray(EventRecordRaw);

// ---- installed programs ------------------------------------------------------------------------

const GUID_KEY = /^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$/;

const UninstallEntry = z.object({
  KeyName: z.string().min(1),
  View: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), RegistryView),
  DisplayName: psText,
  DisplayVersion: psText,
  Publisher: psText,
  UninstallString: psText,
  InstallLocation: psText,
  WindowsInstaller: psFlag,
  SystemComponent: psFlag,
});
type UninstallEntry = z.infer<typeof UninstallEntry>;

/** An entry Programs and Features would list: it has a name and is not marked as a system component. */
function toInstalledProgram(e: UninstallEntry): InstalledProgram | null {
  if (e.DisplayName === null || e.SystemComponent === 1) return null;
  return {
    displayName: e.DisplayName,
    version: e.DisplayVersion,
    publisher: e.Publisher,
    productCode: GUID_KEY.test(e.KeyName) ? e.KeyName.toUpperCase() : null,
    uninstallString: e.UninstallString,
    registryView: e.View,
    installLocation: e.InstallLocation,
  };
}

export const InstalledProgramsOutput = psArray(UninstallEntry).transform((entries) =>
  entries.map(toInstalledProgram).filter((p): p is InstalledProgram => p !== null),
).pipe(z.array(InstalledProgram));

export const UninstallOutput = z
  .object({
    ProductCode: z.string().regex(GUID_KEY, 'expected an MSI product code {GUID}'),
    DisplayName: psText,
    View: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), RegistryView).optional(),
    ExitCode: z.number().int(),
  })
  .transform(
    (u): UninstallResult => ({
      productCode: u.ProductCode.toUpperCase(),
      displayName: u.DisplayName ?? '',
      exitCode: u.ExitCode,
      // 3010: done, reboot required; 1641: done, and the installer started the reboot.
      rebootRequired: u.ExitCode === 3010 || u.ExitCode === 1641,
    }),
  );

// ---- OS facts ----------------------------------------------------------------------------------

export const OsFactsOutput = z
  .object({
    ComputerName: z.string().min(1),
    Domain: z.string().nullable(),
    PartOfDomain: z.boolean(),
    Caption: z.string(),
    Version: z.string(),
    // Win32_OperatingSystem.ProductType: 1 workstation, 2 domain controller, 3 server.
    ProductType: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    Is64BitOperatingSystem: z.boolean(),
    IsElevated: z.boolean(),
  })
  .transform(
    (o): OsFacts => ({
      computerName: o.ComputerName,
      // A workgroup machine reports its workgroup name in Domain.
      domain: o.PartOfDomain && o.Domain ? o.Domain : null,
      caption: o.Caption.trim(),
      version: o.Version,
      is64Bit: o.Is64BitOperatingSystem,
      isServer: o.ProductType !== 1,
      isElevated: o.IsElevated,
    }),
  )
  .pipe(OsFacts);

// ---- AD FS -------------------------------------------------------------------------------------

export const AdfsOutput = z
  .object({
    FeatureInstalled: z.boolean().nullable(),
    ServicePresent: z.boolean(),
    ProgramEntry: psText,
  })
  .transform((a) => a.FeatureInstalled === true || a.ServicePresent || a.ProgramEntry !== null);

// ---- sync engine -------------------------------------------------------------------------------

const LastRunRaw = z.object({
  Connector: z.string(),
  Profile: z.string(),
  Result: z.string().min(1),
  StartTime: psDate,
  EndTime: psNullableDate,
});

export const SyncStatusOutput = z
  .object({
    Generation: SyncToolGeneration,
    RunInProgress: z.boolean().nullable(),
    SchedulerEnabled: z.boolean().nullable(),
    LastRun: LastRunRaw.nullable(),
  })
  .superRefine((s, ctx) => {
    if (s.Generation === 'none' && (s.RunInProgress !== null || s.SchedulerEnabled !== null || s.LastRun !== null)) {
      ctx.addIssue({ code: 'custom', path: ['Generation'], message: "'none' cannot come with run facts" });
    }
  })
  .transform(
    (s): SyncEngineStatus => ({
      generation: s.Generation,
      runInProgress: s.RunInProgress,
      schedulerEnabled: s.SchedulerEnabled,
      lastRun: s.LastRun && {
        connector: s.LastRun.Connector,
        profile: s.LastRun.Profile,
        result: s.LastRun.Result,
        startTime: s.LastRun.StartTime,
        endTime: s.LastRun.EndTime,
      },
    }),
  )
  .pipe(SyncEngineStatus);

export const SyncCycleOutput = z.object({
  Generation: SyncToolGeneration.exclude(['none']),
  Method: z.enum(['Start-ADSyncSyncCycle', 'DirectorySyncClientCmd.exe', 'Start-OnlineCoexistenceSync']),
  /** Start-ADSyncSyncCycle answers 'Success'; the other methods answer nothing. */
  Result: z.string().nullable(),
});
export type SyncCycleOutput = z.infer<typeof SyncCycleOutput>;
