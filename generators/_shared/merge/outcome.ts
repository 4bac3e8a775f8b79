// What happens to a file the user edited since the generator last wrote it,
// when the generator's output for it is now different.
import { differingLines, mergeTexts, type ConflictHunk } from './git-text.js';

export type EditedOutcome =
  /** Your edits, and the generator's output holds nothing new for this file. */
  | { status: 'kept' }
  /** Your edits and the new output, combined without a conflict. */
  | { status: 'merged'; contents: string }
  /** Your edits and the new output touch the same lines; `contents` has git-style markers. */
  | { status: 'conflict'; contents: string; hunks: ConflictHunk[] }
  /** No base known, so no merge: `lines` are how the file differs from the new output. */
  | { status: 'stale'; lines: string[] };

export function mergeEdited(disk: string, base: string | undefined, rendered: string): EditedOutcome {
  if (base === undefined) return { status: 'stale', lines: differingLines(disk, rendered) };
  if (base === rendered) return { status: 'kept' };
  const merged = mergeTexts(disk, base, rendered);
  if (merged.conflicts.length > 0) return { status: 'conflict', contents: merged.text, hunks: merged.conflicts };
  // The merge can equal your file (you had already made the same change): nothing to write.
  return merged.text === disk ? { status: 'kept' } : { status: 'merged', contents: merged.text };
}

/** The lines of a conflict report for one file: the file, then each hunk with both sides. */
export function conflictLines(path: string, hunks: ConflictHunk[]): string[] {
  const lines = [`${path}: ${hunks.length} conflicting ${hunks.length === 1 ? 'hunk' : 'hunks'}`];
  for (const hunk of hunks) {
    lines.push(`  at line ${hunk.line}:`);
    lines.push(...hunk.ours.map((line) => `    yours:         ${line}`));
    lines.push(...hunk.theirs.map((line) => `    generated now: ${line}`));
  }
  return lines;
}
