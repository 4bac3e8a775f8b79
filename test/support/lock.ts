// Specs run in parallel processes; the few that use something the machine has only one of (the
// system Apache on port 80 and its /etc/apache2) take turns through a lock file held with flock(1).
// The lock lives as long as a child process whose stdin is a pipe from the test process: released
// by the describe's last after-hook, and by the kernel when the test process dies, so a failed or
// killed run never leaves it held.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Machine-wide, not per run: two runs on one machine share one system Apache too. */
const LOCK_DIR = existsSync('/run/lock') ? '/run/lock' : '/tmp';
/** Longer than any spec that holds a lock runs. */
const WAIT_MS = 900_000;

export const lockFile = (name: string) => join(LOCK_DIR, `modwsgi-tests-${name}.lock`);

/** Waits for the lock `name`; the returned process holds it until its stdin closes (release()). */
export function acquire(name: string): Promise<ChildProcess> {
  const file = lockFile(name);
  return new Promise((resolve, reject) => {
    const holder = spawn('flock', ['--exclusive', '--timeout', String(WAIT_MS / 1000), file, 'sh', '-c', 'echo held; exec cat >/dev/null'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    holder.stdout!.once('data', () => resolve(holder));
    holder.once('error', reject);
    holder.once('exit', (code) => reject(new Error(`flock ${file} gave up after ${WAIT_MS / 1000} s (exit ${code}): another test holds it`)));
  });
}

export function release(holder: ChildProcess): Promise<void> {
  if (holder.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    holder.removeAllListeners('exit');
    holder.once('exit', () => resolve());
    holder.stdin!.end();
  });
}

/**
 * Call first inside a describe (after cleanUpTempDirs): its hooks and tests run while this process
 * holds the lock `name`. The release is added when the describe starts, so it runs after the
 * describe's own after-hooks: the system Apache is put back before another spec may touch it.
 */
export function holdLock(name: string): void {
  before(async function () {
    this.timeout(WAIT_MS + 10_000);
    const holder = await acquire(name);
    this.test!.parent!.afterAll(`release the ${name} lock`, () => release(holder));
  });
}

/** The system Apache: port 80, /etc/apache2, apache2ctl, the sites and modules it loads. */
export const holdSystemApache = () => holdLock('system-apache');
