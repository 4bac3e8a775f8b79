// Sub-generators whose output needs another's: the vhost points at the .wsgi file
// and the install scripts run deploy/create-venv.sh. `modwsgi apache` on its own
// says which of those files are missing, and how to add them (or offers to).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SubGenerator } from './answers.js';
import type { RenderContext } from './context.js';
import { renderFiles } from './render.js';

/** What each sub-generator's files refer to, and why. */
const NEEDS: Partial<Record<SubGenerator, Array<{ part: SubGenerator; why: string }>>> = {
  apache: [
    { part: 'wsgi', why: 'the vhost loads it (WSGIScriptAlias)' },
    { part: 'venv', why: 'the install scripts run it' },
  ],
};

export interface MissingCompanion {
  part: SubGenerator;
  files: string[];
  why: string;
}

/** The sub-generators whose files `part` refers to and that are not in `root` (nor written by this run). */
export function missingCompanions(part: SubGenerator, context: RenderContext, root: string, writtenNow: Set<string>): MissingCompanion[] {
  return (NEEDS[part] ?? [])
    .map(({ part: needed, why }) => ({
      part: needed,
      why,
      files: renderFiles(needed, context).map((file) => file.path).filter((path) => !writtenNow.has(path) && !existsSync(join(root, path))),
    }))
    .filter((missing) => missing.files.length > 0);
}

/** One line per missing piece, with the command that adds it. */
export const companionLines = (missing: MissingCompanion[]) =>
  missing.map((item) => `missing: ${item.files.join(', ')} (${item.why}); add it with: modwsgi ${item.part}`);
