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
// Options: --rounds N (default 2, best of), --connections '[1,2,4,8]' (the scan on each number of
// connections: 1 is one stream, more split the scope into parts read at once), --count-ways (also the
// scan without a progress total and with a counting search, on one stream), --parts '[2,8]' (the bare
// read of the 8 seed OUs on that many connections, no rules; default '[]', skipped), --changes N
// (default 100), --synthetic N (default 1,000,000; 0 skips the rules engine).
// --memory N: no DC; the planted directory of N objects in the memory directory, its full scan and
// the re-scan after --changes changes timed by part (the state and index costs at a size no DC here holds).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { DuplicateIndex } from '../shared/readiness/scan/duplicate-index';
import { checkObject } from '../shared/readiness/scan/rules';
import { normaliseEntry, SCAN_ATTRIBUTES, SCAN_FILTER, skipReason } from '../shared/readiness/scan/scan-object';
import { createLabDirectoryAdmin } from '../electron/directory/lab-directory-admin';
import { LdapDirectory } from '../electron/directory/ldap-directory';
import { MemoryDirectory } from '../electron/directory/memory-directory';
import type { DirectoryPort } from '../electron/ports/directory-port';
import { planSeed, SEED_OU, SEED_PARTS } from './scan-seed-plan';
import { InstallKey } from '../electron/audit/install-key';
import { loadCurrentScanState as loadScanState, saveScanState } from '../electron/readiness/scan/scan-state';

/** The benchmark seals its states with a key of its own, beside them in the temporary folder. */
const stateKey = new InstallKey(path.join(os.tmpdir(), 'dsd-bench-scan-keys', 'install.key'));
import { DEFAULT_SCAN_CONNECTIONS, runScan, type ScanCount } from '../electron/readiness/scan/scanner';

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

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function labEnv(): Promise<LabEnv> {
  const { stdout } = await run(LAB_DC, ['env']);
  return JSON.parse(stdout) as LabEnv;
}

async function connect(env: LabEnv): Promise<LdapDirectory> {
  // By IP: the certificate names it, so the name check is the same one ldapsearch makes.
  return LdapDirectory.connect({
    url: env.url,
    bindDn: env.bindDn,
    password: fs.readFileSync(env.passwordFile, 'utf8'),
    caFile: env.caFile,
    timeoutMs: 120_000,
  });
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
  const cpu = process.cpuUsage();
  let totalAtMs: number | null = null;
  const summary = await runScan(dir, {
    baseDns: [a.base!],
    pageSize: 1000,
    count: (a.count ?? 'estimate') as ScanCount,
    connections: Number(a.connections ?? 1),
    onProgress: (p) => {
      if (p.phase === 'reading' && p.total !== null && totalAtMs === null) totalAtMs = performance.now() - started;
    },
  });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (a.stateFile) saveScanState(a.stateFile, summary.state, stateKey);
  await dir.close();
  return {
    objects: summary.objectsRead,
    findings: summary.findings,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    rssMb: peakRssMb(),
    totalAtMs: totalAtMs ?? -1,
  };
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
  const connectMs = performance.now() - t0;
  const r = await timedRescan(dir, a.base!, a.stateFile!, connectMs);
  await dir.close();
  return r;
}

/** A re-scan from the state file, as the CLI runs it: read the state, scan (its index changed in place), save it; each part timed. */
async function timedRescan(dir: DirectoryPort, base: string, stateFile: string, connectMs: number): Promise<Record<string, number | string>> {
  const t1 = performance.now();
  const state = loadScanState(stateFile, stateKey);
  const t2 = performance.now();
  const marks: Record<string, number> = {};
  const summary = await runScan(dir, { baseDns: [base], since: state, sinceDisposable: true, onProgress: (p) => (marks[p.phase] ??= performance.now()) });
  const t3 = performance.now();
  saveScanState(stateFile, summary.state, stateKey);
  const t4 = performance.now();
  const part = (from: number, to: number | undefined) => Math.round((to ?? from) - from);
  return {
    mode: summary.mode,
    objects: summary.objectsRead,
    reported: summary.reported,
    resolved: summary.resolved,
    ms: connectMs + (t4 - t1),
    connectMs: Math.round(connectMs),
    loadStateMs: part(t1, t2),
    setupMs: part(t2, marks.reading),
    changedMs: part(marks.reading!, marks.deletions),
    deletedMs: part(marks.deletions!, marks.duplicates),
    duplicatesMs: part(marks.duplicates!, marks.done),
    finishMs: part(marks.done!, t3),
    saveStateMs: part(t3, t4),
    stateMb: +(stateSize(stateFile) / 1024 / 1024).toFixed(1),
    rssMb: peakRssMb(),
  };
}

