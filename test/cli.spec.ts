// The built `modwsgi` command as a user (or CI) runs it: no terminal, exit codes,
// nothing written on refusal, conflicts, and yo's view of the package.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { createEnv } from 'yeoman-environment';
import { answersSchema } from '../generators/_shared/validate.js';
import { ANSWERS, optionName } from '../generators/_shared/answers.js';
import { PACKAGE_ROOT, readTree, runCli, tempDir } from './support/cli.js';
import { cleanUpTempDirs } from './support/cleanup.js';

const CI_ENV = { CI: 'true' };

describe('cli: modwsgi', function () {
  cleanUpTempDirs();
  this.timeout(60_000);

  it('--help lists every sub-generator and every answer option', async () => {
    const { code, stdout } = await runCli(['--help']);
    assert.equal(code, 0);
    for (const part of ['app', 'wsgi', 'apache', 'venv']) assert.match(stdout, new RegExp(`^  ${part}\\b`, 'm'));
    for (const spec of ANSWERS) assert.match(stdout, new RegExp(`--${optionName(spec.key)}\\b`));
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await runCli(['--version']);
    assert.equal(code, 0);
    assert.equal(stdout.trim(), JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version);
  });

  it('the committed answers.schema.json is the one the model derives', async () => {
    const committed = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'answers.schema.json'), 'utf8'));
    assert.deepEqual(committed, answersSchema());
    const { stdout } = await runCli(['--print-schema']);
    assert.deepEqual(JSON.parse(stdout), committed);
  });

  it('scaffolds in --cwd from the example answers file, which holds every key', async () => {
    const dir = tempDir();
    const { code, stderr } = await runCli(['--answers', join(PACKAGE_ROOT, 'examples', 'answers.yml'), '--cwd', dir], { env: CI_ENV });
    assert.equal(code, 0, stderr);
    const example = parseYaml(readFileSync(join(PACKAGE_ROOT, 'examples', 'answers.yml'), 'utf8'));
    assert.deepEqual(Object.keys(example), ANSWERS.map((spec) => spec.key));
    const tree = readTree(dir);
    assert.ok(tree.has('hello.wsgi') && tree.has('deploy/apache/hello.conf') && tree.has('hello/__init__.py'), [...tree.keys()].join(' '));
  });

  it('without a terminal, missing answers are one error listing them: exit 2, nothing written', async () => {
    const dir = tempDir();
    const { code, stderr } = await runCli(['--name', 'x'], { cwd: dir, env: CI_ENV });
    assert.equal(code, 2);
    assert.match(stderr, /^modwsgi: missing answers: package, appStyle, serverName, .*--defaults/m);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('a bad value is exit 2 naming key, value and what is allowed; nothing written', async () => {
    const dir = tempDir();
    const { code, stderr } = await runCli(['--defaults', '--port', '0', '--app-style', 'mvc'], { cwd: dir, env: CI_ENV });
    assert.equal(code, 2);
    assert.match(stderr, /^modwsgi: appStyle: "mvc" is not one of the choices \(from command line\); allowed: factory or singleton$/m);
    assert.match(stderr, /^modwsgi: port: "0" is too small \(from command line\); allowed: an integer from 1 to 65535$/m);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('an unknown sub-generator or option is exit 2 with a suggestion', async () => {
    const sub = await runCli(['wsgy']);
    assert.equal(sub.code, 2);
    assert.match(sub.stderr, /"wsgy": unknown sub-generator; did you mean wsgi\? allowed: app, wsgi, apache, venv/);
    const option = await runCli(['--server-nam', 'x']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /--server-nam: unknown option; did you mean --server-name\?/);
  });

  it('a re-run with the same answers writes nothing new and needs no --force', async () => {
    const dir = tempDir();
    assert.equal((await runCli(['--defaults', '--name', 'same'], { cwd: dir, env: CI_ENV })).code, 0);
    const before = readTree(dir);
    const again = await runCli([], { cwd: dir, env: CI_ENV });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(readTree(dir), before);
  });

  it('without a terminal, files it never wrote are an error listing every conflict; --force overwrites', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'run.py'), '# my own run.py\n');
    writeFileSync(join(dir, 'mine.wsgi'), '# my own wsgi\n');
    const before = readTree(dir);

    const refused = await runCli(['--defaults', '--name', 'mine'], { cwd: dir, env: CI_ENV });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /exist and differ/);
    assert.match(refused.stderr, /^modwsgi: {3}mine\.wsgi$/m);
    assert.match(refused.stderr, /^modwsgi: {3}run\.py$/m);
    assert.deepEqual(readTree(dir), before, 'a refused run changed files');

    const forced = await runCli(['--defaults', '--name', 'mine', '--force'], { cwd: dir, env: CI_ENV });
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(readFileSync(join(dir, 'run.py'), 'utf8'), /if __name__ == "__main__":/);
  });

  it('a run with changed answers updates generated files and keeps the ones the user edited', async () => {
    const dir = tempDir();
    assert.equal((await runCli(['--defaults', '--name', 'kept'], { cwd: dir, env: CI_ENV })).code, 0);
    writeFileSync(join(dir, 'run.py'), '# edited by hand\n');
    const changed = await runCli(['--port', '8080'], { cwd: dir, env: CI_ENV });
    assert.equal(changed.code, 0, changed.stderr);
    assert.equal(readFileSync(join(dir, 'run.py'), 'utf8'), '# edited by hand\n');
    assert.match(readFileSync(join(dir, 'deploy/apache/kept.conf'), 'utf8'), /<VirtualHost \*:8080>/);
  });

  it('app --dry-run lists every file of every part and writes nothing', async () => {
    const dir = tempDir();
    const { code, stderr, stdout } = await runCli(['--defaults', '--name', 'dry', '--dry-run'], { cwd: dir, env: CI_ENV });
    assert.equal(code, 0, stderr);
    assert.match(stdout + stderr, /would create +dry\.wsgi/);
    assert.match(stdout + stderr, /would create +deploy\/apache\/dry\.conf/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it("honours Yeoman's .yo-resolve rules: a file it marks skip is not written", async () => {
    const dir = tempDir();
    // In a folder above the project: its rules apply to the folders below it.
    writeFileSync(join(dir, '.yo-resolve'), 'rules/run.py skip\n');
    const { code, stderr } = await runCli(['--defaults', '--name', 'rules', '--cwd', join(dir, 'rules')], { env: CI_ENV });
    assert.equal(code, 0, stderr);
    const files = [...readTree(join(dir, 'rules')).keys()];
    assert.ok(files.includes('rules.wsgi') && files.includes('README.md'), files.join(' '));
    assert.ok(!files.includes('run.py'), 'run.py was written though .yo-resolve says skip');
  });

  it('runs a single sub-generator in an existing folder', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'existing.txt'), 'keep me\n');
    const { code, stderr } = await runCli(['wsgi', '--defaults', '--name', 'svc', '--package', 'svc_app'], { cwd: dir, env: CI_ENV });
    assert.equal(code, 0, stderr);
    assert.deepEqual([...readTree(dir).keys()], ['.modwsgi/last-generated/svc.wsgi', '.yo-rc.json', 'existing.txt', 'svc.wsgi']);
    assert.equal(readFileSync(join(dir, 'existing.txt'), 'utf8'), 'keep me\n');
  });
});

