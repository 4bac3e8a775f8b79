// Never lose a file: before anything is written, every output file is sorted into
// what the run will do with it. .yo-rc.json records a hash of each file as it was
// generated, so a file the user edited since can be told from one an earlier run wrote.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { showValue } from './validate.js';

/** The .yo-rc.json key that maps each generated file (relative path) to the sha256 of what was written. */
export const RECORD_KEY = 'generator-modwsgi-files';

/** How a run treats files on disk; the same flags for `yo modwsgi:*` and the modwsgi command. */
export const FILE_FLAGS = {
  force: 'overwrite files that differ from what would be written, even ones you edited',
  fix: 'move an unguarded module-level app.run() under if __name__ == "__main__": (edits your code)',
  'dry-run': 'list what would be written, changed or left alone; write nothing',
  pretend: 'the same as --dry-run',
} as const;

export type FileStatus =
  | 'create' // not on disk
  | 'unchanged' // on disk, same bytes
  | 'update' // on disk as an earlier run wrote it: replaced
  | 'kept' // generated earlier, edited since: left alone (without --force)
  | 'conflict' // a file the generator never wrote, with other contents
  | 'overwrite' // kept or conflict, replaced because of --force
  | 'fix'; // user code edited with consent (--fix)

export interface PlannedFile {
  /** Relative to the project root, with "/". */
  path: string;
  status: FileStatus;
  contents: string;
  executable: boolean;
  /** For 'fix': what was done. */
  note?: string;
}

export const hashOf = (contents: string | Buffer) => createHash('sha256').update(contents).digest('hex');

/** What a run would do with one output file, from the disk and the record of earlier runs. */
export function statusOf(root: string, path: string, contents: string, recorded: string | undefined, force: boolean): FileStatus {
  const full = join(root, path);
  if (!existsSync(full)) return 'create';
  if (statSync(full).isDirectory()) return force ? 'overwrite' : 'conflict';
  const disk = readFileSync(full);
  if (disk.equals(Buffer.from(contents))) return 'unchanged';
  if (recorded === hashOf(disk)) return 'update';
  if (force) return 'overwrite';
  return recorded === undefined ? 'conflict' : 'kept';
}

/** The plan for one sub-generator's rendered files, plus the user files --fix edits. */
export function planFiles(
  root: string,
  rendered: Array<Omit<PlannedFile, 'status'>>,
  fixes: Array<{ path: string; contents: string; note: string }>,
  recorded: (path: string) => string | undefined,
  force: boolean,
): PlannedFile[] {
  return [
    ...rendered.map((file) => ({ ...file, status: statusOf(root, file.path, file.contents, recorded(file.path), force) })),
    ...fixes.map((fix) => ({ ...fix, status: 'fix' as const, executable: false })),
  ];
}

/** Conflicts the user accepted at the conflicter's prompt: the disk now holds what was generated. */
export const acceptedConflicts = (root: string, planned: PlannedFile[]) =>
  planned.filter((file) => file.status === 'conflict' && existsSync(join(root, file.path)) && readFileSync(join(root, file.path), 'utf8') === file.contents);

/** Every file planned in one run, across the composed sub-generators, in order. */
const plans = new WeakMap<object, PlannedFile[]>();
export function planOf(run: object): PlannedFile[] {
  if (!plans.has(run)) plans.set(run, []);
  return plans.get(run)!;
}

export const writes = (status: FileStatus) => ['create', 'update', 'overwrite', 'fix'].includes(status);

/** Files on disk that the run would change, found before anything is written. */
export class ConflictError extends Error {
  readonly files: string[];
  readonly exitCode = 1;
  constructor(files: string[]) {
    super(
      `these files exist and differ from what would be written:\n${files.map((file) => `  ${file}`).join('\n')}\n` +
        'nothing was written; rerun with --force to overwrite them (--dry-run shows what a run would do)',
    );
    this.name = 'ConflictError';
    this.files = files;
  }
}

const WORDS: Record<FileStatus, [string, string]> = {
  create: ['would create', 'created'],
  unchanged: ['unchanged', 'unchanged'],
  update: ['would update', 'updated'],
  kept: ['would keep', 'kept'],
  conflict: ['conflict', 'conflict'],
  overwrite: ['would overwrite', 'overwritten'],
  fix: ['would edit', 'edited'],
};

const REASONS: Partial<Record<FileStatus, string>> = {
  kept: 'edited since it was generated; --force replaces it',
  conflict: 'not written by this generator and differs; --force overwrites it',
};

/** The lines a run prints at its end: one per file, then one line that sums it up. */
export function report(planned: PlannedFile[], dryRun: boolean, interactive: boolean): string[] {
  const lines = planned.map((file) => {
    const why = file.status === 'fix' ? file.note : REASONS[file.status];
    const word = file.status === 'conflict' && interactive && !dryRun ? 'asked about' : WORDS[file.status][dryRun ? 0 : 1];
    return `  ${word.padEnd(15)} ${file.path}${why ? `  (${why})` : ''}`;
  });
  const counts = Object.entries(WORDS)
    .map(([status, words]) => [planned.filter((file) => file.status === status).length, words[dryRun ? 0 : 1]] as const)
    .filter(([count]) => count > 0)
    .map(([count, word]) => `${count} ${word}`)
    .join(', ');
  const changing = planned.filter((file) => writes(file.status) || (file.status === 'conflict' && interactive));
  let total: string;
  if (dryRun) total = `dry run, nothing written: ${counts}`;
  else if (changing.length === 0 && planned.some((file) => file.status === 'kept')) {
    // A kept file differs from what these answers make: never call that "already as these answers make it".
    total = `nothing written: ${counts}; the kept files differ from what these answers make (--force replaces them)`;
  } else if (changing.length === 0) total = `nothing changed: every file is already as these answers make it (${counts})`;
  else total = `done: ${counts}`;
  return [...lines, total];
}

/** One line per answer that differs from the one .yo-rc.json stored in an earlier run. */
export function answerChanges(previous: Record<string, unknown>, answers: object, keys: string[]): string[] {
  const now = answers as Record<string, unknown>;
  return keys
    .filter((key) => previous[key] !== undefined && JSON.stringify(previous[key]) !== JSON.stringify(now[key]))
    .map((key) => `answer changed: ${key} ${showValue(previous[key])} -> ${showValue(now[key])}`);
}
