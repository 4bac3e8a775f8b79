// Whole-tree snapshots: every generated file and its contents in one readable
// text file under test/snapshots/. A change in output is a reviewed diff.
// UPDATE_SNAPSHOTS=1 rewrites them; in CI a missing snapshot is a failure.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { PACKAGE_ROOT } from './cli.js';

const SNAPSHOT_DIR = join(PACKAGE_ROOT, 'test', 'snapshots');

export function treeText(files: Map<string, string>): string {
  return [...files.entries()].map(([path, contents]) => `===== ${path}\n${contents}`).join('\n');
}

const BASE_PREFIX = '.modwsgi/last-generated/';

/**
 * The merge base copies (merge/base-store.ts) must each equal the file they copy;
 * checked here and left out of the snapshot, which would otherwise hold every file twice.
 */
function withoutBaseCopies(name: string, files: Map<string, string>): Map<string, string> {
  const rest = new Map<string, string>();
  for (const [path, contents] of files) {
    if (!path.startsWith(BASE_PREFIX)) rest.set(path, contents);
    else assert.equal(contents, files.get(path.slice(BASE_PREFIX.length)), `snapshot ${name}: ${path} is not a copy of what was generated`);
  }
  return rest;
}

export function matchSnapshot(name: string, all: Map<string, string>): void {
  assert.ok(all.size > 0, `snapshot ${name}: the generated tree is empty`);
  const files = withoutBaseCopies(name, all);
  const file = join(SNAPSHOT_DIR, `${name}.snap`);
  const actual = treeText(files);
  if (process.env.UPDATE_SNAPSHOTS === '1' || (!existsSync(file) && !process.env.CI)) {
    mkdirSync(SNAPSHOT_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `snapshot ${name} is missing: run UPDATE_SNAPSHOTS=1 npm test and review test/snapshots/${name}.snap`);
  assert.equal(actual, readFileSync(file, 'utf8'), `generated tree differs from test/snapshots/${name}.snap (UPDATE_SNAPSHOTS=1 npm test to accept)`);
}
