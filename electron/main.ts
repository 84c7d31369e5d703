// Electron entry (bundled to dist/electron/main.cjs). Thin on purpose: the work lives in
// glue/lifecycle.ts and the plain modules it calls. Environment switches: see launch-options.ts.
import { RELEASE_BUILD } from './app/build-flavor';
import { startDesktopApp } from './glue/lifecycle';

void startDesktopApp({
  appDir: __dirname,
  env: process.env,
  platform: process.platform,
  releaseBuild: RELEASE_BUILD,
  args: [...process.execArgv, ...process.argv.slice(1)],
});
