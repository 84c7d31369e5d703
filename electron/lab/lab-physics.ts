// The lab server's physics as ONE table: which cause makes which operation fail, and with what
// result. The lab host (lab-sync-engine.ts, lab-services.ts) reads the facts of the moment and
// asks this table; no other rule in the lab decides a cycle's or a service start's outcome.
// Each row names the section of ../shared/NOTES-windows.md (the kit's Windows facts) it is read
// from; lab-physics.test.ts proves each row: the fact set, the operation fails with that result;
// the fact gone, it succeeds.
import type { HostErrorCode, SyncCycleKind, SyncToolGeneration } from '../../shared/domain/host';

// ---- a sync cycle -------------------------------------------------------------------------------

/** The facts of the moment a cycle is asked for. */
export interface CycleFacts {
  generation: SyncToolGeneration;
  kind: SyncCycleKind;
  engineRunning: boolean;
  busy: boolean;
  schedulerSuspended: boolean;
  databaseFull: boolean;
  /** The build (or generation) is past its retirement: Entra ID refuses it. */
  retired: boolean;
  /** TLS 1.2 as this build needs it (SCHANNEL on; the .NET values only for builds that need them). */
  tls12Ready: boolean;
  endpoint: 'ok' | 'blocked' | 'proxy-auth' | 'unreachable';
  cloudAuthentication: 'service-account' | 'application';
  cloudCredential: 'valid' | 'invalid' | 'expired';
  /** After the hard stop Entra ID takes sync only from servers signing in as an application. */
  appAuthRequired: boolean;
  /** Days since the Entra connector's last successful run. */
  daysSinceEntraSuccess: number;
  /** The application sign-in certificate now: none (not signing in as an application), current, due for rotation, expired. */
  appCertificate: 'none' | 'current' | 'due' | 'expired';
  /** Connect manages that certificate (kept in the sync service account's store); false: the admin brought it. */
  certificateManaged: boolean;
}

interface Row<F, R> {
  id: string;
  /** The cause, in words (for the test names and the reader). */
  cause: string;
  holds: (f: F) => boolean;
  result: R;
  /** The section of NOTES-windows.md the row is read from. */
  notes: string;
}

/** A cycle refused before it starts: the error the host throws. */
export interface CycleRefusal {
  code: HostErrorCode;
  message: string;
}

export const CYCLE_REFUSALS: readonly Row<CycleFacts, CycleRefusal>[] = [
  {
    id: 'no-tool',
    cause: 'no sync tool is installed',
    holds: (f) => f.generation === 'none',
    result: { code: 'sync-unavailable', message: 'No sync tool is installed on this server.' },
    notes: 'NOTES-windows.md §1 (services by tool)',
  },
  {
    id: 'engine-stopped',
    cause: 'the sync service is not running',
    holds: (f) => !f.engineRunning,
    result: { code: 'sync-unavailable', message: 'The sync service is not running, so no cycle can start.' },
    notes: 'NOTES-windows.md §4 (the ADSync module answers only while the service runs)',
  },
  {
    id: 'busy',
    cause: 'a run is already in progress',
    holds: (f) => f.busy,
    result: { code: 'sync-busy', message: 'A synchronization run is already in progress.' },
    notes: 'NOTES-windows.md §4 (Start-ADSyncSyncCycle: "Connector … is busy")',
  },
  {
    id: 'scheduler-suspended',
    cause: 'the scheduler is suspended',
    holds: (f) => f.generation === 'entra-connect' && f.schedulerSuspended,
    result: {
      code: 'scheduler-suspended',
      message: 'The sync scheduler is suspended (the configuration wizard is open, or an upgrade did not finish): no cycle starts until it resumes.',
    },
    notes: 'NOTES-windows.md §4 (SchedulerSuspended: set while the wizard is open or during an upgrade), §8 (Scheduler off / suspended)',
  },
];

/** A cycle that runs, but whose runs end with this result: on every connector, or on the Entra connector's runs. */
export interface CycleFailure {
  scope: 'every-run' | 'entra-runs';
  result: string;
}

