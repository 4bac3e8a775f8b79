// Re-runs that never drop an answer: a changed answer reaches a file the user
// edited by a three-way merge (git merge-file), through the built CLI on real
// files. Every outcome is checked byte for byte, and a refused run writes nothing.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashOf } from '../generators/_shared/plan.js';
import { PACKAGE_ROOT, runCli } from './support/cli.js';
import { DOCTOR_PATHS } from './support/doctor.js';
import { assertUntouched, copyFixture, filesOf, yoRc } from './support/fixtures.js';
import { cleanUpTempDirs } from './support/cleanup.js';

const CI = { env: { CI: 'true' } };
const VHOST = 'deploy/apache/diary.conf';
const COPY = `.modwsgi/last-generated/${VHOST}`;
const HAND_EDIT = '    # Added by hand: slow clients get two minutes.\n    TimeOut 120\n\n';
/** The report goes to stderr (Yeoman's log), errors too: read both. */
const out = (result: { stdout: string; stderr: string }) => result.stdout + result.stderr;
const pathsOf = (root: string) => [...filesOf(root).keys()].sort();
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const serverName = (text: string, name: string) => text.replace(/ServerName "[^"]*"/, `ServerName "${name}"`);

/** The fixture after a merged run: the vhost holds the hand edit and ServerName shop.example.com. */
async function mergedProject(): Promise<{ root: string; original: string }> {
  const root = copyFixture('user-edited-vhost');
  const original = read(root, VHOST);
  const result = await runCli(['apache', '--server-name', 'shop.example.com', '--cwd', root], CI);
  assert.equal(result.code, 0, result.stderr);
  return { root, original };
}

