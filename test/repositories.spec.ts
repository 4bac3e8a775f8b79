// The corpus of real public Flask repositories (test/fixtures/repos/*, each with
// its LICENSE and FIXTURE-SOURCE): the fit finds what each project itself runs,
// changes none of its files, and the generated .wsgi imports the app where
// Debian packages its dependencies (venv built offline with --system-site-packages).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './support/cli.js';
import { filesOf } from './support/fixtures.js';
import { copyRepo, removeRepoCopies } from './support/repos.js';

interface Repo {
  fixture: string;
  /** What the project runs, and where that was read. */
  flaskApp: string;
  readFrom: string;
  /** Debian packages all its runtime dependencies: the venv is built offline and the .wsgi imports the app. */
  debian: boolean;
}

export const REPOS: Repo[] = [
  { fixture: 'flasky', flaskApp: 'flasky:app', readFrom: 'Procfile: gunicorn flasky:app', debian: false },
  { fixture: 'microblog', flaskApp: 'microblog:app', readFrom: '.flaskenv FLASK_APP=microblog.py; boot.sh gunicorn microblog:app', debian: false },
  { fixture: 'flaskr-tutorial', flaskApp: 'flaskr:create_app()', readFrom: 'README.rst: flask --app flaskr run', debian: true },
  { fixture: 'js-example', flaskApp: 'js_example:app', readFrom: 'README.rst: flask --app js_example run', debian: true },
  { fixture: 'celery-src-layout', flaskApp: 'task_app:create_app()', readFrom: 'README.md: flask -A task_app run', debian: false },
  { fixture: 'watchlist', flaskApp: 'watchlist:app', readFrom: '.flaskenv FLASK_APP=watchlist', debian: true },
  { fixture: 'sayhello', flaskApp: 'sayhello:app', readFrom: '.flaskenv FLASK_APP=sayhello', debian: false },
  { fixture: 'bluelog', flaskApp: 'wsgi:app', readFrom: 'Procfile: gunicorn wsgi:app', debian: false },
  { fixture: 'realworld', flaskApp: 'autoapp:app', readFrom: 'Procfile: gunicorn autoapp:app', debian: false },
  { fixture: 'blueprint-tutorial', flaskApp: 'wsgi:app', readFrom: 'gunicorn.conf.py: wsgi_app = "wsgi:app"', debian: false },
  { fixture: 'video-streaming', flaskApp: 'app:app', readFrom: 'README.md: python app.py (app.py defines app = Flask(__name__))', debian: false },
  { fixture: 'todoism', flaskApp: 'todoism:create_app()', readFrom: '.flaskenv FLASK_APP=todoism', debian: false },
];

describe('real repositories: the fit loads what each project runs', function () {
  this.timeout(180_000);
  after(() => removeRepoCopies());
  for (const repo of REPOS) {
    it(`${repo.fixture}: ${repo.flaskApp} (${repo.readFrom}); no file of the project changes`, async () => {
      const root = copyRepo(repo.fixture);
      const before = filesOf(root);
      for (const part of ['wsgi', 'venv']) {
        const result = await runCli([part, '--defaults', '--deploy-path', root, '--cwd', root], { env: { CI: 'true' } });
        assert.equal(result.code, 0, result.stdout + result.stderr);
        if (part === 'wsgi') assert.match(result.stdout + result.stderr, new RegExp(`found the Flask app: ${repo.flaskApp.replace(/[().]/g, '\\$&')}, because `));
      }
      const after = filesOf(root);
      for (const [path, bytes] of before) assert.ok(after.get(path)?.equals(bytes), `${path} changed`);
      const yoRc = JSON.parse(readFileSync(join(root, '.yo-rc.json'), 'utf8'))['generator-modwsgi'];
      assert.equal(yoRc.flaskApp, repo.flaskApp);
      const wsgi = join(root, `${yoRc.name}.wsgi`);
      assert.match(readFileSync(wsgi, 'utf8'), new RegExp(`^from ${repo.flaskApp.split(':')[0].replace(/\./g, '\\.')} import ${repo.flaskApp.split(':')[1].replace(/\(.*$/, '')}\\b`, 'm'));
      if (!repo.debian) return;
      const venv = spawnSync('bash', [join(root, 'deploy', 'create-venv.sh'), '--system-site-packages', '--offline', '--python', '/usr/bin/python3'], { cwd: root, encoding: 'utf8', timeout: 150_000 });
      assert.equal(venv.status, 0, venv.stdout + venv.stderr);
      const load = spawnSync('/usr/bin/python3', ['-c', 'import runpy, sys; g = runpy.run_path(sys.argv[1]); print(type(g["application"]).__name__)', wsgi], { cwd: '/', encoding: 'utf8', timeout: 60_000 });
      assert.equal(load.status, 0, load.stderr);
      assert.equal(load.stdout.trim(), 'Flask');
    });
  }
});
