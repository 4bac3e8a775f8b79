// How the built command starts: --version and --help load no part of Yeoman, a run that cannot ask
// loads no prompt library, the heavy half loads with a code cache V8 accepts, and npm's installer is
// not in the command at all. Read from the bundle's own files (dist/bin), which are what Node loads.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanUpTempDirs } from './support/cleanup.js';
import { CLI, PACKAGE_ROOT, runCli, tempDir } from './support/cli.js';

const BIN = join(PACKAGE_ROOT, 'dist', 'bin');
const read = (file: string) => readFileSync(join(BIN, file), 'utf8');
const staticImports = (file: string) => [...read(file).matchAll(/from\s*"\.\/(chunk-\w+\.js)"/g)].map((m) => m[1]);
const dynamicImports = (file: string) => [...read(file).matchAll(/import\("\.\/(chunk-\w+\.js)"\)/g)].map((m) => m[1]);

/** The files Node loads with `file`, following static imports only. */
function loadedWith(file: string): Set<string> {
  const seen = new Set<string>([file]);
  const queue = [file];
  while (queue.length > 0) {
    for (const child of staticImports(queue.shift()!)) {
      if (seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
    }
  }
  return seen;
}
const holding = (marker: string) => readdirSync(BIN).filter((f) => /\.c?js$/.test(f) && read(f).includes(marker));
// Strings that only these libraries hold: Yeoman's environment (its debug name), the prompt library's encodings.
const YEOMAN_ENV = 'yeoman:environment';
const PROMPTS = 'iconv';

describe('start-up of the built command', () => {
  it('is a bundle: dist/bin/modwsgi.js imports no package by name', () => {
    assert.equal(CLI, join(BIN, 'modwsgi.js'));
    assert.doesNotMatch(read('modwsgi.js'), /from\s*"(?![./]|node:)[^"]+"/);
  });

  it('--version and --help load neither Yeoman nor the prompt library, and still answer', async () => {
    const loaded = [...loadedWith('modwsgi.js')];
    assert.ok(holding(YEOMAN_ENV).length > 0 && holding(PROMPTS).length > 0, 'markers not found: the check would prove nothing');
    assert.deepEqual(loaded.filter((f) => holding(YEOMAN_ENV).includes(f) || holding(PROMPTS).includes(f)), []);
    assert.match((await runCli(['--version'])).stdout, /^\d+\.\d+\.\d+\n$/);
    assert.match((await runCli(['--help'])).stdout, /^usage: modwsgi /);
  });

  it('a run loads Yeoman from run.cjs; the prompt library (prompts.js) only when a question is asked', () => {
    assert.deepEqual(holding(YEOMAN_ENV), ['run.cjs']);
    assert.deepEqual(holding(PROMPTS), ['prompts.js']);
    // run.cjs reaches the prompt library by a dynamic import of ./prompts.js, made on the first question
    // (through bin/cached-run.ts: a script compiled from a code cache has no import() of its own).
    assert.match(read('run.cjs'), /__bundleImport\(new URL\("\.\/prompts\.js",/);
    assert.doesNotMatch(read('run.cjs'), /(?<![.\w$])import\(/);
  });

  // A fresh Node process, as the command runs: the test runner's own flags could change V8's answer.
  const loadInChild = (bundle: string) => {
    const script = `const { loadBundle } = await import(${JSON.stringify(join(BIN, 'cached-run.js'))});
      const { exports, cacheRejected } = loadBundle(${JSON.stringify(bundle)});
      console.log(JSON.stringify({ cacheRejected, runGenerator: typeof exports.runGenerator }));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout) as { cacheRejected: boolean; runGenerator: string };
  };

  it('the heavy half loads with the code cache made at build time, and V8 accepts it', () => {
    assert.ok(readFileSync(join(BIN, 'run.cjs.cache')).length > 100_000, 'run.cjs.cache is missing or nearly empty');
    assert.deepEqual(loadInChild(join(BIN, 'run.cjs')), { cacheRejected: false, runGenerator: 'function' });
  });

  describe('a cache V8 refuses', () => {
    cleanUpTempDirs();
    it('is ignored: the bundle compiles as usual and runs', () => {
      // A package of its own: the bundle finds templates/ in a folder above it.
      const root = tempDir();
      mkdirSync(join(root, 'bin'));
      symlinkSync(join(PACKAGE_ROOT, 'templates'), join(root, 'templates'));
      copyFileSync(join(BIN, 'run.cjs'), join(root, 'bin', 'run.cjs'));
      writeFileSync(join(root, 'bin', 'run.cjs.cache'), Buffer.alloc(4096, 7));
      assert.deepEqual(loadInChild(join(root, 'bin', 'run.cjs')), { cacheRejected: true, runGenerator: 'function' });
    });
  });

  it("leaves npm's installer (Arborist) out of the command", () => {
    assert.deepEqual(holding('@npmcli/arborist'), []);
    assert.ok(holding('installing generators on the fly is not part of the modwsgi command').length > 0);
  });
});
