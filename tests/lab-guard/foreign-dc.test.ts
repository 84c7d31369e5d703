// Lab mode never touches a real directory. A second Samba DC, provisioned WITHOUT the lab marker
// (scripts/lab-dc.sh ensure --foreign) and holding a planted MSOL_AD_SYNC account, stands in for a
// customer's DC: the CLI's `diagnose --lab … --url` and the session's sign-in in lab mode refuse it,
// say why, and not one object changes (full dump before and after). On the lab's own DC the seeder
// deletes nothing it did not create, and audits every write.
// The second DC: LAB_DC_FOREIGN_ADDR (default below) in .lab-dc-foreign (LAB_DC_FOREIGN_DIR);
// it is provisioned once (~10 s) and reused.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Attribute, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAppSession } from '../../electron/app/session';
import { EXIT, runCli } from '../../electron/cli/main';
import { LAB_MARKER_RDN, LAB_MARKER_VALUE, labMarkerDn } from '../../electron/directory/lab-marker';
import { createLabDirectoryAdmin } from '../../electron/directory/lab-directory-admin';
import { LdapDirectory } from '../../electron/directory/ldap-directory';
import { DirectoryError } from '../../electron/ports/errors';
import { dispatch } from '../../electron/ipc/dispatch';
import type { LabDcEnv } from '../setup/lab-dc';

const lab = inject('labDc');
const suite = lab ? describe : describe.skip;
const REPO = path.resolve(import.meta.dirname, '../..');
const FOREIGN_DIR = process.env.LAB_DC_FOREIGN_DIR ?? path.join(REPO, '.lab-dc-foreign');
// Default: 127.0.0.2 beside the default lab DC (CI); beside a lab DC on its own LAB_DC_ADDR
// (127.0.0.N, one per checkout), 127.1.0.N, so checkouts sharing a machine never collide.
const LAB_ADDR = process.env.LAB_DC_ADDR;
const FOREIGN_ADDR = process.env.LAB_DC_FOREIGN_ADDR ?? (LAB_ADDR && LAB_ADDR !== '127.0.0.1' ? LAB_ADDR.replace(/^127\.\d+\./, '127.1.') : '127.0.0.2');
const PLANTED = 'MSOL_AD_SYNC';
// A bind updates these on the bound account; they are not writes the app makes.
const LOGON_TRACKING = new Set(['lastlogon', 'lastlogontimestamp', 'logoncount', 'badpwdcount', 'badpasswordtime']);

type Dc = LabDcEnv & { labMarkerDn: string | null; password: string };

async function client(dc: Dc): Promise<Client> {
  const c = new Client({ url: dc.url, tlsOptions: { ca: [fs.readFileSync(dc.caFile)], servername: dc.serverName, minVersion: 'TLSv1.2' } });
  await c.bind(dc.bindDn, dc.password);
  return c;
}

/** Every object under the base DN with every attribute, in a stable order. */
async function dump(dc: Dc): Promise<string[]> {
  const c = await client(dc);
  try {
    const { searchEntries } = await c.search(dc.baseDn, { scope: 'sub', filter: '(objectClass=*)', attributes: ['*'] });
    return searchEntries
      .map((e) => {
        const attrs = Object.entries(e)
          .filter(([k]) => !LOGON_TRACKING.has(k.toLowerCase()))
          .map(([k, v]) => `${k}=${JSON.stringify([v].flat().map((x) => (Buffer.isBuffer(x) ? x.toString('base64') : String(x))))}`)
          .sort();
        return attrs.join('\n');
      })
      .sort();
  } finally {
    await c.unbind();
  }
}

async function ensureDc(env: NodeJS.ProcessEnv, args: string[]): Promise<Dc> {
  const { stdout } = await promisify(execFile)(path.join(REPO, 'scripts/lab-dc.sh'), ['ensure', '--quiet', ...args], {
    env,
    timeout: 300_000,
    maxBuffer: 1 << 20,
  });
  const doc = JSON.parse(stdout) as LabDcEnv & { labMarkerDn: string | null };
  return { ...doc, password: fs.readFileSync(doc.passwordFile, 'utf8').trim() };
}

