// deploy/create-venv.sh on real repositories: which files decide the venv
// (--print-inputs, read by the deploy scripts), and --venv/--python.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './support/cli.js';
import { copyRepo, removeRepoCopies } from './support/repos.js';
import { cleanUpTempDirs } from './support/cleanup.js';

async function withVenvScript(fixture: string): Promise<string> {
  const root = copyRepo(fixture);
  const result = await runCli(['venv', '--defaults', '--cwd', root], { env: { CI: 'true' } });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  return root;
}
const script = (root: string, args: string[]) => spawnSync('bash', [join(root, 'deploy', 'create-venv.sh'), ...args], { cwd: '/', encoding: 'utf8', timeout: 120_000 });

describe('create-venv.sh: what the project declares', function () {
  cleanUpTempDirs();
  this.timeout(150_000);
  after(() => removeRepoCopies());

  const inputs: Array<[string, string[]]> = [
    ['flasky', ['requirements.txt', 'requirements/heroku.txt', 'requirements/prod.txt', 'requirements/common.txt']],
    ['flaskr-tutorial', ['pyproject.toml']],
    ['bluelog', ['requirements.txt']],
    ['blueprint-tutorial', ['requirements.txt', 'pyproject.toml']],
  ];
  for (const [fixture, expected] of inputs) {
    it(`--print-inputs for ${fixture}: ${expected.join(', ')}`, async () => {
      const result = script(await withVenvScript(fixture), ['--print-inputs']);
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(result.stdout.trim().split('\n'), expected);
    });
  }

  it('--venv DIR and --python PATH build there with that interpreter; a bad argument is exit 2', async () => {
    const root = await withVenvScript('js-example');
    const venv = join(tempDir('modwsgi-i9-venv-'), 'v');
    const result = script(root, ['--venv', venv, '--python', '/usr/bin/python3', '--system-site-packages', '--no-install']);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.ok(existsSync(join(venv, 'bin', 'activate_this.py')));
    assert.ok(!existsSync(join(root, 'venv')), 'the answer\'s venvPath is left alone');
    const bad = script(root, ['--venv']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^create-venv\.sh: --venv needs a folder \(allowed: /);
  });
});
