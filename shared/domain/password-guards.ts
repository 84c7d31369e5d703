// Whether the app may reset the password of the sync service's logon account, by tool and build.
// On builds from March 2017 or earlier (every AADSync build, and Connect up to 1.1.443.0) the
// engine's encryption key is protected under the service account: an administrator's reset makes
// Windows destroy it. A change made with the old password, or the key-abandon procedure Microsoft
// documents, are the ways there: the app does neither, so it refuses and explains. When the build
// cannot be read, the app does not risk it either. This is the one guard every reset goes through
// (checks, fix plans, the action itself).
import type { SyncToolGeneration } from './host';
import { SOURCES, sourceLine } from './public-sources';
import { compareVersions } from './version-floors';

export const LAST_BUILD_NEEDING_KEY_TOOL = '1.1.443.0';

export interface PasswordResetVerdict {
  allowed: boolean;
  /** Why not, in the app's words; null when allowed. */
  reason: string | null;
  /** What the admin can do instead, one instruction a line; empty when allowed. */
  byHand: string[];
  source: string;
}

const SOURCE = sourceLine(SOURCES.serviceAccountPassword, SOURCES.serviceAccount);
const KEY_TOOL_STEPS = [
  'Upgrade to a supported Entra Connect build first; the password can be handled after that.',
  "If the password was already reset: run miiskmu.exe /a from the sync engine's Bin folder to abandon the old key, re-enter the AD connector password in Synchronization Service Manager, then run Add-ADSyncAADServiceAccount.",
];

export function serviceAccountPasswordReset(generation: SyncToolGeneration, version: string | null): PasswordResetVerdict {
  if (generation === 'dirsync') {
    // DirSync's local AAD_ account: reset it, then the Log On password of both services.
    return { allowed: true, reason: null, byHand: [], source: sourceLine(SOURCES.dirsyncAccounts) };
  }
  if (generation === 'none') return { allowed: false, reason: 'No sync tool is installed.', byHand: [], source: SOURCE };
  if (generation === 'aadsync') {
    return {
      allowed: false,
      reason:
        "Every Azure AD Sync build is from before April 2017: an administrator's password reset there makes Windows destroy the encryption key the sync engine keeps its connector passwords with.",
      byHand: KEY_TOOL_STEPS,
      source: SOURCE,
    };
  }
  const cmp = version === null ? null : compareVersions(version, LAST_BUILD_NEEDING_KEY_TOOL);
  if (cmp === null) {
    return {
      allowed: false,
      reason:
        "The sync tool's build could not be read: on builds from March 2017 or earlier (up to 1.1.443.0) a password reset makes Windows destroy the encryption key, so the app does not risk it.",
      byHand: ['Read the build (the Product version of AzureADConnect.exe, or Programs and Features) and check again.', ...KEY_TOOL_STEPS],
      source: SOURCE,
    };
  }
  if (cmp <= 0) {
    return {
      allowed: false,
      reason: `Build ${version} is from March 2017 or earlier: an administrator's password reset there makes Windows destroy the encryption key the sync engine keeps its connector passwords with.`,
      byHand: KEY_TOOL_STEPS,
      source: SOURCE,
    };
  }
  return { allowed: true, reason: null, byHand: [], source: SOURCE };
}
