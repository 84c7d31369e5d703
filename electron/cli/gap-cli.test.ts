// `gap snapshot` and `gap list` end to end against the Samba lab DC, as an RMM script would run
// them: snapshot, delete in the directory, list as CSV and JSON.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createLabDirectoryAdmin } from '../directory/lab-directory-admin';
import { LdapDirectory } from '../directory/ldap-directory';
import { EXIT, runCli } from './main';

const lab = inject('labDc');

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-gapcli-'));
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DSD_DATA_DIR: dataDir, ...env } });
  return { code, stdout, stderr };
}

(lab ? describe : describe.skip)('cli gap against the Samba lab DC', () => {
  it('lists as CSV and JSON what was deleted after the snapshot, not before; exit 1 when there is any', async () => {
    const password = fs.readFileSync(lab!.passwordFile, 'utf8').trim();
    const dirArgs = ['--url', lab!.url, '--bind', lab!.bindDn, '--password-env', 'DSD_TEST_PW', '--ca-file', lab!.caFile, '--server-name', lab!.serverName];
    const env = { DSD_TEST_PW: password };
    const port = await LdapDirectory.connect({ url: lab!.url, bindDn: lab!.bindDn, password, caFile: lab!.caFile, serverName: lab!.serverName });
    const admin = createLabDirectoryAdmin(port);
    const tag = randomBytes(3).toString('hex');
    const ou = await admin.createOrganizationalUnit(`gapcli${tag}`);
    try {
      const early = await admin.createUser({ sAMAccountName: `cearly${tag}`, parentDn: ou, password: 'Gap-Cli-Pass-1a' });
      const late = await admin.createUser({ sAMAccountName: `clate${tag}`, parentDn: ou, password: 'Gap-Cli-Pass-1a' });
      await admin.deleteUser(early.dn);

      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-gapcli-')), 'snap.jsonl');
      const snap = await cli(['gap', 'snapshot', '--lab', 'healthy-entra-connect', ...dirArgs, '--out', file], env);
      expect(snap.code).toBe(EXIT.healthy);
      expect(JSON.parse(snap.stdout)).toMatchObject({ file, domain: 'lab.example.com', count: expect.any(Number) });
      // A second snapshot to the same file is refused, and the first one is left as it was.
      const again = await cli(['gap', 'snapshot', '--lab', 'healthy-entra-connect', ...dirArgs, '--out', file], env);
      expect(again.code).toBe(EXIT.failed);
      expect(again.stderr).toMatch(/already exists/);

      const none = await cli(['gap', 'list', '--lab', 'healthy-entra-connect', ...dirArgs, '--snapshot', file], env);
      expect(none.stdout).not.toContain(late.objectGuid);

      await admin.deleteUser(late.dn);
      const csv = await cli(['gap', 'list', '--lab', 'healthy-entra-connect', ...dirArgs, '--snapshot', file, '--format', 'csv'], env);
      expect(csv.code).toBe(EXIT.attention);
      expect(csv.stdout.split('\r\n')[0]).toBe('objectGuid,objectClass,dn,upn,mail,deletedAt,lastKnownParent');
      expect(csv.stdout).toContain(`${late.objectGuid},user,"${late.dn}"`);
      expect(csv.stdout).not.toContain(early.objectGuid);

      const json = await cli(['gap', 'list', '--lab', 'healthy-entra-connect', ...dirArgs, '--snapshot', file, '--format', 'json'], env);
      const report = JSON.parse(json.stdout);
      expect(report.deleted.map((d: { objectGuid: string }) => d.objectGuid)).toContain(late.objectGuid);
      expect(json.stdout + csv.stdout + snap.stdout + snap.stderr).not.toContain(password);
    } finally {
      await admin.deleteTree(ou).catch(() => {});
      await port.close();
    }
  });

  it('the accounts a lab scenario seeds are kept across runs, never listed as deleted (MSOL_AD_SYNC); the snapshot is readable by its owner only', async () => {
    const password = fs.readFileSync(lab!.passwordFile, 'utf8').trim();
    const dirArgs = ['--url', lab!.url, '--bind', lab!.bindDn, '--password-env', 'DSD_TEST_PW', '--ca-file', lab!.caFile, '--server-name', lab!.serverName];
    const env = { DSD_TEST_PW: password };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-gapcli-')), 'snap.jsonl');
    // Each run seeds the scenario's accounts again: the snapshot's run, then the list's run.
    const snap = await cli(['gap', 'snapshot', '--lab', 'dirsync-64bit-small', ...dirArgs, '--out', file], env);
    expect(snap.code).toBe(EXIT.healthy);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/CN=MSOL_AD_SYNC,CN=Users/i);
    const list = await cli(['gap', 'list', '--lab', 'dirsync-64bit-small', ...dirArgs, '--snapshot', file, '--format', 'json'], env);
    expect(JSON.parse(list.stdout).deleted).toEqual([]);
    expect(list.code).toBe(EXIT.healthy);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // The list as a file: owner only too, and never over an existing one.
    const csvFile = path.join(path.dirname(file), 'deleted.csv');
    const out = await cli(['gap', 'list', '--lab', 'dirsync-64bit-small', ...dirArgs, '--snapshot', file, '--out', csvFile], env);
    expect(out.code).toBe(EXIT.healthy);
    expect(out.stdout).toBe('');
    expect(fs.readFileSync(csvFile, 'utf8').split('\r\n')[0]).toBe('objectGuid,objectClass,dn,upn,mail,deletedAt,lastKnownParent');
    if (process.platform !== 'win32') expect(fs.statSync(csvFile).mode & 0o777).toBe(0o600);
    const again = await cli(['gap', 'list', '--lab', 'dirsync-64bit-small', ...dirArgs, '--snapshot', file, '--out', csvFile], env);
    expect(again.code).toBe(EXIT.failed);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('a missing snapshot file is a clear error with exit 3', async () => {
    const r = await cli(['gap', 'list', '--lab', 'healthy-entra-connect', '--snapshot', '/nonexistent/snap.jsonl']);
    expect(r.code).toBe(EXIT.failed);
    expect(r.stderr).toMatch(/snap\.jsonl: no such file/);
  });
});
