// One run at a time writes in a folder: a lock file made with O_EXCL, holding
// the owner's pid, so a lock left by a run that was killed can be told apart.
import { closeSync, lstatSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UnsafePathError } from './paths.js';

export const LOCK_FILE = '.modwsgi.lock';
const WAIT_MS = 10_000;

/** Another live run holds the lock. */
export class LockedError extends Error {
  readonly exitCode = 1;
  readonly problems: string[];
  constructor(pid: string) {
    const problems = [`another modwsgi run (pid ${pid}) is writing in this folder; nothing was written; run again when it has finished (or remove ${LOCK_FILE} if no such run exists)`];
    super(problems[0]);
    this.name = 'LockedError';
    this.problems = problems;
  }
}

const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(path: string): string | undefined {
  try {
    const fd = openSync(path, 'wx', 0o644);
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    held.add(path);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  let owner = '';
  // Never read through a planted symlink (it could be /dev/zero).
  if (!lstatSync(path).isFile()) throw new UnsafePathError([`${LOCK_FILE}: is not a regular file; remove it`]);
  try {
    owner = readFileSync(path, 'utf8').trim();
  } catch {
    return 'unknown';
  }
  const pid = Number(owner);
  // A dead owner (or this process, not holding it now) left it behind: take it over.
  if (Number.isInteger(pid) && pid > 0 && (!alive(pid) || (pid === process.pid && !held.has(path)))) {
    unlinkSync(path);
    return tryLock(path);
  }
  return owner || 'unknown';
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `work` holding the folder's lock; waits up to 10 s for another run, then fails. */
export function withLock<T>(root: string, work: () => T): T {
  const path = join(root, LOCK_FILE);
  const deadline = Date.now() + WAIT_MS;
  let owner = tryLock(path);
  while (owner !== undefined) {
    if (Date.now() > deadline) throw new LockedError(owner);
    sleep(100);
    owner = tryLock(path);
  }
  try {
    return work();
  } finally {
    held.delete(path);
    unlinkSync(path);
  }
}
