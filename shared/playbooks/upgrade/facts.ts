// What the DirSync upgrade playbooks read (probe outputs, as schemas) and the pure rule that
// recommends an upgrade path from them.
import { z } from 'zod';
import { GapDeletion } from '../../domain/gap';
import { EventRecord, RegistryView, SyncRunResult, SyncToolGeneration, TlsSettings } from '../../domain/host';
import { IN_PLACE_OBJECT_LIMIT, serverSupport, windowsBuild } from '../../domain/connect-requirements';

export const UpgradePath = z.enum(['in-place', 'uninstall-reinstall', 'parallel']);
export type UpgradePath = z.infer<typeof UpgradePath>;

/** What the admin recorded, kept by the main process per server (per scenario in the lab). */
export const UpgradeRecordsData = z
  .object({
    choice: z.object({ path: UpgradePath, at: z.iso.datetime(), by: z.string() }).strict().nullable(),
    /** Steps done on another computer or in the cloud, attested by the admin: key → when. */
    attested: z.record(z.string(), z.object({ at: z.iso.datetime(), by: z.string() }).strict()),
    snapshot: z.object({ file: z.string(), takenAt: z.iso.datetime(), count: z.number().int().nonnegative() }).strict().nullable(),
    /** The last uninstall's word on a restart (Windows needs one to finish removing files). */
    restartPending: z.boolean(),
  })
  .strict();
export type UpgradeRecordsData = z.infer<typeof UpgradeRecordsData>;

export const EMPTY_RECORDS: UpgradeRecordsData = { choice: null, attested: {}, snapshot: null, restartPending: false };

export const ToolFacts = z.object({
  generation: SyncToolGeneration,
  label: z.string(),
  displayName: z.string().nullable(),
  version: z.string().nullable(),
  bitness: z.enum(['32', '64']).nullable(),
  registryView: RegistryView.nullable(),
  productCode: z.string().nullable(),
  uninstallString: z.string().nullable(),
  windowsInstaller: z.boolean().nullable(),
});
export type ToolFacts = z.infer<typeof ToolFacts>;

export const ObjectCount = z.object({
  users: z.number().int().nonnegative(),
  groups: z.number().int().nonnegative(),
  contacts: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** directory: counted there; lab-scenario: the size the scenario stands for. */
  source: z.enum(['directory', 'lab-scenario']),
});
export type ObjectCount = z.infer<typeof ObjectCount>;

/**
 * Whether this server is in an upgrade at all, and which path's playbook is the active one (the
 * recorded choice, else the recommended path). Steps of the other paths are not-applicable, so
 * "check everything" reports each problem once, on the path the admin is (or should be) on.
 */
export const UpgradeScope = z.object({
  deprecated: z.boolean(),
  chosen: UpgradePath.nullable(),
  active: UpgradePath.nullable(),
  /** The path's fit for each path, so a path step can say whether it may be chosen. */
  fits: z.record(UpgradePath, z.boolean()),
});
export type UpgradeScope = z.infer<typeof UpgradeScope>;

export const UpgradeProbe = z.object({
  scope: UpgradeScope,
  computerName: z.string(),
  tool: ToolFacts,
  /** Events 0/109 of Directory Synchronization whose text says the version is no longer supported. */
  rejectEvents: z.array(EventRecord),
  os: z.object({ caption: z.string(), version: z.string(), is64Bit: z.boolean(), isServer: z.boolean() }),
  dotNetRelease: z.number().int().nullable(),
  /** null when the values could not be read. */
  tls: TlsSettings.nullable(),
  adfs: z.boolean(),
  runInProgress: z.boolean().nullable(),
  lastRun: SyncRunResult.nullable(),
  /** The sync tool's scheduler/engine service state, for the "stop it here" step; null when not installed. */
  toolService: z.object({ name: z.string(), displayName: z.string(), state: z.string() }).nullable(),
  /** null when no directory is connected (or it could not be read: see objectsProblem). */
  objects: ObjectCount.nullable(),
  objectsProblem: z.string().nullable(),
  records: UpgradeRecordsData,
});
export type UpgradeProbe = z.infer<typeof UpgradeProbe>;

/**
 * Where the sync tool's directory account is (DirSync's MSOL_ account; on Connect the account the
 * AD connector signs in with) and, when it is gone, what Deleted Objects still holds of it. The
 * fix that moves it back or restores it (planSyncAccountFix) reads only these facts.
 */
export const SyncAccountFacts = z.object({
  connected: z.boolean(),
  expectedParentDn: z.string().nullable(),
  /** The account the tool is configured with (its AD connector's forest-login-user), read on the server; null when unreadable. */
  inUse: z.object({ user: z.string(), domain: z.string().nullable(), source: z.enum(['adsync-connector', 'sync-engine-database']) }).nullable(),
  /** Why the account in use could not be read. */
  inUseProblem: z.string().nullable(),
  /** Every MSOL_ account in the directory, newest first, with what says which one the tool uses. */
  accounts: z.array(
    z.object({
      sAMAccountName: z.string(),
      dn: z.string(),
      parentDn: z.string(),
      moved: z.boolean(),
      whenCreated: z.string().nullable(),
      pwdLastSet: z.string().nullable(),
      lastLogonTimestamp: z.string().nullable(),
    }),
  ),
  deleted: z.array(z.object({ sAMAccountName: z.string(), dn: z.string(), lastKnownParent: z.string().nullable(), whenChanged: z.string().nullable() })),
  recycleBinEnabled: z.boolean(),
  problem: z.string().nullable(),
});
export type SyncAccountFacts = z.infer<typeof SyncAccountFacts>;

