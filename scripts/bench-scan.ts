#!/usr/bin/env -S npx tsx
// Benchmark of the readiness scan, side by side in one run (figures for the README's Benchmarks):
//   1. the scan of the seeded lab DC (scripts/seed-scan-dc.ts) through LdapDirectory: wall time,
//      objects/s, peak RSS of its own process; beside a raw paged `ldapsearch` of the same filter and
//      attributes over the same LDAPS transport (certificate verified against the DC's CA), and the ratio;
//   2. the re-scan (--since) after 100 objects changed, as a share of the full scan;
//   3. the rules engine alone (rules + duplicate index) on 1,000,000 synthetic objects: objects/s, peak RSS.
// Usage: LAB_DC_ADDR=127.0.0.15 LAB_DC_DIR=/work/lab-dc-100k npm run bench:scan [-- --synthetic 1000000]
// ldapsearch checks the certificate's name against the URL's host, and Samba's own certificate names
// only its host name; the bench DC's certificate (made once by scripts/lab-dc-ip-cert.ts) also
// carries its loopback IP, so both clients verify it at ldaps://<ip>.
// Options: --rounds N (default 2, best of), --parts '[2,8]' (connections for the concurrent read of
// the 8 OUs; '[]' skips that part), --changes N (default 100), --synthetic N (default 1,000,000; 0 skips the rules engine).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { DuplicateIndex } from '../shared/scan/duplicate-index';
import { checkObject } from '../shared/scan/rules';
import { normaliseEntry, SCAN_ATTRIBUTES, SCAN_FILTER, skipReason } from '../shared/scan/scan-object';
import { createLabDirectoryAdmin } from '../electron/directory/lab-directory-admin';
import { LdapDirectory } from '../electron/directory/ldap-directory';
import { loadScanState, saveScanState } from '../electron/scan/scan-state';
import { runScan, type ScanCount } from '../electron/scan/scanner';

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

const loadAverage = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
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
  let totalAtMs: number | null = null;
  const summary = await runScan(dir, {
    baseDns: [a.base!],
    pageSize: 1000,
    count: (a.count ?? 'estimate') as ScanCount,
    onProgress: (p) => {
      if (p.phase === 'reading' && p.total !== null && totalAtMs === null) totalAtMs = performance.now() - started;
    },
  });
  const ms = performance.now() - started;
  if (a.stateFile) fs.writeFileSync(a.stateFile, JSON.stringify(summary.state));
  await dir.close();
  return { objects: summary.objectsRead, findings: summary.findings, ms, rssMb: peakRssMb(), totalAtMs: totalAtMs ?? -1 };
}

/** The bare read (no rules): the seed's partitions on `connections` connections at once, or one stream. */
async function childRead(a: Record<string, string>): Promise<Record<string, number | string>> {
  const env = await labEnv();
  const bases = JSON.parse(a.bases!) as string[];
  const conns = await Promise.all(Array.from({ length: Number(a.connections) }, () => connect(env)));
  const started = performance.now();
  let next = 0;
  let n = 0;
  await Promise.all(
    conns.map(async (dir) => {
      while (next < bases.length) {
        const base = bases[next++]!;
        for await (const e of dir.search({ base, filter: SCAN_FILTER, attributes: SCAN_ATTRIBUTES, pageSize: 1000 })) {
          normaliseEntry(e);
          n += 1;
        }
      }
    }),
  );
  const ms = performance.now() - started;
  await Promise.all(conns.map((d) => d.close()));
  return { objects: n, ms, rssMb: peakRssMb() };
}

