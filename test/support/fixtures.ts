// The fixture repositories under test/fixtures/: each test works on a fresh
// copy in a temporary folder (the fixtures themselves are never modified), and
// checks the user's files byte for byte before and after a run.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers from 'yeoman-test';
import { PACKAGE_ROOT, tempDir } from './cli.js';

export const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures');
export const generatorPath = (part: string) => fileURLToPath(new URL(`../../generators/${part}/index.js`, import.meta.url));

/** A copy of test/fixtures/<name> in a new temporary folder; returns the copy's path. */
export function copyFixture(name: string): string {
  const target = join(tempDir(`modwsgi-${name}-`), name);
  cpSync(join(FIXTURES, name), target, { recursive: true });
  return target;
}

/** Every file under `root` as bytes (a symlink is listed as "-> target"), by relative path. */
export function filesOf(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) files.set(relative(root, path), Buffer.from(`-> ${readlinkSync(path)}`));
      else if (entry.isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path));
    }
  };
  walk(root);
  return files;
}

/** Every file in `before` is still there with the same bytes, except the ones listed. */
export function assertUntouched(before: Map<string, Buffer>, root: string, except: string[] = []): void {
  const after = filesOf(root);
  for (const [path, bytes] of before) {
    if (except.includes(path)) continue;
    assert.ok(after.has(path), `${path} was removed`);
    assert.ok(after.get(path)!.equals(bytes), `${path} was changed:\n${after.get(path)!.toString()}`);
  }
}

/**
 * The files a run added: in `after` but not in `before`. The merge base copies
 * under .modwsgi/last-generated/ are left out (merge-runs.spec.ts checks them).
 */
export const addedFiles = (before: Map<string, Buffer>, root: string) =>
  [...filesOf(root).keys()].filter((path) => !before.has(path) && !path.startsWith('.modwsgi/last-generated/')).sort();

export const yoRc = (root: string) => JSON.parse(readFileSync(join(root, '.yo-rc.json'), 'utf8')) as Record<string, Record<string, unknown>>;

/**
 * Runs a sub-generator in-process with yeoman-test, in `cwd`, as a run that
 * cannot ask unless `interactive` is set. yeoman-test forces overwrites by
 * default; here --force is off unless the test passes it.
 */
export function runGenerator(part: string, cwd: string, options: Record<string, unknown> = {}, answers: Record<string, unknown> = {}) {
  const force = Boolean(options.force);
  return helpers
    .run(generatorPath(part), {}, { force })
    .cd(cwd)
    .withOptions({ interactive: false, skipInstall: true, ...options, force } as never)
    .withAnswers(answers);
}
