// @e2e The generated install-debian.sh run for real, as root, with this machine's
// system Apache (started without systemd) on port 80, loopback only: releases,
// a dependency added, a syntax error refused before the switch, a failing health
// URL rolled back automatically, --rollback, a deploy under a request loop with
// no failed request, owners and modes, and a second deploy that changes nothing.
// Cleans up the site, the account and the folders, and leaves Apache as it was.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { get, requireRoot, sleep, type HttpResult } from './support/apache.js';
import { runCli, tempDir } from './support/cli.js';
import { DEBIAN_PYTHON, daemonAccounts } from './support/site.js';
import { cleanUpTempDirs, recordSite } from './support/cleanup.js';
import { holdSystemApache } from './support/lock.js';
import { apacheConfigState, restoreApacheConfig, type ApacheConfigState } from './support/system-apache.js';

const NAME = 'modwsgi-i10-e2e';
const ACCOUNT = 'modwsgi-i10-e2e';
const HOST = 'i10-e2e.test';
const DEPLOY = `/srv/${NAME}`;
const CURRENT = join(DEPLOY, 'current');
const SITE_CONF = `/etc/apache2/sites-available/${NAME}.conf`;
const PID_FILE = '/var/run/apache2/apache2.pid';
const ERROR_LOG = '/var/log/apache2/error.log';
const PKG = 'modwsgi_i10_e2e';

// Made in before(), not as the file loads: a run that leaves these tests out makes nothing.
let root = '';
let project = '';
let views = '';

interface Run { status: number | null; out: string }
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.org', '-c', 'user.name=ci', ...args], { cwd: project, encoding: 'utf8' });
const commit = (message: string) => { git('add', '-A'); git('commit', '-q', '--allow-empty', '-m', message); };

/** The install script, as an operator runs it; async so requests can run meanwhile. */
function install(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('bash', [join(project, 'deploy', 'install-debian.sh'), '--system-site-packages', ...args],
      { env: { ...process.env, PYTHON: DEBIAN_PYTHON }, timeout: 240_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: `${stdout}${stderr}` }));
  });
}

const apachePid = () => (existsSync(PID_FILE) ? Number(readFileSync(PID_FILE, 'utf8').trim()) : undefined);
const alive = (pid: number | undefined) => pid !== undefined && spawnSync('kill', ['-0', String(pid)]).status === 0;
const errorLogLines = () => (existsSync(ERROR_LOG) ? readFileSync(ERROR_LOG, 'utf8').split('\n').filter((l) => /error|Traceback/i.test(l)).slice(-15) : []);
const live = () => readlinkSync(CURRENT);
const releases = () => readdirSync(join(DEPLOY, 'releases')).sort();

async function site(path: string): Promise<HttpResult> {
  const deadline = Date.now() + 20_000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await get(80, path, HOST, 10_000);
    } catch (error) {
      last = error;
      await sleep(200);
    }
  }
  throw new Error(`GET ${path} (Host: ${HOST}) failed: ${String(last)}\n${errorLogLines().join('\n')}`);
}
async function expectStatus(path: string, status: number, body?: RegExp): Promise<void> {
  const result = await site(path);
  assert.equal(result.status, status, `GET ${path} -> ${result.status}\n${result.body.slice(0, 300)}\n${errorLogLines().join('\n')}`);
  if (body) assert.match(result.body, body);
}

/** GETs `path` every 50 ms until `until` settles (bounded to 2000 requests); returns the failures. */
async function requestLoop(path: string, until: Promise<unknown>): Promise<{ count: number; failures: string[] }> {
  let done = false;
  void until.finally(() => { done = true; });
  const failures: string[] = [];
  let count = 0;
  // The loop goes on for 20 requests after the deploy ends: the daemons restart just after the switch.
  let after = 0;
  while ((!done || after++ < 20) && count < 2000) {
    count++;
    try {
      const result = await get(80, path, HOST, 10_000);
      if (result.status !== 200) failures.push(`${result.status} ${result.body.slice(0, 120)}`);
    } catch (error) {
      failures.push(String(error));
    }
    await sleep(50);
  }
  return { count, failures };
}

