// The Windows folder, found in a way a process without admin rights cannot redirect.
//
// %SystemRoot%, %windir% and PATH come from the environment the app was started with, which any
// process running as the user can change (HKCU\Environment, a parent process); the app runs
// elevated, so trusting them would let such a process choose the powershell.exe it starts.
// \SystemRoot is instead a symbolic link in the root of the kernel's object namespace, created at
// boot to point at the Windows folder; only the kernel (and administrators) can change it, and
// \\?\GLOBALROOT reaches it without going through the per-user drive letters (\??) a user can
// define. Resolving it with the native realpath (GetFinalPathNameByHandle) gives the ordinary
// drive path, e.g. C:\Windows.
import fs from 'node:fs';
import { HostError } from '../../ports/errors';

/** The kernel's link to the Windows folder, as a Win32 path. */
export const SYSTEM_ROOT_LINK = '\\\\?\\GLOBALROOT\\SystemRoot';

export type RealPathFn = (file: string) => string;

/** A plain absolute path on a local drive: no UNC share, no device path, no relative segment. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const LOCAL_DRIVE_PATH = /^[A-Za-z]:\\(?:[^\\/:*?"<>|\u0000-\u001f]+\\?)*$/;

export function trustedWindowsDir(realpath: RealPathFn = fs.realpathSync.native): string {
  let resolved: string;
  try {
    resolved = realpath(SYSTEM_ROOT_LINK);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new HostError('script-failed', `Could not find the Windows folder through the kernel's \\SystemRoot link: ${reason}`, {
      link: SYSTEM_ROOT_LINK,
    });
  }
  // GetFinalPathNameByHandle answers \\?\C:\Windows; Node usually strips the prefix itself.
  const dir = resolved.replace(/^\\\\\?\\(?=[A-Za-z]:\\)/, '').replace(/\\+$/, '');
  const segments = dir.split('\\').slice(1);
  if (!LOCAL_DRIVE_PATH.test(`${dir}\\`) || segments.length === 0 || segments.some((s) => s === '.' || s === '..' || s === '')) {
    throw new HostError('script-failed', `The kernel's \\SystemRoot link resolved to ${JSON.stringify(resolved)}, which is not a folder on a local drive.`, {
      link: SYSTEM_ROOT_LINK,
    });
  }
  return dir;
}
