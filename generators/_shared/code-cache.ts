// Loads a CommonJS file through node:vm with V8's code cache for it, kept next to it (FILE.cache):
// V8 then skips parsing and compiling what the cache holds. Node 20 has no module compile cache of
// its own (module.enableCompileCache came in Node 22), and node:vm takes a cache only for a
// script, hence CommonJS. The build makes the caches by running a scaffold once and saving what
// was loaded (scripts/bundle/warm-cache.mjs). V8 checks a cache against its own version and flags
// and the source's length, and ignores one it refuses: the code then compiles as usual.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

// One list per process, though this module is in the command's bundles and in dist/generators alike.
const REGISTRY = Symbol.for('generator-modwsgi.code-cache');
const store = globalThis as unknown as Record<symbol, Map<string, Script> | undefined>;
const loaded = (store[REGISTRY] ??= new Map<string, Script>());

export const cacheFileOf = (file: string) => `${file}.cache`;

export interface Loaded<T> {
  exports: T;
  /** True when a cache file was there and V8 refused it. */
  cacheRejected: boolean;
}

/** Runs `file` as CommonJS with its code cache; `extra` names more values the file sees as variables. */
export function loadWithCodeCache<T>(file: string, extra: Record<string, unknown> = {}): Loaded<T> {
  const cacheFile = cacheFileOf(file);
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  // The wrapper must stay byte for byte the same between the run that made the cache and this one.
  const parameters = ['exports', 'require', 'module', '__filename', '__dirname', ...Object.keys(extra)].join(', ');
  const script = new Script(`(function (${parameters}) {${readFileSync(file, 'utf8')}\n})`, { filename: file, cachedData });
  loaded.set(file, script);
  const module = { exports: {} as T };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file), ...Object.values(extra));
  return { exports: module.exports, cacheRejected: cachedData !== undefined && script.cachedDataRejected === true };
}

/** Build time: writes the code cache of every file loaded so far, with what has run compiled in. */
export function saveCodeCaches(): string[] {
  for (const [file, script] of loaded) writeFileSync(cacheFileOf(file), script.createCachedData());
  return [...loaded.keys()];
}
