// Benchmark: wall time of the full one-truth diagnosis (runDiagnosis: every step of every playbook,
// nothing else; lab host + the Samba lab DC), every probe running
// concurrently under its own timeout, beside two baselines measured in the same run:
//   - the same probe calls made one after another (what concurrency saves), and
//   - raw `ldapsearch` for the account lookup diagnose makes. ldapsearch cannot verify the lab DC's
//     certificate against 127.0.0.1 (it has no server-name option) and we never turn verification
//     off, so it goes over Samba's privileged ldapi socket: a native-client floor without TLS.
// --host-latency-ms adds the start-up cost of powershell.exe to every host call (a few hundred ms
// each on a real server, at most --process-slots at once: its cores), where running probes
// concurrently pays off; with it, diagnose is also measured in the Windows host's batched mode
// (read-only calls made together share one process, electron/lab/host-latency.ts) beside it.
// Usage: npx tsx scripts/bench-diagnose.ts [--runs 5] [--scenario service-account-disabled] [--host-latency-ms 300] [--process-slots 2]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createAppSession } from '../electron/app/session';
import type { PortContext } from '../electron/probes/context';
import { runDiagnosis } from '../electron/triage/diagnosis';
import { withHostLatency, type LatencyStats } from '../electron/lab/host-latency';

const { values } = parseArgs({
  options: {
    'host-latency-ms': { type: 'string', default: '300' },
    'process-slots': { type: 'string', default: '2' },
    runs: { type: 'string', default: '5' },
    scenario: { type: 'string', default: 'service-account-disabled' },
  },
});
const runs = Number(values.runs);
const hostLatency = Number(values['host-latency-ms']);
const processSlots = Number(values['process-slots']);
const root = path.resolve(import.meta.dirname, '..');

execFileSync(path.join(root, 'scripts/lab-dc.sh'), ['ensure'], { stdio: ['ignore', 'ignore', 'inherit'] });
const env = JSON.parse(execFileSync(path.join(root, 'scripts/lab-dc.sh'), ['env'], { encoding: 'utf8' }));
const password = fs.readFileSync(env.passwordFile, 'utf8').trim();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * Wrap every port method so each call's duration is recorded under "port.method"; the host pays
 * the simulated PowerShell start-up, one process per call or (batched) per group of questions.
 */
function timed(ctx: PortContext, calls: Map<string, number[]>, batched = false, stats?: LatencyStats[]): PortContext {
  const latent = hostLatency > 0 ? withHostLatency(ctx.host, { perCallMs: hostLatency, processSlots, batched }) : null;
  if (latent) stats?.push(latent.stats);
  const wrap = <T extends object>(name: string, target: T): T =>
    new Proxy(target, {
      get(t, prop, recv) {
        const v = Reflect.get(t, prop, recv);
        if (typeof v !== 'function' || typeof prop !== 'string') return v;
        return (...args: unknown[]) => {
          const start = performance.now();
          const result = v.apply(t, args);
          if (result && typeof (result as Promise<unknown>).then === 'function') {
            return (result as Promise<unknown>).finally(() => {
              const key = `${name}.${prop}`;
              calls.set(key, [...(calls.get(key) ?? []), performance.now() - start]);
            });
          }
          return result;
        };
      },
    });
  return { ...ctx, host: wrap('host', latent?.host ?? ctx.host), directory: ctx.directory && wrap('directory', ctx.directory) };
}

const t0 = performance.now();
const session = await createAppSession({
  dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-bench-')),
  mode: 'lab',
  scenarioId: values.scenario,
  appVersion: 'bench',
  labDirectory: { kind: 'ldap', connection: { url: env.url, bindDn: env.bindDn, password, caFile: env.caFile, serverName: env.serverName } },
});
const setupMs = performance.now() - t0;

// One call at a time across host and directory: the same probes, one after another.
function serialized(ctx: PortContext): PortContext {
  let tail: Promise<unknown> = Promise.resolve();
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop, recv) {
        const v = Reflect.get(t, prop, recv);
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          const next = tail.then(() => v.apply(t, args));
          tail = next.catch(() => undefined);
          return next;
        };
      },
    });
  return { ...ctx, host: wrap(ctx.host), directory: ctx.directory && wrap(ctx.directory) };
}

