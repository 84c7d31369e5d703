// Entra Connect's automatic upgrade: the states Get-ADSyncAutoUpgrade reports and, when it is
// suspended, the reasons `Get-ADSyncAutoUpgrade -Detail` gives. Microsoft's page lists the most
// common reasons and says the list is not complete (a reason "can contain any string value", even
// compound ones), so this is dated data with its source, and a reason outside it is still shown
// as the server gave it, explained only by its documented prefix when it has one.
import { SOURCES, type PublicSource } from './public-sources';

export const AUTO_UPGRADE_SOURCE: PublicSource = SOURCES.autoUpgrade;
/** When the list below was read against its source. */
export const AUTO_UPGRADE_CHECKED = '2026-12-06';
/** The build that brought automatic upgrade (and Get-ADSyncAutoUpgrade); older Connect builds have neither. */
export const AUTO_UPGRADE_SINCE = '1.1.105.0';

/**
 * The two documented prefixes of a result. `aborted`: a passing condition stopped the attempt; it
 * is retried and should succeed once the condition is gone. `not-supported`: the configuration
 * keeps this server from upgrading itself; Microsoft expects a manual upgrade.
 */
export type AutoUpgradeReasonKind = 'aborted' | 'not-supported' | 'undocumented';

export interface AutoUpgradeReason {
  /** The value as the server prints it. */
  id: string;
  /** Other spellings Microsoft's page uses for the same reason. */
  aliases?: readonly string[];
  kind: AutoUpgradeReasonKind;
  /** What it means, in the app's words. */
  meaning: string;
  /**
   * What the admin changes on this server (or in the portal) to take the reason away; null when
   * it is the configuration the server was set up with, and only a manual upgrade helps.
   */
  change: string | null;
  /** false: the page names the value without explaining it; the meaning is read from its name. */
  explained: boolean;
}

const PREFIXES: readonly { prefix: string; kind: Exclude<AutoUpgradeReasonKind, 'undocumented'>; meaning: string }[] = [
  {
    prefix: 'UpgradeAborted',
    kind: 'aborted',
    meaning: 'something on the server stopped the upgrade attempt for now; it is tried again and should succeed once that is gone',
  },
  {
    prefix: 'UpgradeNotSupported',
    kind: 'not-supported',
    meaning: 'the way this server is set up keeps it from upgrading itself; Microsoft expects it to be upgraded by hand',
  },
];

