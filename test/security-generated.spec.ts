// Security review, the generated Python: a missing SECRET_KEY stops the app in
// production (random only in development and tests), and the .wsgi refuses a
// virtualenv made for another Python. Run with the real python3 and Flask.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli.js';
import { requireRoot, testPort } from './support/apache.js';
import { Site } from './support/site.js';

const made: string[] = [];
const PYTHON = '/usr/bin/python3';
const RUNNING = spawnSync(PYTHON, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).stdout.trim();

async function generate(appStyle: string, extra: string[] = []): Promise<{ project: string; venv: string }> {
  const root = mkdtempSync(join(tmpdir(), 'modwsgi-i16-'));
  made.push(root);
  const project = join(root, 'demo');
  const venv = join(root, 'venv');
  mkdirSync(project);
  const result = await runCli(['--defaults', '--name', 'demo', '--app-style', appStyle, '--platforms', 'debian', '--deploy-path', project, '--venv-path', venv, ...extra, '--cwd', project], { env: { CI: 'true' } });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  return { project, venv };
}

/** python3 in the project, with no SECRET_KEY or FLASK_DEBUG from this environment. */
function python(cwd: string, code: string, env: Record<string, string> = {}) {
  const clean = { ...process.env };
  delete clean.SECRET_KEY;
  delete clean.FLASK_DEBUG;
  return spawnSync(PYTHON, ['-c', code], { cwd, encoding: 'utf8', env: { ...clean, PYTHONDONTWRITEBYTECODE: '1', ...env }, timeout: 60_000 });
}

describe('security: the generated Python', function () {
  this.timeout(120_000);
  after(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  describe('finding 13: SECRET_KEY fails closed in production', () => {
    for (const style of ['factory', 'singleton']) {
      it(`${style}: without SECRET_KEY the app does not start, naming the file to put it in; FLASK_DEBUG=1, a key in instance/config.py or the environment start it; its tests pass`, async () => {
        const { project } = await generate(style);
        const load = style === 'factory' ? 'import demo; app = demo.create_app()' : 'from demo import app';
        const production = python(project, `${load}\nprint(app.config["SECRET_KEY"])`);
        assert.notEqual(production.status, 0, production.stdout);
        assert.match(production.stderr, /RuntimeError: SECRET_KEY is not set: put SECRET_KEY = "<random hex>" in \S+instance\/config\.py/);
        const development = python(project, `${load}\nprint(len(app.config["SECRET_KEY"]))`, { FLASK_DEBUG: '1' });
        assert.equal(development.status, 0, development.stderr);
        assert.equal(development.stdout.trim(), '64');
        assert.equal(python(project, `${load}\nprint(app.config["SECRET_KEY"])`, { SECRET_KEY: 'from-env' }).stdout.trim(), 'from-env');
        mkdirSync(join(project, 'instance'), { recursive: true });
        writeFileSync(join(project, 'instance', 'config.py'), 'SECRET_KEY = "from-instance"\n');
        assert.equal(python(project, `${load}\nprint(app.config["SECRET_KEY"])`).stdout.trim(), 'from-instance');
        rmSync(join(project, 'instance'), { recursive: true });
        const tests = python(project, 'import sys, pytest; sys.exit(pytest.main(["-q", "-p", "no:cacheprovider"]))');
        assert.equal(tests.status, 0, tests.stdout + tests.stderr);
        assert.match(tests.stdout, /\d+ passed/);
      });
    }
  });

  describe('@e2e finding 13 under a real Apache + mod_wsgi (processes=2)', function () {
    let site: Site | undefined;
    after(async () => {
      await site?.stop();
      site?.cleanup();
      spawnSync('userdel', ['modwsgi-i16']);
      spawnSync('groupdel', ['modwsgi-i16']);
    });

    it('without a key every request is a 500 whose log names SECRET_KEY; with the key in instance/config.py the site serves', async () => {
      requireRoot();
      site = await Site.generate({ answers: { name: 'keyless', port: testPort(20211), processes: 2, user: 'modwsgi-i16', group: 'modwsgi-i16' } });
      rmSync(join(site.project, 'instance'), { recursive: true });
      site.makeVenv();
      await site.serve();
      const keyless = await site.get('/');
      assert.equal(keyless.status, 500, site.explain());
      assert.match(site.explain(), /RuntimeError: SECRET_KEY is not set/);
      await site.stop();
      mkdirSync(join(site.project, 'instance'));
      writeFileSync(join(site.project, 'instance', 'config.py'), 'SECRET_KEY = "0123456789abcdef0123456789abcdef"\n', { mode: 0o644 });
      await site.serve();
      await site.expect('/health');
    });
  });

  describe("finding 18: the .wsgi checks the venv's Python", () => {
    const fakeVenv = (venv: string, version: string) => {
      mkdirSync(join(venv, 'bin'), { recursive: true });
      writeFileSync(join(venv, 'bin', 'activate_this.py'), '# activated\n');
      writeFileSync(join(venv, 'pyvenv.cfg'), `home = /usr/bin\ninclude-system-site-packages = false\nversion_info = ${version}.0.final.0\n`);
    };

    it('a venv made for another Python stops the .wsgi with a message naming both versions', async () => {
      const { project, venv } = await generate('factory');
      fakeVenv(venv, '3.99');
      const result = python(project, 'import runpy\nrunpy.run_path("demo.wsgi")', { SECRET_KEY: 'k' });
      assert.notEqual(result.status, 0);
      assert.match(result.stderr, new RegExp(`RuntimeError: the virtualenv ${venv.replace(/[.]/g, '\\.')} was made for Python 3\\.99, but mod_wsgi runs Python ${RUNNING.replace('.', '\\.')}`));
    });

    it("a venv of the running Python loads the app", async () => {
      const { project, venv } = await generate('factory');
      fakeVenv(venv, RUNNING);
      const result = python(project, 'import runpy\nprint(runpy.run_path("demo.wsgi")["application"].name)', { SECRET_KEY: 'k' });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout.trim(), 'demo');
    });
  });
});
