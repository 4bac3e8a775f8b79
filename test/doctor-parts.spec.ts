// deploy/doctor's parts that need no Apache, run with python3 directly: the log-signature table
// line by line, the time window of "recent" lines, the summary, bad usage (exit 2), the facts
// block's escaping, standard-library-only imports, terminal output, and `modwsgi doctor`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, PACKAGE_ROOT, runCli, tempDir } from './support/cli.js';
import { runDoctor } from './support/doctor.js';

interface Recorded {
  samples: Array<{ id: string; line: string; source: string }>;
  harmless: string[];
}
const RECORDED = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'doctor-log', 'recorded.json'), 'utf8')) as Recorded;
/** Signatures whose lines the e2e specs provoke on a real Apache + mod_wsgi. */
const PROVOKED = ['system-exit', 'truncated-headers', 'response-timeout', 'no-encodings', 'permission-denied', 'unsupported-locale', 'unicode-c-locale', 'stdio-restricted', 'symlinked-module'];

describe('deploy/doctor parts (python3, no Apache)', function () {
  this.timeout(60_000);
  let root: string;
  let project: string;
  /** Runs `code` in python3 with deploy/ on sys.path; stdin is `input` as JSON; returns parsed JSON stdout. */
  const python = (code: string, input: unknown = null): unknown => {
    const result = spawnSync('python3', ['-c', `import json, sys\nsys.path.insert(0, ${JSON.stringify(join(project, 'deploy'))})\n${code}`], {
      input: JSON.stringify(input), encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout);
  };

  before(async () => {
    root = tempDir('modwsgi-i15-parts-');
    project = join(root, 'it\'s "a" \\ $(site)');
    mkdirSync(project);
    const result = await runCli(['apache', '--defaults', '--package', 'hello', '--name', 'hello', '--deploy-path', project, '--port', '20412', '--user', 'modwsgi-i15-none'], {
      cwd: project, env: { CI: 'true' },
    });
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('classifies every recorded mod_wsgi 4 and 6 line as its signature, and harmless lines as none', () => {
    const lines = RECORDED.samples.map((s) => s.line);
    const ids = python('from modwsgi_doctor.signatures import classify\nprint(json.dumps([classify(l) for l in json.load(sys.stdin)]))', lines) as string[];
    RECORDED.samples.forEach((sample, i) => assert.equal(ids[i], sample.id, `${sample.source}: ${sample.line}`));
    const none = python('from modwsgi_doctor.signatures import classify\nprint(json.dumps([classify(l) for l in json.load(sys.stdin)]))', RECORDED.harmless);
    assert.deepEqual(none, RECORDED.harmless.map(() => null));
  });

  it('every signature has a recorded line or one the e2e tests provoke, and a cause and a fix', () => {
    const table = python('from modwsgi_doctor.signatures import SIGNATURES\nprint(json.dumps(SIGNATURES))') as Array<[string, string, string, string]>;
    const covered = new Set([...RECORDED.samples.map((s) => s.id), ...PROVOKED]);
    for (const [id, , cause, fix] of table) {
      assert.ok(covered.has(id), `no line tests signature ${id}`);
      assert.ok(cause.length > 20 && fix.length > 20, id);
    }
    for (const id of PROVOKED) assert.ok(table.some(([known]) => known === id), id);
  });

  it('reads only recent lines: older stamps drop out, with the traceback lines that follow them', () => {
    const log = join(root, 'error.log');
    const stamp = (minutesAgo: number) => {
      const d = new Date(Date.now() - minutesAgo * 60_000);
      const p = (n: number) => String(n).padStart(2, '0');
      const day = d.toLocaleString('en-US', { weekday: 'short' });
      const month = d.toLocaleString('en-US', { month: 'short' });
      return `[${day} ${month} ${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.123456 ${d.getFullYear()}]`;
    };
    writeFileSync(log, [
      `${stamp(120)} [wsgi:error] old: Timeout when reading response headers from daemon process 'hello': /x.wsgi`,
      'ModuleNotFoundError: No module named \'encodings\'',
      `${stamp(1)} [wsgi:error] new: Truncated or oversized response headers received from daemon process 'hello': /x.wsgi`,
      'a continuation line',
      '',
    ].join('\n'));
    const found = python(`from modwsgi_doctor import signatures\nlines = signatures.recent_lines(${JSON.stringify(log)})\nprint(json.dumps([lines, [m["id"] for m in signatures.match(lines)]]))`) as [string[], string[]];
    assert.deepEqual(found[1], ['truncated-headers']);
    assert.equal(found[0].length, 2);
  });

  it('summarises without the "N passed, N failed" shape', () => {
    const lines = python(`from modwsgi_doctor.model import Result
from modwsgi_doctor import report
rs = [Result("a", "PASS", "x"), Result("b", "FAIL", "y", "do z"), Result("c", "WARN", "w", "v"), Result("d", "SKIP", "s")]
print(json.dumps([report.summary(rs[:1]), report.summary(rs), report.plain(rs[1:2])]))`) as string[];
    assert.deepEqual(lines, ['doctor: 1 check, 0 failed, 0 warnings', 'doctor: 4 checks, 1 failed, 1 warning, 1 skipped', 'FAIL b: y\n  fix: do z\ndoctor: 1 check, 1 failed, 0 warnings']);
  });

  for (const [args, message] of [
    [['--only', 'import,nope'], /--only: unknown check nope; allowed: mod-wsgi, python-match, venv, activate-this, user, access, writable, import, apache-config, /],
    [['--timeout', '0'], /argument --timeout: '0' is not a number of seconds above 0 and at most 600/],
    [['--release', '/nonexistent-modwsgi-i15'], /--release: \/nonexistent-modwsgi-i15 is not a folder/],
    [['--colour'], /unrecognized arguments: --colour/],
  ] as const) {
    it(`bad usage exits 2 and says why: ${args.join(' ')}`, () => {
      const run = runDoctor(project, [...args]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });
  }

  it('bakes the answers in as one JSON document that Python reads back exactly (quotes, backslash, $())', () => {
    const facts = python(`import runpy\nprint(json.dumps(runpy.run_path(${JSON.stringify(join(project, 'deploy', 'doctor'))}, run_name="doctor")["FACTS"]))`) as Record<string, unknown>;
    assert.equal(facts.deployPath, project);
    assert.equal(facts.venvPath, `${project}/venv`);
    assert.equal(facts.healthUrl, '/', 'the apache sub-generator in an existing repository: / is the health URL');
    assert.equal(facts.port, 20412);
    assert.deepEqual((facts.platforms as Array<{ id: string }>).map((p) => p.id), ['debian', 'rhel', 'freebsd', 'pkgsrc']);
  });

  it('imports nothing but the standard library and its own modules', () => {
    const folder = join(project, 'deploy', 'modwsgi_doctor');
    const files = [join(project, 'deploy', 'doctor'), ...readdirSync(folder).map((f) => join(folder, f))];
    const outside = python(`import ast
found = set()
for path in json.load(sys.stdin):
    for node in ast.walk(ast.parse(open(path).read())):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module.split(".")[0])
print(json.dumps(sorted(n for n in found if n not in sys.stdlib_module_names and n != "modwsgi_doctor")))`, files);
    assert.deepEqual(outside, []);
    const head = readFileSync(files[0], 'utf8').split('\n')[0];
    assert.equal(head, '#!/usr/bin/env python3');
  });

  it('groups and colours its output on a terminal', () => {
    const result = spawnSync('script', ['-qec', `python3 ${shq(join(project, 'deploy', 'doctor'))} --only user,selinux`, '/dev/null'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.match(result.stdout, /\u001b\[1mDaemon account\u001b\[0m/);
    assert.match(result.stdout, /\u001b\[31mFAIL\u001b\[0m user: no account modwsgi-i15-none \(group modwsgi-i15-none\) on this machine\r?\n {4}fix: create it: /);
    assert.match(result.stdout, /\u001b\[1mApache\u001b\[0m\r?\n {2}\u001b\[90mSKIP\u001b\[0m selinux:/);
  });

  it('modwsgi doctor finds deploy/doctor from a subfolder and passes arguments and the exit code through', async () => {
    const sub = join(project, 'deploy', 'apache');
    const listed = spawnSync(process.execPath, [CLI, 'doctor', '--list'], { cwd: sub, encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /^mod-wsgi \(python\)\n/);
    const bad = await runCli(['doctor', '--only', 'nope'], { cwd: sub });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--only: unknown check nope/);
    const nowhere = await runCli(['doctor'], { cwd: root });
    assert.equal(nowhere.code, 2);
    assert.equal(nowhere.stderr.trim(), `modwsgi doctor: no deploy/doctor in ${root} or any folder above it; write it with: modwsgi apache`);
  });
});

const shq = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
