// The e2e seeding lock (the machine lock, in a folder per DC): holders never overlap, a lock left
// by a dead process is taken over, a live holder past the wait is named, and the lock is let go
// when the work fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../electron/app/machine-lock';
import { seedLockDir, withSeedLock } from '../../dev/bridge/seed-lock';

const key = () => `ldaps://127.0.0.250:636/${Math.random()}`;
const fileOf = (k: string) => path.join(seedLockDir(k), LOCK_FILE);
const holding = (k: string, pid: number) => {
  mkdirSync(seedLockDir(k), { recursive: true });
  writeFileSync(fileOf(k), JSON.stringify({ user: 'tester', pid, host: os.hostname(), since: new Date().toISOString() }));
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('e2e seeding lock', () => {
  it('runs holders one at a time and lets go after each, also after a failure', async () => {
    const k = key();
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside++;
      most = Math.max(most, inside);
      await sleep(30);
      inside--;
    };
    await Promise.all([withSeedLock(k, work), withSeedLock(k, work), withSeedLock(k, work)]);
    expect(most).toBe(1);
    await expect(withSeedLock(k, async () => Promise.reject(new Error('seeding failed')))).rejects.toThrow('seeding failed');
    expect(existsSync(fileOf(k))).toBe(false);
    rmSync(seedLockDir(k), { recursive: true });
  });

  it('takes over a lock whose holder has died, and names a live holder after the wait', async () => {
    const k = key();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    holding(k, Number(dead));
    expect(await withSeedLock(k, async () => 'ran')).toBe('ran');
    holding(k, process.ppid);
    await expect(withSeedLock(k, async () => 'ran', 300)).rejects.toThrow(`still held by pid ${process.ppid}`);
    expect(existsSync(fileOf(k))).toBe(true); // not another's to remove
    rmSync(seedLockDir(k), { recursive: true });
  });
});
