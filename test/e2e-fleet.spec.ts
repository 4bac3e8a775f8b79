// @e2e The generated Ansible playbook run for real, as root, against this machine
// (-i localhost, -c local) with the system Apache: the first run serves the site,
// a second run reports changed=0, --check changes nothing, a release that does not
// import stops before the switch with the old release serving, and rollback.yml
// goes back one release. Cleans up the site, accounts and folders, on failure too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getOnceUp, requireRoot, sleep } from './support/apache.js';
import { runCli, tempDir } from './support/cli.js';
import { cleanUpTempDirs } from './support/cleanup.js';
import { holdSystemApache } from './support/lock.js';
import { DEBIAN_PYTHON } from './support/site.js';
import { apacheConfigState, restoreApacheConfig, type ApacheConfigState } from './support/system-apache.js';

const NAME = 'modwsgi-i14-fleet';
const HOST = 'i14-fleet.test';
const ACCOUNT = 'modwsgi-i14';
// A space: every path the playbook hands to a shell is quoted.
const DEPLOY = '/srv/modwsgi-i14 fleet';
const SITE_CONF = `/etc/apache2/sites-available/${NAME}.conf`;
const PID_FILE = '/var/run/apache2/apache2.pid';

// Made in before(), not as the file loads: a run that leaves these tests out makes nothing.
let root = '';
let project = '';
let views = '';
let page = '';
let extraVars = '';

interface PlayResult { status: number | null; out: string; recap: Record<string, number> }

/** Runs a generated playbook; `recap` is the PLAY RECAP line of `host`. */
function playbook(name: string, args: string[] = [], inventory = 'localhost,', host = 'localhost'): PlayResult {
  const result = spawnSync('ansible-playbook', ['-i', inventory, '-c', 'local', '-e', `@${extraVars}`, ...args, join(project, 'deploy', 'ansible', name)], {
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCAL_TEMP: join(root, 'ansible-tmp'), ANSIBLE_REMOTE_TEMP: join(root, 'ansible-tmp') },
    timeout: 300_000,
    maxBuffer: 32 << 20,
  });
  const out = `${result.stdout}${result.stderr}`;
  const line = out.split('\n').find((l) => l.startsWith(`${host} `) && /\bok=\d/.test(l)) ?? '';
  const recap = Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
  return { status: result.status, out, recap };
}

const apachePid = () => (existsSync(PID_FILE) ? Number(readFileSync(PID_FILE, 'utf8').trim()) : undefined);
const live = () => readlinkSync(join(DEPLOY, 'current'));
const releases = () => readdirSync(join(DEPLOY, 'releases')).filter((id) => !id.startsWith('.')).sort();

const site = (path: string) => getOnceUp(80, path, HOST);

async function expectServing(text: string): Promise<void> {
  const index = await site('/');
  assert.equal(index.status, 200, `GET / -> ${index.status}`);
  assert.ok(index.body.includes(text), `GET / does not show ${text}:\n${index.body.slice(0, 400)}`);
  const health = await site('/health');
  assert.equal(health.status, 200);
  assert.deepEqual(JSON.parse(health.body), { status: 'ok', name: NAME });
}

/** Path -> size, mode and mtime of every entry under `dir` (links: their target). */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isSymbolicLink()) files.set(relative(dir, path), `-> ${readlinkSync(path)}`);
      else if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path), `${statSync(path).size} ${statSync(path).mode} @${statSync(path).mtimeMs}`);
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

function removeSite(): void {
  if (existsSync(`/etc/apache2/sites-enabled/${NAME}.conf`)) spawnSync('a2dissite', ['-q', NAME]);
  for (const file of readdirSync('/etc/apache2/sites-available')) {
    if (file === `${NAME}.conf` || file.startsWith(`${NAME}.conf.modwsgi-backup-`)) rmSync(join('/etc/apache2/sites-available', file), { force: true });
  }
  rmSync(DEPLOY, { recursive: true, force: true });
}

/** userdel refuses while the account's daemon processes are still exiting: retried, bounded. */
async function removeAccount(): Promise<void> {
  for (let i = 0; i < 50 && spawnSync('id', ['-u', ACCOUNT]).status === 0; i++) {
    if (spawnSync('userdel', [ACCOUNT]).status !== 0) await sleep(200);
  }
  if (spawnSync('getent', ['group', ACCOUNT]).status === 0) spawnSync('groupdel', [ACCOUNT]);
  assert.notEqual(spawnSync('id', ['-u', ACCOUNT]).status, 0, `the account ${ACCOUNT} is left behind`);
}

