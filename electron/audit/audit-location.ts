// Where the audit log lives. The per-machine Windows install (a release build on Windows) keeps
// it in %ProgramData%\DirSync Doctor\audit, so every admin's actions on the server are in one log
// that normal users cannot edit; development, tests and other platforms keep it in the app's data
// folder. %ProgramData% is not read from the environment (any process of the user can set it):
// it is the ProgramData folder on the drive of the Windows folder found through the kernel's
// \SystemRoot link (host/windows/windows-dir.ts).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Well-known SIDs, so the ACL does not depend on the language of the group names. */
export const SID = { administrators: 'S-1-5-32-544', system: 'S-1-5-18', users: 'S-1-5-32-545' } as const;

export function machineAppDir(windowsDir: string): string {
  const drive = /^[A-Za-z]:(?=\\)/.exec(windowsDir)?.[0];
  if (!drive) throw new Error(`The Windows folder ${JSON.stringify(windowsDir)} is not on a local drive.`);
  return path.win32.join(`${drive}\\`, 'ProgramData', 'DirSync Doctor');
}

/**
 * icacls runs that make the folder administrators-only: owned by Administrators (a user who
 * created the folder first would otherwise keep the right to change its ACL), inheritance cut,
 * full control for Administrators and SYSTEM, read for Users; subfolders and files inherit it;
 * keys/ (the install key) for Administrators and SYSTEM only.
 */
export function aclCommands(dir: string, windowsDir: string): { file: string; args: string[] }[] {
  const icacls = path.win32.join(windowsDir, 'System32', 'icacls.exe');
  return [
    { file: icacls, args: [dir, '/setowner', `*${SID.administrators}`, '/t', '/c', '/q'] },
    {
      file: icacls,
      args: [dir, '/inheritance:r', '/grant:r', `*${SID.administrators}:(OI)(CI)F`, `*${SID.system}:(OI)(CI)F`, `*${SID.users}:(OI)(CI)RX`, '/t', '/c', '/q'],
    },
    // The install key that seals saved files (install-key.ts): not even readable by Users.
    {
      file: icacls,
      args: [path.win32.join(dir, 'keys'), '/inheritance:r', '/grant:r', `*${SID.administrators}:(OI)(CI)F`, `*${SID.system}:(OI)(CI)F`, '/t', '/c', '/q'],
    },
  ];
}

export type RunFile = (file: string, args: readonly string[]) => Promise<{ code: number | null; stderr: string }>;

/** execFile with an argument array: no shell, nothing interpreted. */
export const runFile: RunFile = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { windowsHide: true, shell: false, timeout: 30_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr: String(stderr) });
    });
  });

/** Creates (if needed) and locks down the per-machine folder; answers the audit folder inside it. */
export async function prepareMachineAuditDir(
  windowsDir: string,
  run: RunFile = runFile,
  mkdir: (dir: string) => Promise<unknown> = (dir) => fs.promises.mkdir(dir, { recursive: true }),
): Promise<string> {
  const appDir = machineAppDir(windowsDir);
  const auditDir = path.win32.join(appDir, 'audit');
  await mkdir(auditDir);
  await mkdir(path.win32.join(appDir, 'keys'));
  // Every start, not only on creation: the ACL is checked into shape before the first line is written.
  for (const { file, args } of aclCommands(appDir, windowsDir)) {
    const r = await run(file, args);
    if (r.code !== 0)
      throw new Error(`Could not make ${appDir} writable by administrators only (icacls exit ${String(r.code)}): ${r.stderr.trim() || 'no message'}`);
  }
  return auditDir;
}
