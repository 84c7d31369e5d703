#!/usr/bin/env -S npx tsx
// Benchmark of the pure readiness engine (shared/readiness/scan: entry decoding, IdFix's skips, the rules,
// findings, the duplicate index and its duplicate sets) on generated directory objects, beside a
// baseline measured in the same run: the same objects generated the same way, with a plain loop
// that only touches every value of every attribute. Each measurement runs in its own process so
// its peak RSS is its own; objects are generated one at a time, never held, so what stays in
// memory is what the engine keeps.
//
//   npm run bench:rules [-- --sizes 100000,1000000 --runs 1 --v1]
// --v1 also runs the implementation before the performance work (shared/readiness/scan/test/*-v1.ts, the
// property tests' oracle) on the same objects.
//   node --import tsx --cpu-prof scripts/bench-rules.ts --child engine --n 200000   (one run, to profile)
import { execFile } from 'node:child_process';
import { parseArgs, promisify } from 'node:util';
import { DuplicateIndex } from '../shared/readiness/scan/duplicate-index';
import { checkObject, toFinding } from '../shared/readiness/scan/rules';
import { normaliseEntry, skipReason, type RawEntry } from '../shared/readiness/scan/scan-object';
import { DuplicateIndex as DuplicateIndexV1 } from '../shared/readiness/scan/test/duplicate-index-v1';
import { checkObject as checkObjectV1, toFinding as toFindingV1 } from '../shared/readiness/scan/test/rules-v1';
import { normaliseEntry as normaliseEntryV1, skipReason as skipReasonV1 } from '../shared/readiness/scan/test/scan-object-v1';

const run = promisify(execFile);

const GUID = Buffer.alloc(16);
const DOMAINS = ['contoso.com', 'contoso.co.uk', 'uni.edu.au', 'fabrikam.photography'];

/**
 * Object i of the synthetic directory: users (most), inetOrgPersons, mail-enabled and security
 * groups, contacts. About 2% carry a planted problem (one of each kind in turn), some of them
 * shared values across objects (duplicate sets of 2-3); the rest are clean but realistic
 * (apostrophes, .edu.au, new gTLDs, X500 proxy values, several proxy addresses).
 */
