// How `npm test`, `npm run test:unit` and `npm run test:apache` run the specs: one mocha run, its
// spec files in parallel worker processes, the longest first so that no long file starts last and
// runs alone. Specs that use what the machine has once take turns (lock.ts); every other thing a
// spec uses (ports, accounts, folders) is its own. The run's last check (suite-hooks.ts) runs once,
// in mocha's main process, and mocha's exit status is this script's.
// Usage: node dist/test/support/run-specs.js all|unit|apache   (MODWSGI_TEST_JOBS=N: N workers)
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TESTS = dirname(dirname(fileURLToPath(import.meta.url)));
const MOCHA = join(TESTS, '..', '..', 'node_modules', 'mocha', 'bin', 'mocha.js');

/** Which tests each part runs: the ones tagged @e2e or @apache need root and a real Apache. */
const PARTS: Record<string, { grep: string[]; jobs: number }> = {
  all: { grep: [], jobs: 3 },
  unit: { grep: ['--grep', '@e2e|@apache', '--invert'], jobs: 2 },
  apache: { grep: ['--grep', '@e2e|@apache'], jobs: 3 },
};

/**
 * The files that take longest in a full run, longest first (measured); the rest follow by name.
 * e2e-debian-install waits for e2e-fleet's lock on the system Apache: it comes later.
 */
export const LONGEST_FIRST = [
  'fuzz', 'e2e-fleet', 'install-scripts', 'e2e-matrix', 'repositories', 'e2e-fit', 'doctor', 'e2e-production',
  'tty-merge', 'security-writes', 'e2e-debian-install', 'doctor-modes', 'e2e-repositories', 'security-generated', 'e2e-acme',
  'doctor-symlink', 'fleet', 'merge-runs', 'troubleshooting', 'install-certbot', 'yo', 'security-input',
];

export function specFiles(dir = TESTS): string[] {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.spec.js')).sort();
  const rank = (file: string) => {
    const index = LONGEST_FIRST.indexOf(file.replace(/\.spec\.js$/, ''));
    return index < 0 ? LONGEST_FIRST.length : index;
  };
  return files.sort((a, b) => rank(a) - rank(b)).map((file) => join(dir, file));
}

function main(partName = 'all'): void {
  const part = PARTS[partName];
  if (!part) throw new Error(`run-specs: no part ${partName}; one of ${Object.keys(PARTS).join(', ')}`);
  const jobs = process.env.MODWSGI_TEST_JOBS ?? String(part.jobs);
  const mocha = spawn(process.execPath, [MOCHA, '--parallel', '--jobs', jobs, ...part.grep, ...specFiles()], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => mocha.kill(signal));
  mocha.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv[2]);
