// Where the app's assets (PowerShell scripts, lab scenarios) are: one folder, found the way the
// Windows host finds its scripts (packaged resources, or the repo's assets/ in development).
import path from 'node:path';
import { resolveScriptDir } from '../host/windows/script-dir';

export function resolveAssetsDir(): string {
  return path.dirname(resolveScriptDir());
}