export const CYCLE_FAILURES: readonly Row<CycleFacts, CycleFailure>[] = [
  {
    id: 'database-full',
    cause: 'the sync database is full (LocalDB 10 GB)',
    holds: (f) => f.databaseFull,
    result: { scope: 'every-run', result: 'stopped-database-disk-full' },
    notes: 'NOTES-windows.md §8 (LocalDB full: stopped-database-disk-full, event 6323), §12.3',
  },
  {
    id: 'retired-connect',
    cause: 'the Connect build is retired',
    holds: (f) => f.retired && f.generation === 'entra-connect',
    result: { scope: 'entra-runs', result: 'stopped-server-down' },
    notes: 'NOTES-windows.md §8 (Connect 1.x / 2.x below the floor stop working), §12.1 (dated floors)',
  },
  {
    id: 'retired-tool',
    cause: 'the tool (DirSync, AADSync) is retired',
    holds: (f) => f.retired && f.generation !== 'entra-connect',
    result: { scope: 'entra-runs', result: 'stopped-extension-dll-exception' },
    notes: 'NOTES-windows.md §8 (DirSync / AADSync "no longer work"; DirSync clients blocked since 2021)',
  },
  {
    id: 'tls-not-ready',
    cause: 'TLS 1.2 is off, or not enforced on a build that needs it (2.3.20.0-2.4.129.0)',
    holds: (f) => !f.tls12Ready,
    result: { scope: 'entra-runs', result: 'no-start-connection' },
    notes: 'NOTES-windows.md §8 (TLS 1.2 row), §12.2 (enforcement only for 2.3.20.0-2.4.129.0)',
  },
  {
    id: 'endpoint-blocked',
    cause: 'the Entra ID endpoint is blocked, needs proxy sign-in or does not answer',
    holds: (f) => f.endpoint !== 'ok',
    result: { scope: 'entra-runs', result: 'no-start-connection' },
    notes: 'NOTES-windows.md §8 (Proxy / endpoints: 403, 407), §12.3 (the service uses machine.config)',
  },
  {
    id: 'cloud-credential-invalid',
    cause: "the Entra connector's cloud credential is invalid or expired",
    holds: (f) => f.cloudAuthentication === 'service-account' && f.cloudCredential !== 'valid',
    result: { scope: 'entra-runs', result: 'stopped-extension-dll-exception' },
    notes: 'NOTES-windows.md §8 (Entra connector credential: stopped-extension-dll-exception)',
  },
  {
    id: 'application-auth-required',
    cause: 'after the hard stop, Connect still signs in as the Sync_ user',
    holds: (f) => f.generation === 'entra-connect' && f.cloudAuthentication === 'service-account' && f.appAuthRequired,
    result: { scope: 'entra-runs', result: 'stopped-extension-dll-exception' },
    notes: 'NOTES-windows.md §12.1 (hard stop 7 April 2027: 2.6.84.0 and application-based authentication)',
  },
  {
    id: 'app-certificate-expired',
    cause: 'the certificate the Entra connector signs in with (as an application) has expired',
    holds: (f) => f.generation === 'entra-connect' && f.cloudAuthentication === 'application' && f.appCertificate === 'expired',
    result: { scope: 'entra-runs', result: 'stopped-extension-dll-exception' },
    notes: 'NOTES-windows.md §12.4 (1012: the certificate expired, sync stops), §8 (Entra connector credential: stopped-extension-dll-exception)',
  },
  {
    id: 'delta-after-7-days',
    cause: 'a delta cycle after more than 7 days without a successful sync',
    holds: (f) => f.kind === 'delta' && f.daysSinceEntraSuccess > 7,
    result: { scope: 'entra-runs', result: 'stopped-server-down' },
    notes: 'NOTES-windows.md §4 (a delta at least every 7 days, else a full cycle), §8 (Long outage)',
  },
];

/**
 * A cycle that starts (the scheduler is not suspended) first renews a certificate Connect manages
 * once it is due; an expired one, or one the admin brought, it leaves alone.
 */
