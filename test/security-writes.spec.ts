// Security review, generator writes: never through a symlink, every file
// replaced atomically with the record last, one run at a time per folder, and a
// file-system error mid-run leaves the repository as it was.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, linkSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runCli, tempDir, type CliResult } from './support/cli.js';
import { FIXTURES, addedFiles, assertUntouched, copyFixture, filesOf, runGenerator, yoRc } from './support/fixtures.js';
import { hashOf } from '../generators/_shared/plan.js';
import { ChangedMeanwhileError, WriteFailedError, notePlannedOn, writeAll } from '../generators/_shared/output/write.js';
import { LOCK_FILE } from '../generators/_shared/output/lock.js';
import { cleanUpTempDirs } from './support/cleanup.js';

const CI = { env: { CI: 'true' } };
// Recorded temporary folders (support/cli.ts), removed after each describe by cleanUpTempDirs.
const scratch = () => tempDir('modwsgi-i16-');
const output = (result: CliResult) => result.stdout + result.stderr;
const temporaries = (root: string) => [...filesOf(root).keys()].filter((path) => /\.tmp$|modwsgi\.lock/.test(path));

describe('security: how the generator writes', function () {
  cleanUpTempDirs();
  this.timeout(60_000);
  afterEach(() => {
    // yeoman-test moved into a scratch folder; leave it before it is removed.
    process.chdir(tmpdir());
  });

  describe('finding 2: no writing through symlinks', () => {
    it('CLI: `deploy` a symlink to a folder outside: refused naming it, nothing written there or here', async () => {
      const root = copyFixture('factory');
      const outside = scratch();
      symlinkSync(outside, join(root, 'deploy'));
      const before = filesOf(root);
      const result = await runCli(['apache', '--defaults', '--cwd', root], CI);
      assert.equal(result.code, 1, output(result));
      assert.match(result.stderr, /modwsgi: deploy: is a symlink; refused even with --force/);
      assert.deepEqual(readdirSync(outside), []);
      assert.deepEqual(addedFiles(before, root), []);
      assertUntouched(before, root);
    });

    it('CLI, --force: a symlinked .wsgi with a forged hash in .yo-rc.json is refused; its target is untouched', async () => {
      const root = copyFixture('user-edited-vhost');
      const victim = join(scratch(), 'profile.sh');
      writeFileSync(victim, 'export PATH=/usr/bin\n');
      rmSync(join(root, 'diary.wsgi'));
      symlinkSync(victim, join(root, 'diary.wsgi'));
      const rc = yoRc(root);
      (rc['generator-modwsgi-files'] as Record<string, string>)['diary.wsgi'] = hashOf(readFileSync(victim));
      writeFileSync(join(root, '.yo-rc.json'), JSON.stringify(rc, null, 2));
      const before = filesOf(root);
      for (const flags of [[], ['--force']]) {
        const result = await runCli(['wsgi', ...flags, '--cwd', root], CI);
        assert.equal(result.code, 1, output(result));
        assert.match(result.stderr, /modwsgi: diary\.wsgi: is a symlink; refused even with --force/);
      }
      assert.equal(readFileSync(victim, 'utf8'), 'export PATH=/usr/bin\n');
      assertUntouched(before, root);
    });

    it('CLI: a symlinked .yo-rc.json is never written through', async () => {
      const root = copyFixture('user-edited-vhost');
      const elsewhere = join(scratch(), 'record.json');
      cpSync(join(root, '.yo-rc.json'), elsewhere);
      rmSync(join(root, '.yo-rc.json'));
      symlinkSync(elsewhere, join(root, '.yo-rc.json'));
      const stored = readFileSync(elsewhere);
      const before = filesOf(root);
      const result = await runCli(['apache', '--server-name', 'notes.example.org', '--force', '--cwd', root], CI);
      assert.equal(result.code, 1, output(result));
      assert.match(result.stderr, /modwsgi: \.yo-rc\.json: is a symlink; refused even with --force/);
      assert.ok(readFileSync(elsewhere).equals(stored), 'the symlink target was written');
      assertUntouched(before, root);
    });

    it('yeoman-test: a symlink two folders down (deploy/apache) is refused too', async () => {
      const root = copyFixture('factory');
      const outside = scratch();
      mkdirSync(join(root, 'deploy'));
      symlinkSync(outside, join(root, 'deploy', 'apache'));
      await assert.rejects(runGenerator('apache', root, { defaults: true, force: true }), /deploy\/apache: is a symlink/);
      assert.deepEqual(readdirSync(outside), []);
      assert.ok(!existsSync(join(root, '.yo-rc.json')));
    });
  });

  describe('finding 10: atomic writes, the record last', () => {
    it('CLI: an updated file is a new file renamed over the old one (a hard link to the old keeps the old bytes); no temporaries left', async () => {
      const root = copyFixture('user-edited-vhost');
      const old = readFileSync(join(root, 'deploy/install-debian.sh'));
      const link = join(scratch(), 'old-install.sh');
      linkSync(join(root, 'deploy/install-debian.sh'), link);
      const result = await runCli(['apache', '--server-name', 'notes.example.org', '--cwd', root], CI);
      assert.equal(result.code, 0, output(result));
      assert.match(readFileSync(join(root, 'deploy/install-debian.sh'), 'utf8'), /notes\.example\.org/);
      assert.ok(readFileSync(link).equals(old), 'the file was rewritten in place, not replaced');
      assert.deepEqual(temporaries(root), []);
    });

    it('writeAll: .yo-rc.json is renamed last, whatever order the files come in', () => {
      const root = scratch();
      const order: string[] = [];
      const files = ['.yo-rc.json', 'a.wsgi', 'deploy/x.sh'].map((path) => ({ path: join(root, path), contents: Buffer.from(path) }));
      writeAll({}, root, files, { beforeRename: (path) => order.push(path.slice(root.length + 1)) });
      assert.deepEqual(order, ['a.wsgi', 'deploy/x.sh', '.yo-rc.json']);
      assert.equal(readFileSync(join(root, 'deploy/x.sh'), 'utf8'), 'deploy/x.sh');
    });
  });

  describe('finding 11: one run at a time', () => {
    it('CLI: while another live run holds the folder, a run fails after waiting and writes nothing; a lock left by a dead run is taken over', async () => {
      const root = copyFixture('factory');
      writeFileSync(join(root, LOCK_FILE), `${process.pid}\n`);
      const before = filesOf(root);
      const held = await runCli(['apache', '--defaults', '--cwd', root], CI);
      assert.equal(held.code, 1, output(held));
      assert.match(held.stderr, new RegExp(`another modwsgi run \\(pid ${process.pid}\\) is writing in this folder; nothing was written`));
      assertUntouched(before, root);
      assert.deepEqual(addedFiles(before, root), []);
      writeFileSync(join(root, LOCK_FILE), '999999999\n');
      const stale = await runCli(['apache', '--defaults', '--cwd', root], CI);
      assert.equal(stale.code, 0, output(stale));
      assert.ok(existsSync(join(root, 'deploy/apache/blog-factory.conf')));
      assert.ok(!existsSync(join(root, LOCK_FILE)), 'the lock was left behind');
    });

    it('CLI: two runs at once with different answers never both report success with files that disagree', async () => {
      const root = copyFixture('factory');
      const seed = await runCli(['apache', '--defaults', '--cwd', root], CI);
      assert.equal(seed.code, 0, output(seed));
      const [a, b] = await Promise.all(['a.example.org', 'b.example.org'].map((name) => runCli(['apache', '--server-name', name, '--cwd', root], CI)));
      const vhost = readFileSync(join(root, 'deploy/apache/blog-factory.conf'), 'utf8');
      const stored = yoRc(root)['generator-modwsgi'].serverName as string;
      assert.match(vhost, new RegExp(`ServerName "${stored.replace(/\./g, '\\.')}"`), 'the record and the vhost disagree');
      const record = yoRc(root)['generator-modwsgi-files'] as Record<string, string>;
      assert.equal(record['deploy/apache/blog-factory.conf'], hashOf(vhost));
      for (const result of [a, b].filter((r) => r.code !== 0)) assert.match(result.stderr, /changed by someone else while this run was working|another modwsgi run/);
      assert.ok([a, b].some((r) => r.code === 0), `${output(a)}\n${output(b)}`);
    });

    it('writeAll: a file changed between planning and writing stops the run before anything is written', () => {
      const root = scratch();
      const run = {};
      writeFileSync(join(root, 'a.wsgi'), 'planned on this\n');
      notePlannedOn(run, [join(root, 'a.wsgi'), join(root, '.yo-rc.json')]);
      writeFileSync(join(root, 'a.wsgi'), 'someone else wrote this\n');
      const files = ['b.sh', 'a.wsgi', '.yo-rc.json'].map((path) => ({ path: join(root, path), contents: Buffer.from('mine\n') }));
      assert.throws(() => writeAll(run, root, files), ChangedMeanwhileError);
      assert.equal(readFileSync(join(root, 'a.wsgi'), 'utf8'), 'someone else wrote this\n');
      assert.deepEqual(readdirSync(root), ['a.wsgi']);
    });

    it('CLI: a run that keeps an edited file does not say every file is already as the answers make it', async () => {
      const root = copyFixture('user-edited-vhost');
      assert.equal((await runCli(['apache', '--cwd', root], CI)).code, 0);
      // Now only the edited vhost differs from what the answers make.
      const result = await runCli(['apache', '--cwd', root], CI);
      assert.equal(result.code, 0, output(result));
      assert.match(output(result), /kept +deploy\/apache\/diary\.conf/);
      assert.doesNotMatch(output(result), /already as these answers make it/);
      assert.match(output(result), /nothing written: .*1 kept.*--force/);
    });
  });

  describe('finding 20: a file-system error leaves no partial output', () => {
    it('CLI as an unprivileged user: a read-only deploy/ folder is found before anything is written', async () => {
      const parent = scratch();
      const root = join(parent, 'factory');
      cpSync(join(FIXTURES, 'factory'), root, { recursive: true });
      mkdirSync(join(root, 'deploy'));
      for (const path of [parent, ...[...filesOf(root).keys(), 'blog', 'tests', 'deploy', ''].map((path) => join(root, path))]) chownSync(path, 65534, 65534);
      chmodSync(join(root, 'deploy'), 0o555);
      const before = filesOf(root);
      const result = await new Promise<CliResult>((resolve) => {
        const child = spawn(process.execPath, [CLI, '--defaults', '--cwd', root], { uid: 65534, gid: 65534, env: { ...process.env, CI: 'true', HOME: parent } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      assert.equal(result.code, 1, output(result));
      assert.match(result.stderr, /modwsgi: deploy: not writable/);
      assert.deepEqual(addedFiles(before, root), []);
      assertUntouched(before, root);
    });

    it('writeAll: a rename failing mid-run puts back every file it replaced and removes what it created', () => {
      const root = scratch();
      writeFileSync(join(root, 'kept.txt'), 'old bytes\n');
      writeFileSync(join(root, '.yo-rc.json'), '{"old": true}\n');
      const before = filesOf(root);
      const files = ['kept.txt', 'new/deep/one.sh', 'blocked.conf', '.yo-rc.json'].map((path) => ({ path: join(root, path), contents: Buffer.from(`new ${path}\n`) }));
      // A real failure: a non-empty folder where the next file goes, which rename(2) cannot replace.
      const block = (path: string, index: number) => {
        if (index === 2) mkdirSync(join(path, 'inside'), { recursive: true });
      };
      assert.throws(() => writeAll({}, root, files, { beforeRename: block }), (error: unknown) => {
        assert.ok(error instanceof WriteFailedError);
        assert.match(error.problems.join('\n'), /blocked\.conf: E\w+ while writing[^\n]*\nwhat this run had written was undone/);
        return true;
      });
      rmSync(join(root, 'blocked.conf'), { recursive: true });
      assertUntouched(before, root);
      assert.deepEqual(readdirSync(root).sort(), ['.yo-rc.json', 'kept.txt']);
    });
  });
});