/** The re-scan as the CLI runs it (connect, read the state file, scan, save it), timed by part. */
async function childRescan(a: Record<string, string>): Promise<Record<string, number | string>> {
  const env = await labEnv();
  const t0 = performance.now();
  const dir = await connect(env);
  await dir.info();
  const t1 = performance.now();
  const state = loadScanState(a.stateFile!);
  const t2 = performance.now();
  const marks: Record<string, number> = {};
  const summary = await runScan(dir, { baseDns: [a.base!], since: state, onProgress: (p) => (marks[p.phase] ??= performance.now()) });
  const t3 = performance.now();
  saveScanState(a.stateFile!, summary.state);
  const t4 = performance.now();
  await dir.close();
  const part = (from: number, to: number | undefined) => Math.round((to ?? from) - from);
  return {
    mode: summary.mode,
    objects: summary.objectsRead,
    reported: summary.reported,
    ms: t4 - t0,
    connectMs: part(t0, t1),
    loadStateMs: part(t1, t2),
    setupMs: part(t2, marks.reading),
    changedMs: part(marks.reading!, marks.deletions),
    deletedMs: part(marks.deletions!, marks.duplicates),
    duplicatesMs: part(marks.duplicates!, marks.done),
    saveStateMs: part(t3, t4),
    stateMb: +(fs.statSync(a.stateFile!).size / 1024 / 1024).toFixed(1),
    rssMb: peakRssMb(),
  };
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
  const { values } = parseArgs({ options: { child: { type: 'string' }, args: { type: 'string' }, synthetic: { type: 'string', default: '1000000' }, changes: { type: 'string', default: '100' }, rounds: { type: 'string', default: '2' }, parts: { type: 'string', default: '[2,8]' } } });
  if (values.child) {
    const a = JSON.parse(values.args ?? '{}') as Record<string, string>;
    const modes: Record<string, (a: Record<string, string>) => Promise<Record<string, number | string>>> = { scan: childScan, read: childRead, rescan: childRescan, rules: childRules };
    const r = await modes[values.child]!(a);
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const env = await labEnv();
  const base = `OU=ScanSeed,${env.baseDn}`;
  const say = (t: string) => process.stdout.write(`${t}\n`);
  say(`bench:scan against ${env.url} (${env.dir}), scope ${base}`);

  // 1. scan vs ldapsearch, interleaved so drift in machine load hits all alike; the three ways of
  //    getting the progress total side by side (none, a counting search, the server's paged count).
  const rounds = Number(values.rounds);
  const ways = ['none', 'search', 'estimate'] as const;
  const scans: Record<string, Record<string, number | string>[]> = { none: [], search: [], estimate: [] };
  const raws: { entries: number; ms: number }[] = [];
  const stateFile = path.join(env.dir, 'bench-scan-state.json');
  for (let r = 0; r < rounds; r++) {
    raws.push(await ldapsearch(env, base));
    for (const way of ways) scans[way]!.push(await child('scan', { base, stateFile, count: way }));
  }
  const best = (rows: Record<string, number | string>[]) => rows.reduce((x, y) => (Number(y.ms) < Number(x.ms) ? y : x));
  const bestRaw = Math.min(...raws.map((s) => s.ms));
  const objects = Number(scans.none![0]!.objects);
  const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  say(`  objects in scope                 ${objects} (ldapsearch returned ${raws[0]!.entries}); best of ${rounds}, load average ${loadAverage()}`);
  say(`  ldapsearch, paged, LDAPS         ${secs(bestRaw)}   ${Math.round(objects / (bestRaw / 1000))} objects/s`);
  const label = { none: 'scan, no progress total       ', search: 'scan, total by counting search', estimate: 'scan, total from paged count  ' };
  for (const way of ways) {
    const b = best(scans[way]!);
    const at = Number(b.totalAtMs);
    say(`  ${label[way]}   ${secs(Number(b.ms))}   ${Math.round(objects / (Number(b.ms) / 1000))} objects/s   peak RSS ${b.rssMb} MB   ratio ${(Number(b.ms) / bestRaw).toFixed(2)}x ldapsearch${at >= 0 ? `   total known after ${secs(at)}` : ''}   findings ${b.findings}`);
  }
  const withCount = best(scans.estimate!);
  // The scan state the re-scan starts from must be the default (estimate) scan's.
  await child('scan', { base, stateFile, count: 'estimate' });

  // 1b. Reading the partitions at once on separate connections vs one stream (bare read, no rules).
  const parts = JSON.parse(values.parts!) as number[];
  const partDns = Array.from({ length: 8 }, (_, p) => `OU=Part${p},${base}`);
  const one = parts.length ? await child('read', { bases: JSON.stringify([base]), connections: '1' }) : null;
  if (one) say(`  bare read, one stream            ${secs(Number(one.ms))}   ${Math.round(Number(one.objects) / (Number(one.ms) / 1000))} objects/s`);
  for (const k of parts) {
    const r = await child('read', { bases: JSON.stringify(partDns), connections: String(k) });
    say(`  bare read, 8 OUs on ${k} connections ${secs(Number(r.ms))}   ${Math.round(Number(r.objects) / (Number(r.ms) / 1000))} objects/s   ${(Number(r.ms) / Number(one!.ms)).toFixed(2)}x one stream`);
  }

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
  say(`  full scan (as above)             ${secs(Number(withCount.ms))}`);
  say(`  re-scan after ${targets.length} changes       ${secs(Number(rescan.ms))}   ${rescan.objects} objects read   ${((Number(rescan.ms) / Number(withCount.ms)) * 100).toFixed(1)}% of the full scan (${rescan.mode})`);
  say(`    connect ${rescan.connectMs} ms, read state (${rescan.stateMb} MB) ${rescan.loadStateMs} ms, rebuild from state ${rescan.setupMs} ms, changed objects ${rescan.changedMs} ms, deletions ${rescan.deletedMs} ms, duplicates and diff ${rescan.duplicatesMs} ms, save state ${rescan.saveStateMs} ms`);

  // 3. rules engine alone.
  if (Number(values.synthetic) <= 0) return;
  const rules = await child('rules', { n: values.synthetic! });
  say(`  rules engine, ${rules.objects} synthetic   ${(Number(rules.ms) / 1000).toFixed(2)} s   ${Math.round(Number(rules.objects) / (Number(rules.ms) / 1000))} objects/s   peak RSS ${rules.rssMb} MB   (${rules.findings} findings, ${rules.duplicateSets} duplicate sets)`);
  say('targets: scan <= 1.10x ldapsearch, RSS <= 400 MB at 100,000; re-scan <= 2%; rules >= 100,000 objects/s, <= 1 GB at 1,000,000');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-scan: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
