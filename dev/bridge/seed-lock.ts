// Two Playwright workers can start an app on the one Samba lab DC at the same moment, and each
// seeds its scenario's accounts (delete, then create). Interleaved, one deletes what the other just
// found ("no such object") or creates what the other just made ("already exists"). Seeding holds
// the app's own machine lock (an exclusive file naming its pid, taken over when that process is
// gone) in a folder of its own per DC, waiting its turn. The machine lock takes its own pid's file
// over, so starts within one process queue here first.
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { claimMachineLock } from '../../electron/app/machine-lock';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The lock's folder for the directory `key` names (its URL). */
export function seedLockDir(key: string): string {
  return path.join(os.tmpdir(), `dsd-e2e-seed-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`);
}

const inProcess = new Map<string, Promise<unknown>>();

/** Run `fn` while holding the seeding lock of the directory `key` names. */
export function withSeedLock<T>(key: string, fn: () => Promise<T>, waitMs = 120_000): Promise<T> {
  const before = inProcess.get(key) ?? Promise.resolve();
  const mine = before.catch(() => {}).then(() => acrossProcesses(key, fn, waitMs));
  inProcess.set(key, mine);
  return mine;
}

async function acrossProcesses<T>(key: string, fn: () => Promise<T>, waitMs: number): Promise<T> {
  const dir = seedLockDir(key);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const claim = claimMachineLock({ dir });
    if (claim.ok) {
      try {
        return await fn();
      } finally {
        claim.lock.release();
      }
    }
    if (Date.now() > deadline)
      throw new Error(`The lab DC's seeding lock ${claim.file} is still held by pid ${claim.holder?.pid ?? '?'} after ${waitMs / 1000} s`);
    await sleep(100);
  }
}
