// How the built command starts: --version and --help load no part of Yeoman, a run that cannot ask
// loads no prompt library, and npm's installer is not in the command at all. Read from the bundle's
// own import graph (dist/bin), which is what Node loads.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, PACKAGE_ROOT, runCli } from './support/cli.js';

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
const holding = (marker: string) => readdirSync(BIN).filter((f) => f.endsWith('.js') && read(f).includes(marker));
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

  it('a run loads Yeoman; the prompt library only when a question is asked', () => {
    const runChunk = dynamicImports('modwsgi.js').find((f) => loadedWith(f).has(holding(YEOMAN_ENV)[0]));
    assert.ok(runChunk, 'no lazily loaded chunk holds Yeoman');
    assert.deepEqual([...loadedWith(runChunk)].filter((f) => holding(PROMPTS).includes(f)), []);
  });

  it("leaves npm's installer (Arborist) out of the command", () => {
    assert.deepEqual(holding('@npmcli/arborist'), []);
    assert.ok(holding('installing generators on the fly is not part of the modwsgi command').length > 0);
  });
});
