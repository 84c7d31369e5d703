// Whether the app may reset the password of the sync service's logon account, by tool and build
// (notes §2, disagreement 11). Builds of March 2017 or older (up to 1.1.443.0) lose their
// encryption keys when the password changes unless the admin also abandons the key with
// miiskmu.exe, re-enters the AD connector password and runs Add-ADSyncAADServiceAccount: a
// procedure the app does not run, so it explains it instead of resetting.
import type { SyncToolGeneration } from './host';
import { compareVersions } from './version-floors';

export const LAST_BUILD_NEEDING_KEY_TOOL = '1.1.443.0';

export interface PasswordResetVerdict {
  allowed: boolean;
  /** Why not, in the app's words; null when allowed. */
  reason: string | null;
  source: string;
}

const SOURCE = 'entra-docs how-to-connect-sync-change-serviceacct-pass and concept-adsync-service-account (2019, 2024)';

export function serviceAccountPasswordReset(generation: SyncToolGeneration, version: string | null): PasswordResetVerdict {
  if (generation === 'dirsync') {
    // DirSync's local AAD_ account: reset it, then the Log On password of both services.
    return { allowed: true, reason: null, source: 'TechNet Wiki 24619 "DirSync accounts"' };
  }
  if (generation === 'none') return { allowed: false, reason: 'No sync tool is installed.', source: SOURCE };
  const cmp = version === null ? null : compareVersions(version, LAST_BUILD_NEEDING_KEY_TOOL);
  if (cmp === null) {
    return { allowed: false, reason: 'The sync tool\'s build is unknown: on builds up to 1.1.443.0 a password reset destroys the encryption keys, so the app does not risk it.', source: SOURCE };
  }
  if (cmp <= 0) {
    return {
      allowed: false,
      reason: `Build ${version} is from March 2017 or older: changing the service account password there also needs the encryption key abandoned (miiskmu.exe), the AD connector password re-entered and Add-ADSyncAADServiceAccount run. Upgrade the sync tool instead.`,
      source: SOURCE,
    };
  }
  return { allowed: true, reason: null, source: SOURCE };
}
