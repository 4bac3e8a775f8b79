// `npm init modwsgi` runs the create-modwsgi package: installed next to
// generator-modwsgi, it must behave exactly like the modwsgi command.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT, readTree, tempDir } from './support/cli.js';
import { cleanUpTempDirs } from './support/cleanup.js';

describe('create-modwsgi (npm init modwsgi)', function () {
  cleanUpTempDirs();
  this.timeout(60_000);
  let modules = '';
  let bin = '';
  after(() => { if (modules) rmSync(dirname(modules), { recursive: true, force: true }); });

  before(() => {
    modules = join(tempDir('modwsgi-create-'), 'node_modules');
    bin = join(modules, 'create-modwsgi', 'cli.js');
    mkdirSync(join(modules, 'create-modwsgi'), { recursive: true });
    for (const file of ['cli.js', 'package.json']) copyFileSync(join(PACKAGE_ROOT, 'create-modwsgi', file), join(modules, 'create-modwsgi', file));
    symlinkSync(PACKAGE_ROOT, join(modules, 'generator-modwsgi'));
  });

  it('scaffolds with the options given after --', () => {
    const dir = tempDir();
    const result = spawnSync(process.execPath, [bin, '--answers', join(PACKAGE_ROOT, 'examples', 'answers.yml')], {
      cwd: dir, encoding: 'utf8', input: '', env: { ...process.env, CI: 'true' },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.ok(readTree(dir).has('hello.wsgi'));
  });

  it('exits 2 on bad input and writes nothing', () => {
    const dir = tempDir();
    const result = spawnSync(process.execPath, [bin, '--defaults', '--threads', '0'], { cwd: dir, encoding: 'utf8', input: '' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /threads: "0" is too small \(from command line\); allowed: an integer from 1 to 256/);
    assert.deepEqual(readdirSync(dir), []);
  });
});