export function syntheticEntry(i: number): RawEntry {
  GUID.writeUInt32LE(i, 0);
  GUID.writeUInt32LE(0x5ca1ab1e, 4);
  const objectGUID = [GUID.toString('base64')];
  const domain = DOMAINS[i % DOMAINS.length]!;
  const kind = i % 20;
  // Every 50th user carries one of ten planted problems in turn; every 100th contact and group one too.
  const planted = i % 50 === 7 || i % 100 === 38 || i % 100 === 59 ? (i / 50) | 0 : -1;
  const dn = `CN=Object ${i},OU=Part${i % 16},OU=Synthetic,DC=contoso,DC=com`;
  if (kind === 18) {
    return {
      dn,
      attributes: {
        objectClass: ['top', 'person', 'organizationalPerson', 'contact'],
        cn: [`Object ${i}`],
        objectGUID,
        displayName: [`Partner ${i}`],
        mail: [`partner${i}@partner.example.org`],
        mailNickname: [`partner${i}`],
        targetAddress: [planted >= 0 ? `SMTP:partner${i}@partner.local` : `SMTP:partner${i}@partner.example.org`],
        proxyAddresses: [`SMTP:partner${i}@partner.example.org`],
      },
    };
  }
  if (kind === 19) {
    const security = i % 40 === 19;
    return {
      dn,
      attributes: {
        objectClass: ['top', 'group'],
        cn: [`Group ${i}`],
        objectGUID,
        groupType: [security ? '-2147483646' : '8'],
        sAMAccountName: [`group${i}`],
        displayName: planted >= 0 ? [] : [`Group ${i}`],
        mail: security ? [] : [`group${i}@${domain}`],
        mailNickname: security ? [] : [`group${i}`],
        proxyAddresses: security ? [] : [`SMTP:group${i}@${domain}`, `smtp:group${i}@contoso.mail.onmicrosoft.com`],
      },
    };
  }
  let name = i % 7 === 0 ? `o'brien${i}` : `user${i}`;
  let upn = `${name}@${domain}`;
  let mail = `${name}@${domain}`;
  let givenName = i % 3 ? 'Pat' : 'Ann-Marie';
  let nickname = name;
  let sam = `u${i}`;
  const proxies = [`SMTP:${name}@${domain}`, `smtp:${name}@contoso.mail.onmicrosoft.com`];
  if (i % 5 === 0) proxies.push(`X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${name}`);
  switch (planted % 10) {
    case 0:
      upn = `${name}@contoso.local`;
      break;
    case 1:
      mail = `${name} x@${domain}`;
      break;
    case 2:
      mail = `shared${(planted / 20) | 0}@contoso.com`;
      break; // pairs: the next object planted this way shares it
    case 3:
      givenName = 'G'.repeat(70);
      break;
    case 4:
      nickname = `${name}.`;
      break;
    case 5:
      sam = `u${i}+x`;
      break;
    case 6: // pairs across attributes: one object's UPN is the other's smtp: proxy address
      if (((planted / 10) | 0) % 2) upn = `Dup${(planted / 20) | 0}@contoso.com`;
      else proxies.push(`smtp:dup${(planted / 20) | 0}@contoso.com`);
      break;
    case 7:
      upn = `${name}.@${domain}`;
      break;
    case 8:
      proxies.push(`smtp:${name}@contoso.lan`);
      break;
    case 9:
      name = `${name}.x`;
      upn = `${name}@${domain}`;
      sam = `verylongaccountname${i}`;
      break;
  }
  return {
    dn,
    attributes: {
      objectClass: i % 11 === 0 ? ['top', 'person', 'organizationalPerson', 'user', 'inetOrgPerson'] : ['top', 'person', 'organizationalPerson', 'user'],
      cn: [`Object ${i}`],
      objectGUID,
      sAMAccountName: [sam],
      userPrincipalName: [upn],
      displayName: [`Object ${i}`],
      givenName: [givenName],
      sn: [`Lee${i}`],
      mail: [mail],
      mailNickname: [nickname],
      proxyAddresses: proxies,
      uSNChanged: [String(10_000 + i)],
    },
  };
}

const WIRE = Buffer.alloc(1 << 16);

/**
 * The entry as the directory port hands it over: every string decoded from one message buffer,
 * as ldapts does (flat strings of their own, not the template literals' pieces the engine would
 * otherwise keep alive).
 */
export function fromWire(e: RawEntry): RawEntry {
  let at = 0;
  const decode = (s: string) => {
    const end = at + WIRE.write(s, at);
    const out = WIRE.toString('utf8', at, end);
    at = end;
    return out;
  };
  const attributes: Record<string, string[]> = {};
  for (const name in e.attributes) attributes[name] = e.attributes[name]!.map(decode);
  return { dn: decode(e.dn), attributes };
}

