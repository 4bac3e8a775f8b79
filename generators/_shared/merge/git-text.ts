// Text merges and line diffs through git (`git merge-file`, `git diff --no-index`).
// git is on every machine that holds a repository and on every CI runner, and its
// merge is the one users already read conflicts from; an npm diff3 package would
// be a second algorithm with its own idea of a conflict. Without git the run says
// so and treats an edited file as a conflict instead of guessing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MergeResult {
  /** The merged text; with conflict markers when `conflicts` is not empty. */
  text: string;
  conflicts: ConflictHunk[];
}

export interface ConflictHunk {
  /** 1-based line in your file where the conflicting lines start. */
  line: number;
  ours: string[];
  theirs: string[];
}

export class GitMissingError extends Error {
  constructor(detail: string) {
    super(`git is needed to merge your edits with the new output (${detail}); install git or rerun with --force`);
  }
}

/** The labels shown on git-style conflict markers. */
export const MARKER_LABELS = { ours: 'yours', base: 'last generated', theirs: 'generated now' } as const;

function git(args: string[]): { status: number; stdout: string } {
  const result = spawnSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new GitMissingError((result.error as NodeJS.ErrnoException).code ?? result.error.message);
  if (result.status === null || result.status < 0) throw new Error(`git ${args[0]} stopped: ${result.stderr}`);
  return { status: result.status, stdout: result.stdout };
}

function withTexts<T>(texts: Record<string, string>, use: (paths: Record<string, string>) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'modwsgi-merge-'));
  try {
    const paths: Record<string, string> = {};
    for (const [name, text] of Object.entries(texts)) {
      paths[name] = join(dir, name);
      writeFileSync(paths[name], text);
    }
    return use(paths);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The conflict hunks in a text with git's markers (`<<<<<<<`, `=======`, `>>>>>>>`). */
export function conflictHunks(text: string): ConflictHunk[] {
  const hunks: ConflictHunk[] = [];
  let current: ConflictHunk | undefined;
  let side: 'ours' | 'base' | 'theirs' = 'ours';
  let yourLine = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('<<<<<<< ')) {
      current = { line: yourLine + 1, ours: [], theirs: [] };
      side = 'ours';
    } else if (current && line.startsWith('||||||| ')) side = 'base';
    else if (current && line === '=======') side = 'theirs';
    else if (current && line.startsWith('>>>>>>> ')) {
      hunks.push(current);
      current = undefined;
    } else if (!current) yourLine++;
    else if (side === 'ours') {
      current.ours.push(line);
      yourLine++;
    } else if (side === 'theirs') current.theirs.push(line);
  }
  return hunks;
}

/** Three-way merge of whole texts: base = last generated, ours = the file on disk, theirs = the new output. */
export function mergeTexts(ours: string, base: string, theirs: string): MergeResult {
  return withTexts({ ours, base, theirs }, (paths) => {
    const { status, stdout } = git([
      '-c', 'merge.conflictStyle=merge', 'merge-file', '-p',
      '-L', MARKER_LABELS.ours, '-L', MARKER_LABELS.base, '-L', MARKER_LABELS.theirs,
      paths.ours, paths.base, paths.theirs,
    ]);
    // merge-file exits with the number of conflicts (capped at 127).
    const conflicts = status === 0 ? [] : conflictHunks(stdout);
    if (status > 0 && conflicts.length === 0) throw new Error(`git merge-file reported ${status} conflicts but wrote no markers`);
    return { text: stdout, conflicts };
  });
}

/** The lines that differ between two texts, as `-old` / `+new` lines under `@@ line` headings. */
export function differingLines(from: string, to: string): string[] {
  if (from === to) return [];
  return withTexts({ from, to }, (paths) => {
    const { stdout } = git(['diff', '--no-index', '--no-color', '--no-ext-diff', '--unified=0', paths.from, paths.to]);
    const lines = stdout.split('\n');
    const start = lines.findIndex((line) => line.startsWith('@@'));
    return lines
      .slice(start)
      .filter((line) => line !== '' && !line.startsWith('\\'))
      .map((line) => (line.startsWith('@@') ? line.replace(/^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@.*$/, '@@ line $2') : line));
  });
}

/** readFileSync for a file that may be missing. */
export const readIfPresent = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};
