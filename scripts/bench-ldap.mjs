#!/usr/bin/env node
// Benchmark: a paged read of N users (8 attributes) from the Samba lab DC through
// LdapDirectory.search, beside two baselines in the same run:
//   - raw ldapts searchPaginated over the same verified LDAPS connection (the port's overhead),
//   - ldapsearch (OpenLDAP's C client, one process per run) over Samba's privileged ldapi socket. ldapsearch cannot be
//     pointed at 127.0.0.1 over LDAPS with the certificate verified (it checks the name against the
//     URL host and has no server-name option), and the project never turns verification off, so
//     this baseline has no TLS and no bind: a native-client floor, not an equal transport.
// Usage: node scripts/bench-ldap.mjs [--users N] [--runs R] [--cleanup]
// The N users live in OU=Bench <N> and are kept for the next run (seeding runs at ~100 adds/s);
// --cleanup deletes them afterwards.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { register } from 'tsx/esm/api';
import { Client } from 'ldapts';

register();
const { LdapDirectory } = await import('../electron/directory/ldap-directory.ts');
const { createLabDirectoryAdmin } = await import('../electron/directory/lab-directory-admin.ts');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const N = option('--users', 2000);
const RUNS = option('--runs', 5);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(RUNS) || RUNS < 1) {
  console.error('usage: node scripts/bench-ldap.mjs [--users N] [--runs R] [--cleanup]');
  process.exit(64);
}
const ATTRIBUTES = ['sAMAccountName', 'userPrincipalName', 'displayName', 'mail', 'proxyAddresses', 'objectGUID', 'userAccountControl', 'mailNickname'];
const PAGE = 500;

const script = path.resolve(import.meta.dirname, 'lab-dc.sh');
const env = JSON.parse(execFileSync(script, ['ensure', '--quiet'], { encoding: 'utf8' }));
const password = fs.readFileSync(env.passwordFile, 'utf8');
const connection = { url: env.url, bindDn: env.bindDn, password, caFile: env.caFile, serverName: env.serverName, timeoutMs: 60_000 };
const dir = await LdapDirectory.connect(connection);
const admin = createLabDirectoryAdmin(dir);
const ou = `OU=Bench ${N},${env.baseDn}`;

async function seed() {
  const existing = new Set();
  try {
    for await (const e of dir.search({ base: ou, scope: 'one', filter: '(objectClass=user)', attributes: ['sAMAccountName'] }))
      existing.add(e.attributes.sAMAccountName[0]);
  } catch (err) {
    if (err.code !== 'not-found') throw err;
    await admin.createOrganizationalUnit(`Bench ${N}`);
  }
  const missing = [];
  for (let i = 0; i < N; i += 1) {
    const sam = `bench${N}-${i}`.slice(0, 20);
    if (!existing.has(sam)) missing.push(sam);
  }
  if (missing.length === 0) return;
  console.error(`seeding ${missing.length} users into ${ou} (kept for later runs)...`);
  const t0 = performance.now();
  const worker = async () => {
    for (let sam = missing.pop(); sam; sam = missing.pop()) {
      await dir.withClient(`add ${sam}`, (client) =>
        client.add(`CN=${sam},${ou}`, {
          objectClass: ['top', 'person', 'organizationalPerson', 'user'],
          sAMAccountName: sam,
          userPrincipalName: `${sam}@${env.domain}`,
          displayName: `Bench user ${sam}`,
          mail: `${sam}@contoso.com`,
          mailNickname: sam,
          proxyAddresses: [`SMTP:${sam}@contoso.com`, `smtp:${sam}@contoso.mail.onmicrosoft.com`],
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  console.error(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function viaPort() {
  let n = 0;
  for await (const _e of dir.search({ base: ou, scope: 'one', filter: '(objectClass=user)', attributes: ATTRIBUTES, pageSize: PAGE })) n += 1;
  return n;
}

// One bound client reused across runs, like the port's session, so both time only the reads.
const raw = new Client({ url: env.url, tlsOptions: { ca: [fs.readFileSync(env.caFile)], servername: env.serverName } });
async function viaRawLdapts() {
  if (!raw.isBound) await raw.bind(env.bindDn, password);
  let n = 0;
  for await (const page of raw.searchPaginated(ou, {
    scope: 'one',
    filter: '(objectClass=user)',
    attributes: ATTRIBUTES,
    paged: { pageSize: PAGE },
    explicitBufferAttributes: ['objectGUID'],
  })) {
    n += page.searchEntries.length;
  }
  return n;
}

function viaLdapsearch() {
  const socket = path.join(path.dirname(env.caFile), '..', 'ldap_priv', 'ldapi');
  const uri = `ldapi://${encodeURIComponent(path.resolve(socket))}`;
  return new Promise((resolve, reject) => {
    const child = spawn('ldapsearch', ['-LLL', '-x', '-H', uri, '-E', `pr=${PAGE}/noprompt`, '-b', ou, '-s', 'one', '(objectClass=user)', ...ATTRIBUTES], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let n = 0;
    let tailText = '';
    let err = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      const text = tailText + chunk;
      n += (text.match(/^dn: /gm) ?? []).length - (tailText.match(/^dn: /gm) ?? []).length;
      tailText = text.slice(-8);
    });
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(n) : reject(new Error(`ldapsearch exited ${code}: ${err.trim()}`))));
  });
}

/** Runs the methods in turns (A B C A B C ...) so drift in machine load hits them alike. */
async function timeInterleaved(methods) {
  const samples = methods.map(() => []);
  for (let r = 0; r < RUNS; r += 1) {
    for (const [i, [label, fn]] of methods.entries()) {
      const t0 = performance.now();
      const count = await fn();
      samples[i].push(performance.now() - t0);
      if (count !== N) throw new Error(`${label} read ${count} entries, expected ${N}`);
    }
  }
  return methods.map(([label], i) => {
    const ms = samples[i].sort((a, b) => a - b);
    return { label, median: ms[Math.floor(ms.length / 2)], min: ms[0] };
  });
}

try {
  await seed();
  await viaPort(); // warm-up: connections, binds, server caches
  await viaRawLdapts();
  const results = await timeInterleaved([
    ['LdapDirectory.search (LDAPS)', viaPort],
    ['raw ldapts searchPaginated (LDAPS)', viaRawLdapts],
    ['ldapsearch (privileged ldapi, no TLS)', viaLdapsearch],
  ]);
  const [port] = results;
  console.log(`paged read of ${N} users, ${ATTRIBUTES.length} attributes, page size ${PAGE}, median of ${RUNS} runs`);
  for (const r of results) {
    const ratio = r === port ? '' : `   port/baseline = ${(port.median / r.median).toFixed(2)}`;
    console.log(
      `  ${r.label.padEnd(40)} median ${r.median.toFixed(0).padStart(6)} ms   min ${r.min.toFixed(0).padStart(6)} ms   ${((N / r.median) * 1000).toFixed(0).padStart(6)} entries/s${ratio}`,
    );
  }
  if (args.includes('--cleanup')) {
    await admin.deleteTree(ou);
    console.error(`deleted ${ou}`);
  }
} finally {
  await raw.unbind().catch(() => {});
  await dir.close();
}
