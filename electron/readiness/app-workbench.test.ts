// The app's workbench with the real scan engine against the Samba lab DC (seed 002's group fix):
// a mail-enabled group with no displayName is found with its cn proposed, the proposal is applied
// (and re-read), a typed value the rules reject is refused, and the undo clears it again.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditLog } from '../audit/audit-log';
import { createLabDirectoryAdmin } from '../directory/lab-directory-admin';
import { LdapDirectory } from '../directory/ldap-directory';
import type { PortContext } from '../probes/context';
import { Redactor } from '../secrets/redactor';
import { createAppWorkbench } from './app-workbench';
import type { Workbench } from './workbench';

const lab = inject('labDc');
const suite = lab ? describe : describe.skip;

async function until<T>(fn: () => T | null | undefined | false, what: string, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

suite(`the app workbench with the real scanner against the Samba lab DC${lab ? '' : ` (skipped: ${inject('labDcSkipReason') ?? 'no lab DC'})`}`, () => {
  let dir: LdapDirectory;
  let ou: string;
  let tmp: string;
  let wb: Workbench;
  const tag = randomBytes(3).toString('hex');
  const groupDn = () => `CN=sales-${tag},${ou}`;

  async function displayName(): Promise<string[]> {
    const r = await dir.withClient('read', async (c) => (await c.search(groupDn(), { scope: 'base', attributes: ['displayName'] })).searchEntries[0]);
    const v = r?.displayName;
    return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String);
  }
  // The test's own OU only: a lab DC seeded with 10,000 objects (bench:batch) would otherwise make each scan long.
  async function scanAll() {
    const id = wb.startScan(false, [ou]);
    const all = [];
    let cursor = 0;
    for (;;) {
      const p = await until(() => wb.scans.poll(id, cursor, 5000), 'a poll');
      all.push(...p.findings);
      cursor = p.cursor;
      if (p.done) {
        expect(p.error).toBeNull();
        return { findings: all, summary: p.summary };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
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
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-appwb-'));
    dir = await LdapDirectory.connect({ url: lab!.url, bindDn: lab!.bindDn, password, caFile: lab!.caFile, serverName: lab!.serverName });
    ou = await createLabDirectoryAdmin(dir).createOrganizationalUnit(`dsd-appwb-${tag}`);
    await dir.withClient('add group', (c) =>
      c.add(groupDn(), {
        objectClass: ['top', 'group'],
        sAMAccountName: `sales-${tag}`,
        groupType: '8',
        mail: `sales-${tag}@lab.example.com`,
        proxyAddresses: [`SMTP:sales-${tag}@lab.example.com`],
      }),
    );
    const ports = (): PortContext =>
      ({ directory: dir, host: { osFacts: async () => ({ computerName: 'lab-host' }) }, now: () => new Date() }) as unknown as PortContext;
    wb = createAppWorkbench({ dataDir: tmp, audit: new AuditLog(tmp, new Redactor()), actor: 'tester', ports });
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

  it('finds the mail-enabled group without displayName, sets it from cn, and undoes it', async () => {
    const { findings, summary } = await scanAll();
    expect(summary?.quota.limit).toBe(50_000);
    const f = findings.find((x) => x.dn === groupDn() && x.attribute === 'displayName');
    expect(f).toMatchObject({ value: '', errors: ['blank'], proposedValue: `sales-${tag}`, objectClass: 'group' });

    const refused = await wb.previewEdits([{ findingId: f!.id, action: 'edit', proposedValue: '   ' }]);
    expect(refused.preview.changes).toEqual([]);
    expect(refused.refused[0]!.reason).toMatch(/would itself be an error/);

    const p = await wb.previewEdits([{ findingId: f!.id, action: 'edit', proposedValue: f!.proposedValue }]);
    expect(p.preview.changes).toEqual([expect.objectContaining({ dn: groupDn(), attribute: 'displayName', remove: [], add: [`sales-${tag}`] })]);
    const applied = await finish(await wb.startBatch(p.previewId));
    expect(applied.counts).toMatchObject({ applied: 1, skipped: 0, failed: 0 });
    expect(await displayName()).toEqual([`sales-${tag}`]);
    expect((await scanAll()).findings.some((x) => x.dn === groupDn() && x.attribute === 'displayName')).toBe(false);

    const undone = await finish(await wb.startBatch(wb.previewUndo(applied.batchId).previewId));
    expect(undone.counts.applied).toBe(1);
    expect(await displayName()).toEqual([]);
  });
});
