// Never lose a file: before anything is written, every output file is sorted into
// what the run will do with it. .yo-rc.json records a hash of each file as the
// generator last wrote it, so a file the user edited since can be told from one an
// earlier run wrote; an edited file is merged with the new output (merge/).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lastGenerated } from './merge/base-store.js';
import type { ConflictHunk } from './merge/git-text.js';
import { mergeEdited } from './merge/outcome.js';
import { showValue } from './validate.js';

export { ConflictError, report } from './report.js';

/** The .yo-rc.json key that maps each generated file (relative path) to the sha256 of what was written. */
export const RECORD_KEY = 'generator-modwsgi-files';

/** How a run treats files on disk; the same flags for `yo modwsgi:*` and the modwsgi command. */
export { FILE_FLAGS } from './cli/file-flags.js';

export type FileStatus =
  | 'create' // not on disk
  | 'unchanged' // on disk, same bytes
  | 'update' // on disk as an earlier run wrote it: replaced
  | 'kept' // edited since it was generated, and the generator has nothing new for it: left alone
  | 'merged' // edited since it was generated: the new output merged into it without a conflict
  | 'merge-conflict' // edited, and the merge conflicts: not written (asked about in a terminal)
  | 'markers' // edited, the merge conflicts, --conflict=markers: written with git-style markers
  | 'stale' // edited, the output differs, and no merge was possible or chosen: left alone, listed with its lines
  | 'conflict' // a file the generator never wrote, with other contents
  | 'overwrite' // kept or conflict, replaced because of --force
  | 'fix'; // user code edited with consent (--fix)

export interface PlannedFile {
  /** Relative to the project root, with "/". */
  path: string;
  status: FileStatus;
  /** What is written: the new output, or the merge of it with your file. */
  contents: string;
  executable: boolean;
  /** The new output itself (the next run's merge base); absent for --fix edits. */
  generated?: string;
  /** For 'fix': what was done. */
  note?: string;
  /** For 'merge-conflict' and 'markers': where your file and the new output disagree. */
  hunks?: ConflictHunk[];
  /** For 'merge-conflict': your file as it is. */
  yours?: string;
  /** For 'stale': the lines that differ between your file and the new output. */
  lines?: string[];
}

/** How a run treats files on disk, from --force and --conflict. */
export interface FilePolicy {
  force: boolean;
  markers: boolean;
}

export const hashOf = (contents: string | Buffer) => createHash('sha256').update(contents).digest('hex');

/** What a run would do with one output file, from the disk and the record of earlier runs. */
export function planOne(
  root: string,
  file: Omit<PlannedFile, 'status'>,
  recorded: string | undefined,
  regenerate: () => Map<string, string>,
  policy: FilePolicy,
): PlannedFile {
  const full = join(root, file.path);
  const planned = (status: FileStatus, more: Partial<PlannedFile> = {}): PlannedFile => ({ ...file, generated: file.contents, status, ...more });
  if (!existsSync(full)) return planned('create');
  if (statSync(full).isDirectory()) return planned(policy.force ? 'overwrite' : 'conflict');
  const disk = readFileSync(full);
  if (disk.equals(Buffer.from(file.contents))) return planned('unchanged');
  if (recorded === hashOf(disk)) return planned('update');
  if (policy.force) return planned('overwrite');
  if (recorded === undefined) return planned('conflict');
  const text = disk.toString('utf8');
  const outcome = mergeEdited(text, lastGenerated(root, file.path, recorded, regenerate), file.contents);
  switch (outcome.status) {
    case 'kept':
      return planned('kept', { contents: text });
    case 'merged':
      return planned('merged', { contents: outcome.contents });
    case 'conflict':
      return planned(policy.markers ? 'markers' : 'merge-conflict', { contents: outcome.contents, hunks: outcome.hunks, yours: text });
    case 'stale':
      return planned('stale', { contents: text, lines: outcome.lines });
  }
}

/** The plan for one sub-generator's rendered files, plus the user files --fix edits. */
export function planFiles(
  root: string,
  rendered: Array<Omit<PlannedFile, 'status'>>,
  fixes: Array<{ path: string; contents: string; note: string }>,
  recorded: (path: string) => string | undefined,
  regenerate: () => Map<string, string>,
  policy: FilePolicy,
): PlannedFile[] {
  return [
    ...rendered.map((file) => planOne(root, file, recorded(file.path), regenerate, policy)),
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

export const writes = (status: FileStatus) => ['create', 'update', 'overwrite', 'fix', 'merged', 'markers'].includes(status);

/** One line per answer that differs from the one .yo-rc.json stored in an earlier run. */
export function answerChanges(previous: Record<string, unknown>, answers: object, keys: string[]): string[] {
  const now = answers as Record<string, unknown>;
  return keys
    .filter((key) => previous[key] !== undefined && JSON.stringify(previous[key]) !== JSON.stringify(now[key]))
    .map((key) => `answer changed: ${key} ${showValue(previous[key])} -> ${showValue(now[key])}`);
}
