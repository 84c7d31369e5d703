// The deletion gap against the Samba lab DC: objects deleted after the snapshot are listed (and
// exported as CSV), objects deleted before it are not; and the snapshot file is all or nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GAP_CSV_COLUMNS, gapCsv } from '../../shared/domain/gap';
import { guidToBytes } from '../../shared/ldap';
import { createLabDirectoryAdmin } from '../directory/lab-directory-admin';
import { LdapDirectory } from '../directory/ldap-directory';
import { MemoryDirectory } from '../directory/memory-directory';
import type { LabDirectoryAdmin } from '../directory/lab-user-spec';
import type { DirectoryEntry, DirectoryInfo, DirectoryPort } from '../ports/directory-port';
import { listDeletedSince, readGapSnapshot } from './deleted-since';
import { GapFileError, writeGapSnapshot } from './gap-snapshot';

const lab = inject('labDc');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-gap-'));
const PASSWORD = 'Gap-Test-Pass-1a';

function gapSuite(name: string, open: () => Promise<{ port: DirectoryPort; admin: LabDirectoryAdmin }>, skip: string | null) {
  (skip ? describe.skip : describe)(`deletion gap: ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let port: DirectoryPort;
    let admin: LabDirectoryAdmin;
    let ou: string;
    beforeAll(async () => {
      ({ port, admin } = await open());
      ou = await admin.createOrganizationalUnit(`gap${randomBytes(4).toString('hex')}`);
    });
    afterAll(async () => {
      await admin?.deleteTree(ou).catch(() => {});
      await port?.close();
    });

    it('lists what was deleted after the snapshot, not what was deleted before it, and exports it as CSV', async () => {
      const tag = randomBytes(3).toString('hex');
      const make = (n: string) =>
        admin.createUser({ sAMAccountName: `g${n}${tag}`, parentDn: ou, password: PASSWORD, attributes: { mail: [`g${n}${tag}@contoso.com`] } });
      const before = await make('before');
      const after = await make('after');
      const kept = await make('kept');
      await admin.deleteUser(before.dn);

      const dir = tmp();
      const file = path.join(dir, 'snapshot.jsonl');
      const written = await writeGapSnapshot(port, file);
      expect(written.count).toBeGreaterThanOrEqual(2);
      const snapshot = await readGapSnapshot(file);
      expect(snapshot.objects.get(after.objectGuid)).toMatchObject({ dn: after.dn, objectClass: 'user', mail: `gafter${tag}@contoso.com` });
      expect(snapshot.objects.has(before.objectGuid)).toBe(false);
      expect(snapshot.objects.get(kept.objectGuid)?.upn).toBe(kept.userPrincipalName);

      await admin.deleteUser(after.dn);
      const report = await listDeletedSince(port, snapshot);
      const guids = report.deleted.map((d) => d.objectGuid);
      expect(guids).toContain(after.objectGuid);
      expect(guids).not.toContain(before.objectGuid);
      expect(guids).not.toContain(kept.objectGuid);
      const row = report.deleted.find((d) => d.objectGuid === after.objectGuid)!;
      expect(row).toMatchObject({ dn: after.dn, upn: after.userPrincipalName, lastKnownParent: expect.stringMatching(/^OU=gap/i) });
      expect(Date.parse(row.deletedAt!)).toBeGreaterThanOrEqual(Date.parse(written.header.takenAt) - 2000);

      const csv = gapCsv(report.deleted).split('\r\n');
      expect(csv[0]).toBe(GAP_CSV_COLUMNS.join(','));
      expect(csv.some((l) => l.startsWith(`${after.objectGuid},user,`) && l.includes(`gafter${tag}@contoso.com`))).toBe(true);
      expect(csv.join('\n')).not.toContain(before.objectGuid);
    });

    it('refuses a snapshot of another domain', async () => {
      const dir = tmp();
      const file = path.join(dir, 's.jsonl');
      await writeGapSnapshot(port, file);
      const snapshot = await readGapSnapshot(file);
      snapshot.header = { ...snapshot.header, baseDn: 'DC=other,DC=example' };
      await expect(listDeletedSince(port, snapshot)).rejects.toThrow(/taken in DC=other,DC=example/);
    });
  });
}

gapSuite(
  'Samba lab DC',
  async () => {
    const port = await LdapDirectory.connect({
      url: lab!.url,
      bindDn: lab!.bindDn,
      password: fs.readFileSync(lab!.passwordFile, 'utf8'),
      caFile: lab!.caFile,
      serverName: lab!.serverName,
    });
    return { port, admin: createLabDirectoryAdmin(port) };
  },
  lab ? null : (inject('labDcSkipReason') ?? 'no lab DC'),
);

gapSuite(
  'memory lab directory',
  async () => {
    const port = new MemoryDirectory();
    return { port, admin: createLabDirectoryAdmin(port) };
  },
  null,
);

/** A directory with `n` generated users, for the file side: streaming and all-or-nothing writes. */
function generatedDirectory(n: number, failAt: number | null = null): DirectoryPort {
  const info: DirectoryInfo = { baseDn: 'DC=big,DC=example', domain: 'big.example', dcHostName: 'dc', url: 'memory://', recycleBinEnabled: false };
  return {
    kind: 'memory',
    info: async () => info,
    async *search(): AsyncIterable<DirectoryEntry> {
      for (let i = 0; i < n; i++) {
        if (i === failAt) throw new Error('connection lost');
        const guid = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
        yield {
          dn: `CN=u${i},OU=People,DC=big,DC=example`,
          attributes: {
            objectGUID: [Buffer.from(guidToBytes(guid)).toString('base64')],
            objectClass: ['top', 'person', 'organizationalPerson', 'user'],
            userPrincipalName: [`u${i}@big.example`],
            mail: [],
          },
        };
      }
    },
  } as unknown as DirectoryPort;
}

describe('gap snapshot file', () => {
  it('streams 100,000 objects to disk and reads them back', async () => {
    const file = path.join(tmp(), 'big.jsonl');
    const progress: number[] = [];
    const r = await writeGapSnapshot(generatedDirectory(100_000), file, { onProgress: (c) => progress.push(c) });
    expect(r.count).toBe(100_000);
    expect(progress.at(-1)).toBe(100_000);
    expect(progress.length).toBeGreaterThan(50);
    const back = await readGapSnapshot(file);
    expect(back.objects.size).toBe(100_000);
    expect(back.objects.get('00000000-0000-4000-8000-00000001869f')?.dn).toBe('CN=u99999,OU=People,DC=big,DC=example');
  });

  it('leaves no file when the search fails midway, and never overwrites a snapshot', async () => {
    const dir = tmp();
    const file = path.join(dir, 'cut.jsonl');
    await expect(writeGapSnapshot(generatedDirectory(5000, 2500), file)).rejects.toThrow(/connection lost/);
    expect(fs.readdirSync(dir)).toEqual([]);
    await writeGapSnapshot(generatedDirectory(3), file);
    await expect(writeGapSnapshot(generatedDirectory(3), file)).rejects.toThrow(GapFileError);
    expect((await readGapSnapshot(file)).objects.size).toBe(3);
  });

  it('refuses a cut-off, altered or foreign file, naming the line', async () => {
    const dir = tmp();
    const file = path.join(dir, 'ok.jsonl');
    await writeGapSnapshot(generatedDirectory(10), file);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const write = (name: string, content: string) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, content);
      return p;
    };
    await expect(readGapSnapshot(write('cut.jsonl', lines.slice(0, 5).join('\n')))).rejects.toThrow(/incomplete/);
    await expect(readGapSnapshot(write('count.jsonl', [...lines.slice(0, 5), lines.at(-1)].join('\n')))).rejects.toThrow(/says 10 objects but holds 4/);
    await expect(readGapSnapshot(write('bad.jsonl', [lines[0], '{"objectGuid":"nope"}', lines.at(-1)].join('\n')))).rejects.toThrow(/line 2: .*objectGuid/);
    await expect(readGapSnapshot(write('foreign.jsonl', '{"hello":1}\n'))).rejects.toThrow(/line 1: not a DirSync Doctor gap snapshot/);
    await expect(readGapSnapshot(path.join(dir, 'missing.jsonl'))).rejects.toThrow(/missing\.jsonl: no such file/);
  });
});
