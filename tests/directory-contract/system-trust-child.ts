// Run in a child Node process by system-trust.test.ts: connects to the lab DC WITHOUT a CA file,
// so only what the process trusts by default (and the OS store) can verify the DC's certificate.
// Input: a JSON connection on argv[2] (no password in it: the password file's path). Output: one JSON line.
import fs from 'node:fs';
import { LdapDirectory } from '../../electron/directory/ldap-directory';
import { DirectoryError } from '../../electron/ports/errors';

const input = JSON.parse(process.argv[2] ?? '{}') as { url: string; bindDn: string; passwordFile: string; serverName: string };
const password = fs.readFileSync(input.passwordFile, 'utf8').replace(/\r?\n$/, '');
try {
  const dir = await LdapDirectory.connect({ url: input.url, bindDn: input.bindDn, password, serverName: input.serverName, timeoutMs: 10_000 });
  const info = await dir.info();
  await dir.close();
  process.stdout.write(`${JSON.stringify({ ok: true, baseDn: info.baseDn })}\n`);
} catch (err) {
  process.stdout.write(`${JSON.stringify({ ok: false, code: err instanceof DirectoryError ? err.code : 'other', message: (err as Error).message })}\n`);
}
