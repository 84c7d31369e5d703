// The split full scan (the scope's parts read on several connections at once) against the Samba lab
// DC: the planted directory of scripts/scan-seed-plan.ts re-homed into a tree with objects directly
// under the base, nested OUs, a plain container and an OU to exclude with one included again inside
// it. The split scan must give exactly the single stream's findings, read every object once, honour
// the scope, stop every connection on cancel and name the part that failed.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScanFinding } from '../../../shared/readiness/scan/finding';
import { SCAN_ATTRIBUTES, SCAN_FILTER } from '../../../shared/readiness/scan/scan-object';
import { compareWithManifest } from '../../../scripts/scan-seed-check';
import { addPlannedObjects, planSeed, type SeedPlan } from '../../../scripts/scan-seed-plan';
import { createLabDirectoryAdmin, type LabDirectoryAdmin } from '../../directory/lab-directory-admin';
import { LdapDirectory } from '../../directory/ldap-directory';
import type { DirectoryReader, SearchRequest } from '../../ports/directory-port';
import type { OperationOptions } from '../../ports/host-port';
import { runScan, type ScanOptions, type ScanProgress, type ScanSummary } from './scanner';

const lab = inject('labDc');
const tag = randomBytes(2).toString('hex');

/** Sockets this process holds open (each LDAPS connection is one TCP socket under its TLS). */
const tlsSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

/** Waits until `check` holds (a closed socket leaves the resource list on a later turn), at most 2 s. */
async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 40 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
}

/**
 * The real directory, watched: which DNs each scan read (searches for the scan's attributes only)
 * and how many extra connections it opened. `beforeRead` runs when the first extra connection is
 * asked for (after the scan has split its scope, before any part is read). `dropAfter`: the first
 * extra connection is closed under its search once that search has handed out this many entries
 * (a connection lost mid-part); `dropped` then names the part it was reading.
 */