/** Bytes of a saved state (the file, and its index sidecar if there is one). */
function stateSize(stateFile: string): number {
  return fs.statSync(stateFile).size;
}

/**
 * The planted directory (scripts/scan-seed-plan.ts) in the memory directory, no DC: the full scan,
 * its state saved, `changes` objects changed, the re-scan as the CLI runs it. The memory directory
 * filters every object for each search (a DC uses its uSNChanged index), so its changed-objects
 * part grows with the directory; the state and index parts are the same code as against a DC.
 */
async function childMemory(a: Record<string, string>): Promise<Record<string, number | string>> {
  const count = Number(a.count);
  const memory = new MemoryDirectory();
  const admin = memory.labAdmin();
  const searchWork = { ms: 0 };
  const dir = timedSearches(memory, searchWork);
  const info = await dir.info();
  const plan = planSeed(count, info.baseDn);
  await admin.createOrganizationalUnit(SEED_OU);
  for (let p = 0; p < SEED_PARTS; p++) await admin.createOrganizationalUnit(`Part${p}`, plan.ouDn);
  for (const o of plan.objects) await admin.addObject(o.dn, o.attributes);
  const started = performance.now();
  const full = await runScan(dir, { baseDns: [plan.ouDn] });
  const fullMs = performance.now() - started;
  const t0 = performance.now();
  saveScanState(a.stateFile!, full.state, stateKey);
  const firstSaveMs = performance.now() - t0;
  const targets = plan.objects.filter((o) => o.kind === 'clean' && o.attributes.objectClass!.includes('user')).slice(0, Number(a.changes));
  const stamp = Date.now().toString(36);
  for (const o of targets) await admin.replaceAttribute(o.dn, 'displayName', [`Changed ${stamp}`]);
  searchWork.ms = 0;
  const r = await timedRescan(dir, plan.ouDn, a.stateFile!, 0);
  return {
    ...r,
    memorySearchMs: Math.round(searchWork.ms),
    changed: targets.length,
    fullMs,
    fullObjects: full.objectsRead,
    fullFindings: full.findings,
    firstSaveMs: Math.round(firstSaveMs),
  };
}

/**
 * The directory with the time spent inside its search calls added up (the memory directory filters
 * every object when a search starts, on the caller's thread: work a DC does on its side).
 */
function timedSearches(dir: MemoryDirectory, spent: { ms: number }): DirectoryPort {
  const search: DirectoryPort['search'] = (request, opts) => ({
    [Symbol.asyncIterator]: () => {
      const it = dir.search(request, opts)[Symbol.asyncIterator]();
      return {
        next: () => {
          const t0 = performance.now();
          const p = it.next();
          spent.ms += performance.now() - t0;
          return p;
        },
        return: (v?: unknown) => it.return?.(v) ?? Promise.resolve({ done: true as const, value: undefined }),
      };
    },
  });
  return new Proxy(dir, {
    get: (target, name) => {
      if (name === 'search') return search;
      const v = Reflect.get(target, name, target) as unknown;
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
    },
  }) as DirectoryPort;
}

/**
 * The state's costs in a process of their own (as the CLI's, which holds no directory): read the
 * file into an index, copy it as runScan does, save it again; best of three, first run beside it.
 */
