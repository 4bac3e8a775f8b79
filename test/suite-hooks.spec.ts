// The suite's last check: a run that leaves a folder behind fails and names it; a clean run passes.
// Each case runs mocha on a one-test spec with the suite's hooks, as `npm test` loads them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT, tempDir } from './support/cli.js';
import { cleanUpTempDirs } from './support/cleanup.js';

const MOCHA = join(PACKAGE_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const HOOKS = join(PACKAGE_ROOT, 'dist', 'test', 'support', 'suite-hooks.js');

function runSpec(dir: string, body: string) {
  const spec = join(dir, 'one.spec.mjs');
  writeFileSync(spec, `import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';\nimport { tmpdir } from 'node:os';\nimport { join } from 'node:path';\nit('runs', () => {\n${body}\n});\n`);
  // Its own run: its own folder inside this run's temporary folder.
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: dir };
  delete env.MODWSGI_SUITE_DIR;
  const result = spawnSync(process.execPath, [MOCHA, '--no-config', '--reporter', 'dot', '--require', HOOKS, spec], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the suite fails when a test leaves something behind', function () {
  cleanUpTempDirs();
  this.timeout(90_000);

  it('a folder left in the temporary folder: the run fails, names it, and removes it', () => {
    const dir = tempDir('modwsgi-hooks-');
    const { code, output } = runSpec(dir, "  mkdirSync(join(mkdtempSync(join(tmpdir(), 'modwsgi-leak-')), 'inside'));");
    assert.notEqual(code, 0, output);
    assert.match(output, /the tests left 1 thing\(s\) behind/);
    assert.match(output, /folder \S+\/modwsgi-suite-\w+\/modwsgi-leak-\w+/);
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('modwsgi-suite-')), [], 'the run folder is removed');
  });

  it('a test that cleans up: the run passes and its folder is gone', () => {
    const dir = tempDir('modwsgi-hooks-');
    const { code, output } = runSpec(dir, "  rmSync(mkdtempSync(join(tmpdir(), 'modwsgi-tidy-')), { recursive: true });");
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /left/);
    assert.equal(existsSync(dir) && readdirSync(dir).some((name) => name.startsWith('modwsgi-suite-')), false);
  });
});
