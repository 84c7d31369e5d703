// Builds whose service account password must not be reset, or needs the key tool afterwards.
// Facts that change with time live here as data, each with its source and the date it was read.
import type { SyncToolGeneration } from '../domain/host';
import { compareVersions } from '../domain/version-floors';

export interface PasswordResetGuard {
  generation: SyncToolGeneration;
  /** Applies to builds at or below this version. */
  atOrBelow: string;
  /** refuse: the app does not reset it (the sync engine's keys would be lost). */
  effect: 'refuse';
  why: string;
  byHand: string[];
  source: string;
  checked: string;
}

export const PASSWORD_RESET_GUARDS: readonly PasswordResetGuard[] = [
  {
    generation: 'entra-connect',
    atOrBelow: '1.1.443.0',
    effect: 'refuse',
    why:
      'On Azure AD Connect builds from March 2017 or older, resetting the sync service account password destroys access to the ' +
      'encryption keys the engine keeps its connector passwords with.',
    byHand: [
      'Upgrade Azure AD Connect to a supported build first; the password can be handled after that.',
      'If the password was already changed: run miiskmu.exe /a from the sync engine Bin folder to abandon the old key, ' +
        're-enter the AD connector password in Synchronization Service Manager, then run Add-ADSyncAADServiceAccount.',
    ],
    source: "Microsoft Learn, 'Changing the ADSync service account password' (MS-SvcPwd) and 'ADSync service account' (MS-SvcAcct); NOTES-windows.md §2",
    checked: '2026-11-21',
  },
];

/** The guard that stops a password reset on this build, if any. */
export function passwordResetGuard(generation: SyncToolGeneration, version: string | null): PasswordResetGuard | null {
  if (!version) return null;
  return PASSWORD_RESET_GUARDS.find((g) => {
    const cmp = g.generation === generation ? compareVersions(version, g.atOrBelow) : null;
    return cmp !== null && cmp <= 0;
  }) ?? null;
}
