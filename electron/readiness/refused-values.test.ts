// Values the real directory refuses (against the Samba lab DC, not the memory directory): a proposed
// value over the schema's length limit, a proxy-address swap whose new value is refused, and a UPN
// another account already holds. Each refused row is reported in words, audited as failed, and
// leaves its object exactly as it was (a remove-and-add of one attribute is one modify, so the old
// value is not lost when the new one is refused); the rows around it are written, and the undo
// file marks the refused row as never written so undo leaves that object alone.
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

suite(`values the Samba lab DC refuses${lab ? '' : ` (skipped: ${inject('labDcSkipReason') ?? 'no lab DC'})`}`, () => {
  let dir: LdapDirectory;
  let ou: string;
  let tmp: string;
  const tag = randomBytes(3).toString('hex');
  const user = (n: number) => `CN=r${n}-${tag},${ou}`;

  async function read(objectDn: string, attribute: string): Promise<string[]> {
    const r = await dir.withClient('read', async (c) => (await c.search(objectDn, { scope: 'base', attributes: [attribute] })).searchEntries[0]);
    const v = r?.[attribute];
    return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String);
  }

  beforeAll(async () => {
    const password = fs.readFileSync(lab!.passwordFile, 'utf8').trim();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-refused-'));
    dir = await LdapDirectory.connect({ url: lab!.url, bindDn: lab!.bindDn, password, caFile: lab!.caFile, serverName: lab!.serverName });
    const admin = createLabDirectoryAdmin(dir);
    ou = await admin.createOrganizationalUnit(`dsd-refused-${tag}`);
    for (const n of [1, 2, 3, 4, 5]) {
      await admin.addObject(user(n), {
        objectClass: ['top', 'person', 'organizationalPerson', 'user'],
        sAMAccountName: [`r${n}-${tag}`],
        userPrincipalName: [`r${n}-${tag}@contoso.com`],
        displayName: [`Old ${n}`],
        proxyAddresses: [`SMTP:r${n}-${tag}@contoso.com`, `smtp:r${n}-${tag} old@contoso.com`],
      });
    }
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

  it('a refused value fails its row in words, audited, with nothing half-written; the rows around it are written and undone', async () => {
    const tooLong = `D${'x'.repeat(300)}`;
    const changes: ValueChange[] = [
      { dn: user(1), objectGuid: null, attribute: 'displayName', remove: ['Old 1'], add: ['New 1'], source: 'row 1' },
      // displayName's rangeUpper is 256.
      { dn: user(2), objectGuid: null, attribute: 'displayName', remove: ['Old 2'], add: [tooLong], source: 'row 2' },
      // Swap the bad proxy address for one over proxyAddresses' rangeUpper (1123): the old value must stay.
      {
        dn: user(3),
        objectGuid: null,
        attribute: 'proxyAddresses',
        remove: [`smtp:r3-${tag} old@contoso.com`],
        add: [`smtp:${'p'.repeat(1200)}@contoso.com`],
        source: 'row 3',
      },
      // A UPN another account already holds.
      { dn: user(4), objectGuid: null, attribute: 'userPrincipalName', remove: [`r4-${tag}@contoso.com`], add: [`r1-${tag}@contoso.com`], source: 'row 4' },
      { dn: user(5), objectGuid: null, attribute: 'displayName', remove: ['Old 5'], add: ['New 5'], source: 'row 5' },
    ];
    const audit = new AuditLog(tmp, new Redactor());
    const options = { store: new LdapReadinessStore(dir), audit, actor: 'tester', host: 'lab-host', origin: 'test' };
    const undoFile = path.join(tmp, 'refused.ldif');
    const r = await applyBatch(changes, undoFile, options);

    expect(r.rows.map((x) => x.status)).toEqual(['applied', 'failed', 'failed', 'failed', 'applied']);
    // Samba calls a value over rangeUpper an invalid value (21; Windows AD says constraint, 19); a taken UPN is a constraint.
    expect(r.rows[1]!.reason).toMatch(
      /^the directory refused the value as invalid for this attribute \(wrong syntax, or longer than the schema allows\) \(server: .*'displayName'/,
    );
    expect(r.rows[2]!.reason).toMatch(/^the directory refused the value as invalid for this attribute .*'proxyAddresses'/);
    expect(r.rows[3]!.reason).toMatch(
      /^the directory refused the value \(a constraint such as its length or uniqueness\) \(server: .*userPrincipalName 'r1-\w+@contoso\.com' is already in use/,
    );
    expect(r.counts).toMatchObject({ applied: 2, failed: 3 });

    // Nothing half-written: each refused object holds exactly what it held before.
    expect(await read(user(2), 'displayName')).toEqual(['Old 2']);
    expect((await read(user(3), 'proxyAddresses')).sort()).toEqual([`SMTP:r3-${tag}@contoso.com`, `smtp:r3-${tag} old@contoso.com`].sort());
    expect(await read(user(4), 'userPrincipalName')).toEqual([`r4-${tag}@contoso.com`]);
    expect(await read(user(1), 'displayName')).toEqual(['New 1']);
    expect(await read(user(5), 'displayName')).toEqual(['New 5']);

    // Audited before and after, the refusal with its reason.
    const lines = audit.read(100);
    const failedEnds = lines.filter((l) => l.phase === 'end' && l.result === 'failed');
    expect(failedEnds).toHaveLength(3);
    expect(String(failedEnds[0]!.summary)).toMatch(/displayName.*the directory refused the value/s);
    // Five writes, and the undo file's SHA-256 recorded twice (when written, after the batch).
    expect(lines.filter((l) => l.phase === 'start' && l.action !== 'undo-file-recorded')).toHaveLength(5);
    expect(lines.filter((l) => l.phase === 'start' && l.action === 'undo-file-recorded')).toHaveLength(2);

    // The undo file marks the refused rows as never written; undo restores the two that were.
    const batch = parseUndoLdif(fs.readFileSync(undoFile, 'utf8'));
    expect(batch.notApplied?.map((n) => batch.restores[n.index]!.dn).sort()).toEqual([user(2), user(3), user(4)].sort());
    const undone = await undoBatch(batch, options);
    expect(undone.counts).toMatchObject({ applied: 2, failed: 0 });
    expect(await read(user(1), 'displayName')).toEqual(['Old 1']);
    expect(await read(user(2), 'displayName')).toEqual(['Old 2']);
    expect(await read(user(5), 'displayName')).toEqual(['Old 5']);
  });
});