suite(`lab mode and a directory without the lab marker${lab ? '' : ` (skipped: ${inject('labDcSkipReason') ?? 'no lab DC'})`}`, () => {
  let foreign: Dc;
  let before: string[];

  beforeAll(async () => {
    foreign = await ensureDc({ ...process.env, LAB_DC_DIR: FOREIGN_DIR, LAB_DC_ADDR: FOREIGN_ADDR }, ['--foreign']);
    expect(foreign.labMarkerDn).toBeNull();
    // The customer's own sync account, where the dirsync-account-moved scenario would replace it.
    const c = await client(foreign);
    try {
      const found = await c.search(foreign.baseDn, { filter: `(sAMAccountName=${PLANTED})`, attributes: ['1.1'] });
      if (found.searchEntries.length === 0) {
        await c.add(`CN=${PLANTED},CN=Users,${foreign.baseDn}`, [
          new Attribute({ type: 'objectClass', values: ['top', 'person', 'organizationalPerson', 'user'] }),
          new Attribute({ type: 'sAMAccountName', values: [PLANTED] }),
          new Attribute({ type: 'description', values: ['planted: the real sync account'] }),
        ]);
      }
    } finally {
      await c.unbind();
    }
    before = await dump(foreign);
    expect(before.some((o) => o.includes(`sAMAccountName=["${PLANTED}"]`))).toBe(true);
  }, 300_000);

  it('diagnose --lab dirsync-account-moved --url <that DC> refuses it, says why, and changes nothing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-foreign-cli-'));
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      [
        'diagnose',
        '--lab',
        'dirsync-account-moved',
        '--url',
        foreign.url,
        '--bind',
        foreign.bindDn,
        '--password-env',
        'FOREIGN_PW',
        '--ca-file',
        foreign.caFile,
        '--server-name',
        foreign.serverName,
      ],
      { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DSD_DATA_DIR: dataDir, FOREIGN_PW: foreign.password } },
    );
    expect(code).toBe(EXIT.failed);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /is not a DirSync Doctor lab directory \(it has no lab marker CN=DirSync Doctor Lab Marker,DC=lab,DC=example,DC=com\).*Nothing was changed/,
    );
    expect(stderr).not.toContain(foreign.password);
    expect(await dump(foreign)).toEqual(before);
  });

  it("the session's sign-in in lab mode refuses it the same way and stays on its own directory", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-foreign-session-'));
    const session = await createAppSession({
      dataDir,
      mode: 'lab',
      scenarioId: 'dirsync-account-moved',
      appVersion: 'test',
      actor: 'LAB\\tester',
      pickCaFile: async () => foreign.caFile,
    });
    try {
      expect(await dispatch(session.handlers, 'directory:choose-ca-file', {})).toMatchObject({ ok: true });
      const r = await dispatch(session.handlers, 'directory:connect', {
        bindDn: foreign.bindDn,
        password: foreign.password,
        url: foreign.url,
        serverName: foreign.serverName,
      });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'directory', detail: 'not-a-lab', message: expect.stringMatching(/has no lab marker.*Nothing was changed/) },
      });
      expect(session.ports().directory?.kind).toBe('memory');
      expect(session.audit.read()).toEqual([]);
    } finally {
      await session.close();
    }
    expect(await dump(foreign)).toEqual(before);
  });

  it('the seeder itself refuses before its first write, whoever calls it', async () => {
    const dir = await LdapDirectory.connect({
      url: foreign.url,
      bindDn: foreign.bindDn,
      password: foreign.password,
      caFile: foreign.caFile,
      serverName: foreign.serverName,
    });
    const admin = createLabDirectoryAdmin(dir);
    try {
      for (const attempt of [
        () => admin.removeIfPresent(PLANTED),
        () => admin.createUser({ sAMAccountName: 'lab-intruder', password: 'Aa1!aaaaaaaaaaaa' }),
        () => admin.createOrganizationalUnit('lab-intruder'),
        () => admin.deleteUser(`CN=${PLANTED},CN=Users,${foreign.baseDn}`),
      ]) {
        await expect(attempt()).rejects.toMatchObject({ code: 'not-a-lab' });
      }
    } finally {
      await dir.close();
    }
    expect(await dump(foreign)).toEqual(before);
  });
});

