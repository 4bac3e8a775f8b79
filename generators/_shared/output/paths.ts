// Where a run may write: only regular files reached through real folders under
// the project root. A symlink anywhere on the way could point at /etc, so it is
// refused even with --force.
import { accessSync, constants, lstatSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { showText } from '../show.js';

/** An output path the run refuses to write; every such path is listed, nothing is written. */
export class UnsafePathError extends Error {
  readonly problems: string[];
  readonly exitCode = 1;
  constructor(problems: string[]) {
    super([...problems, 'nothing was written'].join('\n'));
    this.name = 'UnsafePathError';
    this.problems = [...problems, 'nothing was written'];
  }
}

const lstatOrUndefined = (path: string): Stats | undefined => {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/** One look at the disk for a batch of paths: each folder on their ways is lstat-ed and access-checked once. */
interface Looks {
  stat: Map<string, Stats | undefined>;
  writable: Map<string, boolean>;
}
const newLooks = (): Looks => ({ stat: new Map(), writable: new Map() });

function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What stops writing `path` (absolute or relative to root), or undefined: looks at every component with lstat. */
export function unsafePathProblem(root: string, path: string, looks: Looks = newLooks()): string | undefined {
  const rel = relative(root, isAbsolute(path) ? path : join(root, path));
  // Said only in a problem: the paths are shown with their unprintable characters escaped.
  const shown = () => showText(rel.split(sep).join('/'));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return `${shown()}: outside the project folder ${showText(root)}; refused`;
  const parts = rel.split(sep);
  let current = root;
  let deepestFolder = root;
  for (const [index, part] of parts.entries()) {
    current = join(current, part);
    const here = () => showText(relative(root, current).split(sep).join('/'));
    if (!looks.stat.has(current)) looks.stat.set(current, lstatOrUndefined(current));
    const stat = looks.stat.get(current);
    if (!stat) break;
    if (stat.isSymbolicLink()) return `${here()}: is a symlink; refused even with --force (it could lead outside the project): replace it with a real ${index < parts.length - 1 ? 'folder' : 'file'}`;
    if (index < parts.length - 1) {
      if (!stat.isDirectory()) return `${here()}: is not a folder, so ${shown()} cannot be written there`;
      deepestFolder = current;
    } else if (!stat.isFile() && !stat.isDirectory()) {
      return `${here()}: is not a regular file; refused`;
    }
  }
  // A temporary file is created and renamed in this folder (or a new folder made in it).
  if (!looks.writable.has(deepestFolder)) looks.writable.set(deepestFolder, writable(deepestFolder));
  if (!looks.writable.get(deepestFolder)) {
    return `${showText(relative(root, deepestFolder).split(sep).join('/') || '.')}: not writable, so ${shown()} cannot be written`;
  }
  return undefined;
}

/** Throws UnsafePathError listing every path of `paths` that cannot be written safely. */
export function refuseUnsafePaths(root: string, paths: string[]): void {
  const looks = newLooks();
  const problems = [...new Set(paths.map((path) => unsafePathProblem(root, path, looks)).filter((p): p is string => p !== undefined))];
  if (problems.length > 0) throw new UnsafePathError(problems);
}
