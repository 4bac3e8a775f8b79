// The built CLI with bad input, as a user runs it (child process, no terminal):
// broken answers files and bad options exit 2 with one line per problem that
// names it, and the folder (which already holds a user's file) is left untouched.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTree, runCli, tempDir } from './support/cli.js';
import { cleanUpTempDirs } from './support/cleanup.js';

interface Case {
  title: string;
  /** File name and contents of the answers file (undefined: no file is written). */
  file?: [string, string | Buffer];
  args?: string[];
  /** Every line of stderr, in order. */
  expect: RegExp[];
}

const BIG = `name: ${'x'.repeat(1024 * 1024 + 10)}\n`;

const CASES: Case[] = [
  { title: 'not JSON', file: ['a.json', '{"name": "x",'], expect: [/^modwsgi: answers file a\.json: not valid JSON: .+/] },
  { title: 'not YAML', file: ['a.yml', 'name: [x\nport: 80\n'], expect: [/^modwsgi: answers file a\.yml: not valid YAML: .+/] },
  { title: 'empty', file: ['a.yaml', '  \n'], expect: [/^modwsgi: answers file a\.yaml: is empty; allowed: a mapping of answer keys to values$/] },
  { title: 'only comments', file: ['a.yml', '# nothing here\n'], expect: [/^modwsgi: answers file a\.yml: has no answers \(an empty document\)/] },
  { title: 'JSON null', file: ['a.json', 'null'], expect: [/^modwsgi: answers file a\.json: has no answers/] },
  { title: 'a list, not a mapping', file: ['a.json', '[1, 2]'], expect: [/^modwsgi: answers file a\.json: expected a mapping of answer keys to values, got a list$/] },
  { title: 'huge', file: ['a.yml', BIG], expect: [/^modwsgi: answers file a\.yml: larger than 1 MiB; allowed: a small JSON or YAML mapping$/] },
  { title: 'binary', file: ['a.json', Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x80, 0x7d])], expect: [/^modwsgi: answers file a\.json: is not UTF-8 text$/] },
  { title: 'wrong extension', file: ['a.txt', 'name: x\n'], expect: [/^modwsgi: answers: "a\.txt" has an unknown extension; allowed: a \.json, \.yml or \.yaml file$/] },
  { title: 'missing file', args: ['--answers', 'missing.json'], expect: [/^modwsgi: answers file missing\.json: cannot be read \(ENOENT\)$/] },
  { title: 'duplicate YAML key', file: ['a.yml', 'name: a\nname: b\n'], expect: [/^modwsgi: answers file a\.yml: not valid YAML: .*[Mm]ap keys must be unique/] },
  {
    title: 'wrong types, all reported at once',
    file: ['a.yml', 'port: "80"\ndaemon: yes\nplatforms: debian\npythonVersion: 3.10\n'],
    expect: [
      /^modwsgi: port: "80" is text, not an integer \(write the number without quotes\) \(from answers file a\.yml\); allowed: /,
      /^modwsgi: daemon: "yes" is text, not true or false /,
      /^modwsgi: platforms: "debian" is text, not a list /,
      /^modwsgi: pythonVersion: 3\.1 is a number, not text \(in YAML, put it in quotes\) /,
    ],
  },
  { title: 'unknown key', file: ['a.json', '{"serverNmae": "example.org"}'], expect: [/^modwsgi: serverNmae: unknown key \(from answers file a\.json\); did you mean "serverName"\?$/] },
  {
    title: 'a hostile value',
    file: ['a.json', JSON.stringify({ deployPath: '/srv/app\n</VirtualHost>', user: 'root' })],
    expect: [/^modwsgi: deployPath: "\/srv\/app\\n<\/VirtualHost>" contains the control character U\+000A /, /^modwsgi: user: "root" is refused/],
  },
  { title: 'unknown option', args: ['--deploy-pth', '/srv/x'], expect: [/^modwsgi: --deploy-pth: unknown option; did you mean --deploy-path\?$/] },
  { title: 'bad option value', args: ['--port', '99999'], expect: [/^modwsgi: port: "99999" is too large \(from command line\); allowed: an integer from 1 to 65535$/] },
  { title: 'option without its value', args: ['--port'], expect: [/^modwsgi: --port: needs a value; see modwsgi --help$/] },
  { title: 'a switch given a value', args: ['--force=yes'], expect: [/^modwsgi: --force: is a switch and takes no value; see modwsgi --help$/] },
  { title: 'unknown sub-generator', args: ['apach'], expect: [/^modwsgi: "apach": unknown sub-generator; did you mean apache\? allowed: app, wsgi, apache, venv, fleet, update$/] },
];

describe('CLI: bad input exits 2 with one line per problem, and writes nothing', function () {
  cleanUpTempDirs();
  this.timeout(60_000);

  for (const testCase of CASES) {
    it(testCase.title, async () => {
      const dir = tempDir('modwsgi-bad-');
      writeFileSync(join(dir, 'app.py'), 'from flask import Flask\napp = Flask(__name__)\n');
      if (testCase.file) writeFileSync(join(dir, testCase.file[0]), testCase.file[1]);
      const before = readTree(dir);
      const args = testCase.args ?? ['--answers', testCase.file![0]];
      const result = await runCli([...args, '--defaults'], { cwd: dir, env: { CI: 'true' } });
      assert.equal(result.code, 2, result.stderr);
      const lines = result.stderr.trimEnd().split('\n');
      assert.equal(lines.length, testCase.expect.length, result.stderr);
      testCase.expect.forEach((pattern, i) => assert.match(lines[i], pattern));
      assert.equal(result.stdout, '');
      assert.deepEqual(readTree(dir), before, 'the folder changed');
    });
  }

  it('an answers file that is a directory or a FIFO is refused without reading it', async () => {
    const dir = tempDir('modwsgi-bad-');
    mkdirSync(join(dir, 'd.json'));
    execFileSync('mkfifo', [join(dir, 'f.yml')]);
    for (const [file, reason] of [['d.json', 'is not a regular file'], ['f.yml', 'is not a regular file']]) {
      const result = await runCli(['--answers', file, '--defaults'], { cwd: dir, env: { CI: 'true' }, timeoutMs: 15_000 });
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr, `modwsgi: answers file ${file}: ${reason}; allowed: a .json, .yml or .yaml file\n`);
    }
  });

  it('a .yo-rc.json that is not JSON is bad input too', async () => {
    const dir = tempDir('modwsgi-bad-');
    writeFileSync(join(dir, '.yo-rc.json'), '{"generator-modwsgi": ');
    const before = readTree(dir);
    const result = await runCli(['--defaults'], { cwd: dir, env: { CI: 'true' } });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^modwsgi: \.yo-rc\.json: not valid JSON \(.+\); fix or remove the file\n$/);
    assert.deepEqual(readTree(dir), before);
  });

  it('a good answers file in the same setup is written (the refusals above are not a broken CLI)', async () => {
    const dir = tempDir('modwsgi-bad-');
    writeFileSync(join(dir, 'a.yml'), 'name: hello\ndeployPath: "/srv/my app/$(x)"\nplatforms: [debian]\n');
    const result = await runCli(['--answers', 'a.yml', '--defaults'], { cwd: dir, env: { CI: 'true' } });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(readTree(dir).has('hello.wsgi'));
  });
});
