// The workbench's main-process side against the Samba lab DC: scans polled in slices (and a
// re-scan updating in place), previews that refuse what the rules or the directory would reject,
// a batch run in the background and undone from its file, and seed 002's UPN suffix move with
// the forest suffix, a colliding user held back, and the undo. The scan engine here is a small
// synthetic one (the real one is electron/readiness/scan's); everything else is the real code.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScanFinding } from '../../shared/readiness/scan/finding';
import { AuditLog } from '../audit/audit-log';
import { createLabDirectoryAdmin } from '../directory/lab-directory-admin';
import { LdapDirectory } from '../directory/ldap-directory';
import { Redactor } from '../secrets/redactor';
import type { ScanEngine } from './scan-sessions';
import { Workbench } from './workbench';

const lab = inject('labDc');
const suite = lab ? describe : describe.skip;

async function until<T>(fn: () => T | null | undefined | false, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

suite(`Workbench against the Samba lab DC${lab ? '' : ` (skipped: ${inject('labDcSkipReason') ?? 'no lab DC'})`}`, () => {
  let dir: LdapDirectory;
  let ou: string;
  let tmp: string;
  let wb: Workbench;
  let findings: ScanFinding[];
  const tag = randomBytes(3).toString('hex');
  const domain = 'lab.example.com';
  const local = `corp-${tag}.local`;
  const routable = `wb-${tag}.example.org`;
  const dn = (cn: string) => `CN=${cn},${ou}`;
  let engineFindings: () => ScanFinding[];
  let resolved: ScanFinding[] = [];

  const engine: ScanEngine = async (o) => {
    const list = engineFindings();
    o.onProgress({ phase: 'reading', read: 0, total: list.length, findings: 0 });
    for (const f of list) o.onFinding(f);
    for (const f of resolved) o.onResolved(f);
    return {
      mode: o.since ? 'incremental' : 'full',
      fullScanReason: null,
      objectsInScope: 5,
      findings: list.length,
      byError: {},
      quota: { limit: 50_000, inScope: 5, over: false, advice: null },
      durationMs: 1,
      state: { n: 1 },
    };
  };

  async function values(objectDn: string, attribute: string): Promise<string[]> {
    const r = await dir.withClient('read', async (c) => (await c.search(objectDn, { scope: 'base', attributes: [attribute] })).searchEntries[0]);
    const v = r?.[Object.keys(r).find((k) => k.toLowerCase() === attribute.toLowerCase()) ?? ''];
    return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(String).sort();
  }
  async function finish(batchId: string) {
    const p = await until(() => {
      const x = wb.pollBatch(batchId);
      return x.finished && x;
    }, 'the batch');
    expect(p.error).toBeNull();
    return p.result!;
  }

  beforeAll(async () => {
    const password = fs.readFileSync(lab!.passwordFile, 'utf8').trim();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-wb-'));
    dir = await LdapDirectory.connect({ url: lab!.url, bindDn: lab!.bindDn, password, caFile: lab!.caFile, serverName: lab!.serverName });
    const admin = createLabDirectoryAdmin(dir);
    ou = await admin.createOrganizationalUnit(`dsd-wb-${tag}`);
    const user = (cn: string, upn: string, attributes?: Record<string, string[]>) =>
      admin.createUser({
        sAMAccountName: `${cn}-${tag}`,
        parentDn: ou,
        userPrincipalName: upn,
        password: `Pw-${randomBytes(8).toString('hex')}-9a!`,
        attributes,
      });
    await user('u1', `u1-${tag}@${domain}`, { proxyAddresses: [`SMTP:u1-${tag}@${domain}`, `smtp:dup-${tag}@${domain}`] });
    await user('u2', `u2-${tag}@${domain}`, { proxyAddresses: [`SMTP:u2-${tag}@${domain}`, `smtp:dup-${tag}@${domain}`] });
    for (const n of ['ana', 'ben', 'cy']) await user(n, `${n}-${tag}@${local}`);
    // cy's new UPN is taken already: the move must hold cy back.
    await user('cy2', `cy-${tag}@${routable}`);
    const guid = async (cn: string) => (await dir.findAccount(`${cn}-${tag}`))!.objectGuid;
    const f = async (cn: string, other: string): Promise<ScanFinding> => ({
      id: `${await guid(cn)}|proxyAddresses|smtp:dup-${tag}@${domain}`,
      dn: dn(`${cn}-${tag}`),
      objectGuid: await guid(cn),
      objectClass: 'user',
      attribute: 'proxyAddresses',
      value: `smtp:dup-${tag}@${domain}`,
      errors: ['duplicate'],
      action: 'none',
      proposedValue: null,
      detail: 'shared',
      duplicates: [{ dn: dn(`${other}-${tag}`), attribute: 'proxyAddresses' }],
    });
    findings = [await f('u1', 'u2'), await f('u2', 'u1')];
    engineFindings = () => findings;
    wb = new Workbench({
      dataDir: tmp,
      audit: new AuditLog(tmp, new Redactor()),
      actor: 'tester',
      host: async () => 'lab-host',
      directory: () => dir,
      scan: () => engine,
      validate: (_f, v) => (/\s/.test(v) ? 'a proxy address has no spaces (character)' : null),
      isRoutable: (s) => !s.endsWith('.local'),
    });
  });

  afterAll(async () => {
    wb?.close();
    if (dir) {
      await createLabDirectoryAdmin(dir)
        .deleteTree(ou)
        .catch(() => {});
      await dir.close();
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('streams a scan in slices, then a re-scan updates the rows in place', async () => {
    const id = wb.startScan(true);
    await until(() => wb.scans.poll(id, 0, 10)?.done, 'the scan');
    const first = wb.scans.poll(id, 0, 1)!;
    expect(first).toMatchObject({ reset: true, cursor: 1, more: true, done: false });
    expect(first.findings.map((x) => x.dn)).toEqual([dn(`u1-${tag}`)]);
    const second = wb.scans.poll(id, first.cursor, 1)!;
    expect(second).toMatchObject({ cursor: 2, more: false, done: true, summary: { quota: { limit: 50_000 } } });
    // A re-scan that finds u2's row fixed: incremental, the row is removed, nothing reset.
    engineFindings = () => [];
    resolved = [findings[1]!];
    const again = wb.startScan(true);
    const r = await until(() => {
      const p = wb.scans.poll(again, 0, 100);
      return p?.done && p;
    }, 'the re-scan');
    expect(r).toMatchObject({ reset: false, findings: [], removed: [findings[1]!.id], summary: { mode: 'incremental' } });
    expect(wb.scans.findFinding(findings[0]!.id)).not.toBeNull();
    expect(wb.scans.findFinding(findings[1]!.id)).toBeNull();
    // Back to both rows for the next tests.
    engineFindings = () => findings;
    resolved = [];
    const full = wb.startScan(false);
    await until(() => wb.scans.poll(full, 0, 100)?.done, 'the full scan');
  });

  it('previews refuse a value the rules reject or another object holds; apply and undo are checked by re-reads', async () => {
    const [f1, f2] = findings as [ScanFinding, ScanFinding];
    const p = await wb.previewEdits([
      { findingId: f1.id, action: 'edit', proposedValue: `smtp:u1.alt-${tag}@${domain}` },
      { findingId: f2.id, action: 'edit', proposedValue: `smtp:u1-${tag}@${domain}` },
      { findingId: 'no-such-id', action: 'edit', proposedValue: 'x' },
    ]);
    expect(p.preview.changes).toHaveLength(1);
    expect(p.refused).toEqual([
      { findingId: f2.id, reason: expect.stringContaining(`is already used by ${dn(`u1-${tag}`)}`) },
      { findingId: 'no-such-id', reason: expect.stringContaining('not in the latest scan') },
    ]);
    const bad = await wb.previewEdits([{ findingId: f2.id, action: 'edit', proposedValue: 'smtp:has space@x.com' }]);
    expect(bad.refused[0]!.reason).toMatch(/would itself be an error: a proxy address has no spaces/);

    const batchId = await wb.startBatch(p.previewId);
    const result = await finish(batchId);
    expect(result.counts).toMatchObject({ applied: 1, skipped: 0, failed: 0 });
    expect(await values(dn(`u1-${tag}`), 'proxyAddresses')).toEqual([`SMTP:u1-${tag}@${domain}`, `smtp:u1.alt-${tag}@${domain}`]);
    await expect(wb.startBatch(p.previewId)).rejects.toThrow(/unknown or has expired/);

    expect(wb.listBatches().map((b) => b.batchId)).toContain(batchId);
    const undo = wb.previewUndo(batchId);
    expect(undo.preview.changes[0]).toMatchObject({ remove: [`smtp:u1.alt-${tag}@${domain}`], add: [`smtp:dup-${tag}@${domain}`] });
    const undone = await finish(await wb.startBatch(undo.previewId));
    expect(undone.counts.applied).toBe(1);
    expect(await values(dn(`u1-${tag}`), 'proxyAddresses')).toEqual([`SMTP:u1-${tag}@${domain}`, `smtp:dup-${tag}@${domain}`]);
  });

  it('moves the .local users to a routable suffix (adding it to the forest), holds back a collision, and undoes it', async () => {
    const report = await wb.upnSuffixes();
    expect(report.suffixes.find((s) => s.suffix === local)).toMatchObject({ users: 3, routable: false });
    await expect(wb.previewUpnMove(local, `x-${tag}.local`, null)).rejects.toThrow(/real top-level domain/);

    const p = await wb.previewUpnMove(local, routable, null);
    expect(p.heldBack).toEqual([
      { dn: dn(`cy-${tag}`), value: `cy-${tag}@${routable}`, reason: expect.stringContaining(`already used by ${dn(`cy2-${tag}`)}`) },
    ]);
    expect(p.preview.changes.map((c) => `${c.attribute}:${c.add[0]}`)).toEqual([
      `uPNSuffixes:${routable}`,
      `userPrincipalName:ana-${tag}@${routable}`,
      `userPrincipalName:ben-${tag}@${routable}`,
    ]);
    const partitions = p.preview.changes[0]!.dn;
    const applied = await finish(await wb.startBatch(p.previewId));
    expect(applied.counts).toMatchObject({ applied: 3, skipped: 0, failed: 0 });
    expect(await values(partitions, 'uPNSuffixes')).toContain(routable);
    expect(await values(dn(`ana-${tag}`), 'userPrincipalName')).toEqual([`ana-${tag}@${routable}`]);
    expect(await values(dn(`cy-${tag}`), 'userPrincipalName')).toEqual([`cy-${tag}@${local}`]);

    const undone = await finish(await wb.startBatch(wb.previewUndo(applied.batchId).previewId));
    expect(undone.counts).toMatchObject({ applied: 3, skipped: 0, failed: 0 });
    expect(await values(partitions, 'uPNSuffixes')).not.toContain(routable);
    expect(await values(dn(`ana-${tag}`), 'userPrincipalName')).toEqual([`ana-${tag}@${local}`]);
    expect(await values(dn(`ben-${tag}`), 'userPrincipalName')).toEqual([`ben-${tag}@${local}`]);
  });
});
