// Cancel between writes against the Samba lab DC: a batch stopped after its first write leaves
// the others untouched (each listed as not started), its undo file marks them as never written,
// and the undo restores exactly the one that was. And the re-reads made a chunk of rows ahead in
// one search: counted, a changed object still skipped, a second change of one attribute re-read.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseUndoLdif } from '../../shared/readiness/undo-ldif';
import type { ValueChange } from '../../shared/readiness/value-change';
import { AuditLog } from '../audit/audit-log';
import { createLabDirectoryAdmin } from '../directory/lab-directory-admin';
import { LdapDirectory } from '../directory/ldap-directory';
import { Redactor } from '../secrets/redactor';
import { withDirectoryLatency } from '../lab/directory-latency';
import { LdapReadinessStore } from './readiness-store';
import { applyBatch, undoBatch } from './run-batch';

const lab = inject('labDc');
const suite = lab ? describe : describe.skip;

suite(`batch cancel against the Samba lab DC${lab ? '' : ` (skipped: ${inject('labDcSkipReason') ?? 'no lab DC'})`}`, () => {
  let dir: LdapDirectory;
  let ou: string;
  let tmp: string;
  const tag = randomBytes(3).toString('hex');
  const dn = (n: number) => `CN=c${n}-${tag},${ou}`;

  async function displayName(objectDn: string): Promise<string[]> {
    const r = await dir.withClient('read', async (c) => (await c.search(objectDn, { scope: 'base', attributes: ['displayName'] })).searchEntries[0]);
    const v = r?.displayName;
    return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String);
  }

  beforeAll(async () => {
    const password = fs.readFileSync(lab!.passwordFile, 'utf8').trim();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-cancel-'));
    dir = await LdapDirectory.connect({ url: lab!.url, bindDn: lab!.bindDn, password, caFile: lab!.caFile, serverName: lab!.serverName });
    const admin = createLabDirectoryAdmin(dir);
    ou = await admin.createOrganizationalUnit(`dsd-cancel-${tag}`);
    for (const n of [1, 2, 3, 4, 5, 6])
      await admin.createUser({ sAMAccountName: `c${n}-${tag}`, parentDn: ou, displayName: `Old ${n}`, password: `Pw-${randomBytes(8).toString('hex')}-9a!` });
  });

  afterAll(async () => {
    if (dir) {
      await createLabDirectoryAdmin(dir)
        .deleteTree(ou)
        .catch(() => {});
      await dir.close();
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('stops between writes, and the undo restores only what was written', async () => {
    const changes: ValueChange[] = [1, 2, 3].map((n) => ({
      dn: dn(n),
      objectGuid: null,
      attribute: 'displayName',
      remove: [`Old ${n}`],
      add: [`New ${n}`],
      source: `row ${n}`,
    }));
    const controller = new AbortController();
    const options = {
      store: new LdapReadinessStore(dir),
      audit: new AuditLog(tmp, new Redactor()),
      actor: 'tester',
      host: 'lab-host',
      origin: 'test',
      signal: controller.signal,
      onProgress: () => controller.abort(),
    };
    const undoFile = path.join(tmp, 'cancel.ldif');
    const r = await applyBatch(changes, undoFile, options);
    expect(r.rows.map((x) => x.status)).toEqual(['applied', 'cancelled', 'cancelled']);
    expect(await displayName(dn(1))).toEqual(['New 1']);
    expect(await displayName(dn(2))).toEqual(['Old 2']);
    expect(await displayName(dn(3))).toEqual(['Old 3']);

    const batch = parseUndoLdif(fs.readFileSync(undoFile, 'utf8'));
    expect(batch.notApplied?.map((n) => batch.restores[n.index]!.dn).sort()).toEqual([dn(2), dn(3)]);
    const undone = await undoBatch(batch, { ...options, signal: undefined, onProgress: undefined });
    expect(undone.counts).toMatchObject({ applied: 1, unchanged: 2, skipped: 0, failed: 0 });
    expect(await displayName(dn(1))).toEqual(['Old 1']);
  });

  it("a stop that lands during a row's re-read leaves that row not started, not failed", async () => {
    const changes: ValueChange[] = [1, 2, 3].map((n) => ({
      dn: dn(n),
      objectGuid: null,
      attribute: 'displayName',
      remove: [`Old ${n}`],
      add: [`Next ${n}`],
      source: `row ${n}`,
    }));
    const controller = new AbortController();
    // The Stop button pressed while row 2 is being re-read: the real read then sees the abort.
    class StoppedDuringRead extends LdapReadinessStore {
      override read(objectDn: string, attribute: string, signal?: AbortSignal) {
        if (objectDn === dn(2)) controller.abort();
        return super.read(objectDn, attribute, signal);
      }
    }
    const r = await applyBatch(changes, path.join(tmp, 'stop-in-read.ldif'), {
      readAhead: 1,
      store: new StoppedDuringRead(dir),
      audit: new AuditLog(tmp, new Redactor()),
      actor: 'tester',
      host: 'lab-host',
      origin: 'test',
      signal: controller.signal,
    });
    expect(r.rows.map((x) => x.status)).toEqual(['applied', 'cancelled', 'cancelled']);
    expect(r.counts.failed).toBe(0);
    expect(await displayName(dn(1))).toEqual(['Next 1']);
    expect(await displayName(dn(2))).toEqual(['Old 2']);
  });

  it('a stop that lands during a read-ahead leaves its rows not started', async () => {
    const changes: ValueChange[] = [1, 2].map((n) => ({
      dn: dn(n),
      objectGuid: null,
      attribute: 'displayName',
      remove: [`Old ${n}`],
      add: [`Never ${n}`],
      source: `row ${n}`,
    }));
    const controller = new AbortController();
    class StoppedDuringReadMany extends LdapReadinessStore {
      override readMany(rows: readonly { dn: string; attribute: string }[], signal?: AbortSignal) {
        controller.abort();
        return super.readMany(rows, signal);
      }
    }
    const r = await applyBatch(changes, path.join(tmp, 'stop-in-read-ahead.ldif'), {
      store: new StoppedDuringReadMany(dir),
      audit: new AuditLog(tmp, new Redactor()),
      actor: 'tester',
      host: 'lab-host',
      origin: 'test',
      signal: controller.signal,
    });
    expect(r.rows.map((x) => x.status)).toEqual(['cancelled', 'cancelled']);
    expect(await displayName(dn(2))).toEqual(['Old 2']);
  });

  it('re-reads a chunk of rows in one search; a row changed since is skipped, a second change of one attribute is read again', async () => {
    const counted = withDirectoryLatency(dir, { pageSize: 1000, perPageMs: 0, perOperationMs: 0 });
    const change = (n: number, from: string, to: string): ValueChange => ({
      dn: dn(n),
      objectGuid: null,
      attribute: 'displayName',
      remove: [from],
      add: [to],
      source: `row ${n}`,
    });
    // Someone renames c6 after the scan: its row must be skipped, read ahead or not.
    await dir.withClient('rename c6', (c) =>
      c.modify(dn(6), [new Change({ operation: 'replace', modification: new Attribute({ type: 'displayName', values: ['Changed 6'] }) })]),
    );
    const changes = [change(4, 'Old 4', 'New 4'), change(5, 'Old 5', 'New 5'), change(5, 'New 5', 'Newer 5'), change(6, 'Old 6', 'New 6')];
    const options = {
      store: new LdapReadinessStore(counted.directory),
      audit: new AuditLog(tmp, new Redactor()),
      actor: 'tester',
      host: 'lab-host',
      origin: 'test',
      readAhead: 3,
    };
    const r = await applyBatch(changes, path.join(tmp, 'read-ahead.ldif'), options);
    expect(r.rows.map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'skipped']);
    expect(r.rows[3]!.reason).toMatch(/^changed since the scan/);
    // The write policy's look at the batch (one search of the objects, one read of the configuration
    // naming context); one search for the objectGUIDs the rows did not name; two searches (rows 1-3,
    // row 4); one read alone (row 3, whose attribute row 2 had just written); three writes.
    expect(counted.stats).toEqual({ pages: 1 + 1 + 2, operations: 1 + 1 + 3 });
    expect(await displayName(dn(4))).toEqual(['New 4']);
    expect(await displayName(dn(5))).toEqual(['Newer 5']);

    // The same undone a row at a time (readAhead 1, as before the read-ahead): a read per row.
    const before = { ...counted.stats };
    const undone = await undoBatch(parseUndoLdif(fs.readFileSync(path.join(tmp, 'read-ahead.ldif'), 'utf8')), { ...options, readAhead: 1 });
    expect(undone.counts).toMatchObject({ applied: 3, unchanged: 1, failed: 0 });
    expect({ pages: counted.stats.pages - before.pages, operations: counted.stats.operations - before.operations }).toEqual({
      pages: 1,
      operations: 1 + 3 + 3,
    });
    expect(await displayName(dn(5))).toEqual(['Old 5']);
  });
});
