#!/usr/bin/env -S npx tsx
// Gives a lab DC a TLS certificate that names its loopback IP as well as its host name, so that
// `ldapsearch -H ldaps://127.0.0.15` verifies it (OpenLDAP checks the name against the URL's host
// and has no option to expect another) and the benchmark compares ldapts and ldapsearch over the
// same verified transport. For benchmark DCs only (the tests use Samba's own certificate by name):
//   LAB_DC_ADDR=127.0.0.15 LAB_DC_DIR=/work/lab-dc-100k npx tsx scripts/lab-dc-ip-cert.ts
// Makes a one-off CA (its key is deleted once the certificate is signed), puts ca.pem, cert.pem and
// key.pem where Samba reads them (private/tls, Samba's own kept in <dir>/bench-tls/samba-original),
// restarts the DC and checks ldapsearch by IP. Run once; a second run replaces the certificate.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const LAB_DC = path.resolve(import.meta.dirname, 'lab-dc.sh');

async function main(): Promise<void> {
  const env = JSON.parse((await run(LAB_DC, ['ensure', '--quiet'], { timeout: 600_000 })).stdout) as {
    url: string;
    serverName: string;
    dir: string;
    baseDn: string;
    caFile: string;
  };
  const ip = new URL(env.url).hostname;
  if (!/^127\.\d+\.\d+\.\d+$/.test(ip)) throw new Error(`${env.url} is not a loopback IP URL`);
  const tlsDir = path.join(env.dir, 'dc', 'private', 'tls');
  const work = fs.mkdtempSync(path.join(env.dir, 'bench-tls-'));
  const f = (name: string) => path.join(work, name);
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      f('ca-key.pem'),
      '-out',
      f('ca.pem'),
      '-days',
      '825',
      '-subj',
      '/CN=DirSync Doctor benchmark CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('key.pem'), '-out', f('req.csr'), '-subj', `/CN=${env.serverName}`]);
    fs.writeFileSync(
      f('ext.cnf'),
      `subjectAltName=DNS:${env.serverName},IP:${ip}\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n`,
    );
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      f('req.csr'),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca-key.pem'),
      '-CAcreateserial',
      '-out',
      f('cert.pem'),
      '-days',
      '825',
      '-extfile',
      f('ext.cnf'),
    ]);
    fs.rmSync(f('ca-key.pem'));

    await run(LAB_DC, ['stop']);
    const original = path.join(env.dir, 'bench-tls', 'samba-original');
    if (!fs.existsSync(original)) {
      fs.mkdirSync(original, { recursive: true, mode: 0o700 });
      for (const n of ['ca.pem', 'cert.pem', 'key.pem']) fs.copyFileSync(path.join(tlsDir, n), path.join(original, n));
    }
    fs.copyFileSync(f('ca.pem'), path.join(tlsDir, 'ca.pem'));
    fs.copyFileSync(f('cert.pem'), path.join(tlsDir, 'cert.pem'));
    fs.copyFileSync(f('key.pem'), path.join(tlsDir, 'key.pem'));
    fs.chmodSync(path.join(tlsDir, 'key.pem'), 0o600); // Samba refuses a key others can read
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  await run(LAB_DC, ['ensure', '--quiet'], { timeout: 600_000 });
  const { stdout } = await run('ldapsearch', ['-LLL', '-x', '-H', env.url, '-b', '', '-s', 'base', 'defaultNamingContext'], {
    env: { ...process.env, LDAPTLS_CACERT: env.caFile, LDAPTLS_REQCERT: 'demand' },
  });
  if (!stdout.includes(env.baseDn)) throw new Error(`ldapsearch by IP did not read the rootDSE: ${stdout.trim()}`);
  process.stderr.write(`${env.url}: certificate for ${env.serverName} and IP ${ip}; ldapsearch verifies it with LDAPTLS_CACERT=${env.caFile}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`lab-dc-ip-cert: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
