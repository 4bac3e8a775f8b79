// Build step (scripts/bundle.mjs): makes dist/bin/run.cjs.cache, V8's code cache for the command's
// heavy half. It loads the bundle as the command does (bin/cached-run.ts), scaffolds a project for
// every platform in a temporary folder, then saves the cache: it then holds the functions that run
// compiled too, not only the top level. Run with the same Node and flags as the command.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { RUN_BUNDLE, cacheFileOf, loadBundle } = await import(join(root, 'dist', 'bin', 'cached-run.js'));
rmSync(cacheFileOf(RUN_BUNDLE), { force: true });
const { exports, script } = loadBundle(RUN_BUNDLE);
const work = mkdtempSync(join(tmpdir(), 'modwsgi-warm-'));
try {
  const options = { defaults: true, platforms: 'debian,rhel,opensuse,freebsd,pkgsrc,windows', interactive: false, force: false, skipInstall: true };
  await exports.runGenerator('app', { cwd: join(work, 'hello'), interactive: false, force: false, generatorOptions: options });
} finally {
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(cacheFileOf(RUN_BUNDLE), script.createCachedData());
