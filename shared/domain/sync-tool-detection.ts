// Which sync tool generation is installed, told from the uninstall entries (and, when those
// say nothing, from the services), including whether the install is 32-bit.
import type { InstalledProgram, OsFacts, ServiceInfo, SyncToolGeneration } from './host';
import { SYNC_TOOLS, type SyncToolProfile } from './sync-tools';

export interface DetectedSyncTool {
  generation: SyncToolGeneration;
  label: string;
  program: InstalledProgram | null;
  /** '32' for a 32-bit install: found under WOW6432Node, or any install on 32-bit Windows. */
  bitness: '32' | '64' | null;
  supported: boolean;
}

const NONE: DetectedSyncTool = { generation: 'none', label: 'No sync tool found', program: null, bitness: null, supported: false };

/**
 * Uninstall entries that share the tools' name prefixes but are not the sync tool: the Cloud Sync
 * provisioning agent, the pass-through authentication agent, the Agent Updater and the Connect
 * Health agents ("Microsoft Entra Connect Provisioning Agent" 1.x is not Connect 1.x). The
 * PowerShell scripts exclude the same pattern (tests/windows-host checks they do).
 */
export const COMPANION_PROGRAM = /Agent|Health/i;

function matchesProgram(profile: SyncToolProfile, p: InstalledProgram): boolean {
  if (COMPANION_PROGRAM.test(p.displayName)) return false;
  const name = p.displayName.toLowerCase();
  return profile.programNames.some((n) => name.startsWith(n.toLowerCase()));
}

/**
 * The one order in which generations are looked for, here and in the PowerShell scripts (the
 * Windows host sends the tools in this order; DsdCommon's own list follows it): newest first, as
 * a half-finished upgrade leaves both tools and the new one is the one that runs.
 */
export const DETECTION_ORDER: readonly SyncToolProfile['generation'][] = ['entra-connect', 'aadsync', 'dirsync'];
export const PROFILES_IN_DETECTION_ORDER: readonly SyncToolProfile[] = DETECTION_ORDER.map((g) => SYNC_TOOLS.find((t) => t.generation === g)!);
const NEWEST_FIRST = PROFILES_IN_DETECTION_ORDER;

export function detectSyncTool(
  programs: readonly InstalledProgram[],
  services: readonly ServiceInfo[] = [],
  os: Pick<OsFacts, 'is64Bit'> | null = null,
): DetectedSyncTool {
  for (const profile of NEWEST_FIRST) {
    const program = programs.find((p) => matchesProgram(profile, p));
    if (program) {
      const bitness = os && !os.is64Bit ? '32' : program.registryView;
      return {
        generation: profile.generation,
        label: profile.label,
        program,
        bitness,
        supported: profile.supported && bitness === '64',
      };
    }
  }
  // No uninstall entry (damaged install): fall back to the services that are present.
  const names = new Set(services.map((s) => s.name.toLowerCase()));
  for (const profile of NEWEST_FIRST) {
    if (profile.services.some((s) => !s.optional && names.has(s.name.toLowerCase()))) {
      return { generation: profile.generation, label: profile.label, program: null, bitness: null, supported: profile.supported };
    }
  }
  return NONE;
}

/** Every service name any generation may install, for one services query. */
export const ALL_SYNC_SERVICE_NAMES: readonly string[] = [...new Set(SYNC_TOOLS.flatMap((t) => t.services.map((s) => s.name)))];
