// Which folder is the repository: the nearest one, going up, that has any marker.
import { homedir } from 'node:os';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readText } from './files.js';

/** In the order a folder's reason is named when it has several. */
const MARKERS = ['.yo-rc.json', 'pyproject.toml', 'setup.cfg', 'setup.py', '.git'] as const;

const exists = (path: string) => {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
};

function hasOurYoRc(dir: string): boolean {
  try {
    return 'generator-modwsgi' in JSON.parse(readText(join(dir, '.yo-rc.json')) ?? '{}');
  } catch {
    return false;
  }
}

const markerIn = (dir: string) => MARKERS.find((marker) => (marker === '.yo-rc.json' ? hasOurYoRc(dir) : exists(join(dir, marker))));

/**
 * The repository a sub-generator works in, from any folder inside it: the
 * nearest folder with our .yo-rc.json, Python project metadata or .git (a
 * .yo-rc.json further up never beats a project's own marker). The search stops at
 * the home folder and at a filesystem boundary; with no marker, the current folder.
 */
export function findRepositoryRoot(cwd: string): { root: string; reason: string } {
  const home = resolve(homedir());
  const start = resolve(cwd);
  for (let dir = start; ; ) {
    const marker = markerIn(dir);
    if (marker) return { root: dir, reason: marker };
    const parent = dirname(dir);
    if (parent === dir || dir === home) break;
    try {
      if (statSync(parent).dev !== statSync(dir).dev) break;
    } catch {
      break;
    }
    dir = parent;
  }
  return { root: start, reason: 'the current folder' };
}
