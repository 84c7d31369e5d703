// The data folder the app and the CLI share: Electron's default for this app on each platform,
// moved only in development, never by an empty variable.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_DATA_FOLDER, userDataDir, UserDataDirError } from './user-data-dir';

const home = path.resolve('/home/tech');
const dir = (env: Record<string, string>, platform: string, release = false) => userDataDir({ env, platform, release, home });

describe('userDataDir', () => {
  it('is Electron default for this app: appData joined with the package name', () => {
    // Electron names the app after package.json productName, else name; a productName added there
    // would move every existing install's data.
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { name: string; productName?: string };
    expect(pkg.productName).toBeUndefined();
    expect(APP_DATA_FOLDER).toBe(pkg.name);

    expect(dir({ APPDATA: path.resolve('/roaming') }, 'win32')).toBe(path.join(path.resolve('/roaming'), 'dirsync-doctor'));
    expect(dir({}, 'win32')).toBe(path.join(home, 'AppData', 'Roaming', 'dirsync-doctor'));
    expect(dir({}, 'darwin')).toBe(path.join(home, 'Library', 'Application Support', 'dirsync-doctor'));
    expect(dir({ XDG_CONFIG_HOME: path.resolve('/xdg') }, 'linux')).toBe(path.join(path.resolve('/xdg'), 'dirsync-doctor'));
    expect(dir({ XDG_CONFIG_HOME: ' ' }, 'linux')).toBe(path.join(home, '.config', 'dirsync-doctor'));
  });

  it('development honours DSD_DATA_DIR or DSD_USER_DATA; a release build ignores both', () => {
    const chosen = path.resolve('/tmp/dsd-chosen');
    expect(dir({ DSD_DATA_DIR: chosen }, 'linux')).toBe(chosen);
    expect(dir({ DSD_USER_DATA: chosen }, 'win32')).toBe(chosen);
    expect(dir({ DSD_DATA_DIR: chosen, DSD_USER_DATA: chosen }, 'linux')).toBe(chosen);
    expect(dir({ DSD_DATA_DIR: chosen, DSD_USER_DATA: chosen }, 'linux', true)).toBe(path.join(home, '.config', 'dirsync-doctor'));
  });

  it.each([
    [{ DSD_DATA_DIR: '' }, false, /DSD_DATA_DIR is set but empty; unset it \(the data folder is then .*dirsync-doctor\)/],
    [{ DSD_USER_DATA: '  ' }, false, /DSD_USER_DATA is set but empty/],
    [{ DSD_DATA_DIR: '' }, true, /DSD_DATA_DIR is set but empty/],
    [{ DSD_USER_DATA: '' }, true, /DSD_USER_DATA is set but empty/],
    [{ DSD_USER_DATA: 'relative/dir' }, false, /DSD_USER_DATA must be an absolute directory path, got "relative\/dir"/],
    [{ DSD_USER_DATA: path.resolve('/a'), DSD_DATA_DIR: path.resolve('/b') }, false, /DSD_USER_DATA and DSD_DATA_DIR name different folders/],
  ])('refuses %j (release %s) with a message naming the variable', (env, release, message) => {
    expect(() => dir(env, 'linux', release)).toThrow(UserDataDirError);
    expect(() => dir(env, 'linux', release)).toThrow(message);
  });
});