/** Path -> kind, size, mtime and mode of everything under `dir`: equal snapshots mean nothing changed. */
function snapshot(dir: string): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      const s = lstatSync(path);
      entries.set(relative(dir, path), `${entry.isSymbolicLink() ? readlinkSync(path) : s.size}@${s.mtimeMs}:${s.mode}:${s.uid}`);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return entries;
}

/** Every path under `dir` (not following links), relative. */
function tree(dir: string): string[] {
  const paths: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      paths.push(relative(dir, join(d, entry.name)));
      if (entry.isDirectory()) walk(join(d, entry.name));
    }
  };
  walk(dir);
  return paths;
}

function removeSite(): void {
  if (existsSync(`/etc/apache2/sites-enabled/${NAME}.conf`)) spawnSync('a2dissite', ['-q', NAME]);
  for (const file of readdirSync('/etc/apache2/sites-available')) if (file.startsWith(`${NAME}.conf`)) rmSync(join('/etc/apache2/sites-available', file), { force: true });
  rmSync(DEPLOY, { recursive: true, force: true });
}

const VIEWS_V2 = (health: string) => `from flask import Blueprint, jsonify, render_template
import dateutil

PROJECT_NAME = ${JSON.stringify(NAME)}

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return render_template("index.html", name=PROJECT_NAME)


@bp.get("/dep")
def dep():
    return "dateutil " + dateutil.__version__


@bp.get("/health")
def health():
${health}
`;

