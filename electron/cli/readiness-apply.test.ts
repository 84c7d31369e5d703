// `scan apply` and `scan undo` against the Samba lab DC. Each CSV comes from a scan of the test's OU
// (`scan --format csv --save-state`), its rows edited, and is applied with that state (--scan): an
// edited CSV is previewed (nothing changes), applied (each value re-read from the directory afterwards), an object changed between
// the scan and the apply is skipped and listed, and the undo file brings every value back;
// an undo of a value changed again since is refused with the reason. Rows that match no finding of
// the scan (another object, attribute or value), and a scan of another directory, are refused before
// any write, by line.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findingsToCsv, parseChangesCsv, type CsvChangeRow } from '../../shared/readiness/scan/csv';
import { formatUndoLdif } from '../../shared/readiness/undo-ldif';
import { AuditLog } from '../audit/audit-log';
import { InstallKey } from '../audit/install-key';
import { loadCurrentScanState, saveScanState } from '../readiness/scan/scan-state';
import { BatchJobs, type BatchJobsDeps } from '../readiness/batch-jobs';
import { Redactor } from '../secrets/redactor';
import type { ScanFinding } from '../../shared/readiness/scan/finding';
import { createLabDirectoryAdmin } from '../directory/lab-directory-admin';
import { LdapDirectory } from '../directory/ldap-directory';
import { runCli } from './main';

const lab = inject('labDc');
const suite = lab ? describe : describe.skip;

/** The undo file an apply printed ("Undo file: …"). */
const undoFileOf = (stdout: string) => /^Undo file: (.+)$/m.exec(stdout)![1]!;

type Row = Pick<ScanFinding, 'dn' | 'objectClass' | 'attribute' | 'value' | 'errors' | 'action' | 'proposedValue'>;

