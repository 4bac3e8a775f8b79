// The sub-generators in the fixture repositories under test/fixtures/: what they
// detect, what they write, and that every file already there is byte-identical
// afterwards. Each case runs in-process (yeoman-test) and through the built CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './support/cli.js';
import { addedFiles, assertUntouched, copyFixture, filesOf, runGenerator, yoRc } from './support/fixtures.js';

const DEBIAN_PYTHON = '/usr/bin/python3';
const answersOf = (root: string) => yoRc(root)['generator-modwsgi'];
const pick = (answers: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((key) => [key, answers[key]]));
const FOUND = ['name', 'package', 'appStyle', 'sourceDir'];

describe('fitting existing repositories', function () {
  this.timeout(60_000);

  describe('factory (package with create_app, pyproject.toml)', () => {
    it('yeoman-test: detects blog/create_app and writes only the .wsgi and .yo-rc.json', async () => {
      const root = copyFixture('factory');
      const before = filesOf(root);
      await runGenerator('wsgi', root, { defaults: true });
      assert.deepEqual(pick(answersOf(root), FOUND), { name: 'blog-factory', package: 'blog', appStyle: 'factory', sourceDir: '' });
      assert.deepEqual(addedFiles(before, root), ['.yo-rc.json', 'blog-factory.wsgi']);
      assert.match(readFileSync(join(root, 'blog-factory.wsgi'), 'utf8'), /^from blog import create_app {2}# noqa: E402\n\napplication = create_app\(\)$/m);
      assertUntouched(before, root);
    });

    it('CLI, from a subfolder: finds the repository root and the app (run.py is an entry script, not a candidate)', async () => {
      const root = copyFixture('factory');
      const before = filesOf(root);
      const result = await runCli(['wsgi', '--defaults', '--cwd', join(root, 'blog', 'static')], { env: { CI: 'true' } });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout + result.stderr, /working in .*factory \(the repository root: it has pyproject\.toml\)/);
      assert.match(result.stdout + result.stderr, /found the Flask app: blog \(factory: create_app\(\) in blog\/__init__\.py:5\)/);
      assert.deepEqual(addedFiles(before, root), ['.yo-rc.json', 'blog-factory.wsgi']);
      assert.equal(answersOf(root).package, 'blog');
      assertUntouched(before, root);
    });
  });

  describe('singleton (single module hello.py, setup.py)', () => {
    it('CLI: detects the module-level app, names from setup.py, lets Flask serve static files', async () => {
      const root = copyFixture('singleton');
      const before = filesOf(root);
      for (const part of ['wsgi', 'apache']) {
        const result = await runCli([part, '--defaults', '--platforms', 'debian', '--cwd', root], { env: { CI: 'true' } });
        assert.equal(result.code, 0, result.stderr);
      }
      const answers = answersOf(root);
      assert.deepEqual(pick(answers, [...FOUND, 'staticUrl']), { name: 'hello-single', package: 'hello', appStyle: 'singleton', sourceDir: '', staticUrl: '' });
      assert.deepEqual(addedFiles(before, root), ['.yo-rc.json', 'deploy/apache/hello-single.conf', 'deploy/install-debian.sh', 'hello-single.wsgi']);
      assert.match(readFileSync(join(root, 'hello-single.wsgi'), 'utf8'), /^from hello import app as application {2}# noqa: E402$/m);
      assert.doesNotMatch(readFileSync(join(root, 'deploy/apache/hello-single.conf'), 'utf8'), /^\s*Alias /m);
      assertUntouched(before, root);
    });

    it('yeoman-test: --answers overrides what was found', async () => {
      const root = copyFixture('singleton');
      const answers = join(tempDir(), 'answers.json');
      writeFileSync(answers, JSON.stringify({ name: 'other', appStyle: 'factory' }));
      await runGenerator('wsgi', root, { defaults: true, answers });
      assert.deepEqual(pick(answersOf(root), FOUND), { name: 'other', package: 'hello', appStyle: 'factory', sourceDir: '' });
    });
  });

  describe('src layout (src/shop re-exports create_app, setup.cfg)', () => {
    it('CLI: detects src/shop, puts src on sys.path and serves src/shop/static', async () => {
      const root = copyFixture('src-layout');
      const before = filesOf(root);
      for (const part of ['wsgi', 'apache']) {
        const result = await runCli([part, '--defaults', '--platforms', 'debian', '--deploy-path', '/srv/shop', '--cwd', root], { env: { CI: 'true' } });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout + result.stderr, /read project names from setup\.cfg/);
      }
      assert.deepEqual(pick(answersOf(root), FOUND), { name: 'shop', package: 'shop', appStyle: 'factory', sourceDir: 'src' });
      const wsgi = readFileSync(join(root, 'shop.wsgi'), 'utf8');
      assert.match(wsgi, /^IMPORT_PATH = os\.path\.join\(DEPLOY_PATH, "src"\)$/m);
      assert.match(readFileSync(join(root, 'deploy/apache/shop.conf'), 'utf8'), /Alias "\/static" "\/srv\/shop\/current\/src\/shop\/static"/);
      assert.deepEqual(addedFiles(before, root), ['.yo-rc.json', 'deploy/apache/shop.conf', 'deploy/install-debian.sh', 'shop.wsgi']);
      assertUntouched(before, root);
    });

    it('yeoman-test: the same answers in-process', async () => {
      const root = copyFixture('src-layout');
      const before = filesOf(root);
      await runGenerator('wsgi', root, { defaults: true });
      assert.deepEqual(pick(answersOf(root), FOUND), { name: 'shop', package: 'shop', appStyle: 'factory', sourceDir: 'src' });
      assertUntouched(before, root);
    });
  });

  describe('two candidate apps (admin package, api module)', () => {
    it('CLI, no terminal: fails with exit 2 listing both candidates, writes nothing', async () => {
      const root = copyFixture('two-apps');
      const before = filesOf(root);
      const result = await runCli(['wsgi', '--defaults', '--cwd', root], { env: { CI: 'true' } });
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.match(result.stderr, /modwsgi: package: found 2 Flask apps in .*: admin \(factory: create_app\(\) in admin\/__init__\.py:4\); api \(singleton: app = Flask\(\.\.\.\) in api\.py:3\); choose one with --package NAME \(allowed: admin, api\)/);
      assert.deepEqual(addedFiles(before, root), []);
      assertUntouched(before, root);
    });

    it('CLI: --package picks one and its style follows', async () => {
      const root = copyFixture('two-apps');
      const result = await runCli(['wsgi', '--defaults', '--package', 'api', '--cwd', root], { env: { CI: 'true' } });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(pick(answersOf(root), ['package', 'appStyle']), { package: 'api', appStyle: 'singleton' });
    });

    it('yeoman-test, interactive with --defaults: still asks which app, offering the two found', async () => {
      const root = copyFixture('two-apps');
      const result = await runGenerator('wsgi', root, { defaults: true, interactive: true }, { package: 'admin' });
      assert.deepEqual(result.askedQuestions.map((q) => q.name), ['package']);
      assert.deepEqual(pick(answersOf(root), ['package', 'appStyle']), { package: 'admin', appStyle: 'factory' });
    });
  });

  describe('no Flask app at all', () => {
    it('CLI, no terminal: exit 2 saying what was looked for; nothing written. Interactive: says so and asks', async () => {
      const root = copyFixture('two-apps');
      writeFileSync(join(root, 'admin', '__init__.py'), '# not a Flask app\n');
      writeFileSync(join(root, 'api.py'), 'application = __import__("flask").Flask(__name__)\n');
      const before = filesOf(root);
      const result = await runCli(['wsgi', '--defaults', '--cwd', root], { env: { CI: 'true' } });
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.match(result.stderr, /modwsgi: package: no Flask app found in .*two-apps \(looked for a package or module, flat or in src\/, that defines create_app\(\) or a module-level app = Flask\(\.\.\.\)\); give the package with --package NAME/);
      assert.deepEqual(addedFiles(before, root), []);
      const asked = await runGenerator('wsgi', root, { defaults: true, interactive: true }, { package: 'api' });
      assert.deepEqual(asked.askedQuestions.map((q) => q.name), ['package']);
      assert.equal(answersOf(root).package, 'api');
    });
  });

  describe('unguarded app.run() (tracker/__init__.py:22)', () => {
    it('CLI without --fix: explains file and line, leaves the code alone', async () => {
      const root = copyFixture('unguarded-run');
      const before = filesOf(root);
      const result = await runCli(['wsgi', '--defaults', '--cwd', root], { env: { CI: 'true' } });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout + result.stderr, /warning: tracker\/__init__\.py:22: app\.run\(host="127\.0\.0\.1", runs when the module is imported\. mod_wsgi imports it, so it would start Flask's development server inside Apache and requests would hang/);
      assert.equal((result.stdout + result.stderr).match(/runs when the module is imported/g)?.length, 1, 'the comment and the strings mentioning app.run() are not code');
      assert.match(result.stdout + result.stderr, /your code was not changed; rerun with --fix/);
      assert.deepEqual(addedFiles(before, root), ['.yo-rc.json', 'tracker.wsgi']);
      assertUntouched(before, root);
    });

    it('CLI with --fix: moves the call under the __main__ guard; the package then imports without starting a server', async () => {
      const root = copyFixture('unguarded-run');
      const before = filesOf(root);
      const result = await runCli(['wsgi', '--defaults', '--fix', '--cwd', root], { env: { CI: 'true' } });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout + result.stderr, /edited +tracker\/__init__\.py {2}\(app\.run\(\) at line 22 moved under if __name__ == "__main__":\)/);
      const fixed = readFileSync(join(root, 'tracker/__init__.py'), 'utf8');
      assert.ok(fixed.endsWith('\n\nif __name__ == "__main__":\n    app.run(host="127.0.0.1",\n            port=5000)\n'), fixed);
      const imported = spawnSync(DEBIAN_PYTHON, ['-c', 'import tracker; print(tracker.app.name)'], { cwd: root, encoding: 'utf8', timeout: 20_000 });
      assert.equal(imported.status, 0, imported.stderr);
      assert.equal(imported.stdout.trim(), 'tracker');
      assertUntouched(before, root, ['tracker/__init__.py']);
      const again = await runCli(['wsgi', '--cwd', root], { env: { CI: 'true' } });
      assert.doesNotMatch(again.stdout + again.stderr, /runs when the module is imported/);
    });

    it('yeoman-test, interactive: edits only after a yes at the prompt', async () => {
      const declined = copyFixture('unguarded-run');
      const before = filesOf(declined);
      const no = await runGenerator('wsgi', declined, { defaults: true, interactive: true }, { fixRunCalls: false });
      assert.deepEqual(no.askedQuestions.map((q) => q.name), ['fixRunCalls']);
      assertUntouched(before, declined);
      const accepted = copyFixture('unguarded-run');
      await runGenerator('wsgi', accepted, { defaults: true, interactive: true }, { fixRunCalls: true });
      assert.match(readFileSync(join(accepted, 'tracker/__init__.py'), 'utf8'), /^if __name__ == "__main__":\n {4}app\.run\(/m);
    });
  });

  describe('single module symlinked into site-packages', () => {
    it('CLI: a venv link pointing at notes.py is found and explained; the app is still notes', async () => {
      const root = copyFixture('symlinked-module');
      const site = join(root, 'venv', 'lib', 'python3.11', 'site-packages');
      mkdirSync(site, { recursive: true });
      writeFileSync(join(root, 'venv', 'pyvenv.cfg'), 'home = /usr/bin\n');
      symlinkSync('../../../../notes.py', join(site, 'notes.py'));
      const before = filesOf(root);
      const result = await runCli(['wsgi', '--defaults', '--cwd', root], { env: { CI: 'true' } });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout + result.stderr, /warning: venv\/lib\/python3\.11\/site-packages\/notes\.py is a symlink to notes\.py \(a single-module app linked into site-packages\)\. Flask finds templates\/ and static\/ next to the path a module was imported from/);
      assert.deepEqual(pick(answersOf(root), ['package', 'appStyle']), { package: 'notes', appStyle: 'singleton' });
      assertUntouched(before, root);
    });

    it('yeoman-test: the repository module itself is a link into site-packages', async () => {
      const root = copyFixture('symlinked-module');
      const site = join(tempDir(), 'lib', 'python3.11', 'site-packages');
      mkdirSync(site, { recursive: true });
      renameSync(join(root, 'notes.py'), join(site, 'notes.py'));
      symlinkSync(join(site, 'notes.py'), join(root, 'notes.py'));
      const before = filesOf(root);
      const messages: string[] = [];
      await runGenerator('wsgi', root, { defaults: true }).onGenerator((generator) => {
        const log = generator.log;
        (generator as { log: unknown }).log = Object.assign((message: string) => (messages.push(String(message)), log(message)), log);
      });
      assert.ok(messages.some((m) => /^warning: notes\.py is a symlink to .*site-packages\/notes\.py/.test(m)), messages.join('\n'));
      assert.equal(answersOf(root).package, 'notes');
      assertUntouched(before, root);
    });
  });
});