describe('@e2e install-debian.sh: releases, checks and rollback with the system Apache', function () {
  cleanUpTempDirs();
  holdSystemApache();
  this.timeout(300_000);
  let wasRunning = false;
  let v2 = '';
  let configBefore: ApacheConfigState | undefined;

  before(async () => {
    requireRoot();
    wasRunning = alive(apachePid());
    removeSite();
    configBefore = apacheConfigState();
    recordSite(NAME);
    root = tempDir('modwsgi-i10-deb-');
    project = join(root, 'project');
    views = join(project, PKG, 'views.py');
    const answers = join(root, 'answers.json');
    writeFileSync(answers, JSON.stringify({ name: NAME, deployPath: DEPLOY, serverName: HOST, port: 80, user: ACCOUNT, group: ACCOUNT, platforms: ['debian'], pythonVersion: '3.11', keepReleases: 3 }));
    const result = await runCli(['--answers', answers, '--defaults', '--cwd', project], { env: { CI: 'true' } });
    assert.equal(result.code, 0, result.stderr);
    git('init', '-q');
    writeFileSync(join(project, 'notes.log'), 'ignored by .gitignore\n');
    writeFileSync(join(project, '.gitignore'), `${readFileSync(join(project, '.gitignore'), 'utf8')}*.log\n`);
    commit('v1');
  });

  after(async () => {
    removeSite();
    // The shared server files, the port file's default host and the modules the script enabled go too.
    if (configBefore) restoreApacheConfig(configBefore);
    const pid = apachePid();
    spawnSync('apache2ctl', [wasRunning ? 'restart' : 'stop']);
    for (let i = 0; !wasRunning && alive(pid) && i < 100; i++) await sleep(100);
    // The daemon processes of the account go with Apache: retry until the account is free (bounded).
    for (let i = 0; i < 50 && spawnSync('userdel', [ACCOUNT]).status === 8; i++) await sleep(200);
    spawnSync('groupdel', [ACCOUNT]);
    rmSync(root, { recursive: true, force: true });
  });

  it('a first run refused by the config check takes back the site, the shared conf files and the modules it enabled', async () => {
    const vhost = join(project, 'deploy', 'apache', `${NAME}.conf`);
    const good = readFileSync(vhost, 'utf8');
    writeFileSync(vhost, good.replace('WSGIScriptReloading', 'NoSuchDirective on\n    WSGIScriptReloading'));
    try {
      const result = await install();
      assert.equal(result.status, 1, result.out);
      assert.match(result.out, /Apache's config check failed \(see above\)/);
      assert.deepEqual(apacheConfigState(), configBefore, 'the refused run left config files or module links behind');
      assert.equal(existsSync(CURRENT), false, 'the refused release went live');
    } finally {
      writeFileSync(vhost, good);
    }
  });

  it('v1: a release under releases/, current points at it, served by the daemon as the service account', async () => {
    assert.equal(existsSync('/run/systemd/system'), false, 'this test is about Apache without systemd');
    const result = await install();
    assert.equal(result.status, 0, result.out);
    assert.match(result.out, /PASS import: .* imports the app as modwsgi-i10-e2e/);
    assert.match(result.out, /PASS health: GET http:\/\/127\.0\.0\.1:80\/health \(Host: i10-e2e\.test\) answered 200/);
    assert.match(live(), /^releases\/\d{8}T\d{6}Z$/);
    await expectStatus('/', 200, new RegExp(`<h1>${NAME}</h1>`));
    assert.deepEqual(JSON.parse((await site('/health')).body), { status: 'ok', name: NAME });
    assert.deepEqual([...new Set(daemonAccounts(apachePid()!, NAME))], [`${ACCOUNT}:${ACCOUNT}`]);
  });

  it('v1: deploys what git lists, never tests, caches, venvs, .git, .yo-rc.json, instance or ignored files', () => {
    const release = join(DEPLOY, live());
    const paths = tree(release);
    for (const kept of [`${NAME}.wsgi`, `${PKG}/views.py`, 'deploy/install-debian.sh', 'requirements.txt']) assert.ok(paths.includes(kept), `${kept} missing: ${paths.join(' ')}`);
    for (const path of paths) assert.doesNotMatch(path, /^(tests|\.git|\.yo-rc\.json|venv|\.venv)(\/|$)|__pycache__|notes\.log/, `${path} was deployed`);
    assert.equal(lstatSync(join(release, 'instance')).isSymbolicLink(), true, 'instance/ is not the shared folder');
    assert.equal(readlinkSync(join(release, 'instance')), join(DEPLOY, 'shared', 'instance'));
  });

  it('v1: code and venv root-owned and not writable by the service; instance owned by it; secret 0640 root:group', () => {
    const uid = Number(execFileSync('id', ['-u', ACCOUNT], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', ACCOUNT], { encoding: 'utf8' }));
    const release = join(DEPLOY, live());
    const venv = readlinkSync(join(release, '.release-venv'));
    for (const top of [release, venv]) {
      for (const path of tree(top)) {
        const s = lstatSync(join(top, path));
        if (s.isSymbolicLink()) continue;
        assert.equal(s.uid, 0, `${join(top, path)} is not root's`);
        assert.equal(s.mode & 0o022, 0, `${join(top, path)} is writable by group or others (${(s.mode & 0o777).toString(8)})`);
      }
    }
    const instance = statSync(join(DEPLOY, 'shared', 'instance'));
    assert.deepEqual([instance.uid, instance.gid, instance.mode & 0o777], [uid, gid, 0o750]);
    const secret = statSync(join(DEPLOY, 'shared', 'instance', 'config.py'));
    assert.deepEqual([secret.uid, secret.gid, secret.mode & 0o777], [0, gid, 0o640]);
    assert.match(readFileSync(join(DEPLOY, 'shared', 'instance', 'config.py'), 'utf8'), /^SECRET_KEY = "[0-9a-f]{64}"$/m);
  });

  it('the same code again changes nothing: no new release, no restart, not a file touched', async () => {
    const pid = apachePid();
    const before = snapshot(DEPLOY);
    const siteBefore = statSync(SITE_CONF).mtimeMs;
    const result = await install();
    assert.equal(result.status, 0, result.out);
    assert.match(result.out, /code and dependencies as in the live release/);
    assert.match(result.out, /nothing changed; Apache left running/);
    assert.equal(apachePid(), pid, 'Apache was restarted');
    assert.deepEqual(snapshot(DEPLOY), before, 'something under the deploy path changed');
    assert.equal(statSync(SITE_CONF).mtimeMs, siteBefore);
  });

  it('v2 adds a dependency Debian packages and deletes a file: a new venv, served with it, run.py gone; only the daemons restart', async () => {
    const pid = apachePid();
    const oldVenv = readlinkSync(join(DEPLOY, live(), '.release-venv'));
    writeFileSync(join(project, 'requirements.txt'), `${readFileSync(join(project, 'requirements.txt'), 'utf8')}python-dateutil>=2.8\n`);
    writeFileSync(views, VIEWS_V2('    return jsonify(status="ok", name=PROJECT_NAME)'));
    unlinkSync(join(project, 'run.py'));
    commit('v2');
    const result = await install();
    assert.equal(result.status, 0, result.out);
    assert.match(result.out, new RegExp(`restart ${NAME}'s daemon processes \\(touch`));
    assert.equal(apachePid(), pid, 'a code change restarted Apache as a whole');
    v2 = live();
    assert.notEqual(readlinkSync(join(DEPLOY, v2, '.release-venv')), oldVenv, 'the venv was not rebuilt for the new requirements');
    assert.equal(existsSync(join(DEPLOY, v2, 'run.py')), false, 'a file deleted from the project is still in the new release');
    await expectStatus('/dep', 200, /^dateutil \d/);
    await expectStatus('/health', 200);
  });

  it('v3 with a syntax error is refused before the switch; v2 answers throughout', async () => {
    writeFileSync(views, `${readFileSync(views, 'utf8')}\ndef broken(:\n`);
    commit('v3');
    const running = install();
    const loop = await requestLoop('/dep', running);
    const result = await running;
    assert.equal(result.status, 1, result.out);
    assert.match(result.out, /FAIL import: importing the app as modwsgi-i10-e2e failed: SyntaxError/);
    assert.match(result.out, /failed the check before the switch \(above\), so it was removed; the live release \d{8}T\d{6}Z is unchanged/);
    assert.equal(live(), v2);
    assert.ok(loop.count > 0);
    assert.deepEqual(loop.failures, []);
    assert.deepEqual(releases().filter((id) => `releases/${id}` > v2), [], 'the refused release was left behind');
  });

  it('v4 imports but its health URL fails, and changed the vhost: switched back to v2 and its vhost automatically, exit 1, v2 answers', async () => {
    const vhost = join(project, 'deploy', 'apache', `${NAME}.conf`);
    const good = readFileSync(vhost, 'utf8');
    const liveVhost = readFileSync(SITE_CONF, 'utf8');
    writeFileSync(views, VIEWS_V2('    return jsonify(status="broken"), 500'));
    writeFileSync(vhost, `${good}# v4: a vhost change that goes with the release\n`);
    commit('v4');
    try {
      const result = await install();
      assert.equal(result.status, 1, result.out);
      assert.match(result.out, /graceful restart of Apache: the vhost changed/);
      assert.match(result.out, /FAIL health: .* answered 500/);
      assert.match(result.out, new RegExp(`release \\S+ failed the health check \\(above\\), so ${v2.replace('releases/', '')} is live again, with the Apache config it ran with,`));
      assert.equal(live(), v2);
      assert.equal(readFileSync(SITE_CONF, 'utf8'), liveVhost, "v4's vhost stayed live after the switch back");
      await expectStatus('/health', 200, /"status":"ok"/);
      await expectStatus('/dep', 200);
    } finally {
      writeFileSync(vhost, good);
      commit('v4 vhost change taken back');
    }
  });

  it('--status lists the releases and marks the live one; --rollback goes back to v1', async () => {
    const status = await install('--status');
    assert.equal(status.status, 0, status.out);
    assert.match(status.out, new RegExp(`^\\* ${v2.replace('releases/', '')} `, 'm'));
    assert.equal(status.out.split('\n').filter((line) => /^[ *] \d{8}T/.test(line)).length, 2, status.out);
    const result = await install('--rollback');
    assert.equal(result.status, 0, result.out);
    assert.notEqual(live(), v2);
    assert.equal(existsSync(join(DEPLOY, v2)), false, 'the release left by --rollback is still there');
    await expectStatus('/dep', 404);
    await expectStatus('/health', 200);
    const again = await install('--rollback');
    assert.equal(again.status, 1, again.out);
    assert.match(again.out, /no release before \S+ to go back to/);
  });

  it('v5 deployed while requests run: zero failed requests, served after the switch', async () => {
    writeFileSync(views, VIEWS_V2('    return jsonify(status="ok", name=PROJECT_NAME, version=5)'));
    commit('v5');
    const before = live();
    const running = install();
    const loop = await requestLoop('/health', running);
    const result = await running;
    assert.equal(result.status, 0, result.out);
    assert.notEqual(live(), before);
    assert.ok(loop.count >= 10, `only ${loop.count} requests ran during the deploy`);
    assert.deepEqual(loop.failures, [], `${loop.failures.length} of ${loop.count} requests failed`);
    await expectStatus('/health', 200, /"version":5/);
  });

  it('refuses a broken vhost before the switch: the new code is not live, the old vhost is back, Apache keeps serving', async () => {
    const vhost = join(project, 'deploy', 'apache', `${NAME}.conf`);
    const good = readFileSync(vhost, 'utf8');
    const pid = apachePid();
    const before = live();
    const count = releases().length;
    writeFileSync(vhost, good.replace('WSGIScriptReloading', 'NoSuchDirective on\n    WSGIScriptReloading'));
    writeFileSync(views, VIEWS_V2('    return jsonify(status="ok", name=PROJECT_NAME, version=6)'));
    commit('v6 with a broken vhost');
    try {
      const result = await install();
      assert.equal(result.status, 1, result.out);
      assert.match(result.out, /Invalid command 'NoSuchDirective'/);
      assert.match(result.out, /Apache's config check failed \(see above\).*the live release is unchanged/);
      assert.equal(readFileSync(SITE_CONF, 'utf8'), good);
      assert.equal(live(), before, 'the refused release went live');
      assert.equal(releases().length, count, 'the refused release was left behind');
      assert.equal(apachePid(), pid);
      await expectStatus('/health', 200, /"version":5/);
    } finally {
      writeFileSync(vhost, good);
      commit('vhost fixed');
    }
  });

  it('a hand-edited live vhost is refused on the next deploy; --force replaces it and keeps the edited copy', async () => {
    const vhost = join(project, 'deploy', 'apache', `${NAME}.conf`);
    const edited = `${readFileSync(SITE_CONF, 'utf8')}# edited by hand on the server\n`;
    writeFileSync(SITE_CONF, edited);
    writeFileSync(vhost, `${readFileSync(vhost, 'utf8')}# a change in the project\n`);
    commit('vhost changed');
    const refused = await install();
    assert.equal(refused.status, 1, refused.out);
    assert.match(refused.out, new RegExp(`${SITE_CONF} was edited since this script installed it; .* run again with --force`));
    assert.equal(readFileSync(SITE_CONF, 'utf8'), edited);
    const pid = apachePid();
    const forced = await install('--force');
    assert.equal(forced.status, 0, forced.out);
    assert.match(forced.out, /graceful restart of Apache: the vhost changed/);
    assert.equal(apachePid(), pid, 'a vhost change stopped and started Apache');
    assert.equal(readFileSync(SITE_CONF, 'utf8'), readFileSync(vhost, 'utf8'));
    const backups = readdirSync('/etc/apache2/sites-available').filter((f) => f.startsWith(`${NAME}.conf.modwsgi-backup-`));
    assert.equal(backups.length, 1, backups.join(' '));
    assert.equal(readFileSync(join('/etc/apache2/sites-available', backups[0]), 'utf8'), edited);
    await expectStatus('/health', 200);
    assert.ok(releases().length <= 3, `more than keepReleases (3) releases kept: ${releases().join(' ')}`);
  });
});
