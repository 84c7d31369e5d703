// One DirSync Doctor per machine, not per user: two admins signed in to the same sync server must
// not run fixes at once. The lock is a file created exclusively (O_EXCL) in a machine-wide folder,
// holding who has it (user, pid, host, since) so a second start can say so. A lock whose process
// is gone (crash, power loss) or whose content is unreadable is stale and taken over; takeovers
// are serialised by a second exclusive file so two starters cannot both take the same stale lock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { machineAppDir } from '../audit/audit-location';
import { trustedWindowsDir } from '../host/windows/windows-dir';
import { readBoundedTextSync } from '../files/bounded-file';

export const LOCK_FILE = 'instance.lock';
const TAKEOVER_FILE = 'instance.lock.takeover';
/** A takeover file older than this was left by a process that died mid-takeover. */
const TAKEOVER_STALE_MS = 10_000;

export const LockHolder = z.object({
  user: z.string().max(256),
  pid: z.number().int().positive(),
  host: z.string().max(256),
  since: z.string().max(64),
});
export type LockHolder = z.infer<typeof LockHolder>;

export interface MachineLockOptions {
  dir: string;
  pid?: number;
  now?: () => Date;
  user?: () => string;
  /** Whether a process with this id runs (default: signal 0; EPERM means it runs as someone else). */
  isAlive?: (pid: number) => boolean;
}

export interface MachineLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Removes the lock if it is still ours. Safe to call more than once. */
  release(): void;
}

export type ClaimResult = { ok: true; lock: MachineLock } | { ok: false; holder: LockHolder | null; file: string };

/**
 * The machine-wide folder: ProgramData on the drive of the Windows folder (found through the
 * kernel, not %ProgramData%), /run/lock or the temp folder elsewhere.
 */
export function defaultLockDir(platform: string = process.platform): string {
  if (platform === 'win32') return machineAppDir(trustedWindowsDir());
  return path.join(fs.existsSync('/run/lock') ? '/run/lock' : os.tmpdir(), 'dirsync-doctor');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = LockHolder.safeParse(JSON.parse(readBoundedTextSync(file, 'machine-lock')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function claimMachineLock(options: MachineLockOptions): ClaimResult {
  const file = path.join(options.dir, LOCK_FILE);
  const isAlive = options.isAlive ?? processAlive;
  const holder: LockHolder = {
    user: (options.user ?? (() => os.userInfo().username))(),
    pid: options.pid ?? process.pid,
    host: os.hostname(),
    since: (options.now ?? (() => new Date()))().toISOString(),
  };
  fs.mkdirSync(options.dir, { recursive: true });

  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(file, JSON.stringify(holder))) return { ok: true, lock: lockFor(file, holder) };
    const current = readHolder(file);
    if (current && isAlive(current.pid) && current.pid !== holder.pid) return { ok: false, holder: current, file };
    // Stale (dead process, unreadable content, or a pid this process now has): take it over.
    if (!takeOverStale(options.dir, file, current)) {
      const after = readHolder(file);
      return { ok: false, holder: after, file };
    }
  }
  return { ok: false, holder: readHolder(file), file };
}

function createExclusive(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    fs.writeSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** Removes the lock file if it still holds what was judged stale; false when another starter is at it. */
function takeOverStale(dir: string, file: string, judged: LockHolder | null): boolean {
  const takeover = path.join(dir, TAKEOVER_FILE);
  if (!createExclusive(takeover, String(process.pid))) {
    try {
      if (Date.now() - fs.statSync(takeover).mtimeMs > TAKEOVER_STALE_MS) fs.rmSync(takeover, { force: true });
    } catch {
      // Gone meanwhile: the other starter finished.
    }
    return false;
  }
  try {
    const now = readHolder(file);
    if (JSON.stringify(now) !== JSON.stringify(judged)) return true; // changed meanwhile: look again
    fs.rmSync(file, { force: true });
    return true;
  } finally {
    fs.rmSync(takeover, { force: true });
  }
}

function lockFor(file: string, holder: LockHolder): MachineLock {
  let released = false;
  return {
    file,
    holder,
    release() {
      if (released) return;
      released = true;
      const current = readHolder(file);
      if (current && current.pid === holder.pid && current.since === holder.since) fs.rmSync(file, { force: true });
    },
  };
}

export function lockHeldMessage(holder: LockHolder | null, file: string): string {
  const who = holder
    ? `${holder.user} (process ${holder.pid} on ${holder.host}) since ${holder.since.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`
    : 'another DirSync Doctor (its lock could not be read)';
  return (
    `DirSync Doctor is already running on this computer: opened by ${who}. ` +
    'Only one copy may run per server, so that two people never change the same server at once. ' +
    `Ask them to close it. If no DirSync Doctor is running, delete ${file} and start again.`
  );
}
