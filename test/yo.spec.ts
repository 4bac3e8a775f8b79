// `yo modwsgi --answers FILE` as a CI job runs it: the real yo, a non-root
// account (yo drops root), stdin an open pipe nobody writes to. It must finish
// without asking, and refuse bad input with exit status != 0 and nothing written.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT, readTree, tempDir } from './support/cli.js';
import { cleanUpTempDirs } from './support/cleanup.js';

const YO = join(PACKAGE_ROOT, 'node_modules', '.bin', 'yo');
const UID = 1000;

function runYo(args: string[], cwd: string, home: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const asUser = process.getuid?.() === 0 ? ['setpriv', `--reuid=${UID}`, `--regid=${UID}`, '--clear-groups'] : [];
    const command = [...asUser, 'env', `HOME=${home}`, 'CI=true', process.execPath, YO, ...args];
    const child = spawn(command[0], command.slice(1), { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`yo ${args.join(' ')} still running after 90 s: it is waiting for input\n${output}`));
    }, 90_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('yo modwsgi in CI', function () {
  cleanUpTempDirs();
  this.timeout(120_000);
  let root: string;
  let home: string;

  before(() => {
    // yo finds generators in node_modules above the current folder.
    root = tempDir('modwsgi-yo-');
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'node_modules'));
    symlinkSync(PACKAGE_ROOT, join(root, 'node_modules', 'generator-modwsgi'));
    home = join(root, 'home');
    mkdirSync(home);
    copyFileSync(join(PACKAGE_ROOT, 'examples', 'answers.yml'), join(root, 'answers.yml'));
    if (process.getuid?.() === 0) chownSync(home, UID, UID);
  });

  const project = (name: string) => {
    const dir = join(root, name);
    mkdirSync(dir);
    if (process.getuid?.() === 0) chownSync(dir, UID, UID);
    return dir;
  };

  it('scaffolds from --answers without a prompt, stdin open and silent', async () => {
    const dir = project('ok');
    const { code, output } = await runYo(['modwsgi', '--answers', join(root, 'answers.yml')], dir, home);
    assert.equal(code, 0, output);
    const tree = readTree(dir);
    assert.ok(tree.has('hello.wsgi') && tree.has('deploy/apache/hello.conf') && tree.has('.yo-rc.json'), [...tree.keys()].join(' '));
  });

  it('runs a sub-generator: yo modwsgi:wsgi', async () => {
    const dir = project('sub');
    const { code, output } = await runYo(['modwsgi:wsgi', '--answers', join(root, 'answers.yml')], dir, home);
    assert.equal(code, 0, output);
    assert.deepEqual([...readTree(dir).keys()], ['.modwsgi/last-generated/hello.wsgi', '.yo-rc.json', 'hello.wsgi']);
  });

  it('yo modwsgi:apache takes boolean answers as switches (--no-daemon, --daemon); yo modwsgi:update re-renders what was recorded', async () => {
    const dir = project('switches');
    const answers = join(root, 'answers.yml');
    const stored = () => JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-modwsgi'];
    const off = await runYo(['modwsgi:apache', '--answers', answers, '--no-daemon'], dir, home);
    assert.equal(off.code, 0, off.output);
    assert.equal(stored().daemon, false);
    const on = await runYo(['modwsgi:apache', '--answers', answers, '--daemon'], dir, home);
    assert.equal(on.code, 0, on.output);
    assert.equal(stored().daemon, true);
    const update = await runYo(['modwsgi:update'], dir, home);
    assert.equal(update.code, 0, update.output);
    assert.match(update.output, /unchanged +deploy\/apache\/hello\.conf/);
    assert.match(update.output, /nothing changed: every file is already as these answers make it/);
  });

  it('refuses a bad value with a message naming it, a failing exit status and nothing written', async () => {
    const dir = project('bad');
    const { code, output } = await runYo(['modwsgi', '--answers', join(root, 'answers.yml'), '--port', '99999'], dir, home);
    assert.notEqual(code, 0);
    assert.match(output, /port: "99999" is too large \(from command line\); allowed: an integer from 1 to 65535/);
    assert.deepEqual(readdirSync(dir), []);
  });
});
