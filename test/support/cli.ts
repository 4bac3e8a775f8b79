// Runs the built CLI as a user does: a child process with no terminal. Its
// stdin is an open pipe that nobody writes to, so a prompt would hang until the
// time limit, and the test would fail instead of waiting forever.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordDir } from './cleanup.js';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = join(PACKAGE_ROOT, 'dist', 'bin', 'modwsgi.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `cli`: another build of the command (a test's upgraded copy of the package). */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; cli?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.cli ?? CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`modwsgi ${args.join(' ')} did not finish in ${options.timeoutMs ?? 30_000} ms (waiting for input?)\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A new folder in the run's temporary folder, removed by the spec's `after(removeTempDirs)`. */
export const tempDir = (prefix = 'modwsgi-test-') => recordDir(mkdtempSync(join(tmpdir(), prefix)));

/** Every file under `root` (relative path -> contents), for comparisons. */
export function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export const isExecutable = (path: string) => (statSync(path).mode & 0o111) !== 0;