interface Measure {
  mode: string;
  objects: number;
  /** Wall time inside the measured code only (objects are generated between the timed spans). */
  ms: number;
  /** CPU time of the process over the same spans (steadier than wall time on a shared machine). */
  cpuMs: number;
  /** Wall time of the whole run, generating the objects included. */
  totalMs: number;
  peakRssMb: number;
  heapMb: number;
  checked: number;
  findings: number;
  duplicateSets: number;
  check: number;
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const heapMb = () => Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
const CHUNK = 1000;

/**
 * Feeds objects 0..n-1 to `work` a chunk at a time: each chunk is generated and decoded untimed,
 * then `work` runs on it timed (wall and CPU), so the figures are the work's own.
 */
function timedChunks(n: number, work: (entries: RawEntry[]) => void): { ms: number; cpuMs: number; totalMs: number } {
  let ms = 0;
  let cpuMs = 0;
  const started = performance.now();
  const entries: RawEntry[] = [];
  for (let first = 0; first < n; first += CHUNK) {
    entries.length = 0;
    for (let i = first; i < Math.min(n, first + CHUNK); i++) entries.push(fromWire(syntheticEntry(i)));
    const cpu = process.cpuUsage();
    const t = performance.now();
    work(entries);
    ms += performance.now() - t;
    const d = process.cpuUsage(cpu);
    cpuMs += (d.user + d.system) / 1000;
  }
  return { ms, cpuMs, totalMs: performance.now() - started };
}

/** The baseline: a plain loop that touches every value of every attribute of every object. */
function baseline(n: number): Measure {
  let check = 0;
  const t = timedChunks(n, (entries) => {
    for (const e of entries) {
      check += e.dn.length;
      for (const name in e.attributes) for (const v of e.attributes[name]!) check += v.length;
    }
  });
  return { mode: 'baseline', objects: n, ...t, peakRssMb: peakRssMb(), heapMb: heapMb(), checked: 0, findings: 0, duplicateSets: 0, check };
}

interface Engine {
  normaliseEntry: typeof normaliseEntry;
  skipReason: typeof skipReason;
  checkObject: typeof checkObject;
  toFinding: typeof toFinding;
  newIndex: () => Pick<DuplicateIndex, 'put' | 'duplicateSets' | 'size'>;
}
const CURRENT: Engine = { normaliseEntry, skipReason, checkObject, toFinding, newIndex: () => new DuplicateIndex() };
const V1: Engine = {
  normaliseEntry: normaliseEntryV1,
  skipReason: skipReasonV1,
  checkObject: checkObjectV1,
  toFinding: toFindingV1,
  newIndex: () => new DuplicateIndexV1(),
};

/** The same objects through the engine, as the scanner drives it; the duplicate sets at the end. */
function engine(n: number, mode: string, { normaliseEntry, skipReason, checkObject, toFinding, newIndex }: Engine): Measure {
  const index = newIndex();
  let findings = 0;
  let checked = 0;
  let check = 0;
  const t = timedChunks(n, (entries) => {
    for (const e of entries) {
      const o = normaliseEntry(e);
      if (skipReason(o) !== null) continue;
      checked += 1;
      for (const p of checkObject(o)) {
        findings += 1;
        check += toFinding(o, p).id.length;
      }
      index.put(o);
    }
  });
  const cpu = process.cpuUsage();
  const started = performance.now();
  let duplicateSets = 0;
  for (const set of index.duplicateSets()) {
    duplicateSets += 1;
    check += set.holders.length;
  }
  const setsMs = performance.now() - started;
  const d = process.cpuUsage(cpu);
  const heap = heapMb(); // the index is still alive here
  if (index.size === 0) throw new Error('the index is empty');
  return {
    mode,
    objects: n,
    ms: t.ms + setsMs,
    cpuMs: t.cpuMs + (d.user + d.system) / 1000,
    totalMs: t.totalMs + setsMs,
    peakRssMb: peakRssMb(),
    heapMb: heap,
    checked,
    findings,
    duplicateSets,
    check,
  };
}

async function child(mode: string, n: number): Promise<Measure> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', mode, '--n', String(n)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Measure;
}