export const SyncAccountProbe = SyncAccountFacts.extend({ scope: UpgradeScope });
export type SyncAccountProbe = z.infer<typeof SyncAccountProbe>;

export const GapProbe = z.object({
  scope: UpgradeScope,
  snapshot: UpgradeRecordsData.shape.snapshot,
  /** null when no snapshot or no directory. */
  deleted: z.array(GapDeletion).nullable(),
  problem: z.string().nullable(),
  cleanupAttestedAt: z.iso.datetime().nullable(),
  /** Who recorded the clean-up (absent in facts from before it was kept). */
  cleanupAttestedBy: z.string().nullable().optional(),
});
export type GapProbe = z.infer<typeof GapProbe>;

/** DirSync's directory account names: MSOL_AD_SYNC on early builds, MSOL_ and 12 hex digits later. */
export const SYNC_ACCOUNT_NAME = /^MSOL_(AD_SYNC|[0-9a-f]{12})$/i;

export interface PathAdvice {
  path: UpgradePath | null;
  why: string;
}

/**
 * Which path fits this server: the articles for the 32-bit tool, Microsoft's current guidance for
 * the rest. `adfsHere`: AD FS runs on this server, where the articles forbid the sync tool, so the
 * new tool cannot be installed here (no in-place upgrade).
 */
/** The server itself cannot run current Entra Connect (64-bit Windows Server 2016 or later; NOTES-windows §12.5). */
export function serverCannotRunConnect(os: { version: string; is64Bit: boolean; isServer: boolean } | null | undefined): boolean {
  if (!os) return false;
  const build = windowsBuild(os.version);
  return !os.is64Bit || !os.isServer || (build !== null && serverSupport(build) === 'too-old');
}

export function recommendPath(tool: ToolFacts, objects: ObjectCount | null, adfsHere: boolean, serverTooOld = false): PathAdvice {
  if (tool.generation === 'none' || tool.generation === 'entra-connect') {
    return { path: null, why: 'No deprecated sync tool is installed here.' };
  }
  if (tool.generation === 'dirsync' && tool.bitness === '32') {
    return {
      path: 'uninstall-reinstall',
      why: 'The 32-bit tool keeps its data in a different database layout, so it cannot be upgraded in place: it is removed here and the new tool goes on a 64-bit server.',
    };
  }
  if (adfsHere) {
    return {
      path: 'parallel',
      why: 'AD FS runs on this server and the sync tool must not share a server with it, so the new tool cannot be installed here: it goes on a second computer, which takes over while this one keeps syncing.',
    };
  }
  if (serverTooOld) {
    return {
      path: 'parallel',
      why: 'This server cannot run current Entra Connect (it needs 64-bit Windows Server 2016 or later), so the new tool goes on a second computer, which takes over while this one keeps syncing.',
    };
  }
  if (!objects) return { path: null, why: 'The number of objects in sync scope decides the path: connect to Active Directory to count them.' };
  if (objects.total >= IN_PLACE_OBJECT_LIMIT) {
    return {
      path: 'parallel',
      why: `${objects.total.toLocaleString('en-US')} objects are in sync scope, at least the ${IN_PLACE_OBJECT_LIMIT.toLocaleString('en-US')} an in-place upgrade is meant for: the new tool goes on a second computer while this one keeps its settings.`,
    };
  }
  return {
    path: 'in-place',
    why: `${objects.total.toLocaleString('en-US')} objects are in sync scope, fewer than ${IN_PLACE_OBJECT_LIMIT.toLocaleString('en-US')}: the Entra Connect installer upgrades this server in place, keeping the settings.`,
  };
}

export const PATH_WORDS: Record<UpgradePath, string> = {
  'in-place': 'In-place upgrade on this server',
  'uninstall-reinstall': 'Uninstall here, install on a new 64-bit server',
  parallel: 'Update using a different computer',
};

export function computeScope(tool: ToolFacts, objects: ObjectCount | null, records: UpgradeRecordsData, adfsHere: boolean, serverTooOld = false): UpgradeScope {
  const deprecated = tool.generation === 'dirsync' || tool.generation === 'aadsync';
  const chosen = records.choice?.path ?? null;
  return {
    deprecated,
    chosen,
    active: chosen ?? (deprecated ? recommendPath(tool, objects, adfsHere, serverTooOld).path : null),
    fits: {
      'in-place': deprecated && tool.bitness !== '32' && !adfsHere && !serverTooOld && !!objects && objects.total < IN_PLACE_OBJECT_LIMIT,
      'uninstall-reinstall': deprecated,
      parallel: deprecated,
    },
  };
}
