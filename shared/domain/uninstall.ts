// What an uninstaller's exit code means. The codes are Windows Installer's (msiexec), which most
// uninstallers also use; the meaning decides what the app says and whether it verifies removal.
// Source: Windows Installer error codes (learn.microsoft.com, "MsiExec.exe and InstMsi.exe error
// messages"), as summarised in ../shared/NOTES-windows.md section 9; checked 2026-11.
import { z } from 'zod';

export const UninstallOutcome = z.enum([
  'removed', // 0
  'removed-restart-required', // 3010
  'restart-started', // 1641: done, and the installer started the restart
  'not-installed', // 1605
  'another-install-running', // 1618
  'fatal-error', // 1603
  'cancelled', // 1602
  'failed', // anything else
]);
export type UninstallOutcome = z.infer<typeof UninstallOutcome>;

const BY_CODE: Record<number, UninstallOutcome> = {
  0: 'removed',
  3010: 'removed-restart-required',
  1641: 'restart-started',
  1605: 'not-installed',
  1618: 'another-install-running',
  1603: 'fatal-error',
  1602: 'cancelled',
};

export function uninstallOutcome(exitCode: number): UninstallOutcome {
  return BY_CODE[exitCode] ?? 'failed';
}

/** The uninstaller says the product is gone (the entry is then checked, not taken on its word). */
export function reportsRemoval(outcome: UninstallOutcome): boolean {
  return outcome === 'removed' || outcome === 'removed-restart-required' || outcome === 'restart-started';
}

export function restartNeeded(outcome: UninstallOutcome): boolean {
  return outcome === 'removed-restart-required' || outcome === 'restart-started';
}

/** In words, for the outcome and the audit log. */
export const UNINSTALL_OUTCOME_WORDS: Record<UninstallOutcome, string> = {
  removed: 'removed',
  'removed-restart-required': 'removed; Windows needs a restart to finish',
  'restart-started': 'removed; the uninstaller started a restart of the server',
  'not-installed': 'Windows Installer says it is not installed (1605)',
  'another-install-running': 'another installation is running (1618); nothing was changed, try again when it has finished',
  'fatal-error': 'the uninstall failed with a fatal error (1603); nothing was removed, see the log file',
  cancelled: 'the uninstall was cancelled (1602)',
  failed: 'the uninstall failed',
};

export const UninstallMethod = z.enum(['msiexec', 'uninstall-string']);
export type UninstallMethod = z.infer<typeof UninstallMethod>;

export const UninstallResult = z.object({
  displayName: z.string(),
  productCode: z.string().nullable(),
  method: UninstallMethod,
  exitCode: z.number().int(),
  outcome: UninstallOutcome,
  rebootRequired: z.boolean(),
  /** The Windows Installer log (msiexec /l*v); null when the uninstaller is not msiexec. */
  logFile: z.string().nullable(),
  /** The uninstall entry was read again after the exit: true when it is gone. */
  entryRemoved: z.boolean(),
});
export type UninstallResult = z.infer<typeof UninstallResult>;
