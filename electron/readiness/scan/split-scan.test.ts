// The split full scan over the in-memory lab directory (its openReader shares the objects, like a
// second connection to the same DC): the extra readers are closed however the scan ends, and the
// number of connections is checked. The Samba suite (split-scan.samba.test.ts) covers the rest.
import { describe, expect, it } from 'vitest';
import { MemoryDirectory } from '../../directory/memory-directory';
import { runScan } from './scanner';

const B = 'DC=lab,DC=example,DC=com';

async function lab(n: number, pageDelayMs = 0) {
  const dir = new MemoryDirectory({ pageDelayMs });
  const admin = dir.labAdmin();
  for (const ou of ['A', 'B', 'C']) await admin.addObject(`OU=${ou},${B}`, { objectClass: ['top', 'organizationalUnit'] });
  for (let i = 0; i < n; i++) {
    const name = `u${i}`;
    const parent = i % 4 === 3 ? `CN=Users,${B}` : `OU=${'ABC'[i % 4]},${B}`;
    await admin.addObject(`CN=${name},${parent}`, {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      cn: [name],
      sAMAccountName: [name],
      mail: [`m${i % 7}@contoso.com`],
    });
  }
  return dir;
}

describe('split full scan over MemoryDirectory', () => {
  it('reads the same objects and findings as one stream and leaves no reader open', async () => {
    const dir = await lab(60);
    const one = await runScan(dir, { connections: 1 });
    const split = await runScan(dir, { connections: 3 });
    expect(dir.readersOpen).toBe(0);
    expect(split.objectsRead).toBe(one.objectsRead);
    expect(split.state.findings.map((f) => JSON.stringify(f)).sort()).toEqual(one.state.findings.map((f) => JSON.stringify(f)).sort());
    expect(split.byError.duplicate).toBe(60);
  });

  it('closes every reader when cancelled mid-way', async () => {
    const dir = await lab(200, 5);
    const ac = new AbortController();
    let most = 0;
    const scan = runScan(dir, {
      connections: 4,
      pageSize: 10,
      progressEvery: 10,
      signal: ac.signal,
      onProgress: (p) => ((most = Math.max(most, dir.readersOpen)), p.read >= 30 && ac.abort()),
    });
    await expect(scan).rejects.toMatchObject({ code: 'cancelled' });
    expect(most).toBe(3);
    expect(dir.readersOpen).toBe(0);
  });

  it('splits a level deeper when a scope has fewer child OUs than connections, still reading each object once', async () => {
    const dir = new MemoryDirectory();
    const admin = dir.labAdmin();
    const corp = `OU=Corp,${B}`;
    const ous = [corp, `OU=East,${corp}`, `OU=West,${corp}`, `OU=E1,OU=East,${corp}`, `OU=E2,OU=East,${corp}`];
    for (const ou of ous) await admin.addObject(ou, { objectClass: ['top', 'organizationalUnit'] });
    for (let i = 0; i < 50; i++) {
      const name = `c${i}`;
      await admin.addObject(`CN=${name},${ous[i % ous.length]}`, {
        objectClass: ['top', 'person', 'organizationalPerson', 'user'],
        cn: [name],
        sAMAccountName: [name],
        mail: [`c${i % 9}@contoso.com`],
      });
    }
    const one = await runScan(dir, { baseDns: [corp], connections: 1 });
    let parts = 0;
    const split = await runScan(dir, { baseDns: [corp], connections: 4, onProgress: (p) => (parts = p.parts?.total ?? parts) });
    // Corp has 2 child OUs (< 4 connections), so East and West are listed too: E1, E2 and West as
    // subtrees, East's and Corp's own levels and objects.
    expect(parts).toBe(3 + 2 + 2);
    expect(split.objectsRead).toBe(50);
    expect(one.objectsRead).toBe(50);
    expect(split.state.findings.map((f) => JSON.stringify(f)).sort()).toEqual(one.state.findings.map((f) => JSON.stringify(f)).sort());
  });

  it('refuses a number of connections outside 1-16', async () => {
    const dir = await lab(1);
    await expect(runScan(dir, { connections: 0 })).rejects.toMatchObject({ code: 'bad-input', message: /connections must be a whole number from 1 to 16/ });
    await expect(runScan(dir, { connections: 17 })).rejects.toMatchObject({ code: 'bad-input' });
  });
});