function watched(dir: LdapDirectory, o: { beforeRead?: () => Promise<void>; dropAfter?: number } = {}) {
  const reads: string[] = [];
  const requests: SearchRequest[] = [];
  const dropped: string[] = [];
  let opened = 0;
  let hook = o.beforeRead;
  const record = (source: Pick<DirectoryReader, 'search'>, drop?: () => Promise<void>) =>
    async function* (request: SearchRequest, opts?: OperationOptions) {
      requests.push(request);
      let n = 0;
      for await (const e of source.search(request, opts)) {
        if (request.attributes.length === SCAN_ATTRIBUTES.length) reads.push(e.dn.toLowerCase());
        yield e;
        if (drop && request.attributes.length === SCAN_ATTRIBUTES.length && ++n === o.dropAfter && dropped.length === 0) {
          dropped.push(request.base!);
          await drop();
        }
      }
    };
  const port = new Proxy(dir, {
    get(target, prop, receiver) {
      if (prop === 'search') return record(target);
      if (prop === 'openReader') {
        return async (opts?: OperationOptions) => {
          opened += 1;
          const index = opened;
          const run = hook;
          hook = undefined;
          await run?.();
          const reader = await target.openReader(opts);
          return { search: record(reader, index === 1 && o.dropAfter ? () => reader.close() : undefined), close: () => reader.close() };
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { port, reads, requests, dropped, opened: () => opened };
}

const byId = (findings: Iterable<ScanFinding>) => [...findings].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

async function scan(
  dir: LdapDirectory | ReturnType<typeof watched>['port'],
  options: ScanOptions,
): Promise<{ summary: ScanSummary; findings: ScanFinding[]; progress: ScanProgress[] }> {
  const found = new Map<string, ScanFinding>();
  const progress: ScanProgress[] = [];
  const summary = await runScan(dir, {
    pageSize: 20,
    progressEvery: 10,
    ...options,
    onFinding: (f) => found.set(f.id, f),
    onProgress: (p) => progress.push(p),
  });
  return { summary, findings: byId(found.values()), progress };
}

(lab ? describe : describe.skip)('split full scan against the Samba lab DC', () => {
  let dir: LdapDirectory;
  let admin: LabDirectoryAdmin;
  let plan: SeedPlan;
  let top: string;
  let where: Record<'a' | 'a1' | 'a2' | 'b' | 'box' | 'old' | 'keep' | 'doomed', string>;

  beforeAll(async () => {
    dir = await LdapDirectory.connect({
      url: lab!.url,
      bindDn: lab!.bindDn,
      password: fs.readFileSync(lab!.passwordFile, 'utf8'),
      caFile: lab!.caFile,
      serverName: lab!.serverName,
    });
    admin = createLabDirectoryAdmin(dir);
    top = await admin.createOrganizationalUnit(`Split${tag}`);
    const a = await admin.createOrganizationalUnit('A', top);
    const a1 = await admin.createOrganizationalUnit('A1', a);
    const a2 = await admin.createOrganizationalUnit('A2', a1);
    const b = await admin.createOrganizationalUnit('B', top);
    const old = await admin.createOrganizationalUnit('Old', top);
    const keep = await admin.createOrganizationalUnit('Keep', old);
    const doomed = await admin.createOrganizationalUnit('Doomed', top);
    const box = `CN=Box,${top}`;
    await admin.addObject(box, { objectClass: ['top', 'container'] });
    await admin.createOrganizationalUnit('Empty', top);
    where = { a, a1, a2, b, box, old, keep, doomed };
    // The plan's 8 parts re-homed: part 0 directly under the base, the others nested and side by side.
    const seeded = planSeed(160, lab!.baseDn, { ou: `SplitPlan${tag}`, tag });
    let text = JSON.stringify(seeded);
    const homes = [top, a, a1, a2, b, box, old, keep];
    seeded.partDns.forEach((p, i) => (text = text.split(p).join(homes[i]!)));
    plan = JSON.parse(text) as SeedPlan;
    await addPlannedObjects(admin, plan.objects, 3);
    for (let i = 0; i < 6; i++)
      await admin.addObject(`CN=Doomed${i}${tag},${doomed}`, {
        objectClass: ['top', 'person', 'organizationalPerson', 'contact'],
        displayName: [`Doomed ${i}`],
      });
  }, 240_000);

  afterAll(async () => {
    await admin?.deleteTree(top).catch(() => {});
    await dir?.close();
  });

  it("on 4 connections gives the single stream's findings (the planted ones, exactly) and reads every object once, at the base and nested", async () => {
    const one = await scan(dir, { baseDns: [top], connections: 1 });
    const w = watched(dir);
    const split = await scan(w.port, { baseDns: [top], connections: 4 });
    expect(w.opened()).toBe(3);
    // The same findings, field for field (duplicates name the others sorted by DN, whatever the read order).
    expect(split.findings).toEqual(one.findings);
    expect(compareWithManifest(split.findings, plan.expected)).toEqual({ missing: [], unexpected: [], wrongPeers: [] });
    for (const k of ['objectsRead', 'objectsInScope', 'skipped', 'findings', 'byError'] as const) expect(split.summary[k]).toEqual(one.summary[k]);
    // Every object read exactly once: those directly under the base, in nested OUs and in the plain container.
    const wanted = [...plan.objects.map((o) => o.dn), ...Array.from({ length: 6 }, (_, i) => `CN=Doomed${i}${tag},${where.doomed}`)].map((d) =>
      d.toLowerCase(),
    );
    expect([...w.reads].sort()).toEqual([...wanted].sort());
    expect(wanted.filter((d) => d.endsWith(`,${top.toLowerCase()}`) && d.split(',').length === top.split(',').length + 1).length).toBeGreaterThan(10);
    expect(wanted.filter((d) => d.endsWith(where.a2.toLowerCase())).length).toBeGreaterThan(10);
    // Progress: the total is the parts' counts summed, and the read counted every part.
    const last = split.progress.at(-1)!;
    expect(last).toMatchObject({ phase: 'done', read: wanted.length, total: wanted.length });
    expect(last.parts).toMatchObject({ counted: last.parts!.total, done: last.parts!.total, countedObjects: wanted.length });
    // One subtree per child container (A, B, Old, Doomed, Empty, Box), the base's own level and the base object.
    expect(last.parts!.total).toBe(6 + 2);
    // Every part's count came with its first page (Samba's paged-results size): no counting search.
    expect(w.requests.filter((r) => r.filter === SCAN_FILTER && r.attributes.length === 1)).toEqual([]);
    expect(w.requests.filter((r) => r.filter === SCAN_FILTER)).toHaveLength(8);
    const early = split.progress.find((p) => p.phase === 'reading' && p.total === null && p.read > 0);
    if (early) expect(early.parts!.counted).toBeLessThan(early.parts!.total);
  });

  it("a chosen OU with an excluded child OU (and one included again inside it): the single stream's findings, the excluded OU not read", async () => {
    const scope = { baseDns: [top, where.keep], excludeDns: [where.old] };
    const one = await scan(dir, { ...scope, connections: 1 });
    const w = watched(dir);
    const split = await scan(w.port, { ...scope, connections: 3 });
    expect(split.findings).toEqual(one.findings);
    expect(split.summary.objectsInScope).toBe(one.summary.objectsInScope);
    const inOld = (d: string) => d.endsWith(where.old.toLowerCase()) && !d.endsWith(where.keep.toLowerCase());
    const inKeep = (d: string) => d.endsWith(where.keep.toLowerCase());
    expect(split.findings.some((f) => inOld(f.dn.toLowerCase()))).toBe(false);
    expect(split.findings.some((f) => inKeep(f.dn.toLowerCase()))).toBe(true);
    // The excluded OU's own objects were not even read; Keep's were, once each.
    expect(w.reads.filter(inOld)).toEqual([]);
    const keepDns = plan.objects.filter((o) => inKeep(o.dn.toLowerCase())).map((o) => o.dn.toLowerCase());
    expect(w.reads.filter(inKeep).sort()).toEqual(keepDns.sort());

    // A chosen nested OU with its child excluded: the same as one stream.
    const nested = { baseDns: [where.a], excludeDns: [where.a1] };
    const n1 = await scan(dir, { ...nested, connections: 1 });
    const n4 = await scan(dir, { ...nested, connections: 4 });
    expect(n4.findings).toEqual(n1.findings);
    expect(n4.summary.objectsInScope).toBe(plan.objects.filter((o) => o.dn.endsWith(`,${where.a}`) && !o.dn.includes('OU=A1,')).length);
  });

  it('cancel mid-scan stops every part and closes every extra connection before the scan settles', async () => {
    const before = tlsSockets();
    const ac = new AbortController();
    const w = watched(dir);
    const progress: ScanProgress[] = [];
    let during = 0;
    const started = runScan(w.port, {
      baseDns: [top],
      connections: 4,
      pageSize: 5,
      progressEvery: 5,
      signal: ac.signal,
      onProgress: (p) => {
        progress.push(p);
        during = Math.max(during, tlsSockets());
        if (p.read >= 20) ac.abort();
      },
    });
    await expect(started).rejects.toMatchObject({ name: 'DirectoryError', code: 'cancelled' });
    expect(w.opened()).toBe(3);
    expect(during).toBe(before + 3);
    const readAtCancel = w.reads.length;
    expect(readAtCancel).toBeLessThan(plan.objects.length);
    await eventually(() => tlsSockets() === before);
    expect(tlsSockets()).toBe(before);
    // Nothing runs on: no more entries, no more progress.
    const calls = progress.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(w.reads.length).toBe(readAtCancel);
    expect(progress.length).toBe(calls);
    // The shared connection still works.
    expect((await scan(dir, { baseDns: [where.b], connections: 2 })).summary.objectsInScope).toBeGreaterThan(0);
  });

  it('a connection lost mid-part fails the scan with the part named; the other parts stop and the extra connections close', async () => {
    const before = tlsSockets();
    const w = watched(dir, { dropAfter: 3 });
    const started = runScan(w.port, { baseDns: [top], connections: 3, pageSize: 5 });
    const error = (await started.catch((e: unknown) => e)) as Error & { code?: string };
    expect(error).toMatchObject({ name: 'DirectoryError' });
    expect(w.dropped).toHaveLength(1);
    expect(error.message).toContain(`reading ${w.dropped[0]} (subtree) failed:`);
    await eventually(() => tlsSockets() === before);
    expect(tlsSockets()).toBe(before);
    expect(w.reads.length).toBeLessThan(plan.objects.length + 6);
  });

  it('an OU deleted after the scope was split is read as empty (one stream would not see it either)', async () => {
    // The OU goes away after the scan has split its scope and before its part is read.
    const w = watched(dir, { beforeRead: () => admin.deleteTree(where.doomed) });
    const { summary } = await scan(w.port, { baseDns: [top], connections: 3 });
    expect(summary.objectsInScope).toBe(plan.objects.length);
    expect(w.reads.filter((d) => d.endsWith(where.doomed.toLowerCase()))).toEqual([]);
  });
});
