// Electron entry (bundled to dist/electron/main.cjs). Thin on purpose: the work lives in
// glue/lifecycle.ts and the plain modules it calls. Environment switches: see launch-options.ts.
// `<app> --cli <command> …` runs the command-line tool instead, before and without any window
// (for RMM tools on a server where only the installed app exists; see electron/cli/).
import { app } from 'electron';
import { RELEASE_BUILD } from './app/build-flavor';
import { cliArgsOf, runCliProcess } from './cli/process-entry';
import { startDesktopApp } from './glue/lifecycle';

const cliArgs = cliArgsOf(process.argv);
if (cliArgs) {
  void runCliProcess(cliArgs).then((code) => app.exit(code));
} else {
  void startDesktopApp({
    appDir: __dirname,
    env: process.env,
    platform: process.platform,
    releaseBuild: RELEASE_BUILD,
    args: [...process.execArgv, ...process.argv.slice(1)],
  });
}
