// Cancel between writes against the Samba lab DC: a batch stopped after its first write leaves
// the others untouched (each listed as not started), its undo file marks them as never written,
// and the undo restores exactly the one that was.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseUndoLdif } from '../../shared/readiness/undo-ldif';
import type { ValueChange } from '../../shared/readiness/value-change';
import { AuditLog } from '../audit/audit-log';
import { createLabDirectoryAdmin } from '../directory/lab-directory-admin';
import { LdapDirectory } from '../directory/ldap-directory';
import { Redactor } from '../secrets/redactor';
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
    for (const n of [1, 2, 3]) await admin.createUser({ sAMAccountName: `c${n}-${tag}`, parentDn: ou, displayName: `Old ${n}`, password: `Pw-${randomBytes(8).toString('hex')}-9a!` });
  });

  afterAll(async () => {
    if (dir) {
      await createLabDirectoryAdmin(dir).deleteTree(ou).catch(() => {});
      await dir.close();
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('stops between writes, and the undo restores only what was written', async () => {
    const changes: ValueChange[] = [1, 2, 3].map((n) => ({ dn: dn(n), objectGuid: null, attribute: 'displayName', remove: [`Old ${n}`], add: [`New ${n}`], source: `row ${n}` }));
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

  it('a stop that lands during a row\'s re-read leaves that row not started, not failed', async () => {
    const changes: ValueChange[] = [1, 2, 3].map((n) => ({ dn: dn(n), objectGuid: null, attribute: 'displayName', remove: [`Old ${n}`], add: [`Next ${n}`], source: `row ${n}` }));
    const controller = new AbortController();
    // The Stop button pressed while row 2 is being re-read: the real read then sees the abort.
    class StoppedDuringRead extends LdapReadinessStore {
      override read(objectDn: string, attribute: string, signal?: AbortSignal) {
        if (objectDn === dn(2)) controller.abort();
        return super.read(objectDn, attribute, signal);
      }
    }
    const r = await applyBatch(changes, path.join(tmp, 'stop-in-read.ldif'), {
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
});
