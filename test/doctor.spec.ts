// @e2e deploy/doctor against a real Apache + mod_wsgi on 127.0.0.1: a clean generated
// deployment passes every check; then each classic mistake is made on purpose, and the test
// asserts which checks fail and the fix they print. The site is put back after each one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, cpSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APACHE_BIN, PrivateApache, ensureAccount, get, requireRoot, sleep, testPort, waitUntilServing } from './support/apache.js';
import { PACKAGE_ROOT, tempDir } from './support/cli.js';
import { checkOf, privateApacheEnv, runDoctor, shown, withStatus } from './support/doctor.js';
import { Site } from './support/site.js';

const USER = 'modwsgi-i15-app';
const DEV = 'modwsgi-i15-dev';
const PORT = testPort(20410);

function removeAccounts(): void {
  for (const account of [USER, DEV]) {
    spawnSync('userdel', [account]);
    spawnSync('groupdel', [account]);
  }
}

/** Changes a file for one test and always puts it back. */
async function withEdit(path: string, edit: (text: string) => string, body: () => Promise<void> | void): Promise<void> {
  const before = readFileSync(path, 'utf8');
  writeFileSync(path, edit(before));
  try {
    await body();
  } finally {
    writeFileSync(path, before);
  }
}

describe('@e2e deploy/doctor on a real Apache + mod_wsgi', function () {
  this.timeout(180_000);
  let site: Site;
  let apache: PrivateApache;
  let env: Record<string, string>;
  const doctor = (...args: string[]) => runDoctor(site.project, ['--json', ...args], env);

  const graceful = async () => {
    await apache.gracefulRestart();
    await waitUntilServing(apache, PORT, 'localhost');
  };

  before(async () => {
    requireRoot();
    removeAccounts();
    // Under home/dev: the 0700-parent case closes that folder later.
    site = await Site.generate(
      // One daemon process: it has loaded the app before any test breaks it, so health stays deterministic.
      { answers: { name: 'hello', port: PORT, user: USER, group: USER, processes: 1, platforms: ['debian', 'rhel'] }, deployUnder: 'home/dev/srv' },
      tempDir('modwsgi-i15-doctor-'),
    );
    site.makeVenv();
    appendFileSync(join(site.project, 'hello', 'views.py'), readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'doctor-provoke.py'), 'utf8'));
    ensureAccount(USER);
    ensureAccount(DEV);
    apache = new PrivateApache({
      root: join(site.root, 'apache'),
      includes: site.includes,
      // mod_wsgi's stdio restrictions, so that a print() is refused and logged.
      preamble: ['WSGIRestrictStdout On', 'WSGIRestrictStdin On'],
    });
    site.apache = apache;
    assert.match(apache.configTest(), /Syntax OK/);
    apache.start();
    await waitUntilServing(apache, PORT, 'localhost');
    env = privateApacheEnv(apache);
  });

  after(async () => {
    await apache?.stop();
    site?.cleanup();
    removeAccounts();
  });

  it('passes every check on a clean generated deployment, and skips only what is absent here', () => {
    const run = doctor();
    assert.equal(run.code, 0, shown(run));
    assert.deepEqual(withStatus(run, 'FAIL'), [], shown(run));
    assert.deepEqual(withStatus(run, 'WARN'), [], shown(run));
    assert.deepEqual(withStatus(run, 'SKIP'), ['selinux', 'socket-prefix', 'writable'], shown(run));
    assert.equal(checkOf(run, 'selinux').saw, 'SELinux is not present on this machine');
    assert.match(checkOf(run, 'socket-prefix').saw, /^not a RHEL-family layout \(debian\)/);
    assert.match(checkOf(run, 'python-match').saw, /built for Python 3\.\d+ \(ldd \/usr\/lib\/apache2\/modules\/mod_wsgi\.so: libpython3\.\d+\); the venv .* runs Python 3\.\d+$/);
    assert.match(checkOf(run, 'import').saw, new RegExp(`^hello\\.wsgi imports the app as ${USER} with `));
    assert.match(checkOf(run, 'health').saw, new RegExp(`^GET http://127\\.0\\.0\\.1:${PORT}/health \\(Host: localhost:${PORT}\\) answered 200 in `));
    assert.match(checkOf(run, 'site').saw, new RegExp(`\\(${site.vhost.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+\\)$`));
    assert.match(checkOf(run, 'error-log').saw, new RegExp(`recent lines of ${apache.errorLog} match no known problem$`));
    assert.equal(run.checks.length, 18);
  });

  it('prints one line per check, fixes indented, and a summary that is not "N passed, N failed"', () => {
    const run = runDoctor(site.project, ['--only', 'user,socket-prefix,vhost-order'], env);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0], new RegExp(`^PASS user: ${USER} exists \\(uid \\d+, gid \\d+\\), not root$`));
    assert.match(lines[1], /^PASS vhost-order: only this site's vhost/);
    assert.match(lines[2], /^SKIP socket-prefix: not a RHEL-family layout/);
    assert.equal(lines[3], 'doctor: 3 checks, 0 failed, 0 warnings, 1 skipped');
    assert.doesNotMatch(run.stdout, /\d+ passed, \d+ failed/);
    assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colours when stdout is not a terminal');
  });

  it('wrong owner: a file the daemon user cannot read fails access (and import), with the chgrp/chmod fix', () => {
    // The doctor checks the live release, DEPLOYPATH/current (here a link to the project itself).
    const views = join(site.project, 'current', 'hello', 'views.py');
    const id = (flag: string) => Number(spawnSync('id', [flag, DEV], { encoding: 'utf8' }).stdout);
    chownSync(views, id('-u'), id('-g'));
    chmodSync(views, 0o600);
    try {
      const run = doctor();
      assert.equal(run.code, 1);
      assert.deepEqual(withStatus(run, 'FAIL'), ['access', 'import'], shown(run));
      const access = checkOf(run, 'access');
      assert.equal(access.saw, `${USER} (group ${USER}) cannot read ${views} (${DEV}:${DEV} -rw-------)`);
      assert.match(access.fix, new RegExp(`^chgrp -R ${USER} ${site.project} && chmod -R g\\+rX ${site.project} \\(files copied with a developer's owner`));
      assert.match(checkOf(run, 'import').saw, /PermissionError: \[Errno 13\] Permission denied/);
    } finally {
      chownSync(views, 0, 0);
      chmodSync(views, 0o644);
    }
  });

  it('0700 parent: a closed home folder above the project fails access with "chmod o+x", and the log says permission denied', async () => {
    const home = join(site.root, 'home', 'dev');
    chmodSync(home, 0o700);
    try {
      const response = await site.get('/health');
      assert.equal(response.status, 403, 'Apache cannot reach the .wsgi through a 0700 folder');
      const run = doctor();
      assert.equal(run.code, 1);
      assert.deepEqual(withStatus(run, 'FAIL'), ['access', 'health', 'import'], shown(run));
      const access = checkOf(run, 'access');
      assert.match(access.saw, new RegExp(`^${USER} \\(group ${USER}\\) cannot enter ${home} \\(root:root drwx------\\), above `));
      assert.equal(access.fix, `let it through: chmod o+x ${home} (a 0700 home folder is the usual cause), or deploy under /var/www`);
      const log = checkOf(run, 'error-log');
      assert.equal(log.status, 'WARN');
      assert.ok(log.details.some((d) => d.text.startsWith('permission-denied ')), shown(run));
    } finally {
      chmodSync(home, 0o755);
    }
  });

  it('missing activate_this.py fails activate-this (and import) with the virtualenv fix', () => {
    const activate = join(site.project, 'venv', 'bin', 'activate_this.py');
    renameSync(activate, `${activate}.away`);
    try {
      const run = doctor();
      assert.deepEqual(withStatus(run, 'FAIL'), ['activate-this', 'import'], shown(run));
      const check = checkOf(run, 'activate-this');
      assert.equal(check.saw, `${activate} is missing: the .wsgi cannot activate the venv`);
      assert.match(check.fix, /^python -m venv does not write bin\/activate_this\.py; recreate the venv with virtualenv/);
      assert.match(checkOf(run, 'import').saw, /RuntimeError: .*activate_this\.py is missing/);
    } finally {
      renameSync(`${activate}.away`, activate);
    }
  });

  it('an unguarded app.run() fails import at once (no hang) and names the file and line', async () => {
    const init = join(site.project, 'current', 'hello', '__init__.py');
    await withEdit(init, (text) => `${text}\n\ncreate_app().run(host="127.0.0.1", port=${testPort(20499)})\n`, () => {
      const started = Date.now();
      const run = doctor('--only', 'import');
      assert.ok(Date.now() - started < 8_000, 'the doctor did not wait for the development server');
      const check = checkOf(run, 'import');
      assert.equal(check.status, 'FAIL');
      const line = readFileSync(init, 'utf8').split('\n').length - 1;
      assert.equal(check.saw, `importing the app reached app.run() (werkzeug run_simple) at ${init}:${line}: under mod_wsgi it starts the development server and requests hang`);
      assert.equal(check.fix, 'put it under if __name__ == "__main__": (modwsgi wsgi --fix moves it)');
    });
  });

  it('an import that blocks fails import within --timeout', async () => {
    const init = join(site.project, 'hello', '__init__.py');
    await withEdit(init, (text) => `import time\ntime.sleep(60)\n${text}`, () => {
      const started = Date.now();
      const run = doctor('--only', 'import', '--timeout', '2');
      assert.ok(Date.now() - started < 10_000);
      assert.equal(checkOf(run, 'import').saw, `importing the app did not finish within 2 s (as ${USER})`);
      assert.equal(run.code, 1);
    });
  });

  it('a broken vhost fails apache-config with the file and line Apache names', async () => {
    await withEdit(site.vhost, (text) => text.replace('WSGIScriptReloading', 'WSGIScriptReloadin'), () => {
      const run = doctor();
      assert.equal(run.code, 1);
      const check = checkOf(run, 'apache-config');
      assert.equal(check.status, 'FAIL');
      assert.match(check.saw, new RegExp(`-t failed: AH00526: Syntax error on line \\d+ of ${site.vhost.replace(/[.]/g, '\\.')}:`));
      assert.match(check.fix, /^correct the file and line it names, then run .* -t again; the running Apache keeps its old config until restarted$/);
      assert.equal(checkOf(run, 'mod-wsgi').fix, "fix Apache's config first (see the apache-config check)");
      assert.equal(checkOf(run, 'health').status, 'PASS', 'the running Apache still serves its old config');
    });
  });

  it('a venv of another Python fails python-match (faked: only Python 3.11 exists here)', () => {
    // Honest fake: this machine has one Python, so the venv's bin/python is replaced by a wrapper
    // that reports 3.9 when asked for its version, and pyvenv.cfg says 3.9.18.
    const python = join(site.project, 'venv', 'bin', 'python');
    const cfg = join(site.project, 'venv', 'pyvenv.cfg');
    const cfgText = readFileSync(cfg, 'utf8');
    renameSync(python, `${python}.real`);
    writeFileSync(python, '#!/bin/sh\ncase "$*" in *version_info*) echo 3.9; exit 0 ;; esac\nexec "$0.real" "$@"\n', { mode: 0o755 });
    writeFileSync(cfg, cfgText.replace(/^version(_info)?\s*=.*$/m, 'version = 3.9.18'));
    try {
      const run = doctor();
      // The .wsgi reads pyvenv.cfg too and refuses the venv, so import fails with it.
      assert.deepEqual(withStatus(run, 'FAIL'), ['import', 'python-match'], shown(run));
      assert.match(checkOf(run, 'import').saw, /RuntimeError: the virtualenv \S+ was made for Python 3\.9, but mod_wsgi runs Python 3\.11/);
      const check = checkOf(run, 'python-match');
      assert.match(check.saw, /^mod_wsgi is built for Python 3\.11 \(ldd .*libpython3\.11\); the venv .* runs Python 3\.9$/);
      assert.equal(check.fix, `recreate the venv with Python 3.11, the one mod_wsgi is built for: rm -rf ${site.project}/venv && PYTHON=python3.11 bash deploy/create-venv.sh (or install a mod_wsgi built for Python 3.9)`);
    } finally {
      unlinkSync(python);
      renameSync(`${python}.real`, python);
      writeFileSync(cfg, cfgText);
    }
  });

  it('a missing locale fails locale; served, it logs the unsupported locale and a UnicodeEncodeError', async () => {
    await withEdit(site.vhost, (text) => text.replace('lang="C.UTF-8" locale="C.UTF-8"', 'lang="xx_XX.UTF-8" locale="xx_XX.UTF-8"'), async () => {
      const run = doctor();
      assert.deepEqual(withStatus(run, 'FAIL'), ['locale'], shown(run));
      const check = checkOf(run, 'locale');
      assert.equal(check.saw, `locale=xx_XX.UTF-8 (WSGIDaemonProcess in ${site.vhost}) is not a locale of this machine`);
      assert.match(check.fix, /^generate it \(Debian: add it to \/etc\/locale\.gen and run locale-gen; .*\) or use C\.UTF-8/);
      await graceful();
      assert.equal((await site.get('/provoke/unicode')).status, 500);
      const log = checkOf(doctor('--only', 'error-log'), 'error-log');
      const ids = log.details.map((d) => d.text.split(' ')[0]);
      assert.ok(ids.includes('unsupported-locale') && ids.includes('unicode-c-locale'), log.details.map((d) => d.text).join('\n'));
    });
    await graceful();
  });

  it('a second vhost with the same ServerName first on the port fails vhost-order', async () => {
    const other = join(site.root, 'other.conf');
    writeFileSync(other, `<VirtualHost *:${PORT}>\n    ServerName localhost\n    DocumentRoot /var/empty\n</VirtualHost>\n`);
    await withEdit(apache.conf, (text) => text.replace(`Include ${JSON.stringify(site.vhost)}`, `Include ${JSON.stringify(other)}\nInclude ${JSON.stringify(site.vhost)}`), () => {
      const run = doctor();
      assert.deepEqual(withStatus(run, 'FAIL'), ['vhost-order'], shown(run));
      const check = checkOf(run, 'vhost-order');
      assert.equal(check.saw, `localhost:${PORT} is answered first by another virtual host at ${other}:1`);
      assert.equal(check.fix, `remove or rename the ServerName localhost in ${other} (Apache uses the first vhost that names a host)`);
    });
  });

  it('--release checks a project folder that is not live yet (a syntax error there fails import; the live one passes)', () => {
    const release = join(site.root, 'release-2');
    cpSync(site.project, release, { recursive: true, filter: (path) => !path.startsWith(join(site.project, 'venv')) });
    appendFileSync(join(release, 'hello', 'views.py'), '\ndef broken(:\n');
    chmodSync(release, 0o755);
    try {
      const run = doctor('--only', 'import', '--release', release, '--venv', join(site.project, 'venv'));
      assert.equal(run.code, 1);
      assert.match(checkOf(run, 'import').saw, /^importing the app as modwsgi-i15-app failed: SyntaxError: invalid syntax/);
      assert.ok(checkOf(run, 'import').details.some((d) => d.text.includes(join(release, 'hello', 'views.py'))));
      assert.equal(doctor('--only', 'import').code, 0);
    } finally {
      rmSync(release, { recursive: true, force: true });
    }
  });

  it('maps the log lines that requests provoke (SystemExit, a killed daemon, print to a restricted stdout) to their signatures', async () => {
    for (const path of ['/provoke/exit', '/provoke/crash', '/provoke/stdout']) assert.equal((await site.get(path)).status, 500, path);
    await waitUntilServing(apache, PORT, 'localhost');
    const run = doctor('--only', 'error-log,health');
    const log = checkOf(run, 'error-log');
    assert.equal(log.status, 'WARN');
    const ids = log.details.map((d) => d.text.split(' ')[0]);
    for (const id of ['system-exit', 'truncated-headers', 'stdio-restricted']) assert.ok(ids.includes(id), `${id} not in:\n${ids.join('\n')}`);
    const exit = log.details.find((d) => d.text.startsWith('system-exit'))!;
    assert.match(exit.text, /SystemExit exception raised by WSGI script '.*hello\.wsgi' ignored\./);
    assert.equal(exit.fix, 'do not call sys.exit() in the app; put app.run() under if __name__ == "__main__":');
    assert.equal(run.code, 0, 'log signatures warn; they do not fail a deployment that answers');
  });
  it('on a RHEL layout (os-release under MODWSGI_ROOT) checks WSGISocketPrefix, and fails without one', async () => {
    const fakeRoot = join(site.root, 'rhel-root');
    mkdirSync(join(fakeRoot, 'etc'), { recursive: true });
    writeFileSync(join(fakeRoot, 'etc', 'os-release'), 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\n');
    const rhel = () => runDoctor(site.project, ['--json', '--only', 'socket-prefix,site'], { ...env, MODWSGI_ROOT: fakeRoot });
    const prefix = join(site.root, 'apache', 'logs', 'wsgi');
    const present = checkOf(rhel(), 'socket-prefix');
    assert.equal(present.status, 'PASS');
    assert.match(present.saw, new RegExp(`^WSGISocketPrefix ${prefix.replace(/[.]/g, '\\.')} \\(${apache.conf.replace(/[.]/g, '\\.')}:\\d+\\); `));
    await withEdit(apache.conf, (text) => text.replace(/^WSGISocketPrefix .*$/m, ''), () => {
      const run = rhel();
      assert.deepEqual(withStatus(run, 'FAIL'), ['socket-prefix'], shown(run));
      assert.equal(checkOf(run, 'socket-prefix').fix, "add 'WSGISocketPrefix /var/run/wsgi' outside any VirtualHost, e.g. in /etc/httpd/conf.d/wsgi.conf");
    });
  });

  it('maps a response timeout and a Python that cannot find its encodings module, provoked for real', async () => {
    await withEdit(site.vhost, (text) => text.replace(/ socket-timeout=\d+/, ' socket-timeout=2'), async () => {
      await graceful();
      assert.equal((await site.get('/provoke/sleep')).status, 504);
    });
    const empty = join(site.root, 'not-a-python-home');
    mkdirSync(empty, { recursive: true });
    await withEdit(site.vhost, (text) => text.replace('display-name=%{GROUP}', `display-name=%{GROUP} python-home=${JSON.stringify(empty)}`), async () => {
      spawnSync(APACHE_BIN, ['-f', apache.conf, '-k', 'graceful']);
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && !/No module named 'encodings'/.test(apache.log())) await sleep(250);
    });
    await graceful();
    const log = checkOf(doctor('--only', 'error-log'), 'error-log');
    const ids = log.details.map((d) => d.text.split(' ')[0]);
    assert.ok(ids.includes('response-timeout') && ids.includes('no-encodings'), log.details.map((d) => d.text).join('\n'));
    assert.match(log.details.find((d) => d.text.startsWith('response-timeout'))!.text, /Timeout when reading response headers from daemon process 'hello'/);
    assert.equal((await get(PORT, '/health', 'localhost')).status, 200);
  });
  it("a site that is not enabled fails site, with the platform's fix", async () => {
    await withEdit(apache.conf, (text) => text.replace(`Include ${JSON.stringify(site.vhost)}`, ''), () => {
      const run = doctor('--only', 'site,vhost-order,port');
      assert.deepEqual(withStatus(run, 'FAIL'), ['site'], shown(run));
      assert.equal(checkOf(run, 'site').fix, 'install deploy/apache/hello.conf as /etc/apache2/sites-available/hello.conf && a2ensite hello, then reload Apache (deploy/install-debian.sh does both)');
      assert.equal(checkOf(run, 'vhost-order').status, 'SKIP');
    });
  });

  it('a stopped Apache fails port and health (run last: it stops the site)', async () => {
    await apache.stop();
    const run = doctor('--only', 'port,health', '--timeout', '3');
    assert.deepEqual(withStatus(run, 'FAIL'), ['health', 'port'], shown(run));
    assert.equal(checkOf(run, 'port').saw, `nothing listens on TCP port ${PORT}`);
    assert.match(checkOf(run, 'health').saw, /Connection refused/);
  });
});
