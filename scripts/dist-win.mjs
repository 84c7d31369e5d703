// npm run dist:win: the Windows installer, code-signed when a certificate is configured.
// electron-builder reads the certificate from the environment (never from a file in the repo):
//   WIN_CSC_LINK or CSC_LINK            the .pfx/.p12 (path, https URL or base64)
//   WIN_CSC_KEY_PASSWORD or CSC_KEY_PASSWORD   its password
// DSD_REQUIRE_SIGNING=1 turns a missing certificate into a failed build (release machines).
// Without a certificate the build still runs, and says plainly, first and last, that it is unsigned.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { signingStatus } from './signing-status.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const status = signingStatus(process.env);
const say = (text) => (status.signed ? console.log(text) : console.error(text));

say(status.message);
if (status.refuse) process.exit(1);

const cli = createRequire(import.meta.url).resolve('electron-builder/cli.js');
const args = [cli, '--win', 'nsis', ...(status.signed ? ['--config.win.forceCodeSigning=true'] : [])];
const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
say(status.message);
process.exit(result.status ?? 1);
