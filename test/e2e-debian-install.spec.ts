// @e2e The generated install-debian.sh run for real, as root, on this Debian
// machine: it leaves the site served by the system Apache (started without
// systemd), a second run changes nothing, and a broken vhost is refused while
// Apache keeps serving the config it had. Cleans up the site it installed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { get, requireRoot, sleep, type HttpResult } from './support/apache.js';
import { runCli, tempDir } from './support/cli.js';
import { DEBIAN_PYTHON, daemonAccounts } from './support/site.js';
import { cleanUpTempDirs, recordSite } from './support/cleanup.js';

const NAME = 'modwsgi-debian-e2e';
const HOST = 'debian-e2e.test';
const DEPLOY = `/srv/${NAME}`;
const SITE_CONF = `/etc/apache2/sites-available/${NAME}.conf`;
const PID_FILE = '/var/run/apache2/apache2.pid';
const ERROR_LOG = '/var/log/apache2/error.log';

// Made in before(), not as the file loads: a run that leaves these tests out makes nothing.
let root = '';
let project = '';
let vhost = '';

function install(): { status: number | null; out: string } {
  const result = spawnSync('bash', [join(project, 'deploy', 'install-debian.sh'), '--system-site-packages'], {
    encoding: 'utf8',
    env: { ...process.env, PYTHON: DEBIAN_PYTHON },
    timeout: 180_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

const apachePid = () => (existsSync(PID_FILE) ? Number(readFileSync(PID_FILE, 'utf8').trim()) : undefined);
const errorLogLines = () => (existsSync(ERROR_LOG) ? readFileSync(ERROR_LOG, 'utf8').split('\n').filter((l) => /error|Traceback|SystemExit/i.test(l)).slice(-20) : []);

/** GET through the system Apache on port 80; failures carry the error log's last error lines. */
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
  throw new Error(`GET ${path} (Host: ${HOST}) on port 80 failed: ${String(last)}\n${errorLogLines().join('\n')}`);
}

async function expectServing(): Promise<void> {
  const index = await site('/');
  assert.equal(index.status, 200, `GET / -> ${index.status}\n${errorLogLines().join('\n')}`);
  assert.match(index.body, new RegExp(`<h1>${NAME}</h1>`));
  const health = await site('/health');
  assert.deepEqual(JSON.parse(health.body), { status: 'ok', name: NAME });
}

/** Path -> size and mtime of every file under `dir`: equal snapshots mean nothing was rewritten. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(relative(dir, path), `${statSync(path).size}@${statSync(path).mtimeMs}`);
    }
  };
  walk(dir);
  return files;
}

function removeSite(): void {
  if (existsSync(`/etc/apache2/sites-enabled/${NAME}.conf`)) spawnSync('a2dissite', ['-q', NAME]);
  rmSync(SITE_CONF, { force: true });
  rmSync(DEPLOY, { recursive: true, force: true });
}

describe('@e2e @system-apache install-debian.sh for real on this machine', function () {
  cleanUpTempDirs();
  this.timeout(240_000);
  let wasRunning = false;

  before(async () => {
    requireRoot();
    const pid = apachePid();
    wasRunning = pid !== undefined && spawnSync('kill', ['-0', String(pid)]).status === 0;
    removeSite();
    recordSite(NAME);
    root = tempDir('modwsgi-debian-');
    project = join(root, 'project');
    vhost = join(project, 'deploy', 'apache', `${NAME}.conf`);
    const answers = join(root, 'answers.json');
    writeFileSync(answers, JSON.stringify({ name: NAME, deployPath: DEPLOY, serverName: HOST, port: 80, user: 'modwsgi-deb', group: 'modwsgi-deb', platforms: ['debian'] }));
    const result = await runCli(['--answers', answers, '--defaults', '--cwd', project], { env: { CI: 'true' } });
    assert.equal(result.code, 0, result.stderr);
  });

  after(async () => {
    removeSite();
    const pid = apachePid();
    spawnSync('apache2ctl', [wasRunning ? 'restart' : 'stop']);
    // Leave port 80 free for whatever runs next: wait (bounded) for the stopped server to exit.
    for (let i = 0; !wasRunning && pid !== undefined && i < 100 && spawnSync('kill', ['-0', String(pid)]).status === 0; i++) await sleep(100);
    spawnSync('userdel', ['modwsgi-deb']);
    spawnSync('groupdel', ['modwsgi-deb']);
    rmSync(root, { recursive: true, force: true });
  });

  it('first run: installs the site and the system Apache serves GET / 200 from the daemon, as the configured user', async () => {
    assert.equal(existsSync('/run/systemd/system'), false, 'this test is about Apache without systemd');
    const result = install();
    assert.equal(result.status, 0, result.out);
    assert.match(result.out, /restart apache2 \(stop, then start\)/);
    assert.equal(readFileSync(SITE_CONF, 'utf8'), readFileSync(vhost, 'utf8'));
    await expectServing();
    const accounts = daemonAccounts(apachePid()!, NAME);
    assert.ok(accounts.length >= 1, 'no mod_wsgi daemon process under the system Apache');
    assert.deepEqual([...new Set(accounts)], ['modwsgi-deb:modwsgi-deb']);
    assert.match(readFileSync(join(DEPLOY, 'instance', 'config.py'), 'utf8'), /^SECRET_KEY = "[0-9a-f]{64}"$/m);
  });

  it('second run: changes nothing, leaves Apache running (same pid) and succeeds', async () => {
    const pid = apachePid();
    const before = snapshot(DEPLOY);
    const siteBefore = `${statSync(SITE_CONF).mtimeMs}`;
    const result = install();
    assert.equal(result.status, 0, result.out);
    assert.match(result.out, /nothing changed; Apache left running/);
    assert.doesNotMatch(result.out, /^\+ /m);
    assert.equal(apachePid(), pid, 'Apache was restarted');
    assert.deepEqual(snapshot(DEPLOY), before, 'files under the deploy path were rewritten');
    assert.equal(`${statSync(SITE_CONF).mtimeMs}`, siteBefore);
    await expectServing();
  });

  it('refuses a broken vhost (exit 1, message, old vhost back, Apache serving on); once fixed, stops and starts Apache', async () => {
    const pid = apachePid();
    const good = readFileSync(vhost, 'utf8');
    writeFileSync(vhost, good.replace('WSGIScriptReloading', 'NoSuchDirective on\n    WSGIScriptReloading'));
    try {
      const result = install();
      assert.equal(result.status, 1, result.out);
      assert.match(result.out, /Invalid command 'NoSuchDirective'/);
      assert.match(result.out, /Apache's config check failed \(see above\), so Apache was not restarted/);
      assert.match(result.out, new RegExp(`put the previous ${SITE_CONF} back`));
      assert.equal(readFileSync(SITE_CONF, 'utf8'), good);
      assert.equal(apachePid(), pid, 'Apache was restarted with a broken config');
      await expectServing();
    } finally {
      writeFileSync(vhost, good);
    }
    // Fixed again: a changed config means a full stop and start, so a new parent process.
    const fixed = install();
    assert.equal(fixed.status, 0, fixed.out);
    assert.notEqual(apachePid(), pid, 'Apache kept its parent process: a graceful reload, not a stop and start');
    await expectServing();
  });
});
