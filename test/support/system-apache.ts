// The system Apache's config folders as a test found them: the install scripts add shared files
// (conf-available, conf-enabled) and modules (mods-enabled) that a test must take away again.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ETC = '/etc/apache2';
const FOLDERS = ['conf-available', 'conf-enabled', 'mods-enabled', 'sites-available', 'sites-enabled'];

export type ApacheConfigState = Map<string, Set<string>>;

/** The names in each config folder of the system Apache. */
export function apacheConfigState(): ApacheConfigState {
  return new Map(FOLDERS.map((folder) => [folder, new Set(existsSync(join(ETC, folder)) ? readdirSync(join(ETC, folder)) : [])]));
}

/** Removes what was added to the config folders since `before` (links first); returns the paths removed. */
export function restoreApacheConfig(before: ApacheConfigState): string[] {
  const removed: string[] = [];
  for (const folder of [...FOLDERS].reverse()) {
    const dir = join(ETC, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      if (before.get(folder)?.has(name)) continue;
      rmSync(join(dir, name), { force: true, recursive: true });
      removed.push(join(dir, name));
    }
  }
  return removed;
}
