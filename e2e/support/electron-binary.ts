// Finds Electron's executable the way node_modules/electron/index.js does, without requiring
// that module: requiring it starts a download when the binary is missing, which fails (and
// hangs for a while) on machines without network access.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { found: true; executablePath: string } | { found: false; reason: string };

export interface FindElectronOptions {
  root: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: string;
  exists?: (file: string) => boolean;
  read?: (file: string) => string | null;
}

const readOrNull = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/** The executable's path inside an Electron dist folder (as electron's install.js names it). */
export function platformExecutable(platform: string): string {
  if (platform === 'win32') return 'electron.exe';
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}

export function findElectronBinary(options: FindElectronOptions): ElectronBinary {
  const exists = options.exists ?? existsSync;
  const read = options.read ?? readOrNull;
  const packageDir = path.join(options.root, 'node_modules', 'electron');
  if (!exists(path.join(packageDir, 'package.json'))) {
    return { found: false, reason: 'Electron binary not available here: the electron npm package is not installed (run npm ci).' };
  }
  const pathTxt = read(path.join(packageDir, 'path.txt'))?.trim() || null;

  const override = options.env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  if (override) {
    const executablePath = path.join(override, pathTxt ?? platformExecutable(options.platform));
    return exists(executablePath)
      ? { found: true, executablePath }
      : {
          found: false,
          reason: `Electron binary not available here: ELECTRON_OVERRIDE_DIST_PATH is set, but ${executablePath} does not exist.`,
        };
  }
  if (pathTxt) {
    const executablePath = path.join(packageDir, 'dist', pathTxt);
    if (exists(executablePath)) return { found: true, executablePath };
  }
  return {
    found: false,
    reason:
      'Electron binary not available here: the electron npm package downloads it on first use and this machine cannot ' +
      '(node_modules/electron has no dist/ binary). To run this spec, install it where the network allows ' +
      '(npx install-electron) or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding the Electron executable.',
  };
}