suite(`the lab's own DC${lab ? '' : ' (skipped)'}`, () => {
  let own: Dc;
  let dir: LdapDirectory;
  const cleanup: string[] = [];

  beforeAll(async () => {
    own = { ...lab!, labMarkerDn: null, password: fs.readFileSync(lab!.passwordFile, 'utf8').trim() };
    dir = await LdapDirectory.connect({ url: own.url, bindDn: own.bindDn, password: own.password, caFile: own.caFile, serverName: own.serverName });
  });
  afterAll(async () => {
    const c = await client(own);
    for (const dn of cleanup) await c.del(dn).catch(() => {});
    await c.unbind();
    await dir.close();
  });

  it('carries the marker scripts/lab-dc.sh writes, with the value the app looks for', async () => {
    const c = await client(own);
    try {
      const { searchEntries } = await c.search(labMarkerDn(own.baseDn), { scope: 'base', attributes: ['adminDescription'] });
      expect(searchEntries[0]?.adminDescription).toBe(LAB_MARKER_VALUE);
    } finally {
      await c.unbind();
    }
    const { stdout } = await promisify(execFile)(path.join(REPO, 'scripts/lab-dc.sh'), ['env']);
    expect(JSON.parse(stdout).labMarkerDn).toBe(`${LAB_MARKER_RDN},${own.baseDn}`);
  });

  it('deletes nothing it did not create: an account or an OU child put there by someone else stays', async () => {
    const sam = `ext${Date.now().toString(36).slice(-6)}`;
    const admin = createLabDirectoryAdmin(dir);
    const ou = await admin.createOrganizationalUnit(`guard-${sam}`);
    cleanup.push(`CN=${sam},${ou}`, `CN=${sam}-2,CN=Users,${own.baseDn}`, ou);
    const c = await client(own);
    try {
      // Someone else's objects: one inside the lab's OU, one in CN=Users.
      for (const dn of [`CN=${sam},${ou}`, `CN=${sam}-2,CN=Users,${own.baseDn}`]) {
        await c.add(dn, [
          new Attribute({ type: 'objectClass', values: ['top', 'person', 'organizationalPerson', 'user'] }),
          new Attribute({ type: 'sAMAccountName', values: [dn.slice(3, dn.indexOf(','))] }),
        ]);
      }
    } finally {
      await c.unbind();
    }
    await expect(admin.removeIfPresent(`${sam}-2`)).rejects.toMatchObject({ code: 'not-a-lab', message: expect.stringMatching(/the lab did not create/) });
    await expect(admin.deleteUser(`CN=${sam}-2,CN=Users,${own.baseDn}`)).rejects.toBeInstanceOf(DirectoryError);
    await expect(admin.deleteTree(ou)).rejects.toMatchObject({ code: 'not-a-lab', message: expect.stringMatching(/did not create/) });
    expect(await dir.findAccount(`${sam}-2`)).not.toBeNull();
    expect(await dir.findAccount(sam)).not.toBeNull();
    expect(await admin.isLabObject(ou)).toBe(true);
  });

  it('seeds a scenario into it through the sign-in, writing each write to the audit log', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-own-session-'));
    const session = await createAppSession({
      dataDir,
      mode: 'lab',
      scenarioId: 'dirsync-account-moved',
      appVersion: 'test',
      actor: 'LAB\\tester',
      pickCaFile: async () => own.caFile,
    });
    try {
      expect(await dispatch(session.handlers, 'directory:choose-ca-file', {})).toMatchObject({ ok: true });
      const r = await dispatch(session.handlers, 'directory:connect', { bindDn: own.bindDn, password: own.password, url: own.url, serverName: own.serverName });
      expect(r).toMatchObject({ ok: true });
      const lines = session.audit.read();
      const actions = lines.filter((l) => l.phase === 'start').map((l) => l.action);
      // The seeded accounts are kept and reset in place (same objectGUID), so the gap never sees them re-created.
      expect(actions).toEqual(expect.arrayContaining(['lab.reset-user']));
      expect(lines.filter((l) => l.phase === 'start').length).toBe(lines.filter((l) => l.phase === 'end').length);
      expect(lines[0]).toMatchObject({ actor: 'LAB\\tester', host: own.url, origin: 'lab scenario dirsync-account-moved' });
      expect(JSON.stringify(lines)).not.toContain(own.password);
    } finally {
      await session.close();
    }
  });

  it('a release build keeps lab mode in memory: sign-in to even the lab DC is refused', async () => {
    const session = await createAppSession({
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-release-')),
      mode: 'lab',
      appVersion: 'test',
      allowRealLabDirectory: false,
    });
    try {
      const r = await dispatch(session.handlers, 'directory:connect', { bindDn: own.bindDn, password: own.password, url: own.url, serverName: own.serverName });
      expect(r).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/only its built-in simulated directory/) } });
      expect(session.ports().directory?.kind).toBe('memory');
    } finally {
      await session.close();
    }
  });
});
