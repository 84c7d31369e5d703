#!/usr/bin/env -S npx tsx
// Benchmark of the readiness scan, side by side in one run (figures for the README's Benchmarks):
//   1. the scan of the seeded lab DC (scripts/seed-scan-dc.ts) through LdapDirectory: wall time,
//      objects/s, peak RSS of its own process; beside a raw paged `ldapsearch` of the same filter and
//      attributes over the same LDAPS transport (certificate verified against the DC's CA), and the ratio;
//   2. the re-scan (--since) after 100 objects changed, as a share of the full scan;
//   3. the rules engine alone (rules + duplicate index) on 1,000,000 synthetic objects: objects/s, peak RSS.
// Usage: LAB_DC_ADDR=127.0.0.15 LAB_DC_DIR=/work/lab-dc-100k npm run bench:scan [-- --synthetic 1000000]
// ldapsearch checks the certificate's name against the URL's host, and Samba's own certificate names
// only its host name; the bench DC's certificate (made once by this script's --tls-setup, see the
// README) also carries its loopback IP, so both clients verify it at ldaps://<ip>.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { DuplicateIndex } from '../shared/scan/duplicate-index';
import { checkObject } from '../shared/scan/rules';
import { normaliseEntry, SCAN_ATTRIBUTES, SCAN_FILTER, skipReason } from '../shared/scan/scan-object';
import { createLabDirectoryAdmin } from '../electron/directory/lab-directory-admin';
import { LdapDirectory } from '../electron/directory/ldap-directory';
import { runScan } from '../electron/scan/scanner';

const LAB_DC = path.resolve(import.meta.dirname, 'lab-dc.sh');
const run = promisify(execFile);

interface LabEnv {
  url: string;
  caFile: string;
  serverName: string;
  bindDn: string;
  passwordFile: string;
  baseDn: string;
  dir: string;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function labEnv(): Promise<LabEnv> {
  const { stdout } = await run(LAB_DC, ['env']);
  return JSON.parse(stdout) as LabEnv;
}

async function connect(env: LabEnv): Promise<LdapDirectory> {
  // By IP: the certificate names it, so the name check is the same one ldapsearch makes.
  return LdapDirectory.connect({ url: env.url, bindDn: env.bindDn, password: fs.readFileSync(env.passwordFile, 'utf8'), caFile: env.caFile, timeoutMs: 120_000 });
}

/** Child modes: each measurement runs in its own process so its peak RSS is its own. */
async function child(mode: string, args: Record<string, string>): Promise<Record<string, number | string>> {
  const tsx = path.resolve(import.meta.dirname, '../node_modules/.bin/tsx');
  const { stdout } = await run(tsx, [import.meta.filename, '--child', mode, '--args', JSON.stringify(args)], { maxBuffer: 1 << 24, env: process.env });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number | string>;
}

async function childScan(a: Record<string, string>): Promise<Record<string, number | string>> {
  const env = await labEnv();
  const dir = await connect(env);
  const started = performance.now();
  const summary = await runScan(dir, { baseDns: [a.base!], pageSize: 1000, count: a.count !== 'no' });
  const ms = performance.now() - started;
  if (a.stateFile) fs.writeFileSync(a.stateFile, JSON.stringify(summary.state));
  await dir.close();
  return { objects: summary.objectsRead, findings: summary.findings, ms, rssMb: peakRssMb() };
}

async function childRescan(a: Record<string, string>): Promise<Record<string, number | string>> {
  const env = await labEnv();
  const dir = await connect(env);
  const state = JSON.parse(fs.readFileSync(a.stateFile!, 'utf8'));
  const started = performance.now();
  const summary = await runScan(dir, { baseDns: [a.base!], since: state });
  const ms = performance.now() - started;
  await dir.close();
  return { mode: summary.mode, objects: summary.objectsRead, reported: summary.reported, ms, rssMb: peakRssMb() };
}

async function childRules(a: Record<string, string>): Promise<Record<string, number | string>> {
  const n = Number(a.n);
  const index = new DuplicateIndex();
  let findings = 0;
  const guid = new Uint8Array(16);
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    new DataView(guid.buffer).setUint32(0, i, true);
    const name = `user${i}`;
    // 2% with a problem (a .local UPN, a space in mail, a shared mail), the rest clean.
    const bad = i % 50 === 0 ? (i / 50) % 3 : -1;
    const entry = normaliseEntry({
      dn: `CN=${name},OU=Part${i % 8},OU=Synthetic,DC=contoso,DC=com`,
      attributes: {
        objectClass: ['top', 'person', 'organizationalPerson', 'user'],
        cn: [name],
        objectGUID: [Buffer.from(guid).toString('base64')],
        sAMAccountName: [name],
        userPrincipalName: [bad === 0 ? `${name}@contoso.local` : `${name}@contoso.com`],
        displayName: [`User ${i}`],
        givenName: ['Pat'],
        sn: [`Lee${i}`],
        mail: [bad === 1 ? `${name} x@contoso.com` : bad === 2 ? `shared${i % 1000}@contoso.com` : `${name}@contoso.com`],
        mailNickname: [name],
        proxyAddresses: [`SMTP:${name}@contoso.com`, `smtp:${name}@contoso.mail.onmicrosoft.com`],
      },
    });
    if (skipReason(entry) !== null) continue;
    findings += checkObject(entry).length;
    index.put(entry);
  }
  let duplicateSets = 0;
  for (const _ of index.duplicateSets()) duplicateSets += 1;
  const ms = performance.now() - started;
  return { objects: n, findings, duplicateSets, ms, rssMb: peakRssMb(), heapMb: mb(process.memoryUsage().heapUsed) };
}