suite(`scan apply / scan undo against the Samba lab DC${lab ? '' : ` (skipped: ${inject('labDcSkipReason') ?? 'no lab DC'})`}`, () => {
  let dir: LdapDirectory;
  let ou: string;
  let tmp: string;
  let password: string;
  const tag = randomBytes(3).toString('hex');
  const domain = 'lab.example.com';
  const dn = (cn: string) => `CN=${cn},${ou}`;

  async function cli(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DSD_DATA_DIR: tmp, DSD_TEST_PW: password } });
    return { code, stdout, stderr };
  }
  const conn = () => ['--url', lab!.url, '--bind', lab!.bindDn, '--password-env', 'DSD_TEST_PW', '--ca-file', lab!.caFile, '--server-name', lab!.serverName];
  async function values(objectDn: string, attribute: string): Promise<string[]> {
    const r = await dir.withClient('read', async (c) => (await c.search(objectDn, { scope: 'base', attributes: [attribute] })).searchEntries[0]);
    const v = r?.[Object.keys(r).find((k) => k.toLowerCase() === attribute.toLowerCase()) ?? ''];
    return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(String).sort();
  }
  const replace = (objectDn: string, attribute: string, vals: string[]) =>
    dir.withClient('replace', (c) => c.modify(objectDn, new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values: vals }) })));
  const writeCsv = (name: string, rows: Row[]) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, findingsToCsv(rows));
    return file;
  };
  /** Scans the test's OU as an admin would, saving its state; its CSV rows, to pick and edit. */
  async function scanOu(name: string): Promise<{ state: string; rows: CsvChangeRow[] }> {
    const state = path.join(tmp, `${name}.state`);
    const r = await cli(['scan', '--format', 'csv', '--ou', ou, '--save-state', state, ...conn()]);
    expect(r.code, r.stderr).toBe(1);
    const parsed = parseChangesCsv(r.stdout);
    expect(parsed.problems).toEqual([]);
    return { state, rows: parsed.rows };
  }
  /** The scan's row for this object, attribute and value (it must have found it), with the action edited. */
  const edit = (rows: CsvChangeRow[], objectDn: string, attribute: string, value: string, action: Row['action'], proposedValue: string | null = null): Row => {
    const row = rows.find((r) => r.dn.toLowerCase() === objectDn.toLowerCase() && r.attribute.toLowerCase() === attribute.toLowerCase() && r.value === value);
    if (!row)
      throw new Error(
        `the scan found no ${attribute} ${JSON.stringify(value)} on ${objectDn}: ${JSON.stringify(rows.map((r) => [r.dn, r.attribute, r.value]))}`,
      );
    return { dn: row.dn, objectClass: row.objectClass, attribute: row.attribute, value: row.value, errors: row.errors, action, proposedValue };
  };
  const undoCount = () => (fs.existsSync(path.join(tmp, 'undo')) ? fs.readdirSync(path.join(tmp, 'undo')).length : 0);

  beforeAll(async () => {
    password = fs.readFileSync(lab!.passwordFile, 'utf8').trim();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-apply-'));
    dir = await LdapDirectory.connect({ url: lab!.url, bindDn: lab!.bindDn, password, caFile: lab!.caFile, serverName: lab!.serverName });
    const admin = createLabDirectoryAdmin(dir);
    ou = await admin.createOrganizationalUnit(`dsd-apply-${tag}`);
    const user = (cn: string, attributes: Record<string, string[]>, displayName?: string) =>
      admin.createUser({ sAMAccountName: `${cn}-${tag}`, parentDn: ou, password: `Pw-${randomBytes(8).toString('hex')}-9a!`, displayName, attributes });
    await user(`ann`, { proxyAddresses: [`SMTP:ann-${tag}@${domain}`, `smtp:dup-${tag}@${domain}`] });
    await user(`bob`, { proxyAddresses: [`SMTP:bob-${tag}@${domain}`, `smtp:dup-${tag}@${domain}`] });
    // A trailing space: the scan finds it (displayName is not trimmed).
    await user(`carl`, {}, 'Carl ');
    await user(`dave`, { proxyAddresses: [`SMTP:dave-${tag}@${domain}`, `smtp:dave@@${domain}`] });
    await dir.withClient('add group', (c) =>
      c.add(dn(`sales-${tag}`), {
        objectClass: ['top', 'group'],
        sAMAccountName: `sales-${tag}`,
        groupType: '8',
        mail: `sales-${tag}@${domain}`,
        proxyAddresses: `SMTP:sales-${tag}@${domain}`,
      }),
    );
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

  it('previews, applies (skipping the object changed since the scan), and undoes, each checked by a re-read', async () => {
    const scan = await scanOu('changes');
    const csv = writeCsv('changes.csv', [
      edit(scan.rows, dn(`ann-${tag}`), 'proxyAddresses', `smtp:dup-${tag}@${domain}`, 'edit', `smtp:ann.2-${tag}@${domain}`),
      edit(scan.rows, dn(`sales-${tag}`), 'displayName', '', 'edit', `sales-${tag}`),
      edit(scan.rows, dn(`carl-${tag}`), 'displayName', 'Carl ', 'edit', 'Carl Jones'),
      edit(scan.rows, dn(`dave-${tag}`), 'proxyAddresses', `smtp:dave@@${domain}`, 'remove'),
      edit(scan.rows, dn(`bob-${tag}`), 'proxyAddresses', `smtp:dup-${tag}@${domain}`, 'complete'),
    ]);
    // --scan is required: a CSV alone is not bound to anything the app saw.
    const unbound = await cli(['scan', 'apply', '--changes', csv, '--yes', ...conn()]);
    expect(unbound.code).toBe(2);
    expect(unbound.stderr).toContain('scan apply needs --scan <state>');
    // Without --yes: the preview, counted, and nothing changes.
    const preview = await cli(['scan', 'apply', '--changes', csv, '--scan', scan.state, ...conn()]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(new RegExp(`^Scan: ${lab!.baseDn}, scanned .* \\(\\d+ finding\\(s\\)\\); every row matches one\\.$`, 'm'));
    expect(preview.stdout).toContain('Apply: 4 change(s) to 4 object(s) (proxyAddresses 2, displayName 2); 1 row(s) marked complete');
    expect(preview.stdout).toContain(`line 2  ${dn(`ann-${tag}`)}  proxyAddresses: "smtp:dup-${tag}@${domain}" → "smtp:ann.2-${tag}@${domain}"`);
    expect(preview.stdout).toContain('Nothing was changed');
    expect(fs.existsSync(path.join(tmp, 'undo'))).toBe(false);
    expect(await values(dn(`ann-${tag}`), 'proxyAddresses')).toContain(`smtp:dup-${tag}@${domain}`);
    expect(await values(dn(`sales-${tag}`), 'displayName')).toEqual([]);

    // Someone edits carl between the scan and the apply.
    await replace(dn(`carl-${tag}`), 'displayName', ['Carl (HR) ']);

    const applied = await cli(['scan', 'apply', '--changes', csv, '--scan', scan.state, '--yes', ...conn()]);
    expect(applied.code).toBe(1);
    // The undo file is kept in the undo folder beside the audit log.
    const undo = undoFileOf(applied.stdout);
    expect(path.dirname(undo)).toBe(path.join(tmp, 'undo'));
    expect(applied.stdout).toContain('3 applied, 1 skipped, 0 failed');
    expect(applied.stderr).toContain(
      `skipped  line 4  ${dn(`carl-${tag}`)}  displayName: "Carl " → "Carl Jones": changed since the scan: displayName changed since: expected "Carl ", found "Carl (HR) "`,
    );
    expect(await values(dn(`ann-${tag}`), 'proxyAddresses')).toEqual([`SMTP:ann-${tag}@${domain}`, `smtp:ann.2-${tag}@${domain}`]);
    expect(await values(dn(`bob-${tag}`), 'proxyAddresses')).toEqual([`SMTP:bob-${tag}@${domain}`, `smtp:dup-${tag}@${domain}`]);
    expect(await values(dn(`sales-${tag}`), 'displayName')).toEqual([`sales-${tag}`]);
    expect(await values(dn(`dave-${tag}`), 'proxyAddresses')).toEqual([`SMTP:dave-${tag}@${domain}`]);
    expect(await values(dn(`carl-${tag}`), 'displayName')).toEqual(['Carl (HR) ']);

    // The undo file was written, is readable, and every write was audited before and after.
    const ldif = fs.readFileSync(undo, 'utf8');
    expect(ldif).toContain(
      `dn: ${dn(`ann-${tag}`)}\nchangetype: modify\ndelete: proxyAddresses\nproxyAddresses: smtp:ann.2-${tag}@${domain}\n-\nadd: proxyAddresses\nproxyAddresses: smtp:dup-${tag}@${domain}\n-`,
    );
    const audit = fs
      .readFileSync(path.join(tmp, 'audit', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.filter((l) => l.action === 'readiness-apply').length).toBe(3);
    // Three writes, and the undo file recorded twice (when written, and after the batch marked what it skipped).
    expect(audit.filter((l) => l.phase === 'end' && l.result === 'succeeded').length).toBe(3 + 2);
    expect(fs.readFileSync(path.join(tmp, 'audit', 'audit.jsonl'), 'utf8')).not.toContain(password);

    // Its SHA-256 is in the audit log, recorded when it was written and again after the batch.
    const recorded = audit.filter((l) => l.action === 'undo-file-recorded' && l.phase === 'start');
    expect(recorded.map((l) => l.undoFile.name)).toEqual([path.basename(undo), path.basename(undo)]);
    expect(recorded.at(-1).undoFile.sha256).toBe(createHash('sha256').update(fs.readFileSync(undo)).digest('hex'));
    // --out-undo is no longer taken: an undo file elsewhere could not be undone.
    const elsewhere = await cli(['scan', 'apply', '--changes', csv, '--scan', scan.state, '--out-undo', path.join(tmp, 'x.ldif'), '--yes', ...conn()]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/--out-undo is no longer taken/);

    // Undo: preview first, then apply; every value is back, carl's own edit is left alone.
    const undoPreview = await cli(['scan', 'undo', '--batch', undo, ...conn()]);
    expect(undoPreview.code).toBe(0);
    expect(undoPreview.stdout).toMatch(/Undo of batch .*: 4 change\(s\) to 4 object\(s\)/);
    expect(await values(dn(`ann-${tag}`), 'proxyAddresses')).toContain(`smtp:ann.2-${tag}@${domain}`);
    const undone = await cli(['scan', 'undo', '--batch', undo, '--yes', ...conn()]);
    expect(undone.stderr).toBe('');
    expect(undone.code).toBe(0);
    expect(undone.stdout).toContain('3 applied, 0 skipped, 0 failed, 1 already as before');
    expect(await values(dn(`ann-${tag}`), 'proxyAddresses')).toEqual([`SMTP:ann-${tag}@${domain}`, `smtp:dup-${tag}@${domain}`]);
    expect(await values(dn(`sales-${tag}`), 'displayName')).toEqual([]);
    expect(await values(dn(`dave-${tag}`), 'proxyAddresses')).toEqual([`SMTP:dave-${tag}@${domain}`, `smtp:dave@@${domain}`]);
    expect(await values(dn(`carl-${tag}`), 'displayName')).toEqual(['Carl (HR) ']);
    expect(audit.length).toBeLessThan(
      fs
        .readFileSync(path.join(tmp, 'audit', 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n').length,
    );
  });

  it('refuses to undo a value changed again since the batch, with the reason', async () => {
    const scan = await scanOu('bob');
    const csv = writeCsv('bob.csv', [edit(scan.rows, dn(`bob-${tag}`), 'proxyAddresses', `smtp:dup-${tag}@${domain}`, 'edit', `smtp:bob.2-${tag}@${domain}`)]);
    const first = await cli(['scan', 'apply', '--changes', csv, '--scan', scan.state, '--yes', ...conn()]);
    expect(first.code).toBe(0);
    const undo = undoFileOf(first.stdout);
    await replace(dn(`bob-${tag}`), 'proxyAddresses', [`SMTP:bob-${tag}@${domain}`, `smtp:bob.3-${tag}@${domain}`]);
    const r = await cli(['scan', 'undo', '--batch', undo, '--yes', ...conn()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`skipped  line 2  ${dn(`bob-${tag}`)}`);
    expect(r.stderr).toContain(`changed again since the batch: proxyAddresses no longer holds "smtp:bob.2-${tag}@${domain}"`);
    expect(await values(dn(`bob-${tag}`), 'proxyAddresses')).toEqual([`SMTP:bob-${tag}@${domain}`, `smtp:bob.3-${tag}@${domain}`]);
  });

  describe("undo files are the app's own", () => {
    const baseDn = () => ou.slice(ou.indexOf('DC='));
    const domainAdmins = () => `CN=Domain Admins,CN=Users,${baseDn()}`;
    /** A hand-written undo file: the header lines as the app writes them, a record adding ann to Domain Admins. */
    const handWritten = (file: string, objectGuid: string | null = null) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(
        file,
        formatUndoLdif({
          batchId: `hand-${tag}`,
          createdAt: new Date().toISOString(),
          server: lab!.url,
          origin: 'scan apply changes.csv',
          restores: [{ dn: domainAdmins(), objectGuid, attribute: 'member', remove: [], add: [dn(`ann-${tag}`)], source: 'line 2' }],
        }),
      );
      return file;
    };

    it('a hand-written undo file adding a user to Domain Admins is refused, nothing written', async () => {
      const members = await values(domainAdmins(), 'member');
      const file = handWritten(path.join(tmp, 'from-support.ldif'));
      const r = await cli(['scan', 'undo', '--batch', file, '--yes', ...conn()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `${file}: is not in the app's undo folder ${path.join(tmp, 'undo')}; only undo files the app wrote there can be applied; nothing was changed`,
      );
      expect(await values(domainAdmins(), 'member')).toEqual(members);
    });

    it('the same file planted in the undo folder is refused: the audit log never recorded it', async () => {
      const members = await values(domainAdmins(), 'member');
      const file = handWritten(path.join(tmp, 'undo', `hand-${tag}.ldif`), '0f3c1b52-0000-4000-8000-000000000512');
      const r = await cli(['scan', 'undo', '--batch', file, '--yes', ...conn()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`the audit log has no record of the app writing an undo file for batch hand-${tag}; nothing was changed`);
      expect(await values(domainAdmins(), 'member')).toEqual(members);
      // The workbench does not offer it, and refuses to preview it.
      const jobs = new BatchJobs({ undoDir: path.join(tmp, 'undo'), audit: new AuditLog(tmp, new Redactor()) } as unknown as BatchJobsDeps);
      expect(jobs.list().map((b) => b.batchId)).not.toContain(`hand-${tag}`);
      expect(() => jobs.previewUndo(`hand-${tag}`)).toThrow(/has no record of the app writing an undo file/);
      fs.rmSync(file);
    });

    it('an undo file the app wrote, then edited to add a Domain Admins record, is refused whole', async () => {
      const scan = await scanOu('carl');
      const csv = writeCsv('carl.csv', [edit(scan.rows, dn(`carl-${tag}`), 'displayName', 'Carl (HR) ', 'edit', 'Carl Jones')]);
      const applied = await cli(['scan', 'apply', '--changes', csv, '--scan', scan.state, '--yes', ...conn()]);
      expect(applied.code).toBe(0);
      const undo = undoFileOf(applied.stdout);
      const jobs = new BatchJobs({ undoDir: path.join(tmp, 'undo'), audit: new AuditLog(tmp, new Redactor()) } as unknown as BatchJobsDeps);
      const batchId = path.basename(undo, '.ldif');
      expect(jobs.list().map((b) => b.batchId)).toContain(batchId);
      // Its records name the object's objectGUID, though the CSV did not.
      expect(fs.readFileSync(undo, 'utf8')).toMatch(/# dsd-guid: [0-9a-f-]{36}\n/);
      const members = await values(domainAdmins(), 'member');
      fs.appendFileSync(
        undo,
        `\n# dsd-guid: 0f3c1b52-0000-4000-8000-000000000512\ndn: ${domainAdmins()}\nchangetype: modify\nadd: member\nmember: ${dn(`ann-${tag}`)}\n-\n`,
      );
      const r = await cli(['scan', 'undo', '--batch', undo, '--yes', ...conn()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`differs from the undo file the app wrote for batch ${batchId} \\(SHA-256 [0-9a-f]{64}, recorded [0-9a-f]{64}\\); nothing was changed`),
      );
      expect(await values(domainAdmins(), 'member')).toEqual(members);
      expect(await values(dn(`carl-${tag}`), 'displayName')).toEqual(['Carl Jones']);
      expect(jobs.list().map((b) => b.batchId)).not.toContain(batchId);
    });
  });

  describe('writes are bound to a saved scan of this directory', () => {
    it('a CSV row with no matching finding is refused by line, and nothing of the batch is written', async () => {
      const scan = await scanOu('bound');
      const domainAdmins = `CN=Domain Admins,CN=Users,${lab!.baseDn}`;
      const members = await values(domainAdmins, 'member');
      const dave = await values(dn(`dave-${tag}`), 'proxyAddresses');
      const before = undoCount();
      const csv = writeCsv('unbound.csv', [
        // Line 2 matches a finding; the rows after it do not, and take it down with them.
        edit(scan.rows, dn(`dave-${tag}`), 'proxyAddresses', `smtp:dave@@${domain}`, 'edit', `smtp:dave.2-${tag}@${domain}`),
        // An object the scan has no finding on (the CSV "from support").
        {
          dn: domainAdmins,
          objectClass: 'group',
          attribute: 'member',
          value: members[0]!,
          errors: ['format'],
          action: 'edit',
          proposedValue: dn(`dave-${tag}`),
        },
        // An attribute of a found object that the scan did not report.
        { dn: dn(`dave-${tag}`), objectClass: 'user', attribute: 'mail', value: '', errors: ['blank'], action: 'edit', proposedValue: `boss-${tag}@${domain}` },
        // The right object and attribute, a value the scan did not see.
        {
          dn: dn(`dave-${tag}`),
          objectClass: 'user',
          attribute: 'proxyAddresses',
          value: `SMTP:dave-${tag}@${domain}`,
          errors: ['format'],
          action: 'remove',
          proposedValue: null,
        },
      ]);
      const r = await cli(['scan', 'apply', '--changes', csv, '--scan', scan.state, '--yes', ...conn()]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`unbound.csv: 3 row(s) match no finding of the scan in ${scan.state}; nothing was changed`);
      expect(r.stderr).toContain(`line 3: ${domainAdmins} member: the saved scan has no finding on this object`);
      expect(r.stderr).toContain(
        `line 4: ${dn(`dave-${tag}`)} mail: the saved scan has no finding for mail of this object (its findings are on proxyAddresses)`,
      );
      expect(r.stderr).toContain(
        `line 5: ${dn(`dave-${tag}`)} proxyAddresses: the saved scan found proxyAddresses "smtp:dave@@${domain}", not "SMTP:dave-${tag}@${domain}"`,
      );
      expect(r.stderr).not.toContain('line 2:');
      expect(await values(domainAdmins, 'member')).toEqual(members);
      expect(await values(dn(`dave-${tag}`), 'proxyAddresses')).toEqual(dave);
      expect(await values(dn(`dave-${tag}`), 'mail')).toEqual([]);
      expect(undoCount()).toBe(before);
      // The same with --format json: one error document naming the rows.
      const j = await cli(['scan', 'apply', '--changes', csv, '--scan', scan.state, '--yes', '--format', 'json', ...conn()]);
      expect(j.code).toBe(2);
      const doc = JSON.parse(j.stdout);
      expect(doc.error.code).toBe('rows-not-in-scan');
      expect(doc.error.rows.map((u: { line: number }) => u.line)).toEqual([3, 4, 5]);
    });

    it('a state edited without the install key, or a scan of another directory, is refused; nothing written', async () => {
      const scan = await scanOu('other');
      const csv = writeCsv('other.csv', [edit(scan.rows, dn(`dave-${tag}`), 'proxyAddresses', `smtp:dave@@${domain}`, 'remove')]);
      const before = undoCount();
      // Edited by hand: the seal no longer fits.
      const tampered = path.join(tmp, 'tampered.state');
      const bytes = fs.readFileSync(scan.state);
      const at = bytes.indexOf('scannedAt') + 14;
      bytes[at] = bytes[at]! ^ 1;
      fs.writeFileSync(tampered, bytes);
      const t = await cli(['scan', 'apply', '--changes', csv, '--scan', tampered, '--yes', ...conn()]);
      expect(t.code).toBe(2);
      expect(t.stderr).toContain(`--scan: scan state ${tampered}`);
      expect(t.stderr).toContain('nothing was changed');
      // A genuine state of a scan of another domain (sealed with this install's key, as the app would).
      const key = InstallKey.besideAudit(path.join(tmp, 'audit'));
      const foreign = path.join(tmp, 'foreign.state');
      saveScanState(foreign, { ...loadCurrentScanState(scan.state, key), namingContext: 'DC=other,DC=example,DC=com' }, key);
      const f = await cli(['scan', 'apply', '--changes', csv, '--scan', foreign, '--yes', ...conn()]);
      expect(f.code).toBe(2);
      expect(f.stderr).toContain(`--scan ${foreign} is a scan of DC=other,DC=example,DC=com, but ${lab!.url} is ${lab!.baseDn}; nothing was changed`);
      expect(await values(dn(`dave-${tag}`), 'proxyAddresses')).toEqual([`SMTP:dave-${tag}@${domain}`, `smtp:dave@@${domain}`]);
      expect(undoCount()).toBe(before);
    });
  });

  it('a bad CSV changes nothing: every problem by line and column, exit 2', async () => {
    const csv = path.join(tmp, 'bad.csv');
    fs.writeFileSync(
      csv,
      `dn,objectClass,attribute,value,errors,action,proposedValue\n"${dn(`ann-${tag}`)}",user,proxyAddresses,x,duplicate,edit,\n"${dn(`bob-${tag}`)}",user,mail,x,duplicate,rename,y\n`,
    );
    const before = fs.existsSync(path.join(tmp, 'undo')) ? fs.readdirSync(path.join(tmp, 'undo')).length : 0;
    const r = await cli(['scan', 'apply', '--changes', csv, '--scan', path.join(tmp, 'changes.state'), '--yes', ...conn()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 2, column proposedValue: is empty, but the action is edit');
    expect(r.stderr).toContain('line 3, column action: "rename" is not one of');
    expect(fs.existsSync(path.join(tmp, 'undo')) ? fs.readdirSync(path.join(tmp, 'undo')).length : 0).toBe(before);
    expect((await cli(['scan', 'apply', '--changes', csv, '--scan', path.join(tmp, 'changes.state'), ...conn()])).code).toBe(2);
    expect((await cli(['scan', 'undo', '--batch', path.join(tmp, 'missing.ldif'), ...conn()])).code).toBe(2);
  });

  it('a directory it cannot reach is exit 3, nothing written', async () => {
    const scan = await scanOu('one');
    const csv = writeCsv('one.csv', [edit(scan.rows, dn(`dave-${tag}`), 'proxyAddresses', `smtp:dave@@${domain}`, 'remove')]);
    const before = fs.existsSync(path.join(tmp, 'undo')) ? fs.readdirSync(path.join(tmp, 'undo')).length : 0;
    const r = await runCli(['scan', 'apply', '--changes', csv, '--scan', scan.state, '--yes', ...conn()], {
      stdout: () => {},
      stderr: () => {},
      env: { DSD_DATA_DIR: tmp, DSD_TEST_PW: 'Wrong-Password-1!' },
    });
    expect(r).toBe(3);
    expect(fs.existsSync(path.join(tmp, 'undo')) ? fs.readdirSync(path.join(tmp, 'undo')).length : 0).toBe(before);
  });
});
