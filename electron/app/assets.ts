// Where the app's assets (PowerShell scripts, lab scenarios) are: the packaged resources
// folder in an installed app, the repo's assets/ folder in development and tests.
import fs from 'node:fs';
import path from 'node:path';

export function resolveAssetsDir(): string {
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [
    process.env.DSD_ASSETS_DIR,
    resourcesPath && path.join(resourcesPath, 'assets'),
    path.resolve(process.cwd(), 'assets'),
    typeof __dirname === 'string' ? path.resolve(__dirname, '../../assets') : undefined,
  ].filter((c): c is string => !!c);
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'scenarios')));
  if (!found) throw new Error(`assets folder not found (looked in: ${candidates.join(', ')})`);
  return found;
}
