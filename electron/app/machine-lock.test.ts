// The machine-wide instance lock, on real files: one holder at a time, a second start told who
// holds it, stale locks (dead process, unreadable file) taken over, and a race for a stale lock
// won by exactly one of several real processes.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, claimMachineLock, defaultLockDir, lockHeldMessage } from './machine-lock';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-lock-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A pid that surely belongs to no running process: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const at = new Date('2026-11-22T03:12:00.000Z');

describe('claimMachineLock', () => {
  it('gives the lock to one instance and tells the next who holds it (user, pid, since)', () => {
    const first = claimMachineLock({ dir, user: () => 'CONTOSO\\alice', now: () => at });
    expect(first.ok).toBe(true);
    const file = path.join(dir, LOCK_FILE);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      user: 'CONTOSO\\alice',
      pid: process.pid,
      host: os.hostname(),
      since: '2026-11-22T03:12:00.000Z',
    });

    const second = claimMachineLock({ dir, pid: process.pid + 100000, user: () => 'CONTOSO\\bob' });
    expect(second).toEqual({ ok: false, holder: { user: 'CONTOSO\\alice', pid: process.pid, host: os.hostname(), since: '2026-11-22T03:12:00.000Z' }, file });
    if (second.ok) throw new Error('unreachable');
    expect(lockHeldMessage(second.holder, second.file)).toBe(
      `DirSync Doctor is already running on this computer: opened by CONTOSO\\alice (process ${process.pid} on ${os.hostname()}) since 2026-11-22 03:12:00 UTC. ` +
        'Only one copy may run per server, so that two people never change the same server at once. ' +
        `Ask them to close it. If no DirSync Doctor is running, delete ${file} and start again.`,
    );

    if (first.ok) first.lock.release();
    expect(fs.existsSync(file)).toBe(false);
    expect(claimMachineLock({ dir, pid: process.pid + 100000, isAlive: () => true }).ok).toBe(true);
  });

  it('takes over a lock whose process is gone', () => {
    const file = path.join(dir, LOCK_FILE);
    const pid = deadPid();
    fs.writeFileSync(file, JSON.stringify({ user: 'eve', pid, host: os.hostname(), since: at.toISOString() }));
    const claim = claimMachineLock({ dir, user: () => 'bob' });
    expect(claim.ok).toBe(true);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ user: 'bob', pid: process.pid });
  });

  it.each([
    ['garbage', 'not json at all'],
    ['an empty file', ''],
    ['a wrong shape', JSON.stringify({ user: 'x', pid: -1 })],
  ])('takes over a lock file holding %s', (_what, content) => {
    fs.writeFileSync(path.join(dir, LOCK_FILE), content);
    expect(claimMachineLock({ dir }).ok).toBe(true);
  });

  it('does not remove a lock that another instance holds on release', () => {
    const first = claimMachineLock({ dir, now: () => at });
    if (!first.ok) throw new Error('no lock');
    // Someone took it over after this instance was judged dead.
    fs.writeFileSync(first.lock.file, JSON.stringify({ user: 'bob', pid: process.pid + 1, host: 'h', since: at.toISOString() }));
    first.lock.release();
    expect(fs.existsSync(first.lock.file)).toBe(true);
  });

  it('lets exactly one of several processes racing for a stale lock win', async () => {
    fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ user: 'eve', pid: deadPid(), host: os.hostname(), since: at.toISOString() }));
    const racer = `
      const { claimMachineLock } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'machine-lock.ts'))});
      const r = claimMachineLock({ dir: process.argv[1] });
      process.stdout.write(r.ok ? 'won' : 'lost:' + (r.holder ? r.holder.pid : 'none'));
      setTimeout(() => {}, 1500);`;
    const tsx = path.resolve(import.meta.dirname, '../../node_modules/tsx/dist/cli.mjs');
    const results = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, [tsx, '--input-type=module', '-e', racer, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
            let out = '';
            child.stdout.on('data', (c: Buffer) => (out += c.toString()));
            child.on('error', reject);
            child.on('exit', () => resolve(out));
          }),
      ),
    );
    expect(results.filter((r) => r === 'won')).toHaveLength(1);
    expect(results.filter((r) => r.startsWith('lost:'))).toHaveLength(3);
  }, 60_000);
});

describe('defaultLockDir', () => {
  it("is a machine-wide folder, not the user's", () => {
    const d = defaultLockDir('linux');
    expect(d.endsWith(path.join('', 'dirsync-doctor'))).toBe(true);
    expect(d.startsWith(os.homedir())).toBe(false);
  });
});