/** The reasons Microsoft's page names (checked AUTO_UPGRADE_CHECKED), most common first within each kind. */
export const AUTO_UPGRADE_REASONS: readonly AutoUpgradeReason[] = [
  {
    id: 'UpgradeAbortedCouldNotSetUpgradeMarker',
    kind: 'aborted',
    meaning: 'the upgrade could not write its marker to the registry',
    change: 'Look for security software or a policy that stops the system from writing under HKLM\\SOFTWARE on this server, and allow it.',
    explained: true,
  },
  {
    id: 'UpgradeAbortedInsufficientDatabasePermissions',
    kind: 'aborted',
    meaning: "the built-in Administrators group has no rights on the sync engine's database",
    // Microsoft's own remedy for this one is the manual upgrade.
    change: null,
    explained: true,
  },
  {
    id: 'UpgradeAbortedInsufficientDiskSpace',
    kind: 'aborted',
    meaning: 'there is not enough free disk space for the upgrade',
    change: 'Free disk space on the drive Entra Connect is installed on (and on the system drive, where the installer unpacks).',
    explained: true,
  },
  {
    id: 'UpgradeAbortedSecurityGroupsNotPresent',
    kind: 'aborted',
    meaning: 'the security groups the sync engine uses (ADSyncAdmins, ADSyncOperators, ADSyncBrowse, ADSyncPasswordSet) could not all be found',
    change:
      'Check that the ADSync groups still exist (local groups on this server, or the domain groups chosen at install) and that nobody renamed or deleted one.',
    explained: true,
  },
  {
    id: 'UpgradeAbortedServiceCanNotBeStarted',
    kind: 'aborted',
    meaning: 'the sync service (ADSync) failed to start',
    change: 'Settle "The sync services are running" first: the upgrade needs a service that starts.',
    explained: true,
  },
  {
    id: 'UpgradeAbortedServiceCanNotBeStopped',
    kind: 'aborted',
    meaning: 'the sync service (ADSync) failed to stop',
    change: 'Find what keeps the ADSync service from stopping (a run that does not end: Synchronization Service Manager > Operations) and let it finish.',
    explained: true,
  },
  {
    id: 'UpgradeAbortedServiceIsNotRunning',
    kind: 'aborted',
    meaning: 'the sync service (ADSync) is not running',
    change: 'Settle "The sync services are running" first: the upgrade only starts while the service runs.',
    explained: true,
  },
  {
    id: 'UpgradeAbortedSyncCycleDisabled',
    kind: 'aborted',
    meaning: "the scheduler's sync cycle is turned off",
    change: 'Turn the scheduler back on (the scheduler step, or Set-ADSyncScheduler -SyncCycleEnabled $true).',
    explained: true,
  },
  {
    id: 'UpgradeAbortedSyncExeInUse',
    // The page's troubleshooting text spells it this way too.
    aliases: ['UpgradeAbortedAdSyncExeInUse'],
    kind: 'aborted',
    meaning: 'the Synchronization Service Manager window was open on this server',
    change: 'Close Synchronization Service Manager in every session signed in on this server (including disconnected ones).',
    explained: true,
  },
  {
    id: 'UpgradeAbortedSyncOrConfigurationInProgress',
    kind: 'aborted',
    meaning: 'the configuration wizard was running, or a sync was started outside the scheduler',
    change: 'Close the configuration wizard, and remove scheduled tasks or scripts that start sync cycles themselves: leave that to the built-in scheduler.',
    explained: true,
  },
  {
    id: 'UpgradeNotSupportedCustomizedSyncRules',
    kind: 'not-supported',
    meaning: 'custom synchronization rules are configured (since build 2.2.1.0 they no longer block automatic upgrade)',
    change: null,
    explained: true,
  },
  {
    id: 'UpgradeNotSupportedInvalidPersistedState',
    kind: 'not-supported',
    meaning: 'this installation was not made with the express settings or by a DirSync upgrade',
    change: null,
    explained: true,
  },
  {
    id: 'UpgradeNotSupportedNonLocalDbInstall',
    kind: 'not-supported',
    meaning: 'the sync engine uses a full SQL Server, not SQL Server Express LocalDB',
    change: null,
    explained: true,
  },
  {
    id: 'UpgradeNotSupportedLocalDbSizeExceeded',
    kind: 'not-supported',
    meaning: 'the LocalDB database is 8 GB or larger',
    change: 'Make the sync database smaller: clear the run history (Start-ADSyncPurgeRunHistory) and keep less of it (the database step says how).',
    explained: true,
  },
  {
    id: 'UpgradeNotSupportedAADHealthUploadDisabled',
    kind: 'not-supported',
    meaning: 'health data upload was turned off in the portal (automatic upgrade works through Microsoft Entra Connect Health)',
    change: "Turn health data upload back on in Microsoft Entra Connect Health's settings for this sync service.",
    explained: true,
  },
  {
    id: 'AADHealthEndpointNotDefined',
    kind: 'undocumented',
    meaning: 'read from its name: the Microsoft Entra Connect Health address automatic upgrade works through is not known to this server',
    change:
      "Let this server reach the Microsoft Entra Connect Health addresses (Microsoft 365's list of URLs and IP address ranges), through its proxy if it uses one.",
    explained: false,
  },
  {
    id: 'DirSyncInPlaceUpgradeNonLocalDb',
    kind: 'undocumented',
    meaning: 'read from its name: this server was upgraded in place from DirSync with a full SQL Server, not LocalDB',
    change: null,
    explained: false,
  },
];

export interface AutoUpgradeReasonReading {
  /** The reason exactly as the server gave it. */
  verbatim: string;
  /** The listed reason it is (a compound value is read by its first part), or null. */
  known: AutoUpgradeReason | null;
  kind: AutoUpgradeReasonKind;
  /** In words: what it means (from the list, else from its prefix, else that it is not listed). */
  meaning: string;
  change: string | null;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** What a suspension reason means, as far as Microsoft's list says; never drops or rewrites the reason itself. */
export function readAutoUpgradeReason(reason: string): AutoUpgradeReasonReading {
  const verbatim = reason;
  // "UpgradeFailedRollbackSuccess-GetPasswordHashSyncStateFailed": a result, then what failed.
  const head = reason.trim().split('-')[0] ?? '';
  const known = AUTO_UPGRADE_REASONS.find((r) => [r.id, ...(r.aliases ?? [])].some((id) => same(id, reason.trim()) || same(id, head))) ?? null;
  if (known) return { verbatim, known, kind: known.kind, meaning: known.meaning, change: known.change };
  const prefix = PREFIXES.find((p) => head.toLowerCase().startsWith(p.prefix.toLowerCase()));
  const unlisted = `Microsoft's list (${AUTO_UPGRADE_SOURCE.title}, checked ${AUTO_UPGRADE_CHECKED}) does not name this reason`;
  if (prefix) return { verbatim, known: null, kind: prefix.kind, meaning: `${unlisted}; by its prefix, ${prefix.meaning}`, change: null };
  return { verbatim, known: null, kind: 'undocumented', meaning: `${unlisted}: it is shown as the server gave it`, change: null };
}
