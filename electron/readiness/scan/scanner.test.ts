// The scanner over the in-memory lab directory: streaming, duplicates across objects, cancel,
// incremental re-scans. (The Samba suite, scanner.samba.test.ts, runs the same against a real DC.)
import { describe, expect, it } from 'vitest';
import type { ScanFinding } from '../../../shared/readiness/scan/finding';
import { MemoryDirectory } from '../../directory/memory-directory';
import { DirectoryError } from '../../ports/errors';
import { runScan, type ScanProgress } from './scanner';

const B = 'DC=lab,DC=example,DC=com';
const person = (name: string, attrs: Record<string, string[]>) => ({
  dn: `CN=${name},CN=Users,${B}`,
  attrs: { objectClass: ['top', 'person', 'organizationalPerson', 'user'], cn: [name], sAMAccountName: [name], ...attrs },
});

async function lab(objects: { dn: string; attrs: Record<string, string[]> }[]) {
  const dir = new MemoryDirectory();
  const admin = dir.labAdmin();
  for (const o of objects) await admin.addObject(o.dn, o.attrs);
  return { dir, admin };
}

describe('runScan over MemoryDirectory', () => {
  it('streams rule findings, then reports every member of a cross-attribute duplicate set naming the others', async () => {
    const { dir } = await lab([
      person('ann', { userPrincipalName: ['ann@contoso.com'], displayName: ['Ann'] }),
      person('bob', { userPrincipalName: ['bob@contoso.com'], displayName: ['Bob'], proxyAddresses: ['SMTP:bob@contoso.com', 'smtp:ANN@contoso.com'] }),
      person('cat', { userPrincipalName: ['cat@contoso.local'], displayName: ['Cat'] }),
    ]);
    const seen: ScanFinding[] = [];
    const progress: ScanProgress[] = [];
    const summary = await runScan(dir, { onFinding: (f) => seen.push(f), onProgress: (p) => progress.push(p), progressEvery: 1 });
    const tld = seen.find((f) => f.attribute === 'userPrincipalName' && f.value === 'cat@contoso.local');
    expect(tld?.errors).toEqual(['topleveldomain']);
    const dups = seen.filter((f) => f.errors.includes('duplicate'));
    expect(dups.map((f) => `${f.dn.split(',')[0]} ${f.attribute}`).sort()).toEqual(['CN=ann userPrincipalName', 'CN=bob proxyAddresses']);
    expect(dups.find((f) => f.attribute === 'proxyAddresses')?.duplicates).toEqual([{ dn: `CN=ann,CN=Users,${B}`, attribute: 'userPrincipalName' }]);
    expect(summary.mode).toBe('full');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', total: summary.objectsInScope, read: summary.objectsInScope });
    // Administrator, Guest and krbtgt are in scope but skipped, as IdFix does.
    expect(summary.skipped).toBe(3);
  });

  it('re-scans only what changed: a fixed duplicate resolves both members, a new problem appears', async () => {
    const { dir, admin } = await lab([
      person('dan', { userPrincipalName: ['dan@contoso.com'], mail: ['shared@contoso.com'] }),
      person('eve', { userPrincipalName: ['eve@contoso.com'], mail: ['shared@contoso.com'] }),
      person('fay', { userPrincipalName: ['fay@contoso.com'] }),
    ]);
    const first = await runScan(dir);
    expect(first.byError.duplicate).toBe(2);
    await admin.replaceAttribute(`CN=eve,CN=Users,${B}`, 'mail', ['eve@contoso.com']);
    await admin.replaceAttribute(`CN=fay,CN=Users,${B}`, 'givenName', ['x'.repeat(65)]);
    const reported: ScanFinding[] = [];
    const resolved: ScanFinding[] = [];
    const second = await runScan(dir, { since: first.state, onFinding: (f) => reported.push(f), onResolved: (f) => resolved.push(f) });
    expect(second.mode).toBe('incremental');
    expect(second.objectsRead).toBe(2);
    expect(reported.map((f) => `${f.dn.split(',')[0]} ${f.attribute} ${f.errors.join()}`)).toEqual(['CN=fay givenName length']);
    expect(resolved.map((f) => f.dn.split(',')[0]).sort()).toEqual(['CN=dan', 'CN=eve']);
    expect(second.findings).toBe(1);
  });

  it('a re-scan leaves the saved index as it was, also when cancelled; sinceDisposable changes it in place with the same result', async () => {
    const { dir, admin } = await lab([
      person('ida', { userPrincipalName: ['ida@contoso.com'], mail: ['same@contoso.com'] }),
      person('jon', { userPrincipalName: ['jon@contoso.com'], mail: ['same@contoso.com'] }),
    ]);
    const first = await runScan(dir);
    const before = first.state.index.serialise();
    await admin.replaceAttribute(`CN=jon,CN=Users,${B}`, 'mail', ['jon@contoso.com']);
    const ac = new AbortController();
    await expect(
      runScan(dir, { since: first.state, signal: ac.signal, progressEvery: 1, onProgress: (p) => p.read === 1 && ac.abort() }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(first.state.index.serialise()).toBe(before);
    const copied = await runScan(dir, { since: first.state });
    expect(first.state.index.serialise()).toBe(before);
    const inPlace = await runScan(dir, { since: first.state, sinceDisposable: true });
    expect(inPlace.state.index).toBe(first.state.index);
    expect(first.state.index.serialise()).toBe(copied.state.index.serialise());
    expect(first.state.index.serialise()).not.toBe(before);
    expect([inPlace.reported, inPlace.resolved, inPlace.findings]).toEqual([copied.reported, copied.resolved, copied.findings]);
    expect(copied.resolved).toBe(2);
  });

  it('a re-scan asks for the changed USNs one by one (indexed on Samba, unlike a range), and searches nothing when the DC has not moved', async () => {
    const { dir, admin } = await lab([person('kim', { userPrincipalName: ['kim@contoso.com'] }), person('lou', { userPrincipalName: ['lou@contoso.com'] })]);
    const first = await runScan(dir);
    const filters: string[] = [];
    const watched = new Proxy(dir, {
      get: (target, name) => {
        if (name === 'search') return (req: { filter: string }, o: unknown) => (filters.push(req.filter), target.search(req as never, o as never));
        const v = Reflect.get(target, name, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const quiet = await runScan(watched, { since: first.state });
    expect(quiet.mode).toBe('incremental');
    expect(filters).toEqual([]);
    const usn = BigInt(first.state.highestUsn);
    await admin.replaceAttribute(`CN=kim,CN=Users,${B}`, 'userPrincipalName', ['kim@contoso.local']);
    await admin.deleteObject(`CN=lou,CN=Users,${B}`);
    const second = await runScan(watched, { since: quiet.state });
    expect(second.objectsRead).toBe(1);
    expect(second.deletionsRead).toBe(1);
    expect(second.byError.topleveldomain).toBe(1);
    const listed = filters.flatMap((f) => [...f.matchAll(/\(uSNChanged=(\d+)\)/g)].map((m) => BigInt(m[1]!)));
    expect(filters).toHaveLength(2);
    expect(filters.every((f) => !f.includes('>='))).toBe(true);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((n) => n > usn)).toBe(true);
  });

  it('reads deletions and counts objects in scope after a re-scan', async () => {
    const { dir, admin } = await lab([
      person('gus', { userPrincipalName: ['gus@contoso.com'], mail: ['m@contoso.com'] }),
      person('hal', { userPrincipalName: ['hal@contoso.com'], mail: ['m@contoso.com'] }),
    ]);
    const first = await runScan(dir);
    await admin.deleteObject(`CN=hal,CN=Users,${B}`);
    const resolved: ScanFinding[] = [];
    const second = await runScan(dir, { since: first.state, onResolved: (f) => resolved.push(f) });
    expect(second.deletionsRead).toBe(1);
    expect(second.objectsInScope).toBe(first.objectsInScope - 1);
    expect(resolved).toHaveLength(2);
  });

  it('scans in full, and says why, when the saved state is from another DC', async () => {
    const { dir } = await lab([person('ivy', { userPrincipalName: ['ivy@contoso.com'] })]);
    const other = new MemoryDirectory();
    const first = await runScan(other);
    const summary = await runScan(dir, { since: first.state });
    expect(summary.mode).toBe('full');
    expect(summary.fullScanReason).toMatch(/invocationId/);
  });

  it('stops when cancelled', async () => {
    const { dir } = await lab(Array.from({ length: 30 }, (_, i) => person(`p${i}`, { userPrincipalName: [`p${i}@contoso.com`] })));
    const ac = new AbortController();
    const promise = runScan(dir, { pageSize: 5, signal: ac.signal, onProgress: (p) => p.read >= 5 && ac.abort(), progressEvery: 1 });
    await expect(promise).rejects.toBeInstanceOf(DirectoryError);
    await expect(promise).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('a cancelled scan reports how far it read, between the every-500 progress updates', async () => {
    const { dir } = await lab(Array.from({ length: 30 }, (_, i) => person(`p${i}`, { userPrincipalName: [`p${i}@contoso.local`] })));
    const ac = new AbortController();
    const progress: { read: number; findings: number }[] = [];
    let found = 0;
    const promise = runScan(dir, { pageSize: 5, signal: ac.signal, onFinding: () => ++found === 3 && ac.abort(), onProgress: (p) => progress.push(p) });
    await expect(promise).rejects.toMatchObject({ code: 'cancelled' });
    const last = progress.at(-1)!;
    expect(last.read).toBeGreaterThanOrEqual(3);
    expect(last.read).toBeLessThan(30);
    expect(last.findings).toBe(found);
  });
});
