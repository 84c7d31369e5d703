// The write policy against the Samba lab DC: the changes an attacker would put in a CSV or an undo
// file (a member of Domain Admins or Server Operators, an SPN, adminCount, userAccountControl,
// krbtgt's description) are refused before any write, each named with its row and rule, and
// nothing of the batch is written, not even the allowed row beside them or the undo file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ValueChange } from '../../shared/readiness/value-change';
import { WritePolicyError } from '../../shared/readiness/write-policy';
import { AuditLog } from '../audit/audit-log';
import { createLabDirectoryAdmin } from '../directory/lab-directory-admin';
import { LdapDirectory } from '../directory/ldap-directory';
import { Redactor } from '../secrets/redactor';
import { LdapReadinessStore } from './readiness-store';
import { applyBatch, undoBatch } from './run-batch';

const lab = inject('labDc');
const suite = lab ? describe : describe.skip;

suite(`the write policy against the Samba lab DC${lab ? '' : ` (skipped: ${inject('labDcSkipReason') ?? 'no lab DC'})`}`, () => {
  let dir: LdapDirectory;
  let ou: string;
  let tmp: string;
  const tag = randomBytes(3).toString('hex');
  const user = () => `CN=pol-${tag},${ou}`;
  const domainAdmins = () => `CN=Domain Admins,CN=Users,${lab!.baseDn}`;
  const serverOperators = () => `CN=Server Operators,CN=Builtin,${lab!.baseDn}`;
  const krbtgt = () => `CN=krbtgt,CN=Users,${lab!.baseDn}`;
  const administrator = () => `CN=Administrator,CN=Users,${lab!.baseDn}`;

  async function values(objectDn: string, attribute: string): Promise<string[]> {
    const r = await dir.withClient('read', async (c) => (await c.search(objectDn, { scope: 'base', attributes: [attribute] })).searchEntries[0]);
    const v = r?.[Object.keys(r).find((k) => k.toLowerCase() === attribute.toLowerCase()) ?? ''];
    return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(String).sort();
  }
  const options = () => ({ store: new LdapReadinessStore(dir), audit: new AuditLog(tmp, new Redactor()), actor: 'tester', host: 'lab-host', origin: 'test' });
  const change = (source: string, dn: string, attribute: string, remove: string[], add: string[]): ValueChange => ({
    dn,
    objectGuid: null,
    attribute,
    remove,
    add,
    source,
  });

  beforeAll(async () => {
    const password = fs.readFileSync(lab!.passwordFile, 'utf8').trim();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-policy-'));
    dir = await LdapDirectory.connect({ url: lab!.url, bindDn: lab!.bindDn, password, caFile: lab!.caFile, serverName: lab!.serverName });
    const admin = createLabDirectoryAdmin(dir);
    ou = await admin.createOrganizationalUnit(`dsd-policy-${tag}`);
    await admin.createUser({ sAMAccountName: `pol-${tag}`, parentDn: ou, displayName: 'Old', password: `Pw-${randomBytes(8).toString('hex')}-9a!` });
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

  it('refuses the crafted rows of a CSV or the workbench before any write, naming each row and rule; nothing of the batch is written', async () => {
    const before = {
      admins: await values(domainAdmins(), 'member'),
      operators: await values(serverOperators(), 'member'),
      spn: await values(user(), 'servicePrincipalName'),
      adminCount: await values(user(), 'adminCount'),
      uac: await values(user(), 'userAccountControl'),
      krbtgt: await values(krbtgt(), 'description'),
    };
    const changes = [
      change('line 2', user(), 'displayName', ['Old'], ['Allowed but in a refused batch']),
      change('line 3', domainAdmins(), 'member', [administrator()], [user()]),
      change('line 4', serverOperators(), 'member', [], [user()]),
      change('line 5', user(), 'servicePrincipalName', [], [`HTTP/pol-${tag}.lab.example.com`]),
      change('line 6', user(), 'adminCount', [], ['1']),
      change('line 7', user(), 'userAccountControl', before.uac, ['4194816']),
      change('line 8', krbtgt(), 'description', before.krbtgt, ['owned']),
      change('line 9', krbtgt(), 'displayName', [], ['krbtgt']),
      change('line 10', domainAdmins(), 'displayName', [], ['Admins']),
    ];
    const undoFile = path.join(tmp, 'crafted.ldif');
    const error = await applyBatch(changes, undoFile, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WritePolicyError);
    const refusals = (error as WritePolicyError).refusals;
    expect(refusals.map((r) => [r.source, r.rule])).toEqual([
      ['line 3', 'attribute'],
      ['line 4', 'attribute'],
      ['line 5', 'attribute'],
      ['line 6', 'attribute'],
      ['line 7', 'attribute'],
      ['line 8', 'attribute'],
      ['line 9', 'protected-object'],
      ['line 10', 'protected-object'],
    ]);
    expect((error as Error).message).toMatch(/^nothing was written/);
    expect(fs.existsSync(undoFile)).toBe(false);
    expect(await values(user(), 'displayName')).toEqual(['Old']);
    expect(await values(domainAdmins(), 'member')).toEqual(before.admins);
    expect(await values(serverOperators(), 'member')).toEqual(before.operators);
    expect(await values(user(), 'servicePrincipalName')).toEqual(before.spn);
    expect(await values(user(), 'adminCount')).toEqual(before.adminCount);
    expect(await values(user(), 'userAccountControl')).toEqual(before.uac);
    expect(await values(krbtgt(), 'description')).toEqual(before.krbtgt);
  });

  it('refuses an undo batch whose records leave the policy, whole', async () => {
    const before = await values(domainAdmins(), 'member');
    const batch = {
      batchId: `hand-${tag}`,
      createdAt: new Date().toISOString(),
      server: lab!.url,
      origin: 'hand-written',
      restores: [change('record 1', user(), 'displayName', ['Old'], ['Restored']), change('record 2', domainAdmins(), 'member', [], [user()])],
    };
    const error = await undoBatch(batch, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WritePolicyError);
    expect((error as WritePolicyError).refusals.map((r) => [r.source, r.rule])).toEqual([['record 2', 'attribute']]);
    expect(await values(domainAdmins(), 'member')).toEqual(before);
    expect(await values(user(), 'displayName')).toEqual(['Old']);
  });

  it('still writes an allowed change to an ordinary user', async () => {
    const r = await applyBatch([change('line 2', user(), 'displayName', ['Old'], ['New'])], path.join(tmp, 'ok.ldif'), options());
    expect(r.counts.applied).toBe(1);
    expect(await values(user(), 'displayName')).toEqual(['New']);
  });
});
