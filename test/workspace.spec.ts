// Monorepos: the generated service as an npm workspace member that npm can run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './support/cli.js';
import { cleanUpTempDirs } from './support/cleanup.js';

describe('npm workspace', function () {
  cleanUpTempDirs();
  this.timeout(60_000);

  it('inside a monorepo, writes package.json by default and `npm test -w` runs the pytest suite', async () => {
    const root = tempDir('modwsgi-mono-');
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'mono', private: true, workspaces: ['services/*'] }));
    const service = join(root, 'services', 'web');
    mkdirSync(service, { recursive: true });
    const result = await runCli(['--defaults'], { cwd: service, env: { CI: 'true' } });
    assert.equal(result.code, 0, result.stderr);
    const pkg = JSON.parse(readFileSync(join(service, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'web');
    assert.equal(pkg.private, true);
    assert.equal(pkg.scripts.test, 'python3 -m pytest');
    assert.equal(pkg.scripts['deploy:debian'], 'sudo bash deploy/install-debian.sh');
    assert.doesNotMatch(result.stdout + result.stderr, /Add "services\/web" to "workspaces"/);

    // Debian's python3 (with python3-flask) first on PATH, as on a Debian server.
    const npm = spawnSync('npm', ['test', '--workspace', 'services/web'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PATH: `/usr/bin:${process.env.PATH}` },
    });
    assert.equal(npm.status, 0, npm.stdout + npm.stderr);
    assert.match(npm.stdout, /5 passed/);
  });

  it('says how to list the service when the workspaces patterns miss it', async () => {
    const root = tempDir('modwsgi-mono-');
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*'] }));
    const service = join(root, 'services', 'api');
    mkdirSync(service, { recursive: true });
    const result = await runCli(['--defaults'], { cwd: service, env: { CI: 'true' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout + result.stderr, /Add "services\/api" to "workspaces" in .*\/package\.json/);
  });

  it('outside a monorepo writes no package.json unless asked', async () => {
    const plain = tempDir();
    assert.equal((await runCli(['--defaults'], { cwd: plain, env: { CI: 'true' } })).code, 0);
    assert.equal(existsSync(join(plain, 'package.json')), false);
    const asked = tempDir();
    assert.equal((await runCli(['--defaults', '--npm-workspace', 'true'], { cwd: asked, env: { CI: 'true' } })).code, 0);
    assert.equal(existsSync(join(asked, 'package.json')), true);
  });
});