const perSecond = (m: Measure) => Math.round(m.objects / (m.ms / 1000));
const fmt = (x: number) => x.toLocaleString('en-US');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      n: { type: 'string' },
      sizes: { type: 'string', default: '100000,1000000' },
      runs: { type: 'string', default: '1' },
      v1: { type: 'boolean', default: false },
    },
  });
  if (values.child) {
    const n = Number(values.n);
    if (!Number.isInteger(n) || n < 1) throw new Error('--n needs a whole number of objects');
    const m =
      values.child === 'baseline'
        ? baseline(n)
        : values.child === 'engine'
          ? engine(n, 'engine', CURRENT)
          : values.child === 'engine-v1'
            ? engine(n, 'engine-v1', V1)
            : null;
    if (!m) throw new Error(`unknown --child ${values.child} (baseline, engine or engine-v1)`);
    process.stdout.write(`${JSON.stringify(m)}\n`);
    return;
  }
  const sizes = values.sizes!.split(',').map(Number);
  const runs = Number(values.runs);
  if (sizes.some((s) => !Number.isInteger(s) || s < 1) || !Number.isInteger(runs) || runs < 1)
    throw new Error('--sizes takes whole numbers (100000,1000000), --runs a whole number');
  const say = (t: string) => process.stdout.write(`${t}\n`);
  const [load1, load5] = (await import('node:os')).loadavg();
  say(`bench:rules, node ${process.version}, load average ${load1!.toFixed(1)} (5-min ${load5!.toFixed(1)}); best of ${runs} run(s), interleaved`);
  for (const n of sizes) {
    const base: Measure[] = [];
    const eng: Measure[] = [];
    const old: Measure[] = [];
    for (let r = 0; r < runs; r++) {
      base.push(await child('baseline', n));
      eng.push(await child('engine', n));
      if (values.v1) old.push(await child('engine-v1', n));
    }
    const best = (ms: Measure[]) => ms.reduce((x, y) => (y.ms < x.ms ? y : x));
    const b = best(base);
    const e = best(eng);
    say(`  ${fmt(n)} objects`);
    say(
      `    baseline (a loop touching every value)  ${(b.ms / 1000).toFixed(2)} s (CPU ${(b.cpuMs / 1000).toFixed(2)} s)  ${fmt(perSecond(b))} objects/s  peak RSS ${b.peakRssMb} MB  heap ${b.heapMb} MB  (whole run with generating ${(b.totalMs / 1000).toFixed(2)} s)`,
    );
    say(
      `    engine (decode, skips, rules, findings, duplicate index and sets)  ${(e.ms / 1000).toFixed(2)} s (CPU ${(e.cpuMs / 1000).toFixed(2)} s)  ${fmt(perSecond(e))} objects/s (by CPU ${fmt(Math.round(e.objects / (e.cpuMs / 1000)))})  peak RSS ${e.peakRssMb} MB  heap at end ${e.heapMb} MB  (whole run ${(e.totalMs / 1000).toFixed(2)} s)`,
    );
    say(
      `    engine / baseline: time ${(e.ms / b.ms).toFixed(1)}x, peak RSS ${(e.peakRssMb / b.peakRssMb).toFixed(2)}x (+${e.peakRssMb - b.peakRssMb} MB); ${((e.ms * 1000) / n).toFixed(2)} µs an object`,
    );
    if (old.length) {
      const v = best(old);
      const same = v.findings === e.findings && v.duplicateSets === e.duplicateSets && v.checked === e.checked;
      say(
        `    engine before (v1)  ${(v.ms / 1000).toFixed(2)} s (CPU ${(v.cpuMs / 1000).toFixed(2)} s)  ${fmt(perSecond(v))} objects/s (by CPU ${fmt(Math.round(v.objects / (v.cpuMs / 1000)))})  peak RSS ${v.peakRssMb} MB  heap at end ${v.heapMb} MB`,
      );
      say(
        `    now / before: ${(v.ms / e.ms).toFixed(1)}x faster (CPU ${(v.cpuMs / e.cpuMs).toFixed(1)}x), peak RSS ${(e.peakRssMb / v.peakRssMb).toFixed(2)}x; same counts: ${same ? 'yes' : 'NO'}`,
      );
      if (!same) process.exitCode = 1;
    }
    say(`    ${fmt(e.checked)} objects checked (the rest skipped), ${fmt(e.findings)} rule findings, ${fmt(e.duplicateSets)} duplicate sets`);
  }
  say('targets: the engine >= 100,000 objects/s and peak RSS <= 1 GB at 1,000,000 objects');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-rules: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