describe('yo: generator lookup', () => {
  cleanUpTempDirs();
  it("finds exactly modwsgi:app, apache, fleet, venv, wsgi and update, in lib/generators: the command's cached bundle", async () => {
    // As yo sees an installed package: node_modules/generator-modwsgi.
    const modules = join(tempDir(), 'node_modules');
    mkdirSync(modules);
    symlinkSync(PACKAGE_ROOT, join(modules, 'generator-modwsgi'));
    const env = createEnv({ cwd: tempDir() } as never);
    await env.lookup({ npmPaths: [modules], localOnly: true } as never);
    const meta = (env as unknown as { getGeneratorsMeta(): Record<string, { resolved: string }> }).getGeneratorsMeta();
    assert.deepEqual(Object.keys(meta).sort(), ['modwsgi:apache', 'modwsgi:app', 'modwsgi:fleet', 'modwsgi:update', 'modwsgi:venv', 'modwsgi:wsgi']);
    // lib/generators (written by the build) wins over the unbundled dist/generators, which the tests load.
    for (const [namespace, { resolved }] of Object.entries(meta)) {
      assert.match(resolved, new RegExp(`/lib/generators/${namespace.slice('modwsgi:'.length)}/index\\.js$`));
      const Generator = (await import(pathToFileURL(resolved).href)).default as { name?: string };
      assert.equal(typeof Generator, 'function', namespace);
    }
  });
});
