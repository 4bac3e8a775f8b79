// Loads the heavy half of the command (bin/run.ts: Yeoman and the generators) fast. The build
// bundles it into one CommonJS file, dist/bin/run.cjs, and saves V8's code cache for it next to it
// (generators/_shared/code-cache.ts).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadWithCodeCache, type Loaded } from '../generators/_shared/code-cache.js';

type RunModule = typeof import('./run.js');

/** dist/bin/run.cjs, found next to this module (dist/bin, bundled or not). */
export const RUN_BUNDLE = join(dirname(fileURLToPath(import.meta.url)), 'run.cjs');

/** Runs `bundle`; `import.meta.url` in it is `__bundleUrl` (see scripts/bundle.mjs). */
export function loadBundle(bundle: string = RUN_BUNDLE): Loaded<RunModule> {
  return loadWithCodeCache<RunModule>(bundle, {
    __bundleUrl: pathToFileURL(bundle).href,
    // The bundle's import() calls, renamed by scripts/bundle.mjs: node:vm loses a cached script's own import() hook.
    __bundleImport: (specifier: string) => import(specifier),
  });
}

let loaded: Promise<RunModule> | undefined;

/**
 * The heavy half: the cached bundle when built, else the modules tsc wrote (a build without
 * bundling). Loaded once per process: yo's entry points (lib/generators) share one copy, so a
 * composed generator shares its run's state with the generator that composed it.
 */
export function loadRun(): Promise<RunModule> {
  loaded ??= existsSync(RUN_BUNDLE) ? Promise.resolve(loadBundle().exports) : import('./run.js');
  return loaded;
}
