// Where the package's files are, found from this module's own location, bundled (dist/bin) or not
// (dist/generators/_shared): the folder above it that holds templates/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'templates', 'app'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('templates/ folder not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}
export const PACKAGE_ROOT = findPackageRoot();

/** The built module of a sub-generator: how Yeoman names it and finds the package it belongs to. */
export const generatorPath = (part: string) => join(PACKAGE_ROOT, 'dist', 'generators', part, 'index.js');
