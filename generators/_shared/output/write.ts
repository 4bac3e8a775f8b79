// Writing a run's files all or nothing: every path is checked first (paths.ts),
// under a lock the disk must still be as the run planned on, then each file is
// written to a temporary file in its own folder and renamed over the old one,
// the record (.yo-rc.json) last. Any failure puts back what this run changed.
import { randomBytes } from 'node:crypto';
import { type Stats, closeSync, fchmodSync, fchownSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { showText } from '../show.js';
import { withLock } from './lock.js';
import { UnsafePathError, refuseUnsafePaths } from './paths.js';

export { UnsafePathError, refuseUnsafePaths };

export interface OutputFile {
  /** Absolute path. */
  path: string;
  contents: Buffer;
  /** Mode bits to set; else an existing file keeps its mode. */
  mode?: number;
}

/** The record is written after every other file: a run cut short never records a file it did not write. */
export const RECORD_FILE = '.yo-rc.json';

/** The disk changed between planning and writing (another run, or an editor): nothing was written. */
export class ChangedMeanwhileError extends Error {
  readonly exitCode = 1;
  readonly problems: string[];
  constructor(paths: string[]) {
    const problems = [
      `changed by someone else while this run was working: ${paths.map((path) => showText(path)).join(', ')}`,
      'nothing was written; run again to plan on what is there now',
    ];
    super(problems.join('\n'));
    this.name = 'ChangedMeanwhileError';
    this.problems = problems;
  }
}

/** What a path holds, to compare the disk at planning time with the disk at writing time. */
function stateOf(path: string): string {
  try {
    const stat = lstatSync(path);
    if (!stat.isFile()) return `not a file (${stat.mode.toString(8)})`;
    return readFileSync(path).toString('base64');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
}

/** The disk as each run planned on it, by absolute path (first look wins). */
const planned = new WeakMap<object, Map<string, string>>();

/** Remembers the bytes a run read `path` as (null: absent), e.g. when Yeoman cached them earlier than now. */
export function noteReadAs(run: object, path: string, contents: Buffer | null): void {
  if (!planned.has(run)) planned.set(run, new Map());
  const seen = planned.get(run)!;
  if (!seen.has(path)) seen.set(path, contents === null ? 'absent' : contents.toString('base64'));
}

/** Remembers how `paths` look now: the run's plan is based on this. */
export function notePlannedOn(run: object, paths: string[]): void {
  if (!planned.has(run)) planned.set(run, new Map());
  const seen = planned.get(run)!;
  for (const path of paths) if (!seen.has(path)) seen.set(path, stateOf(path));
}

/** Paths that no longer look as this run first read them (a run that finished meanwhile). */
export function changedSinceRead(run: object, paths: string[]): string[] {
  const seen = planned.get(run);
  return paths.filter((path) => seen?.has(path) && stateOf(path) !== seen.get(path));
}

interface Step {
  undo: () => void;
}

function writeTemp(file: OutputFile, existing: Stats | undefined): string {
  const temp = join(dirname(file.path), `.${basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`);
  // wx: O_EXCL, so a file or symlink planted at the temporary name is never followed.
  const fd = openSync(temp, 'wx', file.mode ?? existing?.mode ?? 0o666);
  try {
    writeSync(fd, file.contents);
    const mode = file.mode ?? existing?.mode;
    if (mode !== undefined) fchmodSync(fd, mode & 0o7777);
    // Root writing in a user's repository: replaced files keep their owner.
    if (existing && process.getuid?.() === 0) fchownSync(fd, existing.uid, existing.gid);
    // A file that replaces one reaches the disk before the rename, so a crash never leaves the old
    // file lost and the new one empty. A new file replaces nothing: the cost (a disk flush per file)
    // buys nothing there.
    if (existing) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  return temp;
}

/** Creates the missing folders above `path`, one by one, each undoable. */
function makeFolders(root: string, path: string, steps: Step[]): void {
  let current = root;
  for (const part of relative(root, dirname(path)).split(sep).filter(Boolean)) {
    current = join(current, part);
    try {
      mkdirSync(current);
      const made = current;
      steps.push({ undo: () => rmdirSync(made) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export interface WriteHooks {
  /** Called before each rename (tests use it to make the disk fail mid-run). */
  beforeRename?: (path: string, index: number) => void;
}

/** Writes `files` under `root` all or nothing; see the top of this file. Returns the paths written. */
export function writeAll(run: object, root: string, files: OutputFile[], hooks: WriteHooks = {}): string[] {
  const ordered = [...files.filter((f) => basename(f.path) !== RECORD_FILE || dirname(f.path) !== root), ...files.filter((f) => f.path === join(root, RECORD_FILE))];
  refuseUnsafePaths(root, ordered.map((file) => file.path));
  return withLock(root, () => {
    const seen = planned.get(run);
    const changed = ordered.filter((file) => {
      const then = seen?.get(file.path);
      if (then === undefined) return false;
      const now = stateOf(file.path);
      return now !== then && now !== file.contents.toString('base64');
    });
    if (changed.length > 0) throw new ChangedMeanwhileError(changed.map((file) => relative(root, file.path)));
    // Checked again under the lock: a symlink planted since the first check is still refused.
    refuseUnsafePaths(root, ordered.map((file) => file.path));
    const steps: Step[] = [];
    let current = root;
    try {
      const temps: Array<[OutputFile, string, Buffer | undefined]> = [];
      for (const file of ordered) {
        current = file.path;
        makeFolders(root, file.path, steps);
        let existing: Stats | undefined;
        try {
          existing = lstatSync(file.path);
        } catch {
          existing = undefined;
        }
        const before = existing?.isFile() ? readFileSync(file.path) : undefined;
        const temp = writeTemp(file, existing);
        steps.push({ undo: () => unlinkIfThere(temp) });
        temps.push([file, temp, before]);
      }
      for (const [index, [file, temp, before]] of temps.entries()) {
        current = file.path;
        hooks.beforeRename?.(file.path, index);
        renameSync(temp, file.path);
        if (before === undefined) steps.push({ undo: () => unlinkSync(file.path) });
        else steps.push({ undo: () => restore(file.path, before) });
      }
    } catch (error) {
      for (const step of steps.reverse()) {
        try {
          step.undo();
        } catch {
          // Best effort: the remaining steps still run.
        }
      }
      throw new WriteFailedError(root, current, error as NodeJS.ErrnoException);
    }
    return ordered.map((file) => file.path);
  });
}

function unlinkIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Puts the bytes a file had before this run back, atomically as well. */
function restore(path: string, before: Buffer): void {
  const existing = lstatSync(path);
  const temp = writeTemp({ path, contents: before }, existing);
  renameSync(temp, path);
}

/** A file-system error while writing: what this run wrote was undone. */
export class WriteFailedError extends Error {
  readonly exitCode = 1;
  readonly problems: string[];
  constructor(root: string, path: string, cause: NodeJS.ErrnoException) {
    const where = `${showText(relative(root, path) || '.')}: `;
    const problems = [`${where}${cause.code ?? 'error'} while writing (${showText(String(cause.message).split('\n')[0], 120)})`, 'what this run had written was undone; nothing changed'];
    super(problems.join('\n'));
    this.name = 'WriteFailedError';
    this.problems = problems;
  }
}
