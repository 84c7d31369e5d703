// The workbench's scope channels through the app session's real handlers (lab mode, the in-memory
// directory): the OUs to choose from, the sync server's filtering as a scope (and DirSync's
// reason), and scans by a chosen or the server's scope that keep it with their results; a
// re-scan without a scope keeps the scope of the scan it continues; a changed scope is a full
// scan that says why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanPollResult } from '../../shared/readiness/ipc';
import { createAppSession, type AppSession } from '../app/session';
import { createLabDirectoryAdmin } from '../directory/lab-directory-admin';
import { MemoryDirectory } from '../directory/memory-directory';

async function sessionFor(scenarioId: string): Promise<AppSession> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-scope-wb-'));
  return createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1 });
}

async function scanToEnd(
  session: AppSession,
  request: Parameters<AppSession['handlers']['scan:start']>[0],
): Promise<{ polls: ScanPollResult[]; last: ScanPollResult }> {
  const signal = new AbortController().signal;
  const { scanId } = await session.handlers['scan:start'](request, signal);
  const polls: ScanPollResult[] = [];
  let cursor = 0;
  for (let i = 0; i < 400; i++) {
    const p = await session.handlers['scan:poll']({ scanId, cursor, limit: 5000 }, signal);
    polls.push(p);
    cursor = p.cursor;
    if (p.done) return { polls, last: p };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the scan never finished');
}

describe('scan scope through the workbench handlers', () => {
  it('lists the OUs, reads the server scope, scans by it and by chosen OUs, and keeps the scope with the scan', async () => {
    const session = await sessionFor('connect-ou-filtered');
    const signal = new AbortController().signal;
    const directory = session.ports().directory;
    if (!(directory instanceof MemoryDirectory)) throw new Error('lab mode without a DC runs on the memory directory');
    const { baseDn } = await directory.info();
    const admin = createLabDirectoryAdmin(directory);
    const synced = `OU=Synced,OU=DsdScope,${baseDn}`;
    const leavers = `OU=Leavers,${synced}`;
    const returning = `OU=Returning,${leavers}`;
    const user = (cn: string, parentDn: string) =>
      admin.createUser({ sAMAccountName: cn, parentDn, userPrincipalName: `${cn}@corp.local`, password: 'Pw-3f9a1c7d2e-9a!' });
    await user('scope-in', synced);
    await user('scope-gone', leavers);
    await user('scope-back', returning);

    const ous = await session.handlers['scan:ous']({}, signal);
    expect(ous.domainDn).toBe(baseDn);
    const listed = ous.ous.map((o) => o.dn);
    for (const dn of [`OU=DsdScope,${baseDn}`, synced, leavers, returning]) expect(listed).toContain(dn);
    // Parents come before their children.
    expect(listed.indexOf(synced)).toBeLessThan(listed.indexOf(leavers));
    expect(listed.indexOf(leavers)).toBeLessThan(listed.indexOf(returning));

    const server = await session.handlers['scan:server-scope']({}, signal);
    expect(server).toMatchObject({ ok: true, baseDns: [synced, returning], excludeDns: [leavers], connector: 'lab.example.com', partition: baseDn });

    const byServer = await scanToEnd(session, { incremental: true, scope: { kind: 'server' } });
    expect(byServer.last.error).toBeNull();
    const dns = new Set(byServer.polls.flatMap((p) => p.findings.map((f) => f.dn)));
    expect(dns.has(`CN=scope-in,${synced}`)).toBe(true);
    expect(dns.has(`CN=scope-back,${returning}`)).toBe(true);
    expect(dns.has(`CN=scope-gone,${leavers}`)).toBe(false);
    expect(byServer.last.scope).toMatchObject({
      kind: 'server',
      baseDns: [synced, returning],
      excludeDns: [leavers],
      description: expect.stringContaining('lab.example.com'),
    });
    expect(byServer.last.summary?.quota.inScope).toBe(2);

    // Without a scope, the re-scan continues with the scope of the scan before it (incremental).
    const again = await scanToEnd(session, { incremental: true });
    expect(again.last.scope).toMatchObject({ kind: 'server', baseDns: [synced, returning] });
    expect(again.last.summary?.mode).toBe('incremental');

    // Another scope: a full scan, and it says why.
    const chosen = await scanToEnd(session, { incremental: true, scope: { kind: 'ous', baseDns: [synced], excludeDns: [] } });
    expect(chosen.last.scope).toMatchObject({ kind: 'ous', baseDns: [synced], excludeDns: [] });
    expect(chosen.last.summary).toMatchObject({ mode: 'full', fullScanReason: expect.stringMatching(/scope changed/) });
    expect(chosen.last.summary?.quota.inScope).toBe(3);
  }, 60_000);

  it('DirSync: the server scope says why it cannot be read and what to do; a scan by it is refused with that reason', async () => {
    const session = await sessionFor('dirsync-64bit-small');
    const signal = new AbortController().signal;
    expect(await session.handlers['scan:server-scope']({}, signal)).toEqual({
      ok: false,
      reason: expect.stringMatching(/not readable on this tool/),
      advice: expect.stringMatching(/Choose the OUs yourself/),
    });
    await expect(session.handlers['scan:start']({ incremental: false, scope: { kind: 'server' } }, signal)).rejects.toThrow(
      /OU filtering cannot be used: DirSync keeps .*Choose the OUs yourself/,
    );
  });
});

describe('scan:start scope validation (shared/readiness/ipc.ts)', () => {
  it('refuses a chosen scope that cannot be meant, naming the OU, and mixing scope with baseDns', async () => {
    const { READINESS_CHANNELS } = await import('../../shared/readiness/ipc');
    const start = READINESS_CHANNELS['scan:start'].request;
    const outside = start.safeParse({ scope: { kind: 'ous', baseDns: ['OU=A,DC=lab,DC=example,DC=com'], excludeDns: ['OU=B,DC=lab,DC=example,DC=com'] } });
    expect(outside.success).toBe(false);
    expect(outside.error?.issues[0]?.message).toMatch(/excluded container OU=B,DC=lab,DC=example,DC=com is not inside any included one/);
    expect(start.safeParse({ scope: { kind: 'ous', baseDns: [] } }).error?.issues[0]?.message).toMatch(/choose at least one OU/);
    expect(start.safeParse({ scope: { kind: 'ous', baseDns: ['not a dn'] } }).success).toBe(false);
    expect(start.safeParse({ scope: { kind: 'everything' } }).success).toBe(false);
    expect(start.safeParse({ scope: { kind: 'domain' }, baseDns: ['OU=A,DC=lab,DC=example,DC=com'] }).error?.issues[0]?.message).toMatch(/not both/);
    expect(
      start.safeParse({
        incremental: true,
        scope: { kind: 'ous', baseDns: ['OU=A,DC=lab,DC=example,DC=com'], excludeDns: ['OU=B,OU=A,DC=lab,DC=example,DC=com'] },
      }).success,
    ).toBe(true);
  });
});