describe('re-runs merge your edits (three-way, git merge-file)', function () {
  cleanUpTempDirs();
  this.timeout(120_000);

  it('clean merge: the new answer reaches the edited vhost, the edit stays, byte for byte; the next run says nothing changed', async () => {
    const root = copyFixture('user-edited-vhost');
    const original = read(root, VHOST);
    assert.ok(original.includes(HAND_EDIT));
    const result = await runCli(['apache', '--server-name', 'shop.example.com', '--cwd', root], CI);
    assert.equal(result.code, 0, result.stderr);
    assert.match(out(result), /^ {2}merged +deploy\/apache\/diary\.conf {2}\(your edits kept, the new output merged in\)$/m);
    assert.match(out(result), /^done: 16 unchanged, 2 updated, 1 merged$/m);
    assert.equal(read(root, VHOST), serverName(original, 'shop.example.com'));
    // The base of the next merge: what the generator made, without the hand edit.
    assert.equal(read(root, COPY), serverName(original, 'shop.example.com').replace(HAND_EDIT, ''));
    assert.equal(yoRc(root)['generator-modwsgi-files'][VHOST], hashOf(read(root, COPY)));

    const before = filesOf(root);
    const again = await runCli(['apache', '--cwd', root], CI);
    assert.equal(again.code, 0, again.stderr);
    assert.match(out(again), /kept +deploy\/apache\/diary\.conf {2}\(your edits; the generator has nothing new for it\)/);
    assert.match(out(again), /^nothing written: 18 unchanged, 1 kept; the kept files hold your edits on top of what these answers make \(--force replaces them\)$/m);
    assertUntouched(before, root);
    assert.deepEqual(pathsOf(root), [...before.keys()].sort(), 'no file added, base copies included');
  });

  it('conflict without a terminal: exit 1 listing the file and the hunk, nothing written; --dry-run shows the same', async () => {
    const { root } = await mergedProject();
    writeFileSync(join(root, VHOST), serverName(read(root, VHOST), 'mine.example.com'));
    const before = filesOf(root);
    const result = await runCli(['apache', '--server-name', 'third.example.com', '--cwd', root], CI);
    assert.equal(result.code, 1, out(result));
    assert.ok(
      result.stderr.includes(
        'modwsgi: your edits and the new output change the same lines in:\n' +
          'modwsgi: deploy/apache/diary.conf: 1 conflicting hunk\n' +
          'modwsgi:   at line 11:\n' +
          'modwsgi:     yours:             ServerName "mine.example.com"\n' +
          'modwsgi:     generated now:     ServerName "third.example.com"\n' +
          'modwsgi: nothing was written; ',
      ),
      result.stderr,
    );
    assertUntouched(before, root);
    assert.deepEqual(pathsOf(root), [...before.keys()].sort(), 'no file added, base copies included');

    const dry = await runCli(['apache', '--server-name', 'third.example.com', '--dry-run', '--cwd', root], CI);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(out(dry), /conflict +deploy\/apache\/diary\.conf {2}\(your edits and the new output change the same lines\)\n +at line 11:\n +yours: +ServerName "mine\.example\.com"\n +generated now: +ServerName "third\.example\.com"/);
    assert.match(out(dry), /^dry run, nothing written: 16 unchanged, 2 would update, 1 conflict$/m);
    assertUntouched(before, root);
  });

  it('--conflict=markers: writes git-style markers, exits 1; once resolved, the next run keeps it', async () => {
    const { root, original } = await mergedProject();
    const mine = serverName(read(root, VHOST), 'mine.example.com');
    writeFileSync(join(root, VHOST), mine);
    const result = await runCli(['apache', '--server-name', 'third.example.com', '--conflict=markers', '--cwd', root], CI);
    assert.equal(result.code, 1, out(result));
    assert.match(out(result), /conflict +deploy\/apache\/diary\.conf {2}\(written with conflict markers at line 11; resolve them\)/);
    assert.match(result.stderr, /^modwsgi: conflict markers written in deploy\/apache\/diary\.conf; resolve them/m);
    const markers = '<<<<<<< yours\n    ServerName "mine.example.com"\n=======\n    ServerName "third.example.com"\n>>>>>>> generated now\n';
    assert.equal(read(root, VHOST), original.replace('    ServerName "diary.example.org"\n', markers));
    assert.match(read(root, 'deploy/install-debian.sh'), /third\.example\.com/);
    assert.equal(yoRc(root)['generator-modwsgi'].serverName, 'third.example.com');

    writeFileSync(join(root, VHOST), mine);
    const again = await runCli(['apache', '--cwd', root], CI);
    assert.equal(again.code, 0, again.stderr);
    assert.match(out(again), /kept +deploy\/apache\/diary\.conf/);
    assert.equal(read(root, VHOST), mine);
  });

  it('--force: replaces the conflicting file with exactly the new output', async () => {
    const { root, original } = await mergedProject();
    writeFileSync(join(root, VHOST), serverName(read(root, VHOST), 'mine.example.com'));
    const result = await runCli(['apache', '--server-name', 'third.example.com', '--force', '--cwd', root], CI);
    assert.equal(result.code, 0, result.stderr);
    assert.match(out(result), /overwritten +deploy\/apache\/diary\.conf/);
    const generated = serverName(original, 'third.example.com').replace(HAND_EDIT, '');
    assert.equal(read(root, VHOST), generated);
    assert.equal(read(root, COPY), generated);
  });

  it('no known base (the recorded answers no longer make the recorded file): lists the differing lines, never "nothing changed"', async () => {
    const root = copyFixture('user-edited-vhost');
    const rc = yoRc(root);
    rc['generator-modwsgi'].serverName = 'old.example.org';
    writeFileSync(join(root, '.yo-rc.json'), JSON.stringify(rc, null, 2));
    const before = filesOf(root);
    const result = await runCli(['apache', '--cwd', root], CI);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(
      out(result).includes(
        '  differs         deploy/apache/diary.conf  (edited since it was generated, new output not merged in; - yours, + generated now; --force replaces it)\n' +
          '      @@ line 11\n      -    ServerName "diary.example.org"\n      +    ServerName "old.example.org"\n' +
          '      @@ line 26\n      -    # Added by hand: slow clients get two minutes.\n      -    TimeOut 120\n      -\n',
      ),
      out(result),
    );
    assert.doesNotMatch(out(result), /nothing changed/);
    assert.match(out(result), /not up to date with these answers \(lines above\)/);
    assertUntouched(before, root, ['deploy/install-debian.sh', 'deploy/doctor', '.yo-rc.json', ...[...filesOf(root).keys()].filter((p) => p.startsWith('.modwsgi/'))]);
    assert.equal(read(root, VHOST), before.get(VHOST)!.toString());
  });

  it('--conflict with another value is bad input: exit 2, nothing written', async () => {
    const root = copyFixture('user-edited-vhost');
    const before = filesOf(root);
    const result = await runCli(['apache', '--conflict', 'theirs', '--cwd', root], CI);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^modwsgi: --conflict: "theirs" is not allowed; allowed: markers/m);
    assertUntouched(before, root);
    assert.deepEqual(pathsOf(root), [...before.keys()].sort(), 'no file added, base copies included');
  });
});

