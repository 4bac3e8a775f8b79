// Build step (scripts/bundle.mjs): makes V8's code caches for the command's heavy half
// (dist/bin/run.cjs.cache) and for the compiled templates (compiled-templates.cjs.cache). It loads
// the bundle as the command does (bin/cached-run.ts), scaffolds a project for every platform in a
// temporary folder, then saves the caches: they then hold the functions that run compiled too, not
// only the top level. Run with the same Node and flags as the command.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { RUN_BUNDLE, loadBundle } = await import(join(root, 'dist', 'bin', 'cached-run.js'));
const { cacheFileOf, saveCodeCaches } = await import(join(root, 'dist', 'generators', '_shared', 'code-cache.js'));
const { COMPILED: COMPILED_TEMPLATES } = await import(join(root, 'dist', 'generators', '_shared', 'template-cache.js'));
for (const file of [RUN_BUNDLE, COMPILED_TEMPLATES]) rmSync(cacheFileOf(file), { force: true });

const { exports } = loadBundle(RUN_BUNDLE);
const work = mkdtempSync(join(tmpdir(), 'modwsgi-warm-'));
try {
  const options = { defaults: true, platforms: 'debian,rhel,opensuse,freebsd,pkgsrc,windows', interactive: false, force: false, skipInstall: true };
  await exports.runGenerator('app', { cwd: join(work, 'hello'), interactive: false, force: false, generatorOptions: options });
} finally {
  rmSync(work, { recursive: true, force: true });
}
const saved = saveCodeCaches();
for (const file of [RUN_BUNDLE, COMPILED_TEMPLATES]) {
  if (!saved.includes(file)) throw new Error(`warm-cache: ${file} was not loaded by the scaffold, so it has no code cache`);
}
