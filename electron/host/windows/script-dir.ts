// Where the host's PowerShell scripts are: <resources>/assets/powershell in the packaged app
// (electron-builder extraResources, next to resolveAssetsDir's lab scenarios), the repo's
// assets/powershell in development and tests.
import fs from 'node:fs';
import path from 'node:path';

/** A file every script dot-sources; its presence marks the folder. */
export const SCRIPT_DIR_MARKER = 'DsdCommon.ps1';

export interface ScriptDirContext {
  /** Electron's process.resourcesPath (undefined in plain Node). */
  resourcesPath?: string;
  /** Electron's process.defaultApp: true when run as `electron .` from a checkout, i.e. not packaged. */
  defaultApp?: boolean;
  /** Folders to look under for assets/powershell when not packaged, nearest first. */
  searchFrom: string[];
  exists: (file: string) => boolean;
}

export function resolveScriptDir(ctx: ScriptDirContext = currentContext()): string {
  if (typeof ctx.resourcesPath === 'string' && ctx.defaultApp !== true) {
    return path.join(ctx.resourcesPath, 'assets', 'powershell');
  }
  for (const start of ctx.searchFrom) {
    // Walk up: the source tree (electron/host/windows) and a bundle (dist/electron) sit at different depths.
    let dir = path.resolve(start);
    for (;;) {
      const candidate = path.join(dir, 'assets', 'powershell');
      if (ctx.exists(path.join(candidate, SCRIPT_DIR_MARKER))) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`PowerShell scripts not found: no assets/powershell/${SCRIPT_DIR_MARKER} above ${ctx.searchFrom.join(' or ')}`);
}

function currentContext(): ScriptDirContext {
  const electronProcess = process as NodeJS.Process & { resourcesPath?: string; defaultApp?: boolean };
  // __dirname exists in the CommonJS bundle (dist/electron); under ESM (tests, tsx) the working
  // directory is the repo. import.meta is avoided: esbuild empties it in a CommonJS bundle.
  const bundleDir = typeof __dirname === 'string' ? __dirname : null;
  return {
    resourcesPath: electronProcess.resourcesPath,
    defaultApp: electronProcess.defaultApp,
    searchFrom: bundleDir ? [bundleDir, process.cwd()] : [process.cwd()],
    exists: (file) => fs.existsSync(file),
  };
}
