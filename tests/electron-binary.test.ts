// The Electron e2e spec's binary detection (e2e/support/electron-binary.ts), on a fake file system.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary, platformExecutable } from '../e2e/support/electron-binary';

const ROOT = path.resolve('/repo');
const PKG = path.join(ROOT, 'node_modules', 'electron');

function fs(files: Record<string, string>) {
  const all = new Map(Object.entries(files).map(([f, c]) => [path.resolve(f), c]));
  return { exists: (f: string) => all.has(path.resolve(f)), read: (f: string) => all.get(path.resolve(f)) ?? null };
}

describe('findElectronBinary', () => {
  it('finds the downloaded binary named in path.txt', () => {
    const files = fs({ [path.join(PKG, 'package.json')]: '{}', [path.join(PKG, 'path.txt')]: 'electron', [path.join(PKG, 'dist', 'electron')]: '' });
    expect(findElectronBinary({ root: ROOT, env: {}, platform: 'linux', ...files })).toEqual({
      found: true,
      executablePath: path.join(PKG, 'dist', 'electron'),
    });
  });

  it('uses ELECTRON_OVERRIDE_DIST_PATH, with the platform executable name when there is no path.txt', () => {
    const dir = path.resolve('/opt/electron-45');
    const files = fs({ [path.join(PKG, 'package.json')]: '{}', [path.join(dir, 'electron.exe')]: '' });
    expect(findElectronBinary({ root: ROOT, env: { ELECTRON_OVERRIDE_DIST_PATH: dir }, platform: 'win32', ...files })).toEqual({
      found: true,
      executablePath: path.join(dir, 'electron.exe'),
    });
  });

  it('says why when the override points nowhere', () => {
    const files = fs({ [path.join(PKG, 'package.json')]: '{}' });
    const result = findElectronBinary({ root: ROOT, env: { ELECTRON_OVERRIDE_DIST_PATH: '/nowhere' }, platform: 'linux', ...files });
    expect(result).toMatchObject({ found: false, reason: expect.stringContaining('ELECTRON_OVERRIDE_DIST_PATH is set') });
  });

  it('says the binary is not available on a machine like this one (package installed, no download)', () => {
    const files = fs({ [path.join(PKG, 'package.json')]: '{}' });
    const result = findElectronBinary({ root: ROOT, env: {}, platform: 'linux', ...files });
    expect(result.found).toBe(false);
    if (!result.found) {
      expect(result.reason).toMatch(/^Electron binary not available here/);
      expect(result.reason).toMatch(/cannot/);
    }
    // path.txt written but the dist folder missing (a half-finished install) is the same answer.
    const half = fs({ [path.join(PKG, 'package.json')]: '{}', [path.join(PKG, 'path.txt')]: 'electron' });
    expect(findElectronBinary({ root: ROOT, env: {}, platform: 'linux', ...half }).found).toBe(false);
  });

  it('says so when the package itself is missing', () => {
    const result = findElectronBinary({ root: ROOT, env: {}, platform: 'linux', ...fs({}) });
    expect(result).toMatchObject({ found: false, reason: expect.stringContaining('not installed') });
  });

  it('names executables like electron/install.js', () => {
    expect(platformExecutable('linux')).toBe('electron');
    expect(platformExecutable('win32')).toBe('electron.exe');
    expect(platformExecutable('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
  });
});
