// A merge conflict in a run with a terminal: the conflicting lines are shown and
// the person chooses what happens to that file, before anything is written.
import type { PlannedFile } from '../plan.js';
import { differingLines } from './git-text.js';
import { conflictLines } from './outcome.js';

type Prompt = (questions: object[]) => Promise<Record<string, unknown>>;

export const CONFLICT_CHOICES = [
  { value: 'markers', name: 'markers: write the file with git-style conflict markers and resolve them by hand' },
  { value: 'yours', name: 'yours: keep your file as it is (the new output is not applied; listed at the end)' },
  { value: 'generated', name: 'generated: take the new output (your edits to this file are lost)' },
  { value: 'stop', name: 'stop: end the run and write nothing' },
] as const;

/** Raised when the person chooses to stop: nothing is written. */
export class StoppedError extends Error {
  readonly exitCode = 1;
  constructor(path: string) {
    super(`stopped at the conflict in ${path}; nothing was written`);
    this.name = 'StoppedError';
  }
}

/** Turns each 'merge-conflict' into what the person chose: markers, stale (yours) or overwrite (generated). */
export async function askAboutConflicts(files: PlannedFile[], prompt: Prompt, log: (line: string) => void): Promise<void> {
  for (const file of files.filter((planned) => planned.status === 'merge-conflict')) {
    for (const line of conflictLines(file.path, file.hunks ?? [])) log(line);
    const { action } = await prompt([
      { type: 'select', name: 'action', message: `${file.path}: your edits and the new output change the same lines. Write`, choices: CONFLICT_CHOICES, default: 'markers' },
    ]);
    if (action === 'stop') throw new StoppedError(file.path);
    if (action === 'markers') file.status = 'markers';
    else if (action === 'generated') {
      file.status = 'overwrite';
      file.contents = file.generated!;
    } else {
      file.status = 'stale';
      file.lines = differingLines(file.yours!, file.generated!);
    }
  }
}
