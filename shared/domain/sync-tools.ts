// The sync tool generations the app knows, and the Windows services each one installs.
// Service key names are what Get-Service / sc.exe use; display names are what Services.msc shows.
import type { SyncToolGeneration } from './host';

export type SyncServiceRole = 'sync-engine' | 'scheduler' | 'database' | 'health' | 'updater';

export interface KnownSyncService {
  /** The service key name: the only thing matched (display names were rebranded over the years). */
  name: string;
  /** What Services.msc shows on deployed servers; for messages only, never for matching. */
  displayName: string;
  role: SyncServiceRole;
  /** true when the tool works without it (SQL Express is absent when a remote SQL server is used). */
  optional: boolean;
  /** Where the name comes from. */
  source: string;
}

export interface SyncToolProfile {
  generation: Exclude<SyncToolGeneration, 'none'>;
  label: string;
  /**
   * Display names of the uninstall entries that identify this tool, matched case-insensitively:
   * exact first, then as a prefix, in this order (the product's own entry before its companions).
   */
  programNames: string[];
  services: KnownSyncService[];
  /**
   * false for generations with no supported build at all. Whether a given install is supported
   * depends on its version and the date: evaluateSyncToolVersion (version-floors.ts).
   */
  supported: boolean;
}

export const SYNC_TOOLS: readonly SyncToolProfile[] = [
  {
    generation: 'dirsync',
    label: 'Windows Azure Active Directory Sync tool (DirSync)',
    programNames: [
      'Windows Azure Active Directory Sync tool',
      'Microsoft Online Services Directory Synchronization Tool',
      'Microsoft Online Services Directory Synchronization',
    ],
    services: [
      {
        name: 'FIMSynchronizationService',
        displayName: 'Forefront Identity Manager Synchronization Service',
        role: 'sync-engine',
        optional: false,
        source:
          'Display name: KB 2882421 Method 2 step 6 table. Key name: TechNet Wiki 24619 "DirSync accounts" and 365lab ' +
          '("Restart-Service FIMSynchronizationService -Force" to force a password sync).',
      },
      {
        name: 'MSOnlineSyncScheduler',
        displayName: 'Windows Azure Active Directory Sync Service',
        role: 'scheduler',
        optional: false,
        source:
          'Key name and display name confirmed: jcallaghan.com ("Change the default sync interval - Windows Azure Active ' +
          'Directory Sync") restarts the "Windows Azure Active Directory Sync Service" with Restart-Service MSOnlineSyncScheduler. ' +
          'KB 2882421 Method 1 step 2 calls it "Azure Active Directory Sync Service".',
      },
      {
        name: 'MSSQL$MSONLINE',
        displayName: 'SQL Server (MSONLINE)',
        role: 'database',
        optional: true,
        source:
          'A GUESS, not confirmed by any public source: SQL Server names the service of instance X MSSQL$X. ' +
          'The host discovers the real instance instead (Get-DsdSyncTool: MSSQL$ services running as the DirSync account ' +
          'or from its folder); this name is only asked for as well. Absent when DirSync uses a full SQL Server.',
      },
      {
        // KB 2882421's table spells the instance MOSONLINE, most likely a typo for MSONLINE; both are
        // asked for (an absent service is simply left out), so either spelling is covered.
        name: 'MSSQL$MOSONLINE',
        displayName: 'SQL Server (MOSONLINE)',
        role: 'database',
        optional: true,
        source:
          'A GUESS: KB 2882421 Method 2 step 6 table says "SQL Server (MOSONLINE) (if present)"; key name derived as MSSQL$<instance>. ' +
          'The host discovers the real instance (see MSSQL$MSONLINE).',
      },
    ],
    supported: false,
  },
  {
    generation: 'aadsync',
    label: 'Azure Active Directory Sync Services (AADSync)',
    // Not found in public sources (notes disagreement 10): kept as the names the tool most likely used.
    programNames: ['Microsoft Azure AD Sync Services', 'Azure Active Directory Sync Services'],
    services: [
      {
        name: 'ADSync',
        displayName: 'Microsoft Azure AD Sync',
        role: 'sync-engine',
        optional: false,
        source:
          'Display name: KB 2882421 Method 1 step 2. Key name confirmed: scripts that start it with Get-Service -Name ADSync ' +
          '(github oisinmcl1/TrojanTech StartService/startAdSync.ps1) and reports of "Service ADSync was not found".',
      },
    ],
    supported: false,
  },
  {
    generation: 'entra-connect',
    label: 'Microsoft Entra Connect (Azure AD Connect)',
    programNames: [
      'Microsoft Entra Connect Sync',
      'Microsoft Azure AD Connect',
      'Microsoft Entra Connect synchronization services',
      'Microsoft Azure AD Connect synchronization services',
      'Microsoft Entra Connect',
    ],
    services: [
      {
        name: 'ADSync',
        displayName: 'Microsoft Azure AD Sync',
        role: 'sync-engine',
        optional: false,
        source:
          'Display name: KB 2882421 Method 1 step 2 and Method 2 step 6 table ("Azure AD Sync"); newer Microsoft pages say ' +
          '"Microsoft Entra ID Sync", so only the key ADSync is matched (KB 2995030, Get-Service ADSync scripts agree). ' +
          "Default LocalDB is not a service; a remote SQL Server's service is not on this machine.",
      },
      {
        name: 'AzureADConnectHealthSyncInsights',
        displayName: 'Azure AD Connect Health Sync Insights Service',
        role: 'health',
        optional: true,
        source: 'Connect Health agent for sync, installed with Connect: entra-docs how-to-connect-health-agent-install and several scripts.',
      },
      {
        name: 'AzureADConnectHealthSyncMonitor',
        displayName: 'Azure AD Connect Health Sync Monitoring Service',
        role: 'health',
        optional: true,
        source: 'Connect Health agent for sync, installed with Connect: entra-docs how-to-connect-health-agent-install and several scripts.',
      },
      {
        name: 'AzureADConnectAgentUpdater',
        displayName: 'Microsoft Entra Connect Agent Updater',
        role: 'updater',
        optional: true,
        source: 'Added by Connect 2.2.1.0 and later (entra-docs version history, June 2023); key name from agent scripts (two sources).',
      },
    ],
    supported: true,
  },
];

export function syncToolProfile(generation: SyncToolGeneration): SyncToolProfile | undefined {
  return SYNC_TOOLS.find((t) => t.generation === generation);
}

/** The service that runs synchronization for a generation (the one KB 2882421 Method 1 step 2 checks). */
export function syncEngineService(generation: SyncToolGeneration): KnownSyncService | undefined {
  const profile = syncToolProfile(generation);
  if (!profile) return undefined;
  // DirSync's visible "sync service" is its scheduler; the FIM engine sits under it.
  const wanted = generation === 'dirsync' ? 'scheduler' : 'sync-engine';
  return profile.services.find((s) => s.role === wanted);
}
