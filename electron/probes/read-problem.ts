// A port that did not answer, told in words for a check that then says "unknown" (never a raw
// ECONNREFUSED). The error code stays available in the evidence for support.
import { DirectoryError, HostError } from '../ports/errors';

const DIRECTORY_WORDS: Partial<Record<DirectoryError['code'], string>> = {
  unreachable: 'the domain controller did not answer (it may be stopped, or the network to it is down)',
  timeout: 'the domain controller did not answer in time',
  'tls-failed': 'the secure connection to the domain controller failed (its certificate is not trusted or does not match its name)',
  'invalid-credentials': 'the directory sign-in of this app was refused (sign in again on the start page)',
  'insufficient-rights': 'the account this app signed in with may not read that',
  cancelled: 'the check was cancelled',
};

const HOST_WORDS: Partial<Record<HostError['code'], string>> = {
  'not-elevated': 'the app is not running as an administrator on the server: start DirSync Doctor with "Run as administrator"',
  'not-sync-admin':
    "the sync engine's PowerShell cmdlets refused your account: add it to the local ADSyncAdmins group (FIMSyncAdmins on DirSync), then sign out and in again; running as administrator is not enough",
  'script-timeout': 'the server did not answer in time (it may be busy; PowerShell starts slowly on a loaded server)',
  'script-failed': 'the command on the server failed',
  'sync-unavailable': "the sync tool's PowerShell module could not be loaded: it comes with the sync tool and answers only while the sync service runs",
  'scheduler-suspended':
    'the sync scheduler is suspended (the configuration wizard is open on the server, or an upgrade did not finish): close the wizard or finish the upgrade, and no cycle starts until then',
  'bad-output': 'the server answered with something the app could not read',
};

/** The reason a fact could not be read, in words, ending with what to do. */
export function readProblem(e: unknown): string {
  if (e instanceof DirectoryError) return `${DIRECTORY_WORDS[e.code] ?? 'the directory refused the request'} [${e.code}]. Check again when it is back.`;
  if (e instanceof HostError) return `${HOST_WORDS[e.code] ?? 'the server refused the request'} [${e.code}]. Check again.`;
  if (e instanceof Error && e.name === 'AbortError') return 'the check was cancelled.';
  throw e;
}