export const CERTIFICATE_ROTATION: Row<CycleFacts, 'renewed'> = {
  id: 'certificate-rotation',
  cause: 'the scheduler runs a cycle while the certificate Connect manages is due for rotation',
  holds: (f) => f.generation === 'entra-connect' && f.cloudAuthentication === 'application' && f.appCertificate === 'due' && f.certificateManaged,
  result: 'renewed',
  notes: 'NOTES-windows.md §12.4 (rotation runs with the scheduler and stalls while it is suspended), §3 (1011: rotation due)',
};

/** Whether the cycle starts, and if it does, what its runs end with. */
export type CycleVerdict = { refused: Row<CycleFacts, CycleRefusal> } | { refused: null; failure: Row<CycleFacts, CycleFailure> | null };

export function judgeCycle(f: CycleFacts): CycleVerdict {
  const refused = CYCLE_REFUSALS.find((r) => r.holds(f));
  if (refused) return { refused };
  return { refused: null, failure: CYCLE_FAILURES.find((r) => r.holds(f)) ?? null };
}

// ---- a service start ----------------------------------------------------------------------------

/** The facts of the moment a service is started. */
export interface StartFacts {
  startType: 'automatic' | 'manual' | 'disabled' | string;
  /** The scenario says Windows refuses this logon type (7041). */
  logonRightMissing: boolean;
  /** Why Windows would refuse the logon (disabled, locked, expired, wrong password), in its words; null: it signs in. */
  logonFailure: () => Promise<string | null>;
  /** The service runs as the account it was installed with. */
  originalLogon: boolean;
  /** The scenario says the key cannot be read even so. */
  keyUnreadable: boolean;
  /** This is the sync engine and its LocalDB database is full (10 GB). */
  databaseFull?: boolean;
}

/** How a start fails: the error, its Win32 code, and the events Windows writes. */
export interface StartFailure {
  code: HostErrorCode;
  win32: number | null;
  event: number;
  kind: 'start-type-disabled' | 'logon-right' | 'logon-failure' | 'key-unreadable' | 'database-full';
}

interface AsyncRow<F, R> extends Omit<Row<F, R>, 'holds'> {
  holds: (f: F) => boolean | Promise<boolean>;
}

export const START_FAILURES: readonly AsyncRow<StartFacts, StartFailure>[] = [
  {
    id: 'start-type-disabled',
    cause: 'the service is disabled',
    holds: (f) => f.startType === 'disabled',
    result: { code: 'service-failed', win32: 1058, event: 7000, kind: 'start-type-disabled' },
    notes: 'NOTES-windows.md §7 (Service Control Manager 7000)',
  },
  {
    id: 'logon-right-missing',
    cause: 'the account lacks "Log on as a service"',
    holds: (f) => f.logonRightMissing,
    result: { code: 'service-logon-failed', win32: 1069, event: 7041, kind: 'logon-right' },
    notes: 'NOTES-windows.md §2 (missing user rights), §7 (7041)',
  },
  {
    id: 'logon-cannot-sign-in',
    cause: 'the logon account is disabled, locked, expired or its password is wrong',
    holds: async (f) => (await f.logonFailure()) !== null,
    result: { code: 'service-logon-failed', win32: 1069, event: 7038, kind: 'logon-failure' },
    notes: 'NOTES-windows.md §2 (symptoms of a wrong password: 1069, 7038; locked, expired, must change), §7 (7038 + 1069)',
  },
  {
    id: 'key-unreadable',
    cause: 'the service runs as another account than it was installed with (or its key is lost)',
    holds: (f) => f.keyUnreadable || !f.originalLogon,
    result: { code: 'service-failed', win32: null, event: 6028, kind: 'key-unreadable' },
    notes: 'NOTES-windows.md §2 (DPAPI-protected key; 6028 "The server encryption key cannot be accessed")',
  },
  {
    id: 'database-full',
    cause: "the sync engine's LocalDB database is full (10 GB)",
    holds: (f) => f.databaseFull === true,
    result: { code: 'service-failed', win32: null, event: 6323, kind: 'database-full' },
    notes: 'NOTES-windows.md §12.3 (LocalDB 10 GB: event 6323 and an ADSync service that cannot start), §7 (6323)',
  },
];

export async function judgeStart(f: StartFacts): Promise<AsyncRow<StartFacts, StartFailure> | null> {
  for (const row of START_FAILURES) if (await row.holds(f)) return row;
  return null;
}
