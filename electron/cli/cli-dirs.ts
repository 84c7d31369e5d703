// Where the command line keeps its data and writes its audit log: where the desktop app does.
// The per-user data folder is the app's own (electron/app/user-data-dir.ts, shared with the app's
// glue so the two cannot drift; its rules on DSD_DATA_DIR/DSD_USER_DATA apply here). An installed
// build (the release build) on Windows audits to the per-machine, administrators-only folder
// (ProgramData\DirSync Doctor\audit, found through the kernel's \SystemRoot link, never
// %ProgramData%) and keeps undo files beside it.
import path from 'node:path';
import { RELEASE_BUILD } from '../app/build-flavor';
import { userDataDir, UserDataDirError } from '../app/user-data-dir';
import { prepareMachineAuditDir } from '../audit/audit-location';
import { trustedWindowsDir } from '../host/windows/windows-dir';
import type { CliFlavor, CliIo } from './io';

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

export type { CliFlavor };

export const shippedFlavor = (): CliFlavor => ({
  release: RELEASE_BUILD,
  platform: process.platform,
  prepareMachineAuditDir: () => prepareMachineAuditDir(trustedWindowsDir()),
});

export class CliDirsError extends Error {
  override name = 'CliDirsError';
}

/** The per-user data folder: the desktop app's (DSD_DATA_DIR or DSD_USER_DATA in development). */
export function cliDataDir(env: NodeJS.ProcessEnv, flavor: CliFlavor): string {
  try {
    return userDataDir({ env, platform: flavor.platform, release: flavor.release });
  } catch (e) {
    if (e instanceof UserDataDirError) throw new CliDirsError(e.message);
    throw e;
  }
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
