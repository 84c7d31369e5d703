// The app's version for the CLI's reports. The bundles carry it from package.json at build time
// (scripts/electron-bundles.mjs defines __DSD_APP_VERSION__): an installed CLI has no package.json
// beside it to read. Run from source (tsx, tests), it is read from the working directory's one.
import fs from 'node:fs';
import path from 'node:path';

declare const __DSD_APP_VERSION__: string | undefined;

export function appVersion(): string {
  if (typeof __DSD_APP_VERSION__ === 'string') return __DSD_APP_VERSION__;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(process.cwd(), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