function ldapsearch(env: LabEnv, base: string): Promise<{ entries: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const childProc = spawn(
      'ldapsearch',
      ['-LLL', '-x', '-H', env.url, '-D', env.bindDn, '-y', env.passwordFile, '-E', 'pr=1000/noprompt', '-b', base, '-s', 'sub', SCAN_FILTER, ...SCAN_ATTRIBUTES],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LDAPTLS_CACERT: env.caFile, LDAPTLS_REQCERT: 'demand' } },
    );
    let n = 0;
    let tail = '';
    let err = '';
    childProc.stdout.setEncoding('utf8');
    childProc.stdout.on('data', (chunk: string) => {
      const text = tail + chunk;
      n += (text.match(/^dn: /gm) ?? []).length - (tail.match(/^dn: /gm) ?? []).length;
      tail = text.slice(-8);
    });
    childProc.stderr.on('data', (c) => (err += c));
    childProc.on('error', reject);
    childProc.on('close', (code) => (code === 0 ? resolve({ entries: n, ms: performance.now() - started }) : reject(new Error(`ldapsearch exited ${code}: ${err.trim()}`))));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { child: { type: 'string' }, args: { type: 'string' }, synthetic: { type: 'string', default: '1000000' }, changes: { type: 'string', default: '100' } } });
  if (values.child) {
    const a = JSON.parse(values.args ?? '{}') as Record<string, string>;
    const r = values.child === 'scan' ? await childScan(a) : values.child === 'rescan' ? await childRescan(a) : await childRules(a);
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const env = await labEnv();
  const base = `OU=ScanSeed,${env.baseDn}`;
  const say = (t: string) => process.stdout.write(`${t}\n`);
  say(`bench:scan against ${env.url} (${env.dir}), scope ${base}`);

  // 1. scan vs ldapsearch, interleaved twice so drift in machine load hits both alike.
  const scans: Record<string, number | string>[] = [];
  const raws: { entries: number; ms: number }[] = [];
  const stateFile = path.join(env.dir, 'bench-scan-state.json');
  for (let r = 0; r < 2; r++) {
    raws.push(await ldapsearch(env, base));
    scans.push(await child('scan', { base, stateFile, count: 'no' }));
  }
  const withCount = await child('scan', { base, stateFile });
  const bestScan = Math.min(...scans.map((s) => Number(s.ms)));
  const bestRaw = Math.min(...raws.map((s) => s.ms));
  const objects = Number(scans[0]!.objects);
  say(`  objects in scope                 ${objects} (ldapsearch returned ${raws[0]!.entries})`);
  say(`  ldapsearch, paged, LDAPS         ${(bestRaw / 1000).toFixed(2)} s   ${Math.round(objects / (bestRaw / 1000))} objects/s`);
  say(`  scan (rules, index, no count)    ${(bestScan / 1000).toFixed(2)} s   ${Math.round(objects / (bestScan / 1000))} objects/s   peak RSS ${scans[0]!.rssMb} MB   ratio ${(bestScan / bestRaw).toFixed(2)}x ldapsearch`);
  say(`  scan with the progress count     ${(Number(withCount.ms) / 1000).toFixed(2)} s   peak RSS ${withCount.rssMb} MB   ratio ${(Number(withCount.ms) / bestRaw).toFixed(2)}x   findings ${withCount.findings}`);

  // 2. re-scan after N changes.
  const n = Number(values.changes);
  const dir = await connect(env);
  const admin = createLabDirectoryAdmin(dir);
  const targets: string[] = [];
  for await (const e of dir.search({ base, filter: '(&(objectCategory=Person)(objectClass=user)(sAMAccountName=u*))', attributes: ['1.1'], pageSize: 500 })) {
    targets.push(e.dn);
    if (targets.length >= n) break;
  }
  const stamp = Date.now().toString(36);
  for (const dn of targets) await admin.replaceAttribute(dn, 'displayName', [`Changed ${stamp}`]);
  await dir.close();
  const rescan = await child('rescan', { base, stateFile });
  say(`  re-scan after ${targets.length} changes       ${(Number(rescan.ms) / 1000).toFixed(2)} s   ${rescan.objects} objects read   ${((Number(rescan.ms) / Number(withCount.ms)) * 100).toFixed(1)}% of the full scan (${rescan.mode})`);

  // 3. rules engine alone.
  const rules = await child('rules', { n: values.synthetic! });
  say(`  rules engine, ${rules.objects} synthetic   ${(Number(rules.ms) / 1000).toFixed(2)} s   ${Math.round(Number(rules.objects) / (Number(rules.ms) / 1000))} objects/s   peak RSS ${rules.rssMb} MB   (${rules.findings} findings, ${rules.duplicateSets} duplicate sets)`);
  say('targets: scan <= 1.10x ldapsearch, RSS <= 400 MB at 100,000; re-scan <= 2%; rules >= 100,000 objects/s, <= 1 GB at 1,000,000');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-scan: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
