// What the tests make outside their own memory, and how it goes away. Temporary folders and
// system accounts are recorded when made; each spec removes its own in an after-hook (which runs
// on failure too), and the suite's last check (suite-hooks.ts) fails when anything is left.
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';

const madeDirs: string[] = [];
type Account = { user?: string; group?: string };
const madeAccounts: Account[] = [];

/** Where every process of this run writes the accounts it created (read by the final check). */
export const accountsRecord = () => (process.env.MODWSGI_SUITE_DIR ? `${process.env.MODWSGI_SUITE_DIR}.accounts` : undefined);

export function recordDir(dir: string): string {
  madeDirs.push(dir);
  return dir;
}

/** A user and/or group the tests created (a group alone when the user already existed). */
export function recordAccount(user: string | undefined, group?: string): void {
  madeAccounts.push({ user, group });
  const record = accountsRecord();
  if (record) appendFileSync(record, `${user ?? ''}:${group ?? ''}\n`);
}

/**
 * Call first inside a describe: an after-hook (which runs on failure too) removes the temporary
 * folders made from then on by its hooks and tests. That hook is added when the suite starts, so it
 * runs after the describe's own after-hooks: an Apache is stopped before its folder goes.
 */
export function cleanUpTempDirs(): void {
  before(function () {
    const first = madeDirs.length;
    this.test!.parent!.afterAll('remove its temporary folders', () => {
      for (const dir of madeDirs.splice(first)) removeDir(dir);
    });
  });
}

/** Where every process of this run writes the system Apache sites it installs (read by the final check). */
export const sitesRecord = () => (process.env.MODWSGI_SUITE_DIR ? `${process.env.MODWSGI_SUITE_DIR}.sites` : undefined);

/** A site a test is about to install into the system Apache (/etc/apache2/sites-available/NAME.conf). */
export function recordSite(name: string): void {
  const record = sitesRecord();
  if (record) appendFileSync(record, `${name}\n`);
}

/** The recorded sites still in /etc/apache2 (available or enabled). */
export function sitesLeft(record: string): string[] {
  if (!existsSync(record)) return [];
  const names = [...new Set(readFileSync(record, 'utf8').split('\n').filter(Boolean))];
  return names
    .flatMap((name) => ['sites-available', 'sites-enabled'].map((dir) => `/etc/apache2/${dir}/${name}.conf`))
    .filter((path) => existsSync(path));
}

/** Removes a folder; a process left inside it (yeoman-test changes directory) moves out first. */
export function removeDir(dir: string): void {
  if (`${process.cwd()}/`.startsWith(`${dir}/`)) process.chdir(dirname(dir));
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Deletes the system accounts (and groups) this process created. For after-hooks of specs that make them. */
export function removeAccounts(): void {
  for (const { user, group } of madeAccounts.splice(0)) deleteAccount(user, group);
}

export function deleteAccount(user?: string, group?: string): void {
  if (user) spawnSync('userdel', [user], { stdio: 'ignore' });
  if (group) spawnSync('groupdel', [group], { stdio: 'ignore' });
}

/** The accounts recorded by any process of this run that still exist. */
export function accountsLeft(record: string): Account[] {
  if (!existsSync(record)) return [];
  const lines = [...new Set(readFileSync(record, 'utf8').split('\n').filter(Boolean))];
  return lines
    .map((line) => {
      const [user, group] = line.split(':');
      return { user: user || undefined, group: group || undefined };
    })
    .filter(({ user, group }) => (user && spawnSync('id', ['-u', user]).status === 0) || (group && spawnSync('getent', ['group', group]).status === 0));
}
