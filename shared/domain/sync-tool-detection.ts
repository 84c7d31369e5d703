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

function matchesProgram(profile: SyncToolProfile, p: InstalledProgram): boolean {
  const name = p.displayName.toLowerCase();
  return profile.programNames.some((n) => name.startsWith(n.toLowerCase()));
}

// Newest generation first: a half-finished upgrade leaves both, and the new one is the one that runs.
const NEWEST_FIRST = [...SYNC_TOOLS].reverse();

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
