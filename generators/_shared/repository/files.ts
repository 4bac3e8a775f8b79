// Reading a repository nobody here wrote: only regular files, only small ones,
// only so many, and within a time budget, so a FIFO, a link to /dev/zero or a
// huge generated file cannot hang or slow detection.
import { closeSync, fstatSync, openSync, readSync, readdirSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';

/** Larger files are not read: no hand-written module, setup.py or Procfile is this big. */
export const MAX_FILE_BYTES = 256 * 1024;
const MAX_FILES = 2000;
const TIME_BUDGET_MS = 10_000;

const SKIP_DIRS = new Set(['tests', 'test', 'docs', 'doc', 'build', 'dist', 'node_modules', 'site-packages', '__pycache__', 'deploy', 'migrations', 'instance']);

/** Says what was skipped and why, once per path. */
export class ReadLog {
  readonly skipped: string[] = [];
  private readonly started = Date.now();
  overBudget(): boolean {
    return Date.now() - this.started > TIME_BUDGET_MS;
  }
}

/**
 * The text of a regular file of at most MAX_FILE_BYTES, else undefined. Opened
 * with O_NONBLOCK so that a FIFO cannot block the open; checked with fstat on the
 * open descriptor, so the file read is the file checked.
 */
export function readText(path: string, log?: ReadLog, label = path): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      log?.skipped.push(`${label} is not a regular file; not read`);
      return undefined;
    }
    if (stat.size > MAX_FILE_BYTES) {
      log?.skipped.push(`${label} is larger than ${MAX_FILE_BYTES / 1024} KiB; not read`);
      return undefined;
    }
    const buffer = Buffer.alloc(stat.size);
    let offset = 0;
    while (offset < stat.size) {
      const n = readSync(fd, buffer, offset, stat.size - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return buffer.subarray(0, offset).toString('utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export const isDir = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};
export const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};
export const isVenv = (dir: string) => isFile(join(dir, 'pyvenv.cfg'));
export const skipDir = (dir: string, name: string) =>
  name.startsWith('.') || SKIP_DIRS.has(name) || name.endsWith('.egg-info') || isVenv(join(dir, name));

export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Every .py regular file under `dir` (bounded), skipping tests, venvs and hidden folders. */
export function pythonFiles(dir: string, log: ReadLog, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (found.length >= MAX_FILES || log.overBudget()) break;
    if (entry.isDirectory() && !skipDir(dir, entry.name)) pythonFiles(join(dir, entry.name), log, found);
    else if (entry.isFile() && entry.name.endsWith('.py')) found.push(join(dir, entry.name));
  }
  return found;
}
