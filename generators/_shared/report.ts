// What a run says about its files: one line per file (with the differing lines
// of a file it could not bring up to date), one line that sums it up, and the
// error that lists every conflict when a run cannot ask.
import { conflictLines } from './merge/outcome.js';
import { writes, type FileStatus, type PlannedFile } from './plan.js';

/** Files on disk that the run would change, found before anything is written. */
export class ConflictError extends Error {
  readonly files: string[];
  readonly exitCode = 1;
  constructor(files: string[], merges: PlannedFile[] = []) {
    const lines: string[] = [];
    if (files.length > 0) lines.push('these files exist and differ from what would be written:', ...files.map((file) => `  ${file}`));
    if (merges.length > 0) {
      lines.push('your edits and the new output change the same lines in:');
      for (const file of merges) lines.push(...conflictLines(file.path, file.hunks ?? []));
    }
    const ways = merges.length > 0
      ? 'run it in a terminal to choose, rerun with --conflict=markers to write git-style markers, or with --force to replace the files'
      : 'rerun with --force to overwrite them';
    lines.push(`nothing was written; ${ways} (--dry-run shows what a run would do)`);
    super(lines.join('\n'));
    this.name = 'ConflictError';
    this.files = [...files, ...merges.map((file) => file.path)];
  }
}

/** Conflict markers were written as asked (--conflict=markers): the run did what it was told, and still fails. */
export class MarkersWrittenError extends Error {
  readonly exitCode = 1;
  constructor(files: PlannedFile[]) {
    super(`conflict markers written in ${files.map((file) => file.path).join(', ')}; resolve them (search for <<<<<<<), then run again`);
    this.name = 'MarkersWrittenError';
  }
}

const WORDS: Record<FileStatus, [string, string]> = {
  create: ['would create', 'created'],
  unchanged: ['unchanged', 'unchanged'],
  update: ['would update', 'updated'],
  kept: ['would keep', 'kept'],
  merged: ['would merge', 'merged'],
  'merge-conflict': ['conflict', 'conflict'],
  markers: ['would conflict', 'conflict'],
  stale: ['differs', 'differs'],
  conflict: ['conflict', 'conflict'],
  overwrite: ['would overwrite', 'overwritten'],
  fix: ['would edit', 'edited'],
};

const REASONS: Partial<Record<FileStatus, string>> = {
  kept: 'your edits; the generator has nothing new for it',
  merged: 'your edits kept, the new output merged in',
  'merge-conflict': 'your edits and the new output change the same lines',
  stale: 'edited since it was generated, new output not merged in; - yours, + generated now; --force replaces it',
  conflict: 'not written by this generator and differs; --force overwrites it',
};

function reason(file: PlannedFile): string | undefined {
  if (file.status === 'fix') return file.note;
  if (file.status === 'markers') return `written with conflict markers at line ${(file.hunks ?? []).map((hunk) => hunk.line).join(', ')}; resolve them`;
  return REASONS[file.status];
}

/** The lines a run prints at its end: one per file, then one line that sums it up. */
export function report(planned: PlannedFile[], dryRun: boolean, interactive: boolean): string[] {
  const lines = planned.flatMap((file) => {
    const why = reason(file);
    const word = file.status === 'conflict' && interactive && !dryRun ? 'asked about' : WORDS[file.status][dryRun ? 0 : 1];
    const line = `  ${word.padEnd(15)} ${file.path}${why ? `  (${why})` : ''}`;
    if (file.status === 'stale') return [line, ...(file.lines ?? []).map((diff) => `      ${diff}`)];
    if (file.status === 'merge-conflict' && dryRun) return [line, ...conflictLines(file.path, file.hunks ?? []).slice(1).map((text) => `    ${text}`)];
    return [line];
  });
  const counts = Object.entries(WORDS)
    .map(([status, words]) => [planned.filter((file) => file.status === status).length, words[dryRun ? 0 : 1]] as const)
    .filter(([count]) => count > 0)
    .map(([count, word]) => `${count} ${word}`)
    .join(', ');
  const changing = planned.filter((file) => writes(file.status) || (file.status === 'conflict' && interactive));
  // Never "nothing changed" while a file disagrees with the answers.
  const behind = planned.filter((file) => file.status === 'stale' || file.status === 'merge-conflict');
  let total: string;
  if (dryRun) total = `dry run, nothing written: ${counts}`;
  else if (behind.length > 0 && changing.length === 0) {
    total = `not up to date: ${behind.length} ${behind.length === 1 ? 'file differs' : 'files differ'} from what these answers make (lines above); merge by hand or rerun with --force (${counts})`;
  } else if (changing.length === 0 && planned.some((file) => file.status === 'kept')) {
    // Your edits on top: the answers are all in, but "already as these answers make it" would not be true.
    total = `nothing written: ${counts}; the kept files hold your edits on top of what these answers make (--force replaces them)`;
  } else if (changing.length === 0) total = `nothing changed: every file is already as these answers make it (${counts})`;
  else total = `done: ${counts}${behind.length > 0 ? `; ${behind.length} not up to date with these answers (lines above)` : ''}`;
  return [...lines, total];
}
