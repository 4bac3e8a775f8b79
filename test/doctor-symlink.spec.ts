// @e2e The symlinked-module case on a real Apache + mod_wsgi: an existing repository (the
// symlinked-module fixture) fitted with the wsgi, apache and venv sub-generators, then its single
// module symlinked into the venv's site-packages, as the Flask deployment guide warns against.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrivateApache, ensureAccount, get, requireRoot, serveInPlace, testPort, waitUntilServing, withSharedFiles } from './support/apache.js';
import { runCli, tempDir } from './support/cli.js';
import { checkOf, privateApacheEnv, runDoctor, shown, withStatus } from './support/doctor.js';
import { FIXTURES } from './support/fixtures.js';
import { DEBIAN_PYTHON } from './support/site.js';

const USER = 'modwsgi-i15-notes';
const PORT = testPort(20411);

describe('@e2e deploy/doctor: a single module symlinked into site-packages', function () {
  this.timeout(180_000);
  let root: string;
  let apache: PrivateApache | undefined;

  before(() => requireRoot());
  after(async () => {
    await apache?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
    spawnSync('userdel', [USER]);
    spawnSync('groupdel', [USER]);
  });

  it('fails import (naming the link) and health (/ is the health URL of an existing repository), and the log shows TemplateNotFound', async () => {
    root = tempDir('modwsgi-i15-symlink-');
    const project = join(root, 'srv', 'notes');
    cpSync(join(FIXTURES, 'symlinked-module'), project, { recursive: true });
    for (const dir of [root, join(root, 'srv'), project]) chmodSync(dir, 0o755);
    const answers = join(root, 'answers.json');
    writeFileSync(answers, JSON.stringify({ name: 'notes', port: PORT, user: USER, group: USER, platforms: ['debian'], deployPath: project }));
    for (const part of ['wsgi', 'apache', 'venv']) {
      const result = await runCli([part, '--answers', answers, '--defaults', '--cwd', project], { env: { CI: 'true' } });
      assert.equal(result.code, 0, `${part}: ${result.stdout}${result.stderr}`);
    }
    const venv = spawnSync('bash', [join(project, 'deploy', 'create-venv.sh'), '--system-site-packages'], {
      cwd: project, encoding: 'utf8', env: { ...process.env, PYTHON: DEBIAN_PYTHON },
    });
    assert.equal(venv.status, 0, venv.stdout + venv.stderr);
    // The module and its templates move elsewhere; site-packages gets a link to the module alone.
    const source = join(root, 'src-notes');
    mkdirSync(source, { mode: 0o755 });
    chmodSync(source, 0o755);
    renameSync(join(project, 'notes.py'), join(source, 'notes.py'));
    renameSync(join(project, 'templates'), join(source, 'templates'));
    const lib = join(project, 'venv', 'lib');
    const sitePackages = join(lib, readdirSync(lib).find((name) => name.startsWith('python'))!, 'site-packages');
    const link = join(sitePackages, 'notes.py');
    // create-venv.sh pip-installs the project: the link replaces that copy of the module.
    rmSync(link, { force: true });
    symlinkSync(join(source, 'notes.py'), link);

    serveInPlace(project);
    ensureAccount(USER);
    apache = new PrivateApache({ root: join(root, 'apache'), includes: withSharedFiles([join(project, 'deploy', 'apache', 'notes.conf')]) });
    assert.match(apache.configTest(), /Syntax OK/);
    apache.start();
    await waitUntilServing(apache, PORT, 'localhost');
    assert.equal((await get(PORT, '/', 'localhost')).status, 500);

    const run = runDoctor(project, ['--json'], privateApacheEnv(apache));
    assert.equal(run.code, 1);
    assert.deepEqual(withStatus(run, 'FAIL'), ['health', 'import'], shown(run));
    const imported = checkOf(run, 'import');
    assert.equal(imported.saw, `notes is imported through the symlink ${link} in the venv: Flask looks for its templates and static files next to the link`);
    assert.match(imported.fix, /^do not symlink a single module into site-packages: put the project folder on sys\.path/);
    assert.match(checkOf(run, 'health').saw, new RegExp(`^GET http://127\\.0\\.0\\.1:${PORT}/ \\(Host: localhost:${PORT}\\) answered 500 `));
    const log = checkOf(run, 'error-log');
    const symlinked = log.details.find((d) => d.text.startsWith('symlinked-module '));
    assert.ok(symlinked, shown(run));
    assert.match(symlinked.text, /TemplateNotFound/);
    assert.equal(checkOf(run, 'static').status, 'SKIP', 'a single module has no static Alias');
  });
});
