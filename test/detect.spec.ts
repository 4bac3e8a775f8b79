// Detection rules, one per class of real repository, each with the ranking and
// its reasons; and repository content that must not hang or slow detection.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { flaskAppProblem } from '../generators/_shared/flask-app.js';
import { bestCandidate, detectApp, runCallsIn, staticFolderOf, writableDirsOf, importedFiles } from '../generators/_shared/repository/detect.js';
import { commandTargets } from '../generators/_shared/repository/declared.js';
import { RepositoryFit } from '../generators/_shared/repository/fit.js';
import { PACKAGE_ROOT, tempDir } from './support/cli.js';
import { FIXTURES } from './support/fixtures.js';

const made: string[] = [];
function repo(files: Record<string, string>): string {
  const root = tempDir('modwsgi-i9-detect-');
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
const best = (root: string) => bestCandidate(detectApp(root).candidates);
const reasons = (root: string, flaskApp: string) => detectApp(root).candidates.find((c) => c.flaskApp === flaskApp)?.reasons.map((r) => r.text);

after(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('detection: the app lives in a submodule', () => {
  it('pkg/server.py beats an unrelated Flask() in a helper module, and says why', () => {
    const root = repo({
      'shop/__init__.py': '',
      'shop/server.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'shop/mocks.py': 'from flask import Flask\nfake = Flask("mock")\n',
    });
    assert.equal(best(root)?.flaskApp, 'shop.server:app');
    assert.deepEqual(reasons(root, 'shop.server:app'), ['module-level Flask() in shop/server.py']);
    assert.equal(detectApp(root).candidates.find((c) => c.flaskApp === 'shop.mocks:fake')?.score, 2);
  });

  it('src/pkg/main.py, and a package that re-exports its submodule app', () => {
    assert.equal(best(repo({ 'src/tool/__init__.py': '', 'src/tool/main.py': 'import flask\napp = flask.Flask(__name__)\n' }))?.flaskApp, 'tool.main:app');
    const reexport = repo({ 'portal/__init__.py': 'from .core import app\n', 'portal/core.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    assert.equal(best(reexport)?.flaskApp, 'portal:app');
    assert.deepEqual(reasons(reexport, 'portal:app'), ['portal/__init__.py re-exports app from .core', 'module-level Flask() in portal/core.py']);
    assert.equal(detectApp(reexport).candidates.length, 1, 'the same app is one candidate');
    const star = repo({ 'portal/__init__.py': 'from .core import *\n', 'portal/core.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    assert.equal(best(star)?.flaskApp, 'portal:app');
  });
});

describe('detection: a root script builds the app after setup', () => {
  it('wsgi.py with load_dotenv() and a config argument outranks the package factory, which needs an argument', () => {
    const root = repo({
      'blog/__init__.py': 'def create_app(config_name):\n    from flask import Flask\n    return Flask(__name__)\n',
      'wsgi.py': 'import os\nfrom dotenv import load_dotenv\nload_dotenv()\nfrom blog import create_app\napp = create_app(os.getenv("FLASK_CONFIG") or "default")\n',
    });
    const detection = detectApp(root);
    assert.equal(best(root)?.flaskApp, 'wsgi:app');
    assert.equal(best(root)?.package, 'blog');
    assert.deepEqual(reasons(root, 'wsgi:app'), ['wsgi.py builds the app with create_app() after its setup']);
    const factory = detection.candidates.find((c) => c.flaskApp === 'blog:create_app()');
    assert.equal(factory?.problem, 'create_app(config_name) needs an argument');
    assert.ok(factory!.score < 0, 'a factory nobody can call ranks last');
  });

  it('run.py that only calls create_app() is not preferred to the package; an optional argument is no problem', () => {
    const root = repo({ 'blog/__init__.py': 'def create_app(test_config=None):\n    pass\n', 'run.py': 'from blog import create_app\napp = create_app()\n' });
    assert.equal(best(root)?.flaskApp, 'blog:create_app()');
    assert.equal(detectApp(root).candidates[0].problem, undefined);
  });
});

describe('detection: what the project declares outranks guesses', () => {
  const app = { 'hello/__init__.py': 'def create_app():\n    pass\n', 'autoapp.py': 'from hello import create_app\napp = create_app()\n' };
  const cases: Array<[string, Record<string, string>, string, string]> = [
    ['FLASK_APP in .flaskenv', { '.flaskenv': 'FLASK_APP=autoapp.py\nFLASK_DEBUG=1\n' }, 'autoapp:app', 'declared: FLASK_APP in .flaskenv'],
    ['FLASK_APP in .env.example', { '.env.example': 'export FLASK_APP="autoapp"\n' }, 'autoapp:app', 'declared: FLASK_APP in .env.example'],
    ['gunicorn in Procfile', { Procfile: "web: gunicorn -w 3 -b 0.0.0.0:$PORT 'hello:create_app()'\n" }, 'hello:create_app()', 'declared: gunicorn in Procfile'],
    ['gunicorn in a Dockerfile CMD array', { Dockerfile: 'RUN pip install gunicorn\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "autoapp:app"]\n' }, 'autoapp:app', 'declared: gunicorn in Dockerfile'],
    ['waitress --call', { 'docker-compose.yml': 'services:\n  web:\n    command: waitress-serve --port=8080 --call hello:create_app\n' }, 'hello:create_app()', 'declared: waitress in docker-compose.yml'],
    ['uwsgi --module in a supervisord program', { 'deployment/supervisor/site.conf': '[program:site]\ncommand=/srv/venv/bin/uwsgi --http :80 --module autoapp:app\n' }, 'autoapp:app', 'declared: uwsgi in deployment/supervisor/site.conf'],
    ['wsgi_app in gunicorn.conf.py', { 'gunicorn.conf.py': 'bind = "0.0.0.0:8000"\nwsgi_app = "autoapp:app"\n' }, 'autoapp:app', 'declared: gunicorn.conf.py'],
    ['flask --app in the README', { 'README.md': 'Run it:\n\n    flask --app hello run --debug\n' }, 'hello:create_app()', 'declared: flask --app in README.md'],
    ['factory arguments as declared', { Procfile: 'web: gunicorn "hello:create_app(\'production\')"\n' }, "hello:create_app('production')", 'declared: gunicorn in Procfile'],
    ['[project.scripts] naming the factory', { 'pyproject.toml': '[project]\nname = "hello"\n[project.scripts]\nserve = "hello:create_app"\n' }, 'hello:create_app()', 'declared: [project.scripts] serve in pyproject.toml'],
  ];
  for (const [what, files, flaskApp, reason] of cases) {
    it(`${what}: ${flaskApp}`, () => {
      const root = repo({ ...app, ...files });
      const chosen = best(root);
      assert.equal(chosen?.flaskApp, flaskApp);
      assert.equal(chosen?.reasons[0].text, reason);
      assert.ok(chosen!.score >= 10, `declared support ${chosen!.score}`);
    });
  }

  it('reads gunicorn, waitress, uwsgi and flask command lines, not pip install lines', () => {
    assert.deepEqual(commandTargets('exec gunicorn -b :5000 --access-logfile - --error-logfile - microblog:app'), [{ target: 'microblog:app', server: 'gunicorn' }]);
    assert.deepEqual(commandTargets('uwsgi --wsgi-file wsgi.py --callable application'), [{ target: 'wsgi.py:application', server: 'uwsgi' }]);
    assert.deepEqual(commandTargets('flask --app=src.main run'), [{ target: 'src.main', server: 'flask --app' }]);
    assert.deepEqual(commandTargets('RUN pip install gunicorn pymysql'), []);
  });

  it('a declaration naming a module that is not there is a note, not a candidate', () => {
    const detection = detectApp(repo({ ...app, Procfile: 'web: gunicorn missing:app\n' }));
    assert.ok(detection.notes.includes('gunicorn in Procfile names missing:app, but no module missing is in the repository'), detection.notes.join('\n'));
  });
});

describe('detection: ranking ties and the non-interactive choice', () => {
  it('two equally supported apps: no default, and the problem lists both with their reasons', () => {
    const root = repo({ 'admin/__init__.py': 'def create_app():\n    pass\n', 'api.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    const fit = new RepositoryFit(detectApp(root));
    assert.equal(fit.candidateFor(), undefined);
    assert.match(fit.ambiguity()!, /^flaskApp: found 2 equally supported Flask apps in .*: admin:create_app\(\) \(support 3: create_app\(\) in admin\/__init__\.py\); api:app \(support 3: module-level Flask\(\) in api\.py\); choose one with --flask-app/);
    assert.deepEqual(fit.choices().flaskApp?.map((c) => c.value), ['admin:create_app()', 'api:app']);
  });

  it('the best-supported one is chosen and the others are listed as not chosen', () => {
    const root = repo({ 'admin/__init__.py': 'def create_app():\n    pass\n', 'api.py': 'from flask import Flask\napp = Flask(__name__)\n', '.flaskenv': 'FLASK_APP=api\n' });
    const lines = new RepositoryFit(detectApp(root)).findings({});
    assert.equal(lines[0], 'found the Flask app: api:app, because declared: FLASK_APP in .flaskenv; module-level Flask() in api.py');
    assert.equal(lines[1], '  not chosen: admin:create_app() (support 3: create_app() in admin/__init__.py)');
  });

  it('old answers with package/appStyle only still pick the matching candidate', () => {
    const root = repo({ 'admin/__init__.py': 'def create_app():\n    pass\n', 'api.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    const fit = new RepositoryFit(detectApp(root));
    assert.equal(fit.defaults({ package: 'api' }).flaskApp, 'api:app');
    assert.equal(fit.defaults({ package: 'gone', appStyle: 'factory' }).flaskApp, 'gone:create_app()');
  });
});

describe('detection: unguarded app.run() in every form', () => {
  it('module level, with arguments, inside a function module-level code calls; not under the guard', () => {
    const root = repo({
      'app.py': [
        'from flask import Flask',
        'app = Flask(__name__)',
        'app.run(host="0.0.0.0",',
        '        port=8000)',
        'def main():',
        '    app.run(debug=True)',
        'main()',
        'def serve():',
        '    app.run()',
        'if __name__ == "__main__":',
        '    serve()',
      ].join('\n'),
    });
    const calls = runCallsIn(root, ['app.py']);
    assert.deepEqual(calls.map((c) => [c.line.start, c.line.via?.name, c.line.via?.line]), [[3, undefined, undefined], [7, 'main', 6]]);
    const fit = new RepositoryFit(detectApp(root));
    assert.match(fit.runCallWarnings(calls)[1], /^app\.py:7: main\(\) runs when the module is imported \(it calls main\(\), which runs app\.run\(\) at line 6\)/);
  });
});

describe('detection: static and writable folders', () => {
  it('static_folder= is followed; none, or static_folder=None, leaves the Alias out', () => {
    const served = repo({ 'web/__init__.py': 'from flask import Flask\napp = Flask(__name__, static_folder="assets")\n', 'web/assets/site.css': '' });
    assert.equal(staticFolderOf(served, best(served)!), 'web/assets');
    const none = repo({ 'web/__init__.py': 'from flask import Flask\napp = Flask(__name__, static_folder=None)\n', 'web/static/x.css': '' });
    assert.equal(staticFolderOf(none, best(none)!), null);
    const missing = repo({ 'web/__init__.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    assert.equal(staticFolderOf(missing, best(missing)!), null);
    assert.equal(new RepositoryFit(detectApp(missing)).defaults({}).staticUrl, '');
  });

  it('instance_path and literal os.makedirs() targets are writable folders', () => {
    const root = repo({
      'notes/__init__.py': 'import os\nfrom flask import Flask\ndef create_app():\n    app = Flask(__name__, instance_relative_config=True)\n    os.makedirs(app.instance_path, exist_ok=True)\n    os.makedirs("uploads", exist_ok=True)\n    return app\n',
    });
    const app = best(root)!;
    assert.deepEqual(writableDirsOf(root, importedFiles(root, app), app), ['instance', 'uploads']);
  });

  it('a real repository: bluelog logs into logs/ and uploads into uploads/, both named from the folder above its package', () => {
    const fit = new RepositoryFit(detectApp(join(FIXTURES, 'repos', 'bluelog')));
    assert.deepEqual(fit.facts(fit.defaults({})).writableDirs, ['logs', 'uploads']);
  });

  it("folders named from a module's own folder (basedir joins, pathlib) are writable folders, relative to the root", () => {
    const root = repo({
      'shop/__init__.py': [
        'import os',
        'from pathlib import Path',
        'from flask import Flask',
        'basedir = os.path.abspath(os.path.dirname(__file__))',
        'BASE_DIR = Path(__file__).resolve().parent',
        "LOG_DIR = os.path.join(basedir, 'logs')",
        'def create_app():',
        '    app = Flask(__name__)',
        "    app.config['UPLOAD_FOLDER'] = os.path.join(basedir, 'static/uploads')",
        "    app.config['TEMPLATES_AUTO_RELOAD'] = os.path.join(basedir, 'not-a-folder-we-write')",
        "    os.makedirs(os.path.join(basedir, 'exports'), exist_ok=True)",
        "    (BASE_DIR / 'cache').mkdir(parents=True, exist_ok=True)",
        "    os.makedirs(os.path.join(basedir, '../outside'), exist_ok=True)",
        '    os.makedirs(os.path.join(basedir, computed), exist_ok=True)',
        '    return app',
        '',
      ].join('\n'),
    });
    const app = best(root)!;
    assert.deepEqual(writableDirsOf(root, importedFiles(root, app), app).sort(), ['shop/cache', 'shop/exports', 'shop/logs', 'shop/static/uploads']);
  });
});

describe('flaskApp: Flask --app syntax, literal arguments only', () => {
  it('accepts module:name and module:factory(literals)', () => {
    for (const ok of ['autoapp:app', 'pkg.server:application', "app:create_app('production')", 'a:make_app(debug=True, workers=2)', 'a:create_app()']) assert.equal(flaskAppProblem(ok), undefined, ok);
  });
  it('refuses code, missing parts and bad identifiers, saying which', () => {
    assert.equal(flaskAppProblem('autoapp'), 'is not of the form module:name or module:factory(args)');
    assert.equal(flaskAppProblem('my-app:app'), 'has the module part "my-app", which is not a Python identifier');
    assert.equal(flaskAppProblem('os:app'), "names the standard library module 'os'");
    assert.equal(flaskAppProblem('app:class'), 'has the name "class", which is not a Python identifier');
    assert.match(flaskAppProblem('app:create_app(__import__("os").system("id"))')!, /^has arguments that are not literals/);
    assert.match(flaskAppProblem("app:create_app(open('x'))")!, /^has arguments that are not literals/);
  });
});

describe('detection: repository content cannot hang it or make it crawl', function () {
  this.timeout(60_000);
  /** Runs detection in a child process, so a hang is a failed test and not a hung test run. */
  const detectInChild = (root: string) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', `import { detectApp } from ${JSON.stringify(join(PACKAGE_ROOT, 'dist/generators/_shared/repository/detect.js'))}; const d = detectApp(process.argv[1]); console.log(JSON.stringify({ apps: d.candidates.map((c) => c.flaskApp), notes: d.notes }));`, root], { encoding: 'utf8', timeout: 20_000 });

  it('a FIFO as a package __init__.py is skipped, not waited on', () => {
    const root = repo({ 'real/__init__.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    mkdirSync(join(root, 'stuck'));
    assert.equal(spawnSync('mkfifo', [join(root, 'stuck', '__init__.py')]).status, 0);
    const result = detectInChild(root);
    assert.equal(result.status, 0, `detection did not finish: ${result.error ?? result.stderr}`);
    assert.deepEqual(JSON.parse(result.stdout).apps, ['real:app']);
  });

  it('a module that links to /dev/zero is skipped', () => {
    const root = repo({ 'real.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    symlinkSync('/dev/zero', join(root, 'zero.py'));
    const result = detectInChild(root);
    assert.equal(result.status, 0, `detection did not finish: ${result.error ?? result.stderr}`);
    assert.deepEqual(JSON.parse(result.stdout).apps, ['real:app']);
  });

  it('a 2 MB setup.py built to make the metadata regexes quadratic is not read', () => {
    const root = repo({ 'real.py': 'from flask import Flask\napp = Flask(__name__)\n', 'setup.py': `setup(${'packages=['.repeat(200_000)}` });
    const started = Date.now();
    const result = detectInChild(root);
    assert.equal(result.status, 0, `detection did not finish: ${result.error ?? result.stderr}`);
    assert.ok(Date.now() - started < 15_000);
    assert.ok(JSON.parse(result.stdout).notes.includes('setup.py is larger than 256 KiB; not read'));
  });
});

describe('flaskApp: answers from before it existed', function () {
  this.timeout(60_000);
  it('an answers file with only package and appStyle still loads that app', async () => {
    const { runCli } = await import('./support/cli.js');
    const root = repo({ 'admin/__init__.py': 'def create_app():\n    pass\n', 'api.py': 'from flask import Flask\napp = Flask(__name__)\n', 'old.json': '{"package": "api", "appStyle": "singleton"}' });
    const result = await runCli(['wsgi', '--answers', join(root, 'old.json'), '--defaults', '--name', 'old', '--cwd', root], { env: { CI: 'true' } });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const { readFileSync } = await import('node:fs');
    assert.match(readFileSync(join(root, 'old.wsgi'), 'utf8'), /^from api import app as application {2}# noqa: E402$/m);
  });
});
