// The sync tool generations the app knows, and the Windows services each one installs.
// Service key names are what Get-Service / sc.exe use; display names are what Services.msc shows.
import type { SyncToolGeneration } from './host';

export type SyncServiceRole = 'sync-engine' | 'scheduler' | 'database';

export interface KnownSyncService {
  name: string;
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
  /** Display names of the uninstall entries that identify this tool (matched case-insensitively, prefix). */
  programNames: string[];
  services: KnownSyncService[];
  /** false for generations Microsoft no longer accepts connections from (KB kit files 000 and 001). */
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
          'Display name: KB 2882421 Method 2 step 6 table. Key name: DirSync backup/restore instructions ' +
          '(nuno-silva.net, "Backup and Restore Instructions for the DirSync Database") name the FIMSynchronizationService account.',
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
          'NOT confirmed: no stored public source names the instance. SQL Server names the service of instance X MSSQL$X, ' +
          'shown as "SQL Server (X)"; MSONLINE is the instance name assumed for DirSync\'s bundled SQL Express. ' +
          'Absent when DirSync uses a full SQL Server.',
      },
      {
        // KB 2882421's table spells the instance MOSONLINE, most likely a typo for MSONLINE; both are
        // asked for (an absent service is simply left out), so either spelling is covered.
        name: 'MSSQL$MOSONLINE',
        displayName: 'SQL Server (MOSONLINE)',
        role: 'database',
        optional: true,
        source: 'KB 2882421 Method 2 step 6 table: "SQL Server (MOSONLINE) (if present)"; key name derived as MSSQL$<instance>.',
      },
    ],
    supported: false,
  },
  {
    generation: 'aadsync',
    label: 'Azure Active Directory Sync Services (AADSync)',
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
    programNames: ['Microsoft Entra Connect', 'Microsoft Azure AD Connect', 'Microsoft Entra Connect Sync'],
    services: [
      {
        name: 'ADSync',
        displayName: 'Microsoft Azure AD Sync',
        role: 'sync-engine',
        optional: false,
        source:
          'Display name: KB 2882421 Method 1 step 2 and Method 2 step 6 table ("Azure AD Sync"). Key name ADSync, as for AADSync ' +
          '(same sync engine; Stop-Service -DisplayName "Microsoft Azure AD Sync" scripts and Get-Service ADSync scripts agree).',
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