describe('modwsgi update after an upgrade of the generator', function () {
  cleanUpTempDirs();
  this.timeout(120_000);
  let upgraded: string;
  const CHANGED = '    # Only the .wsgi file is reachable; the rest of the project is not served.\n';
  const NEW = '    # Only the .wsgi file is reachable (and nothing else in the project).\n';

  // The next version of the package: this build, with one template line changed.
  before(() => {
    upgraded = mkdtempSync(join(tmpdir(), 'modwsgi-i12-upgrade-'));
    for (const part of ['dist', 'templates', 'package.json']) cpSync(join(PACKAGE_ROOT, part), join(upgraded, part), { recursive: true });
    symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(upgraded, 'node_modules'));
    const template = join(upgraded, 'templates', 'apache', '_partials', 'site-app.conf.ejs');
    const text = readFileSync(template, 'utf8');
    assert.ok(text.includes(CHANGED), 'the template line this test changes is gone');
    writeFileSync(template, text.replace(CHANGED, NEW));
  });
  after(() => rmSync(upgraded, { recursive: true, force: true }));

  it('merges the new template into the edited vhost (dry run first), reports per file, and a second update changes nothing', async () => {
    const root = copyFixture('factory');
    const first = await runCli(['wsgi', '--defaults', '--cwd', root], CI);
    assert.equal(first.code, 0, first.stderr);
    assert.equal((await runCli(['apache', '--defaults', '--platforms', 'debian', '--cwd', root], CI)).code, 0);
    const vhost = 'deploy/apache/blog-factory.conf';
    const generated = read(root, vhost);
    const edited = generated.replace('    WSGIScriptReloading On\n', '    WSGIScriptReloading On\n    LimitRequestBody 1024\n');
    writeFileSync(join(root, vhost), edited);
    const before = filesOf(root);

    const upgradedCli = join(upgraded, 'dist', 'bin', 'modwsgi.js');
    const dry = await runCli(['update', '--dry-run', '--cwd', root], { ...CI, cli: upgradedCli });
    assert.equal(dry.code, 0, dry.stderr);
    const unchanged = ['deploy/apache/modwsgi-server.conf', 'deploy/apache/modwsgi-port-80.conf', 'deploy/install-debian.sh', ...DOCTOR_PATHS];
    assert.equal(
      out(dry),
      '  unchanged       blog-factory.wsgi\n  would merge     deploy/apache/blog-factory.conf  (your edits kept, the new output merged in)\n' +
        unchanged.map((path) => `  unchanged       ${path}\n`).join('') +
        `dry run, nothing written: ${unchanged.length + 1} unchanged, 1 would merge\n`,
    );
    assertUntouched(before, root);

    const update = await runCli(['update', '--cwd', root], { ...CI, cli: upgradedCli });
    assert.equal(update.code, 0, update.stderr);
    assert.match(out(update), /^ {2}merged +deploy\/apache\/blog-factory\.conf/m);
    assert.equal(read(root, vhost), edited.replace(CHANGED, NEW));
    assert.equal(read(root, `.modwsgi/last-generated/${vhost}`), generated.replace(CHANGED, NEW));
    assertUntouched(before, root, [vhost, '.yo-rc.json', `.modwsgi/last-generated/${vhost}`]);

    const again = await runCli(['update', '--cwd', root], { ...CI, cli: upgradedCli });
    assert.equal(again.code, 0, again.stderr);
    assert.match(out(again), new RegExp(`^nothing written: ${unchanged.length + 1} unchanged, 1 kept; the kept files hold your edits`, 'm'));
  });

  it('refuses a folder with nothing recorded: exit 2, nothing written', async () => {
    const root = copyFixture('factory');
    const before = filesOf(root);
    const result = await runCli(['update', '--cwd', root], CI);
    assert.equal(result.code, 2, out(result) + result.stderr);
    assert.match(result.stderr, /^modwsgi: nothing to update in .*: its \.yo-rc\.json records no generated files; run modwsgi \(or a sub-generator\) first$/m);
    assertUntouched(before, root);
    assert.deepEqual(pathsOf(root), [...before.keys()].sort(), 'no file added, base copies included');
  });
});
