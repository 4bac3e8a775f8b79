// npm workspaces: a generated Flask service can be a member of a JavaScript
// monorepo, so `npm test -w services/web` runs its pytest suite.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

export interface WorkspaceRoot {
  /** Folder of the package.json that declares "workspaces". */
  root: string;
  /** The generated folder, relative to root, with / separators. */
  member: string;
  /** Whether one of the root's workspace patterns already covers the member. */
  listed: boolean;
}

function workspacePatterns(packageJson: string): string[] | undefined {
  try {
    const data = JSON.parse(readFileSync(packageJson, 'utf8')) as { workspaces?: string[] | { packages?: string[] } };
    const patterns = Array.isArray(data.workspaces) ? data.workspaces : data.workspaces?.packages;
    return Array.isArray(patterns) ? patterns : undefined;
  } catch {
    return undefined;
  }
}

// The forms npm users write: "services/web", "services/*", "services/**".
function covers(pattern: string, member: string): boolean {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean.endsWith('/**')) return member.startsWith(`${clean.slice(0, -3)}/`);
  if (clean.endsWith('/*')) return dirname(member) === clean.slice(0, -2);
  return clean === member;
}

/** The nearest folder above `folder` whose package.json declares workspaces. */
export function findWorkspaceRoot(folder: string): WorkspaceRoot | undefined {
  let dir = dirname(folder);
  while (true) {
    const patterns = existsSync(join(dir, 'package.json')) ? workspacePatterns(join(dir, 'package.json')) : undefined;
    if (patterns) {
      const member = relative(dir, folder).split(sep).join('/');
      return { root: dir, member, listed: patterns.some((pattern) => covers(pattern, member)) };
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
