// The problems Flask's mod_wsgi docs list under troubleshooting, one test each:
// what the generated project does about it, prevented by construction or
// detected with a message that says what to do.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireRoot, sleep, testPort } from './support/apache.js';
import { runCli, tempDir } from './support/cli.js';
import { DEBIAN_PYTHON, Site, daemonAccounts, workerAccounts } from './support/site.js';
import { cleanUpTempDirs, removeAccounts } from './support/cleanup.js';

// SECRET_KEY: the generated app refuses to start without one outside development and tests.
const python = (args: string[], cwd: string) =>
  spawnSync(DEBIAN_PYTHON, args, { cwd, encoding: 'utf8', timeout: 20_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', SECRET_KEY: 'troubleshooting' } });

describe('troubleshooting: the generated project', function () {
  cleanUpTempDirs();
  this.timeout(60_000);
  // Made in before(), not as the file loads: a run that leaves these tests out makes nothing.
  let root = '';
  let project = '';

  before(async () => {
    root = tempDir('modwsgi-trouble-');
    project = join(root, 'srv', 'trouble');
    mkdirSync(project, { recursive: true });
    const answers = join(root, 'answers.json');
    writeFileSync(answers, JSON.stringify({ name: 'trouble', deployPath: project, venvActivation: 'activate_this', platforms: ['debian'] }));
    const result = await runCli(['--answers', answers, '--defaults', '--cwd', project], { env: { CI: 'true' } });
    assert.equal(result.code, 0, result.stderr);
  });

  it('unguarded app.run(): prevented: run.py guards it, the .wsgi never imports run.py, and the project test names an unguarded call', () => {
    // Imported as a module (as anything but `python run.py`), run.py returns at once: no dev server starts.
    const imported = python(['-c', 'import runpy; runpy.run_path("run.py", run_name="imported"); print("returned")'], project);
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /^returned$/m);
    assert.doesNotMatch(readFileSync(join(project, 'trouble.wsgi'), 'utf8'), /\bimport run\b|from run import/);
    // Broken on purpose in a copy: the project's own test fails with a message naming the cause.
    const copy = join(root, 'unguarded');
    cpSync(project, copy, { recursive: true });
    writeFileSync(join(copy, 'run.py'), readFileSync(join(copy, 'run.py'), 'utf8').replace(/^if __name__ == "__main__":\n\s+/m, ''));
    const tests = python(['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-k', 'guards_app_run'], copy);
    assert.equal(tests.status, 1, tests.stdout);
    assert.match(tests.stdout, /app\.run\(\) at module level/);
  });

  it('wrong user: prevented: user root is refused at generation with a message, and nothing is written', async () => {
    const empty = join(root, 'as-root');
    mkdirSync(empty);
    const result = await runCli(['--defaults', '--user', 'root', '--cwd', empty], { env: { CI: 'true' } });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /user: "root" is refused: the daemon must never run as user 'root'/);
    assert.deepEqual(readdirSync(empty), []);
    assert.match(readFileSync(join(project, 'deploy', 'apache', 'trouble.conf'), 'utf8'), /WSGIDaemonProcess "trouble" user="trouble" group="trouble"/);
  });

  it('module symlinked into site-packages: prevented: the app is a package, found through a symlink with its templates and static files', () => {
    const sitePackages = join(root, 'site-packages');
    mkdirSync(sitePackages);
    symlinkSync(join(project, 'trouble'), join(sitePackages, 'trouble'));
    const check = [
      'import site, sys',
      `site.addsitedir(${JSON.stringify(sitePackages)})`,
      'from trouble import create_app',
      'client = create_app({"TESTING": True, "SECRET_KEY": "t"}).test_client()',
      'print(client.get("/").status_code, client.get("/static/style.css").status_code)',
    ].join('\n');
    const result = python(['-c', check], '/');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), '200 200');
    // The .wsgi needs no symlink at all: it puts the deploy path first on sys.path.
    assert.match(readFileSync(join(project, 'trouble.wsgi'), 'utf8'), /^IMPORT_PATH = DEPLOY_PATH$[\s\S]*^sys\.path\.insert\(0, IMPORT_PATH\)$/m);
  });

  it('missing activate_this.py: detected: the .wsgi and create-venv.sh both say so and what to do', () => {
    const made = spawnSync(DEBIAN_PYTHON, ['-m', 'venv', '--without-pip', join(project, 'venv')], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const wsgi = python(['trouble.wsgi'], project);
    assert.notEqual(wsgi.status, 0);
    assert.match(wsgi.stderr, /RuntimeError: .*venv\/bin\/activate_this\.py is missing.*Recreate the venv with deploy\/create-venv\.sh/);
    const script = spawnSync('bash', [join(project, 'deploy', 'create-venv.sh'), '--no-install'], { encoding: 'utf8', env: { ...process.env, PYTHON: DEBIAN_PYTHON } });
    assert.equal(script.status, 1, script.stdout + script.stderr);
    assert.match(script.stderr, /activate_this\.py is missing \(was the venv made by 'python -m venv'\?\); remove .* and run this script again/);
  });
});

describe('@e2e troubleshooting under Apache: wrong user, print(), missing activate_this.py', function () {
  cleanUpTempDirs();
  this.timeout(120_000);
  let site: Site;

  before(async () => {
    requireRoot();
    site = await Site.generate({ answers: { name: 'ts-site', port: testPort(18110), processes: 1, scriptReloading: true, user: 'modwsgi-ts', group: 'modwsgi-ts' } });
    const views = join(site.project, 'ts_site', 'views.py');
    writeFileSync(views, readFileSync(views, 'utf8').replace('def health():\n', 'def health():\n    print("print-from-health")\n'));
    site.makeVenv();
    await site.serve();
  });
  after(async () => {
    await site?.stop();
    site?.cleanup();
    removeAccounts();
  });

  it('wrong user: the app runs as the configured account in its daemon, never as root or as Apache\'s own user', () => {
    assert.deepEqual(daemonAccounts(site.apache!.pid()!, site.name), ['modwsgi-ts:modwsgi-ts']);
    assert.deepEqual([...new Set(workerAccounts(site.apache!.pid()!))], ['www-data:www-data']);
  });

  it('print() to stdout: prevented: the request succeeds and the text lands in the error log', async () => {
    await site.expect('/health');
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && !site.apache!.log().includes('print-from-health')) await sleep(100);
    assert.match(site.apache!.log(), /\[wsgi:error\].*print-from-health/);
    assert.doesNotMatch(readFileSync(site.vhost, 'utf8'), /WSGIRestrictStdout On/);
    assert.deepEqual(site.tracebacks(), [], site.explain());
  });

  it('missing activate_this.py: detected: 500, and the error log says what is missing and what to do', async () => {
    rmSync(join(site.project, 'venv', 'bin', 'activate_this.py'));
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(site.project, 'ts-site.wsgi'), later, later);
    const response = await site.get('/');
    assert.equal(response.status, 500, `expected 500, got ${response.status}`);
    assert.match(site.apache!.log(), /activate_this\.py is missing, so mod_wsgi cannot activate the virtualenv .*Recreate the venv with deploy\/create-venv\.sh/);
  });
});

