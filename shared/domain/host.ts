// Facts about the sync server, as both host implementations (Windows and lab) report them.
// Every shape has a zod schema: PowerShell output, scenario files and IPC payloads are all
// parsed with these, so a malformed value is rejected with the path of the bad field.
import { z } from 'zod';

export const ServiceState = z.enum([
  'running',
  'stopped',
  'start-pending',
  'stop-pending',
  'paused',
  'continue-pending',
  'pause-pending',
]);
export type ServiceState = z.infer<typeof ServiceState>;

export const ServiceStartType = z.enum(['automatic', 'automatic-delayed', 'manual', 'disabled']);
export type ServiceStartType = z.infer<typeof ServiceStartType>;

/** Service names are Windows service key names: letters, digits and a few separators. */
export const ServiceName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9_.$@ -]+$/, 'service name may contain only letters, digits, space and _ . $ @ -');
export type ServiceName = z.infer<typeof ServiceName>;

export const ServiceInfo = z.object({
  name: ServiceName,
  displayName: z.string(),
  state: ServiceState,
  startType: ServiceStartType,
  /** The account the service logs on as, as Windows stores it (DOMAIN\user, user@upn, LocalSystem, NT SERVICE\x). */
  logonAccount: z.string(),
  processId: z.number().int().nonnegative().nullable(),
});
export type ServiceInfo = z.infer<typeof ServiceInfo>;

export const EventLevel = z.enum(['critical', 'error', 'warning', 'information', 'verbose']);
export type EventLevel = z.infer<typeof EventLevel>;

export const EventRecord = z.object({
  log: z.string().min(1),
  source: z.string().min(1),
  id: z.number().int().nonnegative(),
  level: EventLevel,
  /** ISO 8601 with zone. */
  timeCreated: z.iso.datetime({ offset: true }),
  message: z.string(),
});
export type EventRecord = z.infer<typeof EventRecord>;

export const EventQuery = z.object({
  log: z.string().min(1).max(256),
  sources: z.array(z.string().min(1).max(256)).max(16).optional(),
  ids: z.array(z.number().int().nonnegative().max(65535)).max(32).optional(),
  /** Only events at or after this time (ISO 8601). */
  since: z.iso.datetime({ offset: true }).optional(),
  maxEvents: z.number().int().positive().max(1000).default(100),
});
export type EventQuery = z.input<typeof EventQuery>;

export const RegistryView = z.enum(['64', '32']);
export type RegistryView = z.infer<typeof RegistryView>;

export const InstalledProgram = z.object({
  displayName: z.string(),
  version: z.string().nullable(),
  publisher: z.string().nullable(),
  /** MSI product code ({GUID}) when the uninstall key is one; null for non-MSI installs. */
  productCode: z.string().nullable(),
  uninstallString: z.string().nullable(),
  /** Which registry view the uninstall key was found in: '32' means WOW6432Node on 64-bit Windows. */
  registryView: RegistryView,
  installLocation: z.string().nullable(),
});
export type InstalledProgram = z.infer<typeof InstalledProgram>;

export const OsFacts = z.object({
  computerName: z.string().min(1),
  /** DNS domain the computer is joined to; null for a workgroup machine. */
  domain: z.string().nullable(),
  caption: z.string(),
  version: z.string(),
  is64Bit: z.boolean(),
  isServer: z.boolean(),
  isElevated: z.boolean(),
});
export type OsFacts = z.infer<typeof OsFacts>;

export const SyncToolGeneration = z.enum(['dirsync', 'aadsync', 'entra-connect', 'none']);
export type SyncToolGeneration = z.infer<typeof SyncToolGeneration>;

export const SyncRunResult = z.object({
  connector: z.string(),
  profile: z.string(),
  /** Result text as the sync engine reports it: success, stopped-server-down, completed-export-errors, ... */
  result: z.string(),
  startTime: z.iso.datetime({ offset: true }),
  endTime: z.iso.datetime({ offset: true }).nullable(),
});
export type SyncRunResult = z.infer<typeof SyncRunResult>;

export const SyncEngineStatus = z.object({
  generation: SyncToolGeneration,
  /** null where the tool exposes no way to ask (old DirSync without the FIM WMI provider). */
  runInProgress: z.boolean().nullable(),
  schedulerEnabled: z.boolean().nullable(),
  lastRun: SyncRunResult.nullable(),
});
export type SyncEngineStatus = z.infer<typeof SyncEngineStatus>;

export const SyncCycleKind = z.enum(['delta', 'initial']);
export type SyncCycleKind = z.infer<typeof SyncCycleKind>;

/** Errors a host reports: the code tells the UI and the playbooks what happened. */
export const HostErrorCode = z.enum([
  'service-not-found',
  'service-logon-failed', // Windows error 1069
  'service-timeout', // did not reach the wanted state in time
  'service-failed', // any other start/stop failure
  'uninstall-blocked', // e.g. a sync run is in progress
  'program-not-found',
  'not-elevated',
  'sync-busy',
  'sync-unavailable',
  'script-failed', // PowerShell exited non-zero or printed nothing usable
  'script-timeout',
  'bad-output', // output did not match its schema
  'bad-input',
]);
export type HostErrorCode = z.infer<typeof HostErrorCode>;