async function childState(a: Record<string, string>): Promise<Record<string, number | string>> {
  const runs: { loadMs: number; cloneMs: number; saveMs: number }[] = [];
  let objects = 0;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const state = loadScanState(a.stateFile!, stateKey);
    const t1 = performance.now();
    state.index.clone();
    const t2 = performance.now();
    saveScanState(a.stateFile!, state, stateKey);
    const t3 = performance.now();
    objects = state.index.size;
    runs.push({ loadMs: t1 - t0, cloneMs: t2 - t1, saveMs: t3 - t2 });
  }
  const best = (k: 'loadMs' | 'cloneMs' | 'saveMs') => Math.round(Math.min(...runs.map((r) => r[k])));
  const first = (k: 'loadMs' | 'cloneMs' | 'saveMs') => Math.round(runs[0]![k]);
  return {
    objects,
    stateMb: +(stateSize(a.stateFile!) / 1024 / 1024).toFixed(1),
    loadMs: best('loadMs'),
    cloneMs: best('cloneMs'),
    saveMs: best('saveMs'),
    firstLoadMs: first('loadMs'),
    firstCloneMs: first('cloneMs'),
    firstSaveMs: first('saveMs'),
    rssMb: peakRssMb(),
  };
}

function sayRescan(say: (t: string) => void, rescan: Record<string, number | string>, fullMs: number, changed: number): void {
  const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  if (changed > 0) say(`  full scan                        ${secs(fullMs)}`);
  say(
    `  ${changed > 0 ? `re-scan after ${changed} changes      ` : 're-scan, nothing changed since'} ${secs(Number(rescan.ms))}   ${rescan.objects} objects read, ${rescan.reported} findings reported, ${rescan.resolved} resolved   ${((Number(rescan.ms) / fullMs) * 100).toFixed(1)}% of the full scan (${rescan.mode})`,
  );
  say('    re-scan parts:');
  const parts: [string, string][] = [
    ['connect', 'connectMs'],
    [`read state (${rescan.stateMb} MB)`, 'loadStateMs'],
    ['DC checks, saved index taken over', 'setupMs'],
    ['changed objects (deleted ones beside)', 'changedMs'],
    ['deletions applied', 'deletedMs'],
    ['duplicates and diff', 'duplicatesMs'],
    ['summary and new state', 'finishMs'],
    ['save state', 'saveStateMs'],
  ];
  for (const [name, key] of parts)
    say(`      ${name.padEnd(40)} ${String(rescan[key]).padStart(7)} ms   ${((Number(rescan[key]) / fullMs) * 100).toFixed(2)}%`);
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
      [
        '-LLL',
        '-x',
        '-H',
        env.url,
        '-D',
        env.bindDn,
        '-y',
        env.passwordFile,
        '-E',
        'pr=1000/noprompt',
        '-b',
        base,
        '-s',
        'sub',
        SCAN_FILTER,
        ...SCAN_ATTRIBUTES,
      ],
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
    childProc.on('close', (code) =>
      code === 0 ? resolve({ entries: n, ms: performance.now() - started }) : reject(new Error(`ldapsearch exited ${code}: ${err.trim()}`)),
    );
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      args: { type: 'string' },
      memory: { type: 'string' },
      synthetic: { type: 'string', default: '1000000' },
      changes: { type: 'string', default: '100' },
      rounds: { type: 'string', default: '2' },
      connections: { type: 'string', default: '[1,2,4,8]' },
      'count-ways': { type: 'boolean', default: false },
      parts: { type: 'string', default: '[]' },
    },
  });
  if (values.child) {
    const a = JSON.parse(values.args ?? '{}') as Record<string, string>;
    const modes: Record<string, (a: Record<string, string>) => Promise<Record<string, number | string>>> = {
      scan: childScan,
      read: childRead,
      rescan: childRescan,
      rules: childRules,
      memory: childMemory,
      state: childState,
    };
    const r = await modes[values.child]!(a);
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const say = (t: string) => process.stdout.write(`${t}\n`);
  if (values.memory) {
    // No DC: the planted directory in the memory directory (the re-scan's state and index costs at size).
    const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scan-')), 'state');
    const r = await child('memory', { count: values.memory, changes: values.changes!, stateFile });
    say(`bench:scan --memory ${values.memory}: the planted directory in the memory directory (no DC), load average ${loadAverage()}`);
    say(`  full scan: ${r.fullObjects} objects, ${r.fullFindings} findings; state saved in ${r.firstSaveMs} ms`);
    sayRescan(say, r, Number(r.fullMs), Number(r.changed));
    const own = Number(r.ms) - Number(r.memorySearchMs);
    say(
      `    of these, ${r.memorySearchMs} ms inside the memory directory's searches (it filters all ${r.fullObjects} objects for each of the two, work a DC does on its side):`,
    );
    say(`    the re-scan without them ${(own / 1000).toFixed(2)} s, ${((own / Number(r.fullMs)) * 100).toFixed(1)}% of the full scan`);
    say(`  peak RSS ${r.rssMb} MB (the directory, the full scan and the re-scan in one process)`);
    const st = await child('state', { stateFile });
    say(`  the state alone, in a process of its own like the CLI's (${st.objects} objects in the index, ${st.stateMb} MB; best of 3, first run in brackets):`);
    say(
      `    read into an index ${st.loadMs} ms (${st.firstLoadMs}), a copy of it (what the app's re-scan makes; the CLI's changes it in place) ${st.cloneMs} ms (${st.firstCloneMs}), save ${st.saveMs} ms (${st.firstSaveMs}); peak RSS ${st.rssMb} MB`,
    );
    fs.rmSync(path.dirname(stateFile), { recursive: true, force: true });
    return;
  }
  const env = await labEnv();
  const base = `OU=ScanSeed,${env.baseDn}`;
  say(`bench:scan against ${env.url} (${env.dir}), scope ${base}`);

  // 1. scan vs ldapsearch, interleaved so drift in machine load hits all alike: the scan on each
  //    number of connections (1 = one stream; more = the scope split into parts read at once), and
  //    with --count-ways the other two ways of getting the progress total, on one stream.
  const rounds = Number(values.rounds);
  const connections = JSON.parse(values.connections!) as number[];
  if (!connections.length || connections.some((k) => !Number.isInteger(k) || k < 1 || k > 16))
    throw new Error('--connections takes a JSON list of whole numbers from 1 to 16, e.g. [1,2,4,8]');
  const runs: { label: string; args: Record<string, string> }[] = connections.map((k) => ({
    label: `scan on ${k} connection${k === 1 ? ' (one stream)' : 's'}`,
    args: { connections: String(k), count: 'estimate' },
  }));
  if (values['count-ways']) {
    runs.push({ label: 'scan, one stream, no progress total', args: { connections: '1', count: 'none' } });
    runs.push({ label: 'scan, one stream, total by counting search', args: { connections: '1', count: 'search' } });
  }
  const scans = new Map<string, Record<string, number | string>[]>(runs.map((r) => [r.label, []]));
  const raws: { entries: number; ms: number }[] = [];
  const stateFile = path.join(env.dir, 'bench-scan-state');
  const loadAtStart = loadAverage();
  for (let r = 0; r < rounds; r++) {
    raws.push(await ldapsearch(env, base));
    for (const run of runs) scans.get(run.label)!.push(await child('scan', { base, stateFile, ...run.args }));
  }
  const best = (rows: Record<string, number | string>[]) => rows.reduce((x, y) => (Number(y.ms) < Number(x.ms) ? y : x));
  const bestRaw = Math.min(...raws.map((s) => s.ms));
  const first = best(scans.get(runs[0]!.label)!);
  const objects = Number(first.objects);
  const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const pad = (t: string, n: number) => t.padEnd(n);
  say(
    `  objects in scope: ${objects} (ldapsearch returned ${raws[0]!.entries}); best of ${rounds} round(s); load average ${loadAtStart} at the start, ${loadAverage()} at the end; ${os.cpus().length} CPUs`,
  );
  say(
    `  ${pad('', 44)}${pad('wall', 10)}${pad('objects/s', 11)}${pad('peak RSS', 10)}${pad('vs ldapsearch', 15)}${pad('vs 1 stream', 13)}${pad('scan CPU', 10)}total known after`,
  );
  say(
    `  ${pad('ldapsearch, paged (1000), LDAPS, one stream', 44)}${pad(secs(bestRaw), 10)}${pad(String(Math.round(objects / (bestRaw / 1000))), 11)}${pad('', 10)}${pad('1.00x', 15)}`,
  );
  const oneStream = scans.get(runs.find((r) => r.args.connections === '1' && r.args.count === 'estimate')?.label ?? '') ?? null;
  for (const run of runs) {
    const b = best(scans.get(run.label)!);
    const ms = Number(b.ms);
    const at = Number(b.totalAtMs);
    const vsOne = oneStream ? `${(ms / Number(best(oneStream).ms)).toFixed(2)}x` : '';
    say(
      `  ${pad(run.label, 44)}${pad(secs(ms), 10)}${pad(String(Math.round(objects / (ms / 1000))), 11)}${pad(`${b.rssMb} MB`, 10)}${pad(`${(ms / bestRaw).toFixed(2)}x`, 15)}${pad(vsOne, 13)}${pad(secs(Number(b.cpuMs)), 10)}${at >= 0 ? secs(at) : 'at the end'}   (findings ${b.findings})`,
    );
  }
  say(
    `  every round: ldapsearch ${raws.map((x) => secs(x.ms)).join(', ')}; ${runs
      .map(
        (r) =>
          `${r.label.replace(/^scan on /, '')} ${scans
            .get(r.label)!
            .map((x) => secs(Number(x.ms)))
            .join(', ')}`,
      )
      .join('; ')}`,
  );
  // The re-scan's share is of the scan as it runs by default (else the first one measured).
  const byDefault = runs.find((r) => r.args.connections === String(DEFAULT_SCAN_CONNECTIONS) && r.args.count === 'estimate');
  const withCount = byDefault ? best(scans.get(byDefault.label)!) : first;
  // The scan state the re-scan starts from: the default scan's (the split scan's state is the same).
  await child('scan', { base, stateFile, count: 'estimate', connections: String(DEFAULT_SCAN_CONNECTIONS) });

  // 1b. Reading the partitions at once on separate connections vs one stream (bare read, no rules).
  const parts = JSON.parse(values.parts!) as number[];
  const partDns = Array.from({ length: 8 }, (_, p) => `OU=Part${p},${base}`);
  const one = parts.length ? await child('read', { bases: JSON.stringify([base]), connections: '1' }) : null;
  if (one) say(`  bare read, one stream            ${secs(Number(one.ms))}   ${Math.round(Number(one.objects) / (Number(one.ms) / 1000))} objects/s`);
  for (const k of parts) {
    const r = await child('read', { bases: JSON.stringify(partDns), connections: String(k) });
    say(
      `  bare read, 8 OUs on ${k} connections ${secs(Number(r.ms))}   ${Math.round(Number(r.objects) / (Number(r.ms) / 1000))} objects/s   ${(Number(r.ms) / Number(one!.ms)).toFixed(2)}x one stream`,
    );
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
  say(`  (the full scan below: ${byDefault ? byDefault.label : runs[0]!.label})`);
  sayRescan(say, rescan, Number(withCount.ms), targets.length);
  // Once more with nothing changed since: what every re-scan pays whatever changed (its fixed cost).
  const quiet = await child('rescan', { base, stateFile });
  sayRescan(say, quiet, Number(withCount.ms), 0);

  // 3. rules engine alone.
  if (Number(values.synthetic) <= 0) return;
  const rules = await child('rules', { n: values.synthetic! });
  say(
    `  rules engine, ${rules.objects} synthetic   ${(Number(rules.ms) / 1000).toFixed(2)} s   ${Math.round(Number(rules.objects) / (Number(rules.ms) / 1000))} objects/s   peak RSS ${rules.rssMb} MB   (${rules.findings} findings, ${rules.duplicateSets} duplicate sets)`,
  );
  say('targets: scan <= 1.10x ldapsearch, RSS <= 400 MB at 100,000; re-scan <= 2%; rules >= 100,000 objects/s, <= 1 GB at 1,000,000');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-scan: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
