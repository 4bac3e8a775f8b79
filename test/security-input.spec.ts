// Security review, what the generator accepts and says: no deploy folder under
// a DocumentRoot, no privileged daemon group, the static-folder rule with
// sourceDir, a clean exit 2 on a broken .yo-rc.json, messages that never echo
// raw input, no invisible characters, a SECRET_KEY that fails closed, and a
// .wsgi that refuses a venv made for another Python.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanUpTempDirs } from './support/cleanup.js';
import { runCli, tempDir, type CliResult } from './support/cli.js';
import { addedFiles, assertUntouched, copyFixture, filesOf } from './support/fixtures.js';

const CI = { env: { CI: 'true' } };
// Recorded temporary folders (support/cli.ts), removed after each describe by cleanUpTempDirs.
const scratch = () => tempDir('modwsgi-i16-');
const output = (result: CliResult) => result.stdout + result.stderr;
/** A bad-input run: exit 2, and the folder exactly as before. */
async function refused(args: string[], root: string): Promise<string> {
  const before = filesOf(root);
  const result = await runCli([...args, '--cwd', root], CI);
  assert.equal(result.code, 2, output(result));
  assert.deepEqual(addedFiles(before, root), []);
  assertUntouched(before, root);
  return result.stderr;
}
const answersFile = (dir: string, name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('security: input and generated safeguards', function () {
  cleanUpTempDirs();
  this.timeout(120_000);
  afterEach(() => {
    process.chdir(tmpdir());
  });

  describe('finding 1: nothing under a DocumentRoot', () => {
    it('CLI: deployPath /var/www/html (Debian), venvPath under /srv/www/htdocs (openSUSE), logDir under FreeBSD\'s data: each refused naming the field', async () => {
      const root = scratch();
      const stderr = await refused(['--defaults', '--name', 'site', '--platforms', 'debian,opensuse,freebsd', '--deploy-path', '/var/www/html',
        '--venv-path', '/srv/www/htdocs/venv', '--log-dir', '/usr/local/www/apache24/data/logs'], root);
      assert.match(stderr, /modwsgi: deployPath: "\/var\/www\/html" is Debian \/ Ubuntu's DocumentRoot \/var\/www\/html, which Apache serves to any Host/);
      assert.match(stderr, /modwsgi: venvPath: "\/srv\/www\/htdocs\/venv" lies under openSUSE \/ SLES's DocumentRoot \/srv\/www\/htdocs/);
      assert.match(stderr, /modwsgi: logDir: "\/usr\/local\/www\/apache24\/data\/logs" lies under FreeBSD's DocumentRoot/);
    });

    it('CLI: a project named html never gets /var/www/html as its default deployPath', async () => {
      const parent = scratch();
      const root = join(parent, 'html');
      mkdirSync(root);
      const result = await runCli(['--defaults', '--platforms', 'debian', '--cwd', root], CI);
      assert.equal(result.code, 0, output(result));
      const stored = JSON.parse(spawnSync('cat', [join(root, '.yo-rc.json')], { encoding: 'utf8' }).stdout)['generator-modwsgi'];
      assert.equal(stored.deployPath, '/var/www/html-app');
      assert.equal(stored.venvPath, '/var/www/html-app/venv');
    });
  });

  describe('finding 14: no privileged group or account', () => {
    for (const [option, value] of [['--group', 'shadow'], ['--group', 'docker'], ['--group', 'sudo'], ['--user', 'disk'], ['--group', 'adm']]) {
      it(`CLI: ${option} ${value} is refused with why`, async () => {
        const stderr = await refused(['--defaults', option, value], scratch());
        assert.match(stderr, new RegExp(`modwsgi: ${option.slice(2)}: "${value}" is refused: '${value}' is a privileged group \\([^)]+\\)`));
      });
    }
  });

  describe('finding 15: logs in the static folder, with sourceDir', () => {
    it('CLI: logDir under src/PACKAGE/static (sourceDir src) is refused', async () => {
      const root = copyFixture('src-layout');
      const detected = await runCli(['apache', '--defaults', '--dry-run', '--cwd', root], CI);
      assert.equal(detected.code, 0, output(detected));
      const pkg = /found the Flask app: (\w+)/.exec(output(detected))![1];
      const stderr = await refused(['apache', '--defaults', '--deploy-path', '/srv/app', '--log-dir', `/srv/app/src/${pkg}/static/logs`], root);
      assert.match(stderr, new RegExp(`modwsgi: logDir: "/srv/app/src/${pkg}/static/logs" is inside the static folder /srv/app/src/${pkg}/static`));
    });
  });

  describe('finding 21: a malformed .yo-rc.json is bad input', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['a list', '[1, 2]', /\.yo-rc\.json: must be a JSON object; fix or remove the file/],
      ['a number as the file record', '{"generator-modwsgi-files": 7}', /"generator-modwsgi-files" must map file paths to sha256 hashes/],
      ['a hash that is not one', '{"generator-modwsgi-files": {"blog-factory.wsgi": 7}}', /whose hash is not 64 hex digits/],
      ['100000 levels of nesting', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, /not valid JSON \(nested deeper than 64 levels\)/],
      ['a key given twice', '{"generator-modwsgi": {"name": "a", "name": "b"}}', /not valid JSON \(the key "name" is given twice in one object\)/],
    ];
    for (const [what, text, message] of cases) {
      it(`CLI: ${what}: exit 2, one line, nothing written`, async () => {
        const root = copyFixture('factory');
        writeFileSync(join(root, '.yo-rc.json'), text);
        const stderr = await refused(['wsgi', '--defaults'], root);
        assert.match(stderr, message);
        assert.equal(stderr.trim().split('\n').length, 1, stderr);
        assert.doesNotMatch(stderr, /Cannot create property|Maximum call stack|Storage/);
      });
    }

    it('CLI: the same checks apply in a sub-folder (the repository root\'s .yo-rc.json)', async () => {
      const root = copyFixture('factory');
      writeFileSync(join(root, '.yo-rc.json'), '{"generator-modwsgi-files": "x"}');
      const stderr = await refused(['wsgi', '--defaults'], join(root, 'blog'));
      assert.match(stderr, /"generator-modwsgi-files" must map file paths to sha256 hashes/);
    });
  });

  describe('finding 22: messages never echo raw input', () => {
    it('CLI: escape sequences and newlines in an unknown key and a value are shown escaped, on one line each', async () => {
      const dir = scratch();
      const file = answersFile(dir, 'a.json', JSON.stringify({ 'x\u001b[2K\rmodwsgi: done\n': 1, name: 'a\u009b31m\u001b]0;t\u0007' }));
      const stderr = await refused(['--defaults', '--answers', file], scratch());
      assert.doesNotMatch(stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      assert.ok(stderr.split('\n').every((line) => line === '' || line.startsWith('modwsgi: ')), stderr);
      assert.match(stderr, /\\u\{1b\}\[2K/);
    });

    it('CLI: a 1 MB value becomes a short line', async () => {
      const dir = scratch();
      const file = answersFile(dir, 'a.json', JSON.stringify({ serverName: 'x'.repeat(900_000), ['k'.repeat(50_000)]: 1 }));
      const stderr = await refused(['--defaults', '--answers', file], scratch());
      for (const line of stderr.split('\n')) assert.ok(line.length < 1100, `a line of ${line.length} characters`);
      assert.match(stderr, /serverName: "x{20,}\.\.\./);
    });

    it('CLI: YAML .inf and .nan are reported as such, not as null', async () => {
      const dir = scratch();
      for (const [value, shown] of [['.inf', '.inf'], ['-.inf', '-.inf'], ['.nan', '.nan']]) {
        const stderr = await refused(['--defaults', '--answers', answersFile(dir, 'a.yml', `port: ${value}\n`)], scratch());
        assert.match(stderr, new RegExp(`port: ${shown.replace(/\./g, '\\.')} is`));
        assert.doesNotMatch(stderr, /null/);
      }
    });

    it('CLI: YAML warnings do not leak; a key twice in JSON is refused as in YAML', async () => {
      const dir = scratch();
      const yaml = await refused(['--defaults', '--answers', answersFile(dir, 'a.yml', 'name: !custom hello\n')], scratch());
      assert.match(yaml, /modwsgi: answers file [^\n]*a\.yml: not valid YAML: [^\n]*tag/i);
      assert.ok(yaml.split('\n').every((line) => line === '' || line.startsWith('modwsgi: ')), yaml);
      const json = await refused(['--defaults', '--answers', answersFile(dir, 'a.json', '{"name": "one", "name": "two"}')], scratch());
      assert.match(json, /not valid JSON: the key "name" is given twice in one object/);
    });
  });

  describe('finding 24: bidi and zero-width characters', () => {
    for (const [key, value, code] of [['deployPath', '/srv/\u202egpj.exe', 'U\\+202E'], ['venvPath', '/srv/app/ve\u200bnv', 'U\\+200B'], ['logDir', '/var/log/\u2066app', 'U\\+2066'], ['windowsDeployPath', 'C:/www/\ufeffapp', 'U\\+FEFF']] as const) {
      it(`CLI: ${key} with ${code.replace('\\', '')} is refused`, async () => {
        const dir = scratch();
        const stderr = await refused(['--defaults', '--platforms', 'debian,windows', '--answers', answersFile(dir, 'a.json', JSON.stringify({ [key]: value }))], scratch());
        assert.match(stderr, new RegExp(`${key}: .* contains the invisible character ${code}`));
        assert.doesNotMatch(stderr, /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/);
      });
    }
  });
});
