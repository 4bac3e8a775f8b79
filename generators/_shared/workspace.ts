// Monorepo workspaces: a generated Flask service can be a member of a JavaScript
// monorepo, so `npm test -w services/web` (or pnpm/yarn's equivalent) runs its
// pytest suite. npm and yarn list members in package.json "workspaces"; pnpm in
// pnpm-workspace.yaml "packages".
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';

export type WorkspaceTool = 'npm' | 'pnpm';

export interface WorkspaceRoot {
  /** Folder of the file that declares the workspace. */
  root: string;
  /** The generated folder, relative to root, with / separators. */
  member: string;
  /** Whether one of the root's workspace patterns already covers the member. */
  listed: boolean;
  /** package.json "workspaces" (npm, yarn) or pnpm-workspace.yaml. */
  tool: WorkspaceTool;
}

function packageJsonPatterns(file: string): string[] | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { workspaces?: string[] | { packages?: string[] } };
    const patterns = Array.isArray(data.workspaces) ? data.workspaces : data.workspaces?.packages;
    return Array.isArray(patterns) ? patterns.filter((item) => typeof item === 'string') : undefined;
  } catch {
    return undefined;
  }
}

function pnpmPatterns(file: string): string[] | undefined {
  try {
    const data = parseYaml(readFileSync(file, 'utf8')) as { packages?: unknown } | null;
    // A pnpm-workspace.yaml without packages still makes a workspace root (of the root package alone).
    const patterns = data?.packages ?? [];
    return Array.isArray(patterns) ? patterns.filter((item): item is string => typeof item === 'string') : undefined;
  } catch {
    return undefined;
  }
}

// The forms workspace users write: "services/web", "services/*", "services/**"; "!x" excludes.
function covers(pattern: string, member: string): boolean {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean.endsWith('/**')) return member.startsWith(`${clean.slice(0, -3)}/`);
  if (clean.endsWith('/*')) return dirname(member) === clean.slice(0, -2);
  return clean === member;
}

const listedIn = (patterns: string[], member: string) =>
  patterns.some((pattern) => !pattern.startsWith('!') && covers(pattern, member)) &&
  !patterns.some((pattern) => pattern.startsWith('!') && covers(pattern.slice(1), member));

/** The nearest folder above `folder` that declares a workspace (pnpm-workspace.yaml, or package.json "workspaces"). */
export function findWorkspaceRoot(folder: string): WorkspaceRoot | undefined {
  let dir = dirname(folder);
  while (true) {
    const pnpm = existsSync(join(dir, 'pnpm-workspace.yaml')) ? pnpmPatterns(join(dir, 'pnpm-workspace.yaml')) : undefined;
    const npm = pnpm === undefined && existsSync(join(dir, 'package.json')) ? packageJsonPatterns(join(dir, 'package.json')) : undefined;
    const patterns = pnpm ?? npm;
    if (patterns) {
      const member = relative(dir, folder).split(sep).join('/');
      return { root: dir, member, listed: listedIn(patterns, member), tool: pnpm ? 'pnpm' : 'npm' };
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The line that tells a person how to list the member where its tool looks. */
export function listingAdvice(workspace: WorkspaceRoot): string {
  return workspace.tool === 'pnpm'
    ? `Add "  - ${workspace.member}" under "packages:" in ${workspace.root}/pnpm-workspace.yaml`
    : `Add "${workspace.member}" to "workspaces" in ${workspace.root}/package.json`;
}
