// The command line as a person types it: boolean answers as switches and --no-
// forms, help per sub-generator with placeholders, `modwsgi help [SUB]`, one
// report line per file, and questions that fit the answers so far.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANSWERS, answerSpec, optionName } from '../generators/_shared/answers.js';
import { questionsFor } from '../generators/_shared/prompts.js';
import { findWorkspaceRoot, listingAdvice } from '../generators/_shared/workspace.js';
import { runCli, tempDir } from './support/cli.js';
import { copyFixture, yoRc } from './support/fixtures.js';
import { cleanUpTempDirs } from './support/cleanup.js';

const CI = { env: { CI: 'true' } };

describe('cli: flags, help and report lines', function () {
  cleanUpTempDirs();
  this.timeout(120_000);

  it('boolean answers: --daemon, --no-daemon, --daemon=false, --daemon true, --npm-workspace', async () => {
    const cases: Array<[string[], boolean]> = [[['--no-daemon'], false], [['--daemon'], true], [['--daemon=false'], false], [['--daemon', 'true'], true]];
    const root = copyFixture('factory');
    for (const [flags, expected] of cases) {
      const result = await runCli(['apache', '--defaults', '--platforms', 'debian', ...flags, '--cwd', root], CI);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(yoRc(root)['generator-modwsgi'].daemon, expected, flags.join(' '));
      assert.equal(/WSGIDaemonProcess/.test(readFileSync(join(root, 'deploy/apache/blog-factory.conf'), 'utf8')), expected, flags.join(' '));
    }
    const app = tempDir('modwsgi-i12-flags-');
    const result = await runCli(['--defaults', '--npm-workspace', '--no-script-reloading', '--cwd', app], CI);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(yoRc(app)['generator-modwsgi'].npmWorkspace, true);
    assert.equal(yoRc(app)['generator-modwsgi'].scriptReloading, false);
    assert.ok(readFileSync(join(app, 'package.json'), 'utf8').includes('"private": true'));
  });

  it('a switch with a value that is not true or false is bad input (exit 2)', async () => {
    const result = await runCli(['apache', '--defaults', '--daemon=maybe', '--cwd', copyFixture('factory')], CI);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^modwsgi: daemon: "maybe" is text, not true or false .*; allowed: true or false$/m);
  });

  it('`modwsgi SUB --help` lists only that sub-generator\'s answers, with placeholders; `modwsgi help [SUB]` is the same', async () => {
    for (const sub of ['app', 'wsgi', 'apache', 'venv']) {
      const { code, stdout } = await runCli([sub, '--help']);
      assert.equal(code, 0);
      assert.match(stdout, new RegExp(`^usage: modwsgi ${sub} \\[options\\]$`, 'm'));
      assert.match(stdout, /^ {2}--answers FILE /m);
      assert.match(stdout, /^ {2}--cwd DIR /m);
      assert.match(stdout, /^ {2}--conflict markers /m);
      assert.doesNotMatch(stdout, /--print-schema|--version/);
      for (const spec of ANSWERS) {
        const listed = new RegExp(`^ {2}--${optionName(spec.key)}\\b`, 'm').test(stdout);
        assert.equal(listed, spec.usedBy.includes(sub as never), `${sub} --help and --${optionName(spec.key)}`);
      }
      const viaHelp = await runCli(['help', sub]);
      assert.equal(viaHelp.code, 0);
      assert.equal(viaHelp.stdout, stdout);
    }
    const apache = (await runCli(['apache', '-h'])).stdout;
    assert.match(apache, /^ {2}--server-name NAME +ServerName of the virtual host\./m);
    assert.match(apache, /^ {2}--daemon, --no-daemon +true: WSGIDaemonProcess/m);
    assert.match(apache, /^ {2}--port N /m);
    assert.match(apache, /^ {2}--apache-version 2\.4\|2\.2 /m);
    const update = (await runCli(['help', 'update'])).stdout;
    assert.match(update, /^usage: modwsgi update \[options\]$/m);
    assert.match(update, /^ {2}--dry-run /m);
    assert.doesNotMatch(update, /--answers|--server-name|--defaults/);
  });

  it('`modwsgi help` is `modwsgi --help`; `modwsgi help nope` is exit 2 with the allowed names', async () => {
    const general = await runCli(['--help']);
    assert.equal((await runCli(['help'])).stdout, general.stdout);
    assert.match(general.stdout, /^ {2}update +re-render every recorded file/m);
    const bad = await runCli(['help', 'nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^modwsgi: "nope": unknown sub-generator; did you mean .*\? allowed: app, wsgi, apache, venv, fleet, update$/m);
  });

  it('one line per file: no Yeoman status lines, no "force .yo-rc.json", no package.json note in a Python repository', async () => {
    const root = copyFixture('factory');
    const result = await runCli(['apache', '--defaults', '--platforms', 'debian,rhel', '--cwd', root], CI);
    assert.equal(result.code, 0, result.stderr);
    const output = result.stdout + result.stderr;
    for (const file of ['deploy/apache/blog-factory.conf', 'deploy/install-debian.sh', 'deploy/install-rhel.sh']) {
      assert.equal(output.split('\n').filter((line) => line.includes(file)).length, 1, `${file} listed once:\n${output}`);
    }
    assert.doesNotMatch(output, /force \.yo-rc\.json|^\s+(create|force|identical)\s/m);
    assert.doesNotMatch(output, /No change to package\.json/);
  });

  it('`modwsgi apache` alone names the missing .wsgi and create-venv.sh with the commands that add them; once added, says nothing', async () => {
    const root = copyFixture('factory');
    const result = await runCli(['apache', '--defaults', '--platforms', 'debian', '--cwd', root], CI);
    assert.equal(result.code, 0, result.stderr);
    const output = result.stdout + result.stderr;
    assert.match(output, /^missing: blog-factory\.wsgi \(the vhost loads it \(WSGIScriptAlias\)\); add it with: modwsgi wsgi$/m);
    assert.match(output, /^missing: deploy\/create-venv\.sh \(the install scripts run it\); add it with: modwsgi venv$/m);
    for (const part of ['wsgi', 'venv']) assert.equal((await runCli([part, '--cwd', root], CI)).code, 0);
    const again = await runCli(['apache', '--cwd', root], CI);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stdout + again.stderr, /missing:/);
  });

  it('modwsgi works as root (yo itself refuses root)', async function () {
    if (process.getuid?.() !== 0) this.skip();
    const dir = copyFixture('factory');
    const result = await runCli(['wsgi', '--defaults', '--cwd', dir], CI);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(execFileSync('stat', ['-c', '%U', join(dir, 'blog-factory.wsgi')], { encoding: 'utf8' }).trim(), 'root');
  });

  it('prompts: the Windows path only after windows is chosen, no capitals placeholders, each choice says what it means', () => {
    const keys = ANSWERS.map((spec) => spec.key);
    const questions = questionsFor(keys, {}, (key, earlier) => answerSpec(key).default(earlier, '/srv/shop')) as Array<Record<string, unknown> & { name: string }>;
    const windows = questions.find((q) => q.name === 'windowsDeployPath')!;
    assert.equal((windows.when as (a: object) => boolean)({ platforms: ['debian'] }), false);
    assert.equal((windows.when as (a: object) => boolean)({ platforms: ['debian', 'windows'] }), true);
    for (const question of questions) {
      const message = typeof question.message === 'function' ? (question.message as (a: object) => string)({ package: 'shop', name: 'shop' }) : String(question.message);
      assert.doesNotMatch(message, /\b(PACKAGE|NAME|DEPLOYPATH|USER)\b/, `${question.name}: ${message}`);
      for (const choice of (question.choices as Array<{ name: string; value: string }> | undefined) ?? []) {
        assert.match(choice.name, new RegExp(`^${choice.value.replace('.', '\\.')}: \\S`), `${question.name}: choice ${choice.value} says what it means`);
      }
    }
    const staticUrl = questions.find((q) => q.name === 'staticUrl')!;
    assert.match((staticUrl.message as (a: object) => string)({ package: 'shop' }), /serves shop\/static at/);
  });

  it('workspaces: pnpm-workspace.yaml and yarn roots are recognised, with the line to add when the patterns miss the folder', () => {
    const root = tempDir('modwsgi-i12-ws-');
    const service = join(root, 'services', 'web');
    mkdirSync(service, { recursive: true });
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - "apps/*"\n');
    const pnpm = findWorkspaceRoot(service)!;
    assert.deepEqual({ ...pnpm }, { root, member: 'services/web', listed: false, tool: 'pnpm' });
    assert.equal(listingAdvice(pnpm), `Add "  - services/web" under "packages:" in ${root}/pnpm-workspace.yaml`);
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - "services/*"\n  - "!services/old"\n');
    assert.equal(findWorkspaceRoot(service)!.listed, true);

    const yarn = tempDir('modwsgi-i12-ws-');
    mkdirSync(join(yarn, 'services', 'web'), { recursive: true });
    writeFileSync(join(yarn, 'package.json'), JSON.stringify({ private: true, workspaces: { packages: ['libs/*'] } }));
    const found = findWorkspaceRoot(join(yarn, 'services', 'web'))!;
    assert.equal(found.tool, 'npm');
    assert.equal(listingAdvice(found), `Add "services/web" to "workspaces" in ${yarn}/package.json`);
  });
});