describe('@e2e ansible-playbook deploy/ansible/site.yml against this machine', function () {
  cleanUpTempDirs();
  holdSystemApache();
  this.timeout(600_000);
  let wasRunning = false;
  let configBefore: ApacheConfigState | undefined;

  before(async () => {
    requireRoot();
    root = tempDir('modwsgi-i14-e2e-');
    project = join(root, 'project');
    views = join(project, 'modwsgi_i14_fleet', 'views.py');
    page = join(project, 'modwsgi_i14_fleet', 'templates', 'index.html');
    extraVars = join(root, 'extra-vars.json');
    const pid = apachePid();
    wasRunning = pid !== undefined && spawnSync('kill', ['-0', String(pid)]).status === 0;
    removeSite();
    await removeAccount();
    configBefore = apacheConfigState();
    const answers = join(root, 'answers.json');
    writeFileSync(answers, JSON.stringify({ name: NAME, deployPath: DEPLOY, serverName: HOST, port: 80, user: ACCOUNT, group: ACCOUNT, platforms: ['debian'], pythonVersion: '3.11' }));
    for (const part of [[], ['fleet']]) {
      const result = await runCli([...part, '--answers', answers, '--defaults', '--cwd', project], { env: { CI: 'true' } });
      assert.equal(result.code, 0, result.stderr);
    }
    // No PyPI here: the venv sees Debian's Flask, built with the Python Debian's mod_wsgi links.
    writeFileSync(extraVars, JSON.stringify({ modwsgi_install_args: ['--system-site-packages'], modwsgi_install_environment: { PYTHON: DEBIAN_PYTHON } }));
  });

  after(async () => {
    removeSite();
    // The shared server files, the port file's default host and the modules the playbook enabled go too.
    if (configBefore) restoreApacheConfig(configBefore);
    const pid = apachePid();
    spawnSync('apache2ctl', [wasRunning ? 'graceful' : 'stop']);
    for (let i = 0; !wasRunning && pid !== undefined && i < 100 && spawnSync('kill', ['-0', String(pid)]).status === 0; i++) await sleep(100);
    if (root) rmSync(root, { recursive: true, force: true });
    await removeAccount();
  });

  it('first run: the system Apache serves GET / and /health through the vhost', async () => {
    const run = playbook('site.yml');
    assert.equal(run.status, 0, run.out);
    assert.equal(run.recap.failed, 0, run.out);
    assert.ok(run.recap.changed >= 3, run.out);
    assert.match(run.out, /TASK \[Release with the install script/);
    assert.equal(readFileSync(SITE_CONF, 'utf8'), readFileSync(join(project, 'deploy', 'apache', `${NAME}.conf`), 'utf8'));
    assert.match(live(), /^releases\//);
    await expectServing(`<h1>${NAME}</h1>`);
  });

  it('second run with nothing new: changed=0, same release, Apache not restarted', async () => {
    const pid = apachePid();
    const before = live();
    const run = playbook('site.yml');
    assert.equal(run.status, 0, run.out);
    assert.equal(run.recap.changed, 0, run.out);
    assert.ok(run.recap.ok >= 8, run.out);
    assert.equal(live(), before);
    assert.equal(apachePid(), pid);
    await expectServing(`<h1>${NAME}</h1>`);
  });

  it('--check --diff with new code: reports the copy, changes nothing on the server', async () => {
    writeFileSync(page, readFileSync(page, 'utf8').replace('</h1>', '</h1>\n<p>release two</p>'));
    const deployBefore = snapshot(DEPLOY);
    const siteBefore = readFileSync(SITE_CONF, 'utf8');
    const run = playbook('site.yml', ['--check', '--diff']);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /changed: \[localhost\]/);
    assert.match(run.out, /TASK \[Copy the release archive to the server\][^\n]*\n(?:[^\n]*\n)*?changed: \[localhost\]/);
    assert.deepEqual(snapshot(DEPLOY), deployBefore);
    assert.equal(readFileSync(SITE_CONF, 'utf8'), siteBefore);
    await expectServing(`<h1>${NAME}</h1>`);
    assert.ok(!(await site('/')).body.includes('release two'), 'check mode deployed the new code');
  });

  it('deploys release two; a release that does not import stops before the switch on the first server, release two serving, the second server untouched', async () => {
    const two = playbook('site.yml');
    assert.equal(two.status, 0, two.out);
    assert.ok(two.recap.changed >= 1, two.out);
    await expectServing('release two');
    const liveTwo = live();
    const count = releases().length;
    assert.equal(count, 2);

    writeFileSync(views, `import modwsgi_i14_no_such_module  # noqa\n${readFileSync(views, 'utf8')}`);
    // Two inventory names for this machine, one at a time: the first fails, the rollout stops before the second.
    const broken = playbook('site.yml', [], 'web1,web2,', 'web1');
    assert.notEqual(broken.status, 0, broken.out);
    assert.equal(broken.recap.failed, 1, broken.out);
    assert.doesNotMatch(broken.out, /: \[web2\]/, 'the rollout went on to the second server');
    assert.match(broken.out, /failed the check before the switch/);
    assert.match(broken.out, /modwsgi_i14_no_such_module/);
    assert.equal(live(), liveTwo);
    assert.equal(releases().length, count);
    await expectServing('release two');
  });

  it('rollback.yml goes back one release', async () => {
    const run = playbook('rollback.yml');
    assert.equal(run.status, 0, run.out);
    assert.equal(run.recap.changed, 1, run.out);
    assert.equal(releases().length, 1);
    assert.equal(live(), `releases/${releases()[0]}`);
    const index = await site('/');
    assert.equal(index.status, 200);
    assert.ok(!index.body.includes('release two'), 'release two still serving after the rollback');
    await expectServing(`<h1>${NAME}</h1>`);
  });
});
