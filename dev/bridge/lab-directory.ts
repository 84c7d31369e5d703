// The Samba lab DC as the lab's directory: `scripts/lab-dc.sh ensure --quiet` starts it when
// needed and prints where it is; the admin password is read from the 0600 file it names and
// kept in memory only.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { DirectoryConnection } from '../../electron/ports/directory-port';
import { describeIssues } from '../../shared/ipc/errors';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LAB_DC = path.join(REPO_ROOT, 'scripts/lab-dc.sh');

const LabDcEnv = z.object({
  url: z.string().regex(/^ldaps:\/\//, 'must be an ldaps:// URL'),
  caFile: z.string().min(1),
  serverName: z.string().min(1),
  bindDn: z.string().min(1),
  passwordFile: z.string().min(1),
});

/** Start (if needed) the Samba lab DC and return a verified-TLS connection to it. */
export async function samba(): Promise<DirectoryConnection> {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('sh', [LAB_DC, 'ensure', '--quiet'], { cwd: REPO_ROOT, timeout: 600_000, maxBuffer: 1 << 20 }, (error, out, err) => {
      if (error) reject(new Error(`scripts/lab-dc.sh ensure failed: ${String(err).trim() || error.message}`));
      else resolve(out);
    });
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new Error('scripts/lab-dc.sh ensure did not print a JSON document');
  }
  const env = LabDcEnv.safeParse(parsed);
  if (!env.success) throw new Error(`scripts/lab-dc.sh printed an unexpected document: ${describeIssues(env.error)}`);
  const password = (await readFile(env.data.passwordFile, 'utf8')).replace(/\r?\n$/, '');
  if (!password) throw new Error(`The lab DC password file ${env.data.passwordFile} is empty`);
  return {
    url: env.data.url,
    bindDn: env.data.bindDn,
    password,
    caFile: env.data.caFile,
    serverName: env.data.serverName,
  };
}
