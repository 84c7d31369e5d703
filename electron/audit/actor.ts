// Who acts, for the audit log: the process's own identity, never an environment variable
// (%USERNAME% and %USERDOMAIN% are whatever the parent process set).
//
// os.userInfo() asks the OS about the running process: getpwuid(geteuid()) on Linux and macOS,
// the process token (GetUserNameW) on Windows. The Windows domain is left out on purpose: Node
// has no API for the token's domain, and the only sources without a native module (a PowerShell
// query, whoami.exe) would add a process start to every app start; the account name alone is
// still the token's. The audit line's host field names the machine.
import os from 'node:os';

export type UserInfoFn = () => { username: string };

export function processActor(userInfo: UserInfoFn = () => os.userInfo()): string {
  try {
    const name = userInfo().username;
    return name && name.trim() !== '' ? name : 'unknown';
  } catch {
    return 'unknown';
  }
}
