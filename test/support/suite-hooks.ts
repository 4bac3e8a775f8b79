// The suite runs inside one temporary folder of its own (TMPDIR), so what it leaves behind is
// exactly what is left there. At the end the run FAILS, listing them, when anything is left:
// folders, accounts and system Apache sites the tests recorded making, private Apache processes.
// Only what this run made counts, so runs sharing a machine do not blame each other. Leftovers
// other than sites are then removed so that the next run starts clean.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountsLeft, accountsRecord, deleteAccount, sitesLeft, sitesRecord } from './cleanup.js';

// Made when mocha loads this file, before any spec file (some make folders as they load); parallel
// workers inherit it through the environment.
if (!process.env.MODWSGI_SUITE_DIR) {
  const dir = mkdtempSync(join(tmpdir(), 'modwsgi-suite-'));
  // Daemon accounts must reach the projects served from inside it.
  chmodSync(dir, 0o755);
  process.env.MODWSGI_SUITE_DIR = dir;
  process.env.TMPDIR = dir;
}

/** Private Apache processes whose configuration lives in the run's folder. */
function apacheProcessesIn(dir: string): Array<{ pid: number; args: string }> {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && /apache2|httpd/.test(m[2]) && m[2].includes(dir))
    .map((m) => ({ pid: Number(m[1]), args: m[2] }));
}

export function mochaGlobalTeardown(): void {
  const dir = process.env.MODWSGI_SUITE_DIR;
  if (!dir) return;
  const left: string[] = [];
  for (const { pid, args } of apacheProcessesIn(dir)) {
    left.push(`Apache process ${pid}: ${args}`);
    spawnSync('kill', ['-KILL', String(pid)]);
  }
  const record = accountsRecord()!;
  for (const { user, group } of accountsLeft(record)) {
    left.push(`account ${[user && `user ${user}`, group && `group ${group}`].filter(Boolean).join(', ')}`);
    deleteAccount(user, group);
  }
  rmSync(record, { force: true });
  for (const site of sitesLeft(sitesRecord()!)) left.push(`system Apache site ${site}`);
  rmSync(sitesRecord()!, { force: true });
  for (const entry of readdirSync(dir)) left.push(`folder ${join(dir, entry)}`);
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  if (left.length > 0) {
    throw new Error(`the tests left ${left.length} thing(s) behind (now removed, except system Apache sites):\n  ${left.join('\n  ')}`);
  }
}
