// @e2e The whole path a user takes: the built CLI scaffolds a project from an
// answers file, its own tests pass, the .wsgi compiles, apache2 -t accepts the
// vhost, and a private Apache + mod_wsgi in daemon mode serves it on 127.0.0.1.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrivateApache, daemonAccounts, ensureAccount, get, openPath, requireRoot, serveInPlace, testPort, waitUntilServing, withSharedFiles } from './support/apache.js';
import { runCli, tempDir } from './support/cli.js';
import { cleanUpTempDirs, removeAccounts } from './support/cleanup.js';

export const DEBIAN_PYTHON = '/usr/bin/python3';

describe('@e2e quick start: scaffold, test, serve', function () {
  cleanUpTempDirs();
  this.timeout(180_000);
  // Made in before(), not as the file loads: a run that leaves these tests out makes nothing.
  let root = '';
  let project = '';
  before(() => {
    root = tempDir('modwsgi-e2e-');
    project = join(root, 'srv', 'hello');
  });
  const port = testPort(18081);
  let apache: PrivateApache | undefined;

  before(() => requireRoot());
  after(async () => {
    await apache?.stop();
    removeAccounts();
  });

  it('scaffolds from an answers file without asking', async () => {
    execFileSync('mkdir', ['-p', project]);
    openPath(project);
    const answers = join(root, 'answers.yml');
    writeFileSync(
      answers,
      [
        'name: hello',
        `deployPath: ${project}`,
        `port: ${port}`,
        'user: modwsgi-e2e',
        'group: modwsgi-e2e',
        'platforms: [debian]',
      ].join('\n'),
    );
    const result = await runCli(['--answers', answers, '--defaults', '--cwd', project], { env: { CI: 'true' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout + result.stderr, /^\s*created\s+hello\.wsgi$/m);
    // As the install script does: without a SECRET_KEY the app refuses to start in production.
    execFileSync('mkdir', ['-p', join(project, 'instance')]);
    writeFileSync(join(project, 'instance', 'config.py'), 'SECRET_KEY = "quickstart-test-key"\n');
    serveInPlace(project);
  });

  it("runs the generated project's own tests", () => {
    const result = spawnSync(DEBIAN_PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: project, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /\b5 passed\b/);
  });

  it('compiles the .wsgi file', () => {
    const result = spawnSync(DEBIAN_PYTHON, ['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', join(project, 'hello.wsgi')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  it('creates the virtualenv with the generated script (virtualenv, so activate_this.py exists)', () => {
    const result = spawnSync('bash', [join(project, 'deploy', 'create-venv.sh'), '--system-site-packages'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, PYTHON: DEBIAN_PYTHON },
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const activate = spawnSync('test', ['-f', join(project, 'venv', 'bin', 'activate_this.py')]);
    assert.equal(activate.status, 0, 'venv/bin/activate_this.py is missing');
  });

  it('passes apache2 -t and serves GET / and /health from the daemon, as the configured user', async () => {
    ensureAccount('modwsgi-e2e');
    apache = new PrivateApache({ root: join(root, 'apache'), includes: withSharedFiles([join(project, 'deploy', 'apache', 'hello.conf')]) });
    assert.match(apache.configTest(), /Syntax OK/);
    apache.start();
    await waitUntilServing(apache, port, 'localhost');

    const index = await get(port, '/');
    assert.equal(index.status, 200, `GET / -> ${index.status}\n${apache.problems().join('\n')}`);
    assert.match(index.body, /<h1>hello<\/h1>/);
    const health = await get(port, '/health');
    assert.equal(health.status, 200, apache.problems().join('\n'));
    assert.deepEqual(JSON.parse(health.body), { status: 'ok', name: 'hello' });
    const css = await get(port, '/static/style.css');
    assert.equal(css.status, 200);

    const accounts = daemonAccounts(apache.pid()!, 'hello');
    assert.equal(accounts.length, 2, 'expected the 2 daemon processes of (wsgi:hello)');
    assert.deepEqual([...new Set(accounts)], ['modwsgi-e2e:modwsgi-e2e']);
    assert.deepEqual(apache.problems().filter((line) => /Traceback/.test(line)), []);
  });
});