// Warm-up (TLS session, schema caches), then measured runs. Every mode runs the one-truth
// diagnosis (runDiagnosis: every step of every playbook, nothing else).
await runDiagnosis(session.ports());
const wall: number[] = [];
const batchedWall: number[] = [];
const perCallStats: LatencyStats[] = [];
const batchedStats: LatencyStats[] = [];
const seqStats: LatencyStats[] = [];
const seqWall: number[] = [];
let findings = 0;
const calls = new Map<string, number[]>();
for (let i = 0; i < runs; i++) {
  const ctx = timed(session.ports(), calls, false, perCallStats);
  const start = performance.now();
  findings = (await runDiagnosis(ctx, undefined, 10_000)).length;
  wall.push(performance.now() - start);

  if (hostLatency > 0) {
    // The same diagnosis with the Windows host's batched mode.
    const b = timed(session.ports(), new Map(), true, batchedStats);
    const bs = performance.now();
    await runDiagnosis(b, undefined, 10_000);
    batchedWall.push(performance.now() - bs);
  }

  // Baseline 1: the same probes, one port call after another (one process per call).
  const p = serialized(timed(session.ports(), new Map(), false, seqStats));
  const s = performance.now();
  await runDiagnosis(p, undefined, 60_000);
  seqWall.push(performance.now() - s);
}

// Baseline 2: raw ldapsearch for the lookup findAccount makes (one process per lookup, as a script would).
const ldapsearchMs: number[] = [];
const ldapi = `ldapi://${encodeURIComponent(path.resolve(path.dirname(env.caFile), '..', 'ldap_priv', 'ldapi'))}`;
const sam = JSON.parse(fs.readFileSync(path.join(root, 'assets/scenarios', `${values.scenario}.json`), 'utf8')).accounts[0].sAMAccountName;
for (let i = 0; i < runs; i++) {
  const s = performance.now();
  const r = spawnSync(
    'ldapsearch',
    [
      '-LLL',
      '-H',
      ldapi,
      '-x',
      '-b',
      env.baseDn,
      `(sAMAccountName=${sam})`,
      'userAccountControl',
      'msDS-User-Account-Control-Computed',
      'pwdLastSet',
      'accountExpires',
      'userPrincipalName',
      'displayName',
      'objectGUID',
    ],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`ldapsearch failed: ${r.stderr}`);
  ldapsearchMs.push(performance.now() - s);
}
const findMs = calls.get('directory.findAccount') ?? [];
await session.close();

console.log(`diagnose benchmark — scenario ${values.scenario}, ${runs} runs, lab host (+${hostLatency} ms per host call) + Samba DC at ${env.url}`);
console.log(`  session setup (scenario seeded into the DC)     ${ms(setupMs)}`);
console.log(`  diagnose wall time, median                      ${ms(median(wall))}   (min ${ms(Math.min(...wall))}, max ${ms(Math.max(...wall))})`);
console.log(`  baseline: same calls one after another, median  ${ms(median(seqWall))}`);
if (hostLatency > 0) {
  const procs = (st: LatencyStats[]) => median(st.map((x) => x.processes));
  console.log(`  PowerShell processes per diagnose (${processSlots} at once) one per call: ${procs(perCallStats)}, batched: ${procs(batchedStats)}`);
  console.log(
    `  diagnose wall time, batched host, median        ${ms(median(batchedWall))}   (min ${ms(Math.min(...batchedWall))}, max ${ms(Math.max(...batchedWall))})`,
  );
  console.log(`  ratio one-process-per-call / batched            ${(median(wall) / median(batchedWall)).toFixed(2)}x`);
}
console.log(`  PowerShell processes, one after another: ${median(seqStats.map((x) => x.processes))}`);
console.log(`  ratio sequential / concurrent (per call)        ${(median(seqWall) / median(wall)).toFixed(2)}x`);
if (hostLatency > 0)
  console.log(
    `  ratio sequential / batched                      ${(median(seqWall) / median(batchedWall)).toFixed(2)}x   (target: batched under 1,000 ms: ${median(batchedWall) < 1000 ? 'met' : 'not met'})`,
  );
console.log(
  `  machine load average (1, 5, 15 min)             ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}`,
);
console.log(`  findings per run                                ${findings}`);
console.log('  per-call medians inside diagnose:');
for (const [k, v] of [...calls].sort()) console.log(`    ${k.padEnd(32)} ${ms(median(v)).padStart(10)}  (${v.length} calls)`);
console.log(`  directory.findAccount median                    ${ms(median(findMs))}`);
console.log(`  baseline: ldapsearch process (ldapi, no TLS)    ${ms(median(ldapsearchMs))}`);
console.log(`  ratio findAccount / ldapsearch                  ${(median(findMs) / median(ldapsearchMs)).toFixed(2)}x`);
