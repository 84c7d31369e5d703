// The password-reset guard as the playbooks show it: the strict rule of
// shared/domain/password-guards.ts (refused for AADSync, builds from March 2017 or earlier, and
// an unreadable build), with what to do instead.
import type { SyncToolGeneration } from '../domain/host';
import { serviceAccountPasswordReset } from '../domain/password-guards';

export interface PasswordResetGuard {
  why: string;
  byHand: string[];
  source: string;
}

/** The guard that stops a password reset on this build, if any; null when a reset is safe. */
export function passwordResetGuard(generation: SyncToolGeneration, version: string | null): PasswordResetGuard | null {
  const v = serviceAccountPasswordReset(generation, version);
  if (v.allowed) return null;
  return { why: v.reason ?? 'The app does not reset this password.', byHand: v.byHand, source: v.source };
}
