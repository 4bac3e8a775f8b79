// @e2e deploy/doctor on the other two ways a generated site runs: python-home (the venv made by
// python -m venv, no activate_this.py) and embedded mode (the app runs as Apache's own user).
// Each is served by a private Apache + mod_wsgi and must pass every check that applies.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PrivateApache, ensureAccount, requireRoot, testPort, waitUntilServing } from './support/apache.js';
import { tempDir } from './support/cli.js';
import { checkOf, privateApacheEnv, runDoctor, shown, withStatus } from './support/doctor.js';
import { DEBIAN_PYTHON, Site } from './support/site.js';

const USER = 'modwsgi-i15-modes';

const MODES = [
  { label: 'python-home, daemon', port: testPort(20413), answers: { venvActivation: 'python-home', daemon: true }, skipped: ['activate-this', 'selinux', 'socket-prefix', 'writable'] },
  { label: 'activate_this, embedded', port: testPort(20414), answers: { venvActivation: 'activate_this', daemon: false }, skipped: ['locale', 'selinux', 'socket-prefix', 'user', 'writable'] },
];

describe('@e2e deploy/doctor: python-home and embedded mode', function () {
  this.timeout(180_000);
  const cleanups: Array<() => Promise<void> | void> = [];

  before(() => requireRoot());
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    spawnSync('userdel', [USER]);
    spawnSync('groupdel', [USER]);
  });

  for (const mode of MODES) {
    it(`${mode.label}: every check that applies passes; the others say why they do not apply`, async () => {
      const site = await Site.generate({ answers: { name: 'modes', port: mode.port, user: USER, group: USER, processes: 1, ...mode.answers } }, tempDir('modwsgi-i15-modes-'));
      cleanups.push(() => site.cleanup());
      if (mode.answers.venvActivation === 'python-home') {
        const venv = spawnSync(DEBIAN_PYTHON, ['-m', 'venv', '--system-site-packages', join(site.project, 'venv')], { encoding: 'utf8' });
        assert.equal(venv.status, 0, venv.stderr);
      } else {
        site.makeVenv();
      }
      ensureAccount(USER);
      const apache = new PrivateApache({ root: join(site.root, 'apache'), includes: site.includes });
      cleanups.push(() => apache.stop());
      assert.match(apache.configTest(), /Syntax OK/);
      apache.start();
      await waitUntilServing(apache, mode.port, 'localhost');

      const run = runDoctor(site.project, ['--json'], privateApacheEnv(apache));
      assert.equal(run.code, 0, shown(run));
      assert.deepEqual(withStatus(run, 'FAIL'), [], shown(run));
      assert.deepEqual(withStatus(run, 'WARN'), [], shown(run));
      assert.deepEqual(withStatus(run, 'SKIP'), mode.skipped, shown(run));
      if (mode.answers.daemon) {
        assert.equal(checkOf(run, 'venv').saw, `${site.project}/venv has bin/python (python-home= in ${site.vhost})`);
        assert.equal(checkOf(run, 'activate-this').saw, 'the .wsgi does not use activate_this.py (venvActivation python-home)');
        assert.match(checkOf(run, 'import').saw, new RegExp(`imports the app as ${USER} with `));
      } else {
        assert.equal(checkOf(run, 'user').saw, "embedded mode: the app runs as Apache's own user");
        assert.match(checkOf(run, 'access').saw, /^www-data \(group www-data\) can read the \.wsgi/);
        assert.match(checkOf(run, 'import').saw, /imports the app as www-data with /);
      }
    });
  }
});
