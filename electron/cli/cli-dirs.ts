// Where the command line keeps its data and writes its audit log: where the desktop app does.
// An installed build (the release build) ignores every DSD_* variable, since any process of the
// user can set them; on Windows it audits to the per-machine, administrators-only folder
// (ProgramData\DirSync Doctor\audit, found through the kernel's \SystemRoot link, never
// %ProgramData%) and keeps undo files beside it. Development and tests may point DSD_DATA_DIR
// elsewhere; an empty DSD_DATA_DIR is refused in every build (it used to write ./audit in the
// working directory).
import os from 'node:os';
import path from 'node:path';
import { RELEASE_BUILD } from '../app/build-flavor';
import { prepareMachineAuditDir } from '../audit/audit-location';
import { trustedWindowsDir } from '../host/windows/windows-dir';
import type { CliIo } from './io';

export interface CliDirs {
  /** Progress, records, scan sessions: per user. */
  dataDir: string;
  /** The audit log's folder. */
  auditDir: string;
  /** The undo files the app writes, beside the audit log. */
  undoDir: string;
  /** True where the folders are the administrators-only per-machine ones. */
  perMachine: boolean;
}

/** What kind of build runs: the shipped CLI reads it from the bundle; tests hand one in. */
export interface CliFlavor {
  release: boolean;
  platform: NodeJS.Platform;
  /** Creates and locks down the per-machine folder, answering its audit folder. */
  prepareMachineAuditDir: () => Promise<string>;
}

export const shippedFlavor = (): CliFlavor => ({
  release: RELEASE_BUILD,
  platform: process.platform,
  prepareMachineAuditDir: () => prepareMachineAuditDir(trustedWindowsDir()),
});

export class CliDirsError extends Error {
  override name = 'CliDirsError';
}

/** The per-user data folder: DSD_DATA_DIR in development, the home folder's otherwise. */
export function cliDataDir(env: NodeJS.ProcessEnv, flavor: CliFlavor): string {
  const value = env.DSD_DATA_DIR;
  if (value !== undefined && value.trim() === '') {
    throw new CliDirsError("DSD_DATA_DIR is set but empty; unset it (the data folder is then your home folder's .dirsync-doctor) or name a folder");
  }
  if (flavor.release || value === undefined) return path.join(os.homedir(), '.dirsync-doctor');
  return path.resolve(value);
}

export async function cliDirs(io: CliIo): Promise<CliDirs> {
  const flavor = io.flavor ?? shippedFlavor();
  const dataDir = cliDataDir(io.env, flavor);
  if (flavor.release && flavor.platform === 'win32') {
    let auditDir: string;
    try {
      auditDir = await flavor.prepareMachineAuditDir();
    } catch (e) {
      throw new CliDirsError(
        `the audit folder for administrators could not be prepared (${(e as Error).message}); run the command line from an elevated prompt`,
      );
    }
    return { dataDir, auditDir, undoDir: path.join(path.dirname(auditDir), 'undo'), perMachine: true };
  }
  return { dataDir, auditDir: path.join(dataDir, 'audit'), undoDir: path.join(dataDir, 'undo'), perMachine: false };
}
