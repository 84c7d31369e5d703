#!/usr/bin/env -S npx tsx
// Seeds the planted readiness-scan directory (scripts/scan-seed-plan.ts) into a lab DC, once:
//   LAB_DC_ADDR=127.0.0.15 LAB_DC_DIR=/work/lab-dc-100k npx tsx scripts/seed-scan-dc.ts --count 100000 --offline
//   LAB_DC_ADDR=127.0.0.14 npx tsx scripts/seed-scan-dc.ts --count 400
// --offline stops the DC and adds the objects with ldbadd straight into sam.ldb in chunks (--chunk,
// default 10,000), with the shared-value indexes off during the load and rebuilt once after it
// (seed-scan-offline.ts says why), then starts the DC again; an interrupted offline seed resumes
// from its progress file (<LAB_DC_DIR>/scan-seed-progress.json) on the next run. Without it the
// objects go in over LDAPS through the lab admin. Either way the DC must carry the lab marker, every
// object gets the lab tag, and <LAB_DC_DIR>/scan-seed.json records the plan's count, the expected
// findings and how long seeding took; a later run with the same count reuses the directory.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { createLabDirectoryAdmin } from '../electron/directory/lab-directory-admin';
import { LAB_OBJECT_TAG } from '../electron/directory/lab-marker';
import { LdapDirectory } from '../electron/directory/ldap-directory';
import { addPlannedObjects, planSeed, SEED_OU, SEED_PARTS, type ExpectedFinding } from './scan-seed-plan';
import { loadOffline, readProgress } from './seed-scan-offline';

const run = promisify(execFile);
const LAB_DC = path.resolve(import.meta.dirname, 'lab-dc.sh');

export interface SeedManifest {
  count: number;
  objects: number;
  baseDn: string;
  ouDn: string;
  partDns: string[];
  kinds: Record<string, number>;
  expected: ExpectedFinding[];
  mode: 'offline' | 'ldaps';
  seconds: number;
  seededAt: string;
}

export interface LabEnv {
  url: string;
  caFile: string;
  serverName: string;
  bindDn: string;
  passwordFile: string;
  baseDn: string;
  dir: string;
  labMarkerDn: string | null;
}

export async function labEnv(): Promise<LabEnv> {
  const { stdout } = await run(LAB_DC, ['ensure', '--quiet'], { maxBuffer: 1 << 20, timeout: 600_000 });
  return JSON.parse(stdout) as LabEnv;
}

export function manifestPath(env: LabEnv): string {
  return path.join(env.dir, 'scan-seed.json');
}

export function readManifest(env: LabEnv): SeedManifest | null {
  try {
    return JSON.parse(fs.readFileSync(manifestPath(env), 'utf8')) as SeedManifest;
  } catch {
    return null;
  }
}

export async function connectLab(env: LabEnv): Promise<LdapDirectory> {
  return LdapDirectory.connect({
    url: env.url,
    bindDn: env.bindDn,
    password: fs.readFileSync(env.passwordFile, 'utf8'),
    caFile: env.caFile,
    serverName: env.serverName,
    timeoutMs: 120_000,
  });
}

function tagged(attributes: Record<string, string[]>): Record<string, string[]> {
  const isUser = attributes.objectClass?.includes('user') ?? false;
  return { ...attributes, adminDescription: [LAB_OBJECT_TAG], ...(isUser ? { uid: [LAB_OBJECT_TAG] } : {}) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '400' }, offline: { type: 'boolean' }, chunk: { type: 'string', default: '10000' } },
  });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 50) throw new Error('--count must be a whole number of at least 50');
  const env = await labEnv();
  if (!env.labMarkerDn) throw new Error(`${env.url} carries no lab marker; the seeder writes only into a lab DC`);
  const existing = readManifest(env);
  if (existing && existing.count === count) {
    process.stderr.write(`already seeded: ${existing.objects} objects under ${existing.ouDn} (took ${existing.seconds} s, ${existing.mode}); reusing it\n`);
    return;
  }
  if (existing) throw new Error(`this DC holds a seed of ${existing.count}; destroy it (scripts/lab-dc.sh destroy with the same LAB_DC_DIR) to seed ${count}`);

  const dir = await connectLab(env);
  const admin = createLabDirectoryAdmin(dir);
  await admin.checkLabDirectory();
  const plan = planSeed(count, env.baseDn);
  const started = Date.now();
  const say = (text: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${text}\n`);
  say(`planned ${plan.objects.length} objects (${plan.expected.length} expected findings)`);

  const progressFile = path.join(env.dir, 'scan-seed-progress.json');
  const resuming = values.offline && readProgress(progressFile)?.count === count;
  if (!resuming) {
    await admin.createOrganizationalUnit(SEED_OU).catch((e: Error) => {
      throw new Error(`cannot create OU=${SEED_OU} (an earlier seed that did not finish? destroy the DC and start over): ${e.message}`);
    });
    for (let p = 0; p < SEED_PARTS; p++) await admin.createOrganizationalUnit(`Part${p}`, plan.ouDn);
  }

  let mode: SeedManifest['mode'];
  if (values.offline) {
    mode = 'offline';
    await dir.close();
    const samLdb = path.join(env.dir, 'dc', 'private', 'sam.ldb');
    if (!fs.existsSync(samLdb)) throw new Error(`${samLdb} not found`);
    const chunk = Number(values.chunk);
    if (!Number.isInteger(chunk) || chunk < 1) throw new Error('--chunk must be a whole number of at least 1');
    const dc = { samLdb, smbConf: path.join(env.dir, 'dc', 'etc', 'smb.conf'), baseDn: env.baseDn, progressFile, workDir: path.join(env.dir, 'seed-work') };
    await run(LAB_DC, ['stop']);
    say('DC stopped; adding with ldbadd');
    try {
      await loadOffline(
        dc,
        plan.objects.map((o) => ({ ...o, attributes: tagged(o.attributes) })),
        { count, chunk, ouDn: plan.ouDn, say },
      );
    } finally {
      fs.rmSync(dc.workDir, { recursive: true, force: true });
      await labEnv();
      say('DC started again');
    }
  } else {
    mode = 'ldaps';
    await addPlannedObjects(admin, plan.objects, 4);
    await dir.close();
  }
  const manifest: SeedManifest = {
    count,
    objects: plan.objects.length,
    baseDn: plan.baseDn,
    ouDn: plan.ouDn,
    partDns: plan.partDns,
    kinds: plan.kinds,
    expected: plan.expected,
    mode,
    seconds: Math.round((Date.now() - started) / 1000),
    seededAt: new Date().toISOString(),
  };
  fs.writeFileSync(manifestPath(env), JSON.stringify(manifest));
  say(`seeded ${manifest.objects} objects in ${manifest.seconds} s (${mode}); manifest ${manifestPath(env)}`);
}

const isEntry = process.argv[1] && /seed-scan-dc\.(ts|mjs|js)$/.test(process.argv[1]);
if (isEntry) {
  main().catch((e: unknown) => {
    process.stderr.write(`seed-scan-dc: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
