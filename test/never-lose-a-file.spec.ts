// No user file is ever lost: conflicts refuse before anything is written, a
// re-run changes nothing, changed answers update generated files and are merged
// into the ones the user edited (merge-runs.spec.ts), --force replaces them,
// --dry-run writes nothing.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './support/cli.js';
import { addedFiles, assertUntouched, copyFixture, filesOf, runGenerator, yoRc } from './support/fixtures.js';
import { cleanUpTempDirs } from './support/cleanup.js';
import { DOCTOR_PATHS } from './support/doctor.js';

const CI = { env: { CI: 'true' } };
const VHOST = 'deploy/apache/diary.conf';
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

describe('never lose a file', function () {
  cleanUpTempDirs();
  this.timeout(60_000);

  describe('user-edited vhost (.yo-rc.json records what an earlier run wrote)', () => {
    it('CLI, changed serverName: merges the new answer into the edited vhost, keeps the edit, reports it', async () => {
      const root = copyFixture('user-edited-vhost');
      const before = filesOf(root);
      const result = await runCli(['apache', '--server-name', 'notes.example.org', '--cwd', root], CI);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout + result.stderr, /answer changed: serverName "diary\.example\.org" -> "notes\.example\.org"/);
      assert.match(result.stdout + result.stderr, /merged +deploy\/apache\/diary\.conf {2}\(your edits kept, the new output merged in\)/);
      assert.match(result.stdout + result.stderr, /updated +deploy\/install-debian\.sh/);
      assert.match(read(root, 'deploy/install-debian.sh'), /notes\.example\.org/);
      assert.equal(read(root, VHOST), before.get(VHOST)!.toString().replace('"diary.example.org"', '"notes.example.org"'));
      // The doctor bakes the answers in; the copies under .modwsgi/ are the next merge's base.
      assert.match(read(root, 'deploy/doctor'), /notes\.example\.org/);
      assertUntouched(before, root, [VHOST, 'deploy/install-debian.sh', 'deploy/doctor', '.yo-rc.json']);
      assert.equal(yoRc(root)['generator-modwsgi'].serverName, 'notes.example.org');
    });

    it('yeoman-test, --force: replaces the edited vhost with the new answers', async () => {
      const root = copyFixture('user-edited-vhost');
      const before = filesOf(root);
      await runGenerator('apache', root, { force: true, serverName: 'notes.example.org' });
      const vhost = read(root, VHOST);
      assert.match(vhost, /ServerName "notes\.example\.org"/);
      assert.doesNotMatch(vhost, /Added by hand/);
      assertUntouched(before, root, [VHOST, 'deploy/install-debian.sh', 'deploy/doctor', '.yo-rc.json']);
      // Now it is generated again: a run with other answers updates it without --force.
      await runGenerator('apache', root, { serverName: 'third.example.org' });
      assert.match(read(root, VHOST), /ServerName "third\.example\.org"/);
    });

    it('CLI, no record of earlier runs: every differing file is listed, exit 1, nothing written', async () => {
      const root = copyFixture('user-edited-vhost');
      const rc = yoRc(root);
      delete rc['generator-modwsgi-files'];
      writeFileSync(join(root, '.yo-rc.json'), JSON.stringify(rc, null, 2));
      writeFileSync(join(root, 'diary.wsgi'), '# my own entry point\nfrom diary import create_app\napplication = create_app()\n');
      const before = filesOf(root);
      for (const part of ['apache', 'wsgi']) {
        const result = await runCli([part, '--server-name', 'notes.example.org', '--cwd', root], CI);
        assert.equal(result.code, 1, result.stdout + result.stderr);
        const listed = part === 'apache' ? ['deploy/apache/diary.conf', 'deploy/doctor', 'deploy/install-debian.sh'] : ['diary.wsgi'];
        assert.match(result.stderr, new RegExp(`these files exist and differ from what would be written:\\n${listed.map((f) => `modwsgi:   ${f.replace(/\./g, '\\.')}`).join('\\n')}\\nmodwsgi: nothing was written`));
      }
      assertUntouched(before, root);
      assert.deepEqual(addedFiles(before, root), []);
    });

    it('yeoman-test, interactive: the conflicter shows the diff and asks; "skip" keeps the file, "write" replaces and records it', async () => {
      const root = copyFixture('factory');
      writeFileSync(join(root, 'blog-factory.wsgi'), 'application = None\n');
      const skipped = await runGenerator('wsgi', root, { defaults: true, interactive: true }, { action: 'skip' });
      assert.ok(skipped.askedQuestions.some((q) => q.name === 'action'), 'the conflicter did not ask');
      assert.equal(read(root, 'blog-factory.wsgi'), 'application = None\n');
      await runGenerator('wsgi', root, { defaults: true, interactive: true }, { action: 'write' });
      assert.match(read(root, 'blog-factory.wsgi'), /application = create_app\(\)/);
      const record = yoRc(root)['generator-modwsgi-files'] as Record<string, string>;
      assert.ok(record['blog-factory.wsgi'], 'the accepted file is recorded as generated');
    });
  });

  describe('re-runs and dry runs (factory fixture)', () => {
    it('CLI: a second run with the same answers changes nothing, .yo-rc.json included, and says so', async () => {
      const root = copyFixture('factory');
      for (const part of ['wsgi', 'apache', 'venv']) {
        const first = await runCli([part, '--defaults', '--cwd', root], CI);
        assert.equal(first.code, 0, first.stderr);
      }
      const before = filesOf(root);
      for (const part of ['wsgi', 'apache', 'venv']) {
        const again = await runCli([part, '--cwd', root], CI);
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout + again.stderr, /nothing changed: every file is already as these answers make it/);
        assert.doesNotMatch(again.stdout + again.stderr, /\b(created|updated|overwritten)\b/);
      }
      assertUntouched(before, root);
      assert.deepEqual(addedFiles(before, root), []);
    });

    it('CLI: --dry-run and --pretend list what would happen and write nothing', async () => {
      const root = copyFixture('factory');
      const before = filesOf(root);
      for (const flag of ['--dry-run', '--pretend']) {
        const result = await runCli(['apache', '--defaults', '--platforms', 'debian', flag, '--cwd', root], CI);
        assert.equal(result.code, 0, result.stderr);
        const creates = ['deploy/apache/blog-factory.conf', 'deploy/apache/modwsgi-server.conf', 'deploy/apache/modwsgi-port-80.conf', 'deploy/install-debian.sh', ...DOCTOR_PATHS];
        assert.ok((result.stdout + result.stderr).includes(`${creates.map((path) => `would create    ${path}`).join('\n  ')}\ndry run, nothing written: ${creates.length} would create`), result.stdout);
      }
      assert.deepEqual(addedFiles(before, root), []);
      assertUntouched(before, root);
    });

    it('yeoman-test: `--dry-run` as a generator argument (as `yo modwsgi:wsgi --dry-run` passes it) lists updates and merges', async () => {
      const root = copyFixture('user-edited-vhost');
      const before = filesOf(root);
      const messages: string[] = [];
      await runGenerator('apache', root, { serverName: 'dry.example.org' })
        .withArguments(['--dry-run'])
        .onGenerator((generator) => {
          const log = generator.log;
          (generator as { log: unknown }).log = Object.assign((message: string) => (messages.push(String(message)), log(message)), log);
        });
      const text = messages.join('\n');
      assert.match(text, /would merge +deploy\/apache\/diary\.conf/);
      assert.match(text, /would update +deploy\/install-debian\.sh/);
      assert.match(text, /would update +deploy\/doctor/);
      assert.match(text, /answers added since this project was generated take their defaults: httpsPort, acmeEmail, /);
      assert.match(text, new RegExp(`dry run, nothing written: 16 unchanged, 2 would update, 1 would merge`));
      assertUntouched(before, root);
    });
  });
});
