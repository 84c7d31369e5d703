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
        source: 'KB 2882421 Method 2 step 6 table (display name); key name as FIM 2010 installs it',
      },
      {
        name: 'MSOnlineSyncScheduler',
        displayName: 'Windows Azure Active Directory Sync Service',
        role: 'scheduler',
        optional: false,
        source: 'KB 2882421 Method 1 step 2 (display name); key name: to be confirmed, see WindowsHost notes',
      },
      {
        name: 'MSSQL$MSONLINE',
        displayName: 'SQL Server (MSONLINE)',
        role: 'database',
        optional: true,
        source: 'KB 2882421 Method 2 step 6 table ("if present"); SQL named instance MSONLINE => MSSQL$MSONLINE',
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
        source: 'KB 2882421 Method 1 step 2 (display name); ADSync is the service key name',
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
        source: 'KB 2882421 Method 1 step 2 / Method 2 step 6 table',
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
