// `yo modwsgi` through yeoman-test: whole generated trees for a matrix of
// answers, compared with reviewed snapshots; prompts; .yo-rc.json re-runs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers, { result } from 'yeoman-test';
import { keysFor } from '../generators/_shared/answers.js';
import { isExecutable, readTree } from './support/cli.js';
import { generatorPath } from './support/fixtures.js';
import { matchSnapshot } from './support/snapshot.js';


/** The answer matrix: each case is a whole tree snapshot. */
export const MATRIX: Record<string, Record<string, unknown>> = {
  defaults: { name: 'demo' },
  'singleton-python-home': { name: 'demo', appStyle: 'singleton', venvActivation: 'python-home', platforms: ['debian'] },
  'embedded-apache22': { name: 'demo', daemon: false, apacheVersion: '2.2', platforms: ['rhel'], scriptReloading: false },
  'all-platforms': {
    name: 'shop-front',
    serverName: 'shop.example.org',
    serverAliases: ['www.shop.example.org'],
    port: 8080,
    deployPath: '/srv/shop front',
    user: 'shop',
    group: 'www-shop',
    processes: 4,
    threads: 8,
    platforms: ['debian', 'rhel', 'opensuse', 'freebsd', 'pkgsrc', 'windows'],
    pythonVersion: '3.12',
    staticUrl: '',
    logDir: '/var/log/shop',
  },
};

const run = (part: string, options: Record<string, unknown>) =>
  helpers.run(generatorPath(part)).withOptions({ interactive: false, defaults: true, skipInstall: true, ...options } as never);

describe('app: generated trees', () => {
  for (const [name, answers] of Object.entries(MATRIX)) {
    it(`matches the snapshot for ${name}`, async () => {
      await run('app', answers);
      matchSnapshot(`app-${name}`, readTree(result.cwd));
    });
  }

  it('writes every piece the brief lists, with executable scripts', async () => {
    await run('app', { name: 'demo', platforms: ['debian', 'rhel', 'opensuse', 'freebsd', 'pkgsrc', 'windows'] });
    for (const file of [
      'pyproject.toml', 'requirements.txt', '.gitignore', 'README.md', 'run.py', '.yo-rc.json',
      'demo/__init__.py', 'demo/views.py', 'tests/test_app.py', 'tests/conftest.py', 'demo.wsgi',
      'deploy/apache/demo.conf', 'deploy/apache/demo-windows.conf', 'deploy/create-venv.sh',
      'deploy/install-debian.sh', 'deploy/install-rhel.sh', 'deploy/install-opensuse.sh', 'deploy/install-freebsd.sh', 'deploy/install-pkgsrc.sh',
    ]) {
      result.assertFile(file);
    }
    assert.ok(isExecutable(join(result.cwd, 'deploy/install-debian.sh')));
    assert.ok(isExecutable(join(result.cwd, 'deploy/create-venv.sh')));
  });

  it('writes only the chosen platforms', async () => {
    await run('app', { name: 'demo', platforms: ['opensuse'] });
    result.assertFile('deploy/install-opensuse.sh');
    result.assertNoFile(['deploy/install-debian.sh', 'deploy/install-rhel.sh', 'deploy/apache/demo-windows.conf']);
  });

  it('guards app.run() in run.py and keeps SECRET_KEY out of the code', async () => {
    await run('app', { name: 'demo' });
    result.assertFileContent('run.py', /^if __name__ == "__main__":\n {4}app\.run\(/m);
    result.assertNoFileContent('run.py', /^app\.run\(/m);
    result.assertFileContent('demo/__init__.py', /os\.environ\.get\("SECRET_KEY"\)/);
    result.assertFileContent('demo/__init__.py', /from_pyfile\("config\.py", silent=True\)/);
    result.assertNoFileContent('demo/__init__.py', /SECRET_KEY\s*=\s*["']/);
  });
});

describe('app: answers sources', () => {
  it('asks every question when interactive, and stores the answers in .yo-rc.json', async () => {
    await helpers
      .run(generatorPath('app'))
      .withOptions({ interactive: true, skipInstall: true } as never)
      .withAnswers({ name: 'asked', serverName: 'asked.example.org', port: '8081', platforms: ['debian'], daemon: true });
    const stored = JSON.parse(readFileSync(join(result.cwd, '.yo-rc.json'), 'utf8'))['generator-modwsgi'];
    assert.deepEqual(Object.keys(stored).sort(), keysFor('app').sort());
    assert.equal(stored.name, 'asked');
    assert.equal(stored.port, 8081);
    assert.equal(stored.package, 'asked');
    assert.equal(stored.deployPath, '/var/www/asked');
    result.assertFileContent('deploy/apache/asked.conf', /ServerName "asked\.example\.org"/);
  });

  it('re-runs from .yo-rc.json without asking and without --defaults', async () => {
    const stored = { name: 'again', port: 8082 };
    await run('app', stored);
    const yoRc = JSON.parse(readFileSync(join(result.cwd, '.yo-rc.json'), 'utf8'))['generator-modwsgi'];
    await helpers
      .run(generatorPath('app'))
      .withYoRcConfig('generator-modwsgi', yoRc)
      .withOptions({ interactive: false, skipInstall: true } as never);
    result.assertFileContent('deploy/apache/again.conf', /<VirtualHost \*:8082>/);
  });

  it('lets command-line options override .yo-rc.json and the answers file', async () => {
    await helpers
      .run(generatorPath('app'))
      .withYoRcConfig('generator-modwsgi', { name: 'stored', port: 8083 })
      .withOptions({ interactive: false, defaults: true, port: '9090', skipInstall: true } as never);
    result.assertFileContent('deploy/apache/stored.conf', /<VirtualHost \*:9090>/);
  });

  it('refuses to run without a terminal when answers are missing, naming them', async () => {
    await assert.rejects(
      helpers.run(generatorPath('app')).withOptions({ interactive: false, name: 'x', skipInstall: true } as never),
      (error: Error) => /^missing answers: package, appStyle, .*--defaults/.test(error.message),
    );
  });

  it('refuses invalid values from any source before writing anything', async () => {
    let dir = '';
    await assert.rejects(
      helpers
        .run(generatorPath('app'))
        .inTmpDir((d) => (dir = d))
        .withOptions({ interactive: false, defaults: true, name: 'x', port: '70000', skipInstall: true } as never),
      /port: "70000" is too large \(from command line\); allowed: an integer from 1 to 65535/,
    );
    assert.equal(existsSync(join(dir, '.yo-rc.json')), false);
    assert.equal(existsSync(join(dir, 'x.wsgi')), false);
  });
});

describe('sub-generators on their own', () => {
  for (const part of ['wsgi', 'apache', 'venv', 'fleet']) {
    it(`${part} writes only its own files (snapshot)`, async () => {
      await run(part, { name: 'solo', package: 'solo_app', platforms: ['debian', 'windows'] });
      const tree = readTree(result.cwd);
      matchSnapshot(`${part}-solo`, tree);
      const stored = JSON.parse(tree.get('.yo-rc.json')!)['generator-modwsgi'];
      assert.ok(!('threads' in stored) || part === 'apache', `${part} stored keys it does not use`);
    });
  }
});
