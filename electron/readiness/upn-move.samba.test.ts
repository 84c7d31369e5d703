// The UPN suffix move's uniqueness check at scale, against the Samba lab DC: the new UPNs are
// looked up a chunk at a time (an OR filter of escaped values; chunks of 4 here so 11 users make 3),
// a collision with another object is found in whichever chunk it falls and held back naming that
// object, two users of the same move who would get one UPN are caught within the batch, and the
// users can be named by a selection (only these / all but these) handed over in parts.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditLog } from '../audit/audit-log';
import { createLabDirectoryAdmin } from '../directory/lab-directory-admin';
import { LdapDirectory } from '../directory/ldap-directory';
import { withDirectoryLatency, type DirectoryLatencyStats } from '../lab/directory-latency';
import { Redactor } from '../secrets/redactor';
import { Workbench } from './workbench';

const lab = inject('labDc');
const suite = lab ? describe : describe.skip;

suite(`UPN suffix move in batches against the Samba lab DC${lab ? '' : ` (skipped: ${inject('labDcSkipReason') ?? 'no lab DC'})`}`, () => {
  let dir: LdapDirectory;
  let counted: { directory: LdapDirectory; stats: DirectoryLatencyStats };
  let ou: string;
  let tmp: string;
  let wb: Workbench;
  const tag = randomBytes(3).toString('hex');
  const local = `move-${tag}.local`;
  const routable = `move-${tag}.example.org`;
  const dn = (cn: string) => `CN=${cn},${ou}`;
  const movers = Array.from({ length: 9 }, (_, i) => `m${i}`);

  beforeAll(async () => {
    const password = fs.readFileSync(lab!.passwordFile, 'utf8').trim();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-upn-'));
    dir = await LdapDirectory.connect({ url: lab!.url, bindDn: lab!.bindDn, password, caFile: lab!.caFile, serverName: lab!.serverName });
    const admin = createLabDirectoryAdmin(dir);
    ou = await admin.createOrganizationalUnit(`dsd-upn-${tag}`);
    const user = (cn: string, upn: string, attributes?: Record<string, string[]>) =>
      admin.createUser({
        sAMAccountName: `${cn}-${tag}`,
        parentDn: ou,
        userPrincipalName: upn,
        password: `Pw-${randomBytes(8).toString('hex')}-9a!`,
        attributes,
      });
    for (const m of movers) await user(m, `${m}-${tag}@${local}`);
    // Two movers Samba holds apart (it folds case in ASCII only) but Entra ID's comparison, and the
    // app's, does not: the Kelvin sign lower-cases to k. Both would get kim-…@routable.
    await user('kim', `kim-${tag}@${local}`);
    await user('kelvin', `\u212Aim-${tag}@${local}`);
    // m1's new UPN is another user's UPN; m7's new UPN is a contact's proxy address (other chunks).
    await user('holder1', `m1-${tag}@${routable}`);
    await user('holder7', `h7-${tag}@lab.example.com`, { proxyAddresses: [`SMTP:h7-${tag}@lab.example.com`, `smtp:M7-${tag}@${routable}`] });
    counted = withDirectoryLatency(dir, { pageSize: 1000, perPageMs: 0, perOperationMs: 0 });
    wb = new Workbench({
      dataDir: tmp,
      audit: new AuditLog(tmp, new Redactor()),
      actor: 'tester',
      host: async () => 'lab-host',
      directory: () => counted.directory,
      scan: () => {
        throw new Error('no scan in this test');
      },
      validate: () => null,
      isRoutable: (s) => !s.endsWith('.local'),
      uniqueLookup: { maxBytes: 16 * 1024, maxValues: 4 },
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

  it('checks the new UPNs a chunk at a time and holds back collisions with other objects and within the move', async () => {
    const before = counted.stats.pages;
    const p = await wb.previewUpnMove(local, routable, null);
    // One search for the suffix's users, then 10 distinct new UPNs (kim's pair is one) in chunks of 4: 3 searches, not 11.
    expect(counted.stats.pages - before).toBe(1 + 3);
    expect(p.heldBack).toEqual([
      { dn: dn(`kim-${tag}`), value: `kim-${tag}@${routable}`, reason: `kim-${tag}@${routable} would also be given to ${dn(`kelvin-${tag}`)} in this move` },
      { dn: dn(`m1-${tag}`), value: `m1-${tag}@${routable}`, reason: `m1-${tag}@${routable} is already used by ${dn(`holder1-${tag}`)}` },
      { dn: dn(`m7-${tag}`), value: `m7-${tag}@${routable}`, reason: `m7-${tag}@${routable} is already used by ${dn(`holder7-${tag}`)}` },
    ]);
    const moved = p.preview.changes.filter((c) => c.attribute === 'userPrincipalName').map((c) => c.dn);
    expect(moved).toEqual([`kelvin-${tag}`, ...movers.filter((m) => m !== 'm1' && m !== 'm7').map((m) => `${m}-${tag}`)].map(dn));
    expect(p.preview.changes[0]).toMatchObject({ attribute: 'uPNSuffixes', add: [routable] });
  });

  it('moves only the chosen users, or all but the left-out ones, named by a selection sent in parts', async () => {
    const only = await wb.previewUpnMove(local, routable, { mode: 'only', dns: [dn(`m0-${tag}`), dn(`m1-${tag}`), dn(`gone-${tag}`)] });
    expect(only.preview.changes.filter((c) => c.attribute === 'userPrincipalName').map((c) => c.dn)).toEqual([dn(`m0-${tag}`)]);
    expect(only.heldBack).toEqual([
      { dn: dn(`m1-${tag}`), value: `m1-${tag}@${routable}`, reason: expect.stringContaining(`is already used by ${dn(`holder1-${tag}`)}`) },
      { dn: dn(`gone-${tag}`), value: '', reason: expect.stringMatching(/^no longer a user with a UPN ending in @move-\w+\.local/) },
    ]);

    const first = wb.addUpnSelectionPart(undefined, local, 'except', [dn(`m0-${tag}`), dn(`m2-${tag}`)]);
    const sel = wb.addUpnSelectionPart(first.selectionId, local, 'except', [dn(`m3-${tag}`), dn(`kelvin-${tag}`)]);
    expect(sel).toEqual({ selectionId: first.selectionId, users: 4 });
    const except = await wb.previewUpnMove(local, routable, wb.upnSelection(sel.selectionId, local));
    // Kelvin left out, so kim no longer collides within the move.
    expect(except.preview.changes.filter((c) => c.attribute === 'userPrincipalName').map((c) => c.dn)).toEqual(
      ['kim', 'm4', 'm5', 'm6', 'm8'].map((m) => dn(`${m}-${tag}`)),
    );
    expect(except.heldBack.map((h) => h.dn)).toEqual([dn(`m1-${tag}`), dn(`m7-${tag}`)]);

    // A long choice (over 2,000 DNs) is picked out of one search of the suffix: the same outcome.
    const fake = Array.from({ length: 2_000 }, (_, i) => dn(`nobody${i}-${tag}`));
    const long = await wb.previewUpnMove(local, routable, { mode: 'only', dns: [dn(`m0-${tag}`), dn(`m1-${tag}`), ...fake] });
    expect(long.preview.changes.filter((c) => c.attribute === 'userPrincipalName').map((c) => c.dn)).toEqual([dn(`m0-${tag}`)]);
    expect(long.heldBack).toHaveLength(1 + fake.length);
    expect(long.heldBack[0]).toMatchObject({ dn: dn(`m1-${tag}`), reason: expect.stringContaining('is already used by') });
    expect(long.heldBack.slice(1).every((h) => h.value === '' && h.reason.startsWith('no longer a user'))).toBe(true);

    expect(() => wb.upnSelection(sel.selectionId, 'other.local')).toThrow(/made for users of .*, not other\.local/);
    expect(() => wb.addUpnSelectionPart(sel.selectionId, local, 'only', [dn(`m4-${tag}`)])).toThrow(/start a new selection/);
    expect(() => wb.upnSelection('0000-no-such-selection', local)).toThrow(/unknown or expired/);
  });

  it('lists the users of one suffix to choose from: sorted by UPN, that suffix exactly, any case; a wildcard is a value', async () => {
    const admin = createLabDirectoryAdmin(dir);
    await admin.createUser({
      sAMAccountName: `caps-${tag}`,
      parentDn: ou,
      userPrincipalName: `Caps-${tag}@${local.toUpperCase()}`,
      password: `Pw-${randomBytes(8).toString('hex')}-9a!`,
    });
    await admin.createUser({
      sAMAccountName: `sub-${tag}`,
      parentDn: ou,
      userPrincipalName: `sub-${tag}@x.${local}`,
      password: `Pw-${randomBytes(8).toString('hex')}-9a!`,
    });
    const listed = await wb.upnUsers(local);
    expect(listed.truncated).toBe(false);
    expect(listed.suffix).toBe(local);
    // Sorted by the UPN without case (c < k < m); kelvin's and kim's fold to one, so the DN decides (CN=kelvin first).
    expect(listed.users.map((u) => u.userPrincipalName)).toEqual([
      `Caps-${tag}@${local.toUpperCase()}`,
      `\u212Aim-${tag}@${local}`,
      `kim-${tag}@${local}`,
      ...movers.map((m) => `${m}-${tag}@${local}`),
    ]);
    expect(listed.users.find((u) => u.userPrincipalName.startsWith('Caps'))!.dn).toBe(dn(`caps-${tag}`));
    // The filter value is escaped: "*" is a suffix nobody has, not everyone.
    expect((await wb.upnUsers('*')).users).toEqual([]);
    expect((await wb.upnUsers(`x.${local}`)).users.map((u) => u.dn)).toEqual([dn(`sub-${tag}`)]);
  });
});
