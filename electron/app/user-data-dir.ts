// The per-user data folder (upgrade records, progress, scan sessions; outside the Windows install
// also the audit log), computed without Electron so the desktop app and the command line use the
// same one: a path chosen in one is then seen by the other on the same server. The app sets
// Electron's userData from here (glue/lifecycle.ts) and the CLI reads it (cli/cli-dirs.ts).
//
// The default is what Electron itself picks for this app, so existing app data stays where it is:
// appData joined with the app's name, which Electron takes from package.json (productName, else
// name). Our package.json has only name, "dirsync-doctor"; electron-builder's productName
// ("DirSync Doctor") names the installer and the executable but is not written into the packaged
// package.json, so it does not change this folder.
//   Windows: %APPDATA%\dirsync-doctor   macOS: ~/Library/Application Support/dirsync-doctor
//   Linux:   $XDG_CONFIG_HOME/dirsync-doctor, else ~/.config/dirsync-doctor
//
// Development and tests may move it with DSD_USER_DATA (absolute) or DSD_DATA_DIR (either name
// works for the app and the CLI alike). A release build ignores both, since any process of the user
// can set them for an elevated app. An empty value is refused in every build (an empty DSD_DATA_DIR
// once meant ./audit in the working directory).
import os from 'node:os';
import path from 'node:path';

/** The folder's name under appData: Electron's app name, package.json "name". */
export const APP_DATA_FOLDER = 'dirsync-doctor';

export interface UserDataDirSource {
  env: Readonly<Record<string, string | undefined>>;
  platform: string;
  /** The installer's build (electron/app/build-flavor.ts): DSD_* ignored. */
  release: boolean;
  /** The user's home folder (default: os.homedir()). */
  home?: string;
}

export class UserDataDirError extends Error {
  override name = 'UserDataDirError';
}

const OVERRIDES = ['DSD_USER_DATA', 'DSD_DATA_DIR'] as const;

/** Electron's appData for this user and platform. */
export function appDataDir(env: Readonly<Record<string, string | undefined>>, platform: string, home: string): string {
  const given = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  if (platform === 'win32') return given('APPDATA') ?? path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return given('XDG_CONFIG_HOME') ?? path.join(home, '.config');
}

/** The platform's default data folder, whatever the DSD_* variables say. */
export function defaultUserDataDir(source: UserDataDirSource): string {
  return path.join(appDataDir(source.env, source.platform, source.home ?? os.homedir()), APP_DATA_FOLDER);
}

/** The data folder the app and the CLI use; throws UserDataDirError on a bad override. */
export function userDataDir(source: UserDataDirSource): string {
  const fallback = defaultUserDataDir(source);
  const chosen: { name: string; dir: string }[] = [];
  for (const name of OVERRIDES) {
    const value = source.env[name];
    if (value === undefined) continue;
    if (value.trim() === '') {
      throw new UserDataDirError(`${name} is set but empty; unset it (the data folder is then ${fallback}) or name a folder`);
    }
    if (source.release) continue;
    const trimmed = value.trim();
    if (name === 'DSD_USER_DATA' && !path.isAbsolute(trimmed)) {
      throw new UserDataDirError(`DSD_USER_DATA must be an absolute directory path, got ${JSON.stringify(trimmed.slice(0, 60))}`);
    }
    chosen.push({ name, dir: path.resolve(trimmed) });
  }
  const [first, second] = chosen;
  if (first && second && first.dir !== second.dir) {
    throw new UserDataDirError(`${first.name} and ${second.name} name different folders (${first.dir}, ${second.dir}); set one of them`);
  }
  return first?.dir ?? fallback;
}
