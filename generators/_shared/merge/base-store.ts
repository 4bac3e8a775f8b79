// The merge base: what the generator wrote last, for each file.
//
// Kept as copies in the project (.modwsgi/last-generated/<path>) rather than
// re-rendered from the recorded answers and generator version as copier does:
// copier can check out any old version of its template from git, but an npm
// package has only its own templates, so after an upgrade (`modwsgi update`) the
// old output could not be rebuilt. Projects from before the copies existed still
// merge: the recorded answers re-rendered with the current templates are the
// base when they hash to the recorded sha256 (the generator has not changed since).
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashOf } from '../plan.js';

/** Where the copies live, relative to the project root; commit it so everyone's runs can merge. */
export const BASE_DIR = '.modwsgi/last-generated';

export const basePathOf = (path: string) => `${BASE_DIR}/${path}`;

/** The stored copy of `path`, when it is a plain file whose hash is the recorded one. */
function storedCopy(root: string, path: string, recorded: string): string | undefined {
  const full = join(root, basePathOf(path));
  try {
    if (!lstatSync(full).isFile()) return undefined;
    const text = readFileSync(full);
    return hashOf(text) === recorded ? text.toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The text the generator last wrote to `path`, or undefined when it is not
 * known (no record, or neither source matches the recorded hash).
 */
export function lastGenerated(root: string, path: string, recorded: string | undefined, regenerate: () => Map<string, string>): string | undefined {
  if (recorded === undefined) return undefined;
  const stored = storedCopy(root, path, recorded);
  if (stored !== undefined) return stored;
  const again = regenerate().get(path);
  return again !== undefined && hashOf(again) === recorded ? again : undefined;
}

/** Calls `make` once, on first use: re-rendering the old answers is only needed for edited files. */
export function once<T>(make: () => T): () => T {
  let value: { made: T } | undefined;
  return () => (value ??= { made: make() }).made;
}
