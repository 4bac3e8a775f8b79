// Loads the heavy half of the command (bin/run.ts: Yeoman and the generators) fast.
// The build bundles it into one CommonJS file, dist/bin/run.cjs, and saves V8's code cache for
// it next to it, run.cjs.cache, made by running a scaffold once (scripts/bundle/warm-cache.mjs).
// Compiled through node:vm with that cache, a run skips parsing and compiling most of the
// bundle's code. Node 20 has no module compile cache of its own (module.enableCompileCache
// came in Node 22), and node:vm takes a cache only for a script, hence CommonJS.
// A cache V8 refuses (another Node, another build) is ignored and the code compiles as usual. V8
// checks a cache against its own version and flags and the source's length: the build writes the
// bundle and its cache together.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

type RunModule = typeof import('./run.js');

/** dist/bin/run.cjs, found next to this module (dist/bin, bundled or not). */
export const RUN_BUNDLE = join(dirname(fileURLToPath(import.meta.url)), 'run.cjs');
export const cacheFileOf = (bundle: string) => `${bundle}.cache`;

export interface LoadedBundle {
  exports: RunModule;
  script: Script;
  /** True when a cache file was there and V8 refused it. */
  cacheRejected: boolean;
}

/** Runs `bundle` as CommonJS with its code cache; `import.meta.url` in it is `__bundleUrl` (see scripts/bundle.mjs). */
export function loadBundle(bundle: string = RUN_BUNDLE): LoadedBundle {
  const cacheFile = cacheFileOf(bundle);
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  // The wrapper must stay byte for byte the same between the run that made the cache and this one.
  const source = `(function (exports, require, module, __filename, __dirname, __bundleUrl, __bundleImport) {${readFileSync(bundle, 'utf8')}\n})`;
  const script = new Script(source, { filename: bundle, cachedData });
  const module = { exports: {} as RunModule };
  // The bundle's import() calls, renamed by scripts/bundle.mjs: node:vm loses a cached script's own import() hook.
  const bundleImport = (specifier: string) => import(specifier);
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle), pathToFileURL(bundle).href, bundleImport);
  return { exports: module.exports, script, cacheRejected: cachedData !== undefined && script.cachedDataRejected === true };
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
