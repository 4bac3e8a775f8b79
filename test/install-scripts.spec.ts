// The generated install scripts: shellcheck-clean, refuse the wrong platform,
// --dry-run prints every command and runs none, and on rhel, opensuse, freebsd
// and pkgsrc (stub package managers on PATH, a fake root for /etc) they run the
// recorded commands, change nothing on a second run, and refuse a broken config.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, tempDir } from './support/cli.js';
import { copyFixture } from './support/fixtures.js';
import { DEBIAN_PYTHON } from './support/site.js';
import { PLATFORM_STUBS, STUBS, actions, makeStubWorld, takeCalls, writeStub, type StubWorld } from './support/stubs.js';
import { cleanUpTempDirs, recordDir } from './support/cleanup.js';
import { freePort } from './support/apache.js';

// Made by the first hook, not as the file loads: a run that leaves these tests out makes nothing.
const root = join(tmpdir(), `modwsgi-install-${randomBytes(6).toString('hex')}`);
const project = join(root, 'project');
const deploy = join(root, 'srv', 'shop');
// The stand-in for the stubbed Apache listens on it.
const PORT = await freePort();
const SCRIPTS = ['debian', 'rhel', 'opensuse', 'freebsd', 'pkgsrc'] as const;
const script = (platform: string) => join(project, 'deploy', `install-${platform}.sh`);

/** Words quoted as bash's printf %q does, as the scripts print and the stubs record them. */
const sh = (...words: string[]) => execFileSync('bash', ['-c', 'printf "%q " "$@"', '_', ...words], { encoding: 'utf8' }).trimEnd();

function runScript(platform: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync('bash', [script(platform), ...args], { encoding: 'utf8', env: { ...env, PYTHON: DEBIAN_PYTHON }, timeout: 120_000 });
  return { status: result.status, out: `${result.stdout}${result.stderr}`, stdout: result.stdout };
}

before(async function () {
  this.timeout(60_000);
  mkdirSync(recordDir(root), { mode: 0o700 });
  const answers = join(root, 'answers.json');
  writeFileSync(answers, JSON.stringify({
    name: 'shop', deployPath: deploy, port: PORT, user: 'shop-web', group: 'shop-web', pythonVersion: '3.11',
    platforms: [...SCRIPTS, 'windows'],
  }));
  const result = await runCli(['--answers', answers, '--defaults', '--cwd', project], { env: { CI: 'true' } });
  assert.equal(result.code, 0, result.stderr);
  // A developer's tree: these must never reach the server.
  for (const dir of ['.venv/bin', '.git', 'instance']) mkdirSync(join(project, dir), { recursive: true });
  writeFileSync(join(project, '.venv/bin/python'), '');
  writeFileSync(join(project, '.git/HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(project, 'instance/config.py'), 'SECRET_KEY = "the developer\'s key"\n');
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('install scripts: static checks', () => {
  cleanUpTempDirs();
  for (const platform of SCRIPTS) {
    it(`install-${platform}.sh passes shellcheck and bash -n, and sets -euo pipefail`, () => {
      const check = spawnSync('shellcheck', ['-x', script(platform)], { encoding: 'utf8' });
      assert.equal(check.status, 0, check.stdout + check.stderr);
      assert.equal(spawnSync('bash', ['-n', script(platform)]).status, 0);
      assert.match(readFileSync(script(platform), 'utf8'), /^set -euo pipefail$/m);
    });
  }
  it('create-venv.sh passes shellcheck and bash -n', () => {
    const venvScript = join(project, 'deploy', 'create-venv.sh');
    const check = spawnSync('shellcheck', ['-x', venvScript], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.equal(spawnSync('bash', ['-n', venvScript]).status, 0);
  });
});

describe('install scripts: refuse the wrong platform', () => {
  cleanUpTempDirs();
  const refusals: Record<string, RegExp> = {
    rhel: /install-rhel\.sh: this machine is debian, not RHEL, Fedora/,
    opensuse: /install-opensuse\.sh: this machine is debian, not openSUSE or SLES/,
    freebsd: /install-freebsd\.sh: this machine is debian, not FreeBSD/,
    pkgsrc: /install-pkgsrc\.sh: pkgsrc's pkgin and pkg_info are not on PATH/,
  };
  for (const [platform, message] of Object.entries(refusals)) {
    it(`install-${platform}.sh refuses this Debian machine, even with --dry-run`, () => {
      const result = runScript(platform, ['--dry-run']);
      assert.equal(result.status, 1, result.out);
      assert.match(result.out, message);
      assert.match(result.out, /use the install script for your platform in deploy\//);
    });
  }
  it('install-debian.sh refuses a Fedora machine (os-release under MODWSGI_ROOT)', () => {
    const fake = join(root, 'fedora-root');
    mkdirSync(join(fake, 'etc'), { recursive: true });
    writeFileSync(join(fake, 'etc', 'os-release'), 'NAME="Fedora Linux"\nID=fedora\n');
    const result = runScript('debian', ['--dry-run'], { ...process.env, MODWSGI_ROOT: fake });
    assert.equal(result.status, 1, result.out);
    assert.match(result.out, /install-debian\.sh: this machine is fedora, not Debian or Ubuntu/);
  });
  it('refuses an unknown argument with exit 2, naming what is allowed', () => {
    const result = runScript('debian', ['--dryrun']);
    assert.equal(result.status, 2);
    assert.match(result.out, /unknown argument '--dryrun' \(allowed: --dry-run, --system-site-packages, --rollback, --status, --force, --help\)/);
  });
});

/** Release ids (UTC timestamps) vary: ID stands for any. */
const anyId = (line: string) => line.replace(/\d{8}T\d{6}Z(-\d)?/g, 'ID');

describe('install-debian.sh --dry-run on this machine', () => {
  cleanUpTempDirs();
  it('prints the release steps it would run and changes nothing', () => {
    const result = runScript('debian', ['--dry-run', '--system-site-packages']);
    assert.equal(result.status, 0, result.out);
    const printed = result.stdout.split('\n').filter((line) => line.startsWith('+ ')).map(anyId);
    for (const expected of [
      '+ ensure_shared',
      `+ stage_release ${deploy}/releases/ID`,
      `+ ensure_venv ${deploy}/releases/ID`,
      `+ check_before_switch ${deploy}/releases/ID`,
      `+ put_site ${project}/deploy/apache/shop.conf`,
      '+ a2ensite -q shop',
      '+ apache2ctl configtest',
      '+ switch_to ID',
      '+ check_after_switch',
    ]) assert.ok(printed.includes(expected), `missing ${expected} in:\n${result.stdout}`);
    assert.ok(printed.indexOf('+ apache2ctl configtest') < printed.indexOf('+ switch_to ID'), 'the switch comes before the config check');
    assert.ok(printed.indexOf(`+ check_before_switch ${deploy}/releases/ID`) < printed.indexOf('+ switch_to ID'));
    assert.match(result.stdout, /==> venv: \S+\/venvs\/[0-9a-f]{16} \(Python 3\.\d+, \/usr\/bin\/python3\S*\)/);
    assert.equal(existsSync(deploy), false, 'the dry run created the deploy folder');
    assert.equal(existsSync('/etc/apache2/sites-available/shop.conf'), false);
  });

  it("refuses a pythonVersion other than the Python this machine's mod_wsgi is built for, before any change", async () => {
    const other = join(tempDir('modwsgi-pyver-'), 'project');
    const result = await runCli(['--defaults', '--platforms', 'debian', '--python-version', '3.13', '--deploy-path', `${deploy}-pyver`, '--cwd', other], { env: { CI: 'true' } });
    assert.equal(result.code, 0, result.stderr);
    const run = spawnSync('bash', [join(other, 'deploy', 'install-debian.sh'), '--dry-run'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /mod_wsgi \(\/usr\/lib\/apache2\/modules\/mod_wsgi\.so\) is built for Python 3\.11, but this script was generated with pythonVersion 3\.13; generate it again with --python-version 3\.11 \(or auto/);
    assert.doesNotMatch(run.stdout, /^\+ stage_release/m);
    assert.equal(existsSync(`${deploy}-pyver`), false);
  });
});

interface PlatformCase {
  osRelease?: string;
  /** Folders the platform's packages would have made, under the fake root. */
  folders: string[];
  siteConf: string;
  /** Every command a first run runs, as --dry-run prints it (release ids as ID). */
  plan: string[];
  /** The stubbed system commands a first run runs, in order. */
  system: string[];
}

const D = deploy;
const release = [
  'record_account shop-web', 'ensure_shared', `stage_release ${D}/releases/ID`, `ensure_venv ${D}/releases/ID`, `check_before_switch ${D}/releases/ID`,
];
const site = () => `put_site ${project}/deploy/apache/shop.conf`;
const afterSwitch = ['switch_to ID', 'apache_restart', 'check_after_switch', 'prune_releases'];
/** The stubbed commands that change the system or restart Apache (not file copies or owner changes). */
const SYSTEM = /^(dnf|yum|zypper|pkgin|pkg install|groupadd|useradd|pw (user|group)add|semanage \S+ -a|restorecon|a2enmod|\S*apachectl|service|sysrc|systemctl (enable|restart|reload|start|stop))/;
/** The files every site shares (server settings, one per port), put into the platform's conf folder (made first if new). */
const shared = (dir: string, made = true) => [
  ...(made ? [] : [sh('mkdir', '-p', dir)]), sh('put_shared', `${project}/deploy/apache/modwsgi-server.conf`, `${dir}/zz-modwsgi-server.conf`),
  ...(made ? [] : [sh('mkdir', '-p', dir)]), sh('put_shared', `${project}/deploy/apache/modwsgi-port-${PORT}.conf`, `${dir}/00-modwsgi-port-${PORT}.conf`),
];
const loadHeaders = (file: string, dir: string) => sh('write_shared', file, `<IfModule !headers_module>\n    LoadModule headers_module ${dir}/mod_headers.so\n</IfModule>\n`);

const PLATFORMS: Record<keyof typeof PLATFORM_STUBS, (fake: string) => PlatformCase> = {
  rhel: (fake) => ({
    osRelease: 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\n',
    folders: ['etc/httpd/conf.d'],
    siteConf: `${fake}/etc/httpd/conf.d/shop.conf`,
    plan: [
      'dnf install -y httpd python3-mod_wsgi', 'groupadd --system shop-web',
      `useradd --system --gid shop-web --home-dir ${D} --no-create-home --shell /sbin/nologin shop-web`, ...release,
      sh('semanage', 'fcontext', '-a', '-t', 'httpd_sys_content_t', `${D}(/.*)?`),
      sh('semanage', 'fcontext', '-a', '-t', 'httpd_sys_content_t', `${D}/venv(/.*)?`),
      `restorecon -R ${D}`, `semanage port -a -t http_port_t -p tcp ${PORT}`,
      site(), ...shared(`${fake}/etc/httpd/conf.d`), 'apachectl configtest', ...afterSwitch,
    ],
    system: [
      'dnf install -y httpd python3-mod_wsgi', 'groupadd --system shop-web',
      `useradd --system --gid shop-web --home-dir ${D} --no-create-home --shell /sbin/nologin shop-web`,
      sh('semanage', 'fcontext', '-a', '-t', 'httpd_sys_content_t', `${D}(/.*)?`),
      sh('semanage', 'fcontext', '-a', '-t', 'httpd_sys_content_t', `${D}/venv(/.*)?`),
      `restorecon -R ${D}`, `semanage port -a -t http_port_t -p tcp ${PORT}`,
      'apachectl configtest', 'systemctl enable httpd', 'systemctl restart httpd',
    ],
  }),
  opensuse: (fake) => ({
    osRelease: 'NAME="openSUSE Leap"\nID="opensuse-leap"\nID_LIKE="suse opensuse"\n',
    folders: ['etc/apache2/vhosts.d'],
    siteConf: `${fake}/etc/apache2/vhosts.d/shop.conf`,
    plan: [
      'zypper --non-interactive install apache2 apache2-mod_wsgi', 'groupadd --system shop-web',
      `useradd --system --gid shop-web --home-dir ${D} --no-create-home --shell /sbin/nologin shop-web`, ...release,
      site(), 'a2enmod wsgi', 'a2enmod headers', ...shared(`${fake}/etc/apache2/conf.d`, false), 'apachectl configtest', ...afterSwitch,
    ],
    system: [
      'zypper --non-interactive install apache2 apache2-mod_wsgi', 'groupadd --system shop-web',
      `useradd --system --gid shop-web --home-dir ${D} --no-create-home --shell /sbin/nologin shop-web`,
      'a2enmod wsgi', 'a2enmod headers', 'apachectl configtest', 'systemctl enable apache2', 'systemctl restart apache2',
    ],
  }),
  freebsd: (fake) => ({
    osRelease: 'NAME=FreeBSD\nID=freebsd\n',
    folders: ['usr/local/etc/apache24/Includes', 'usr/local/etc/apache24/modules.d'],
    siteConf: `${fake}/usr/local/etc/apache24/Includes/shop.conf`,
    plan: [
      'pkg install -y apache24 ap24-py311-mod_wsgi', 'pw groupadd shop-web',
      `pw useradd shop-web -g shop-web -d ${D} -s /usr/sbin/nologin`, ...release,
      sh('write_line', `${fake}/usr/local/etc/apache24/modules.d/270_mod_wsgi.conf`, 'LoadModule wsgi_module libexec/apache24/mod_wsgi.so'),
      site(), loadHeaders(`${fake}/usr/local/etc/apache24/modules.d/260_modwsgi_tls.conf`, 'libexec/apache24'),
      ...shared(`${fake}/usr/local/etc/apache24/Includes`), 'service apache24 configtest', ...afterSwitch,
    ],
    system: [
      'pkg install -y apache24 ap24-py311-mod_wsgi', 'pw groupadd shop-web', `pw useradd shop-web -g shop-web -d ${D} -s /usr/sbin/nologin`,
      'service apache24 configtest', 'sysrc apache24_enable=YES', 'service apache24 restart',
    ],
  }),
  pkgsrc: (fake) => ({
    folders: ['usr/pkg/etc/httpd', 'usr/pkg/sbin'],
    siteConf: `${fake}/usr/pkg/etc/httpd/shop.conf`,
    plan: [
      'pkgin -y install apache ap24-py311-wsgi', 'groupadd shop-web', `useradd -g shop-web -d ${D} -s /sbin/nologin shop-web`, ...release,
      site(),
      sh('append_line', `${fake}/usr/pkg/etc/httpd/httpd.conf`, 'LoadModule wsgi_module lib/httpd/mod_wsgi.so'),
      sh('append_line', `${fake}/usr/pkg/etc/httpd/httpd.conf`, 'Include etc/httpd/shop.conf'),
      sh('mkdir', '-p', `${fake}/usr/pkg/etc/httpd/modwsgi.d`), loadHeaders(`${fake}/usr/pkg/etc/httpd/modwsgi.d/00-modules.conf`, 'lib/httpd'),
      ...shared(`${fake}/usr/pkg/etc/httpd/modwsgi.d`, false),
      sh('append_line', `${fake}/usr/pkg/etc/httpd/httpd.conf`, 'IncludeOptional etc/httpd/modwsgi.d/*.conf'),
      `${fake}/usr/pkg/sbin/apachectl configtest`, ...afterSwitch,
    ],
    system: [
      'pkgin -y install apache ap24-py311-wsgi', 'groupadd shop-web', `useradd -g shop-web -d ${D} -s /sbin/nologin shop-web`,
      'apachectl configtest', 'apachectl stop', 'apachectl start',
    ],
  }),
};

const configTest = (c: PlatformCase) => c.system.find((line) => line.endsWith(' configtest'))!;
const live = () => readlinkSync(join(deploy, 'current'));

/**
 * Stands in for the stubbed Apache on 127.0.0.1:PORT, in a process of its own (the scripts run
 * synchronously here): answers the health URL with the status written in its status file.
 */
const healthStatus = join(root, 'health-status');
const setHealth = (status: number) => writeFileSync(healthStatus, String(status));
let healthServer: ChildProcess | undefined;
before(async function () {
  this.timeout(20_000);
  setHealth(200);
  const code = `require('http').createServer((req, res) => {
    const status = Number(require('fs').readFileSync(process.argv[1], 'utf8'));
    res.writeHead(status, { 'Content-Type': 'application/json' }); res.end('{"status":"stub"}');
  }).listen(${PORT}, '127.0.0.1', () => console.log('listening'));`;
  healthServer = spawn(process.execPath, ['-e', code, healthStatus], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    healthServer!.stdout!.once('data', () => resolve());
    healthServer!.once('exit', (status) => reject(new Error(`the health stand-in exited (${status})`)));
  });
});
after(() => { healthServer?.kill(); });

for (const [platform, describeCase] of Object.entries(PLATFORMS)) {
  describe(`install-${platform}.sh with stub package managers`, function () {
    this.timeout(180_000);
    const fake = join(root, `${platform}-root`);
    const c = describeCase(fake);
    let world: StubWorld;

    before(() => {
      rmSync(deploy, { recursive: true, force: true });
      for (const folder of c.folders) mkdirSync(join(fake, folder), { recursive: true });
      if (c.osRelease) {
        mkdirSync(join(fake, 'etc'), { recursive: true });
        writeFileSync(join(fake, 'etc', 'os-release'), c.osRelease);
      }
      world = makeStubWorld(join(root, `${platform}-stubs`), PLATFORM_STUBS[platform as keyof typeof PLATFORM_STUBS], {
        MODWSGI_ROOT: fake,
        STUB_PREFIX: join(fake, 'usr/pkg'),
      });
      if (platform === 'pkgsrc') {
        writeFileSync(join(fake, 'usr/pkg/etc/httpd/httpd.conf'), '# httpd.conf as pkgsrc installs it\n');
        writeStub(join(fake, 'usr/pkg/sbin/apachectl'), STUBS.apachectl);
      }
    });
    after(() => {
      rmSync(deploy, { recursive: true, force: true });
      setHealth(200);
    });

    it('--dry-run prints every command of a first run and runs none of them', () => {
      const result = runScript(platform, ['--dry-run', '--system-site-packages'], world.env);
      assert.equal(result.status, 0, result.out);
      const printed = result.stdout.split('\n').filter((line) => line.startsWith('+ ')).map((line) => anyId(line.slice(2)));
      assert.deepEqual(printed, c.plan);
      assert.deepEqual(actions(takeCalls(world)), []);
      assert.equal(existsSync(deploy), false);
      assert.equal(existsSync(c.siteConf), false);
    });

    if (platform === 'pkgsrc') {
      it('a first run refused by the config check leaves httpd.conf as it was, no site file, no release live', () => {
        const httpdConf = join(fake, 'usr/pkg/etc/httpd/httpd.conf');
        const original = readFileSync(httpdConf, 'utf8');
        const result = runScript(platform, ['--system-site-packages'], { ...world.env, STUB_CONFIGTEST: '1' });
        takeCalls(world);
        assert.equal(result.status, 1, result.out);
        assert.match(result.out, new RegExp(`put the previous ${httpdConf.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} back`));
        assert.equal(readFileSync(httpdConf, 'utf8'), original, 'LoadModule/Include lines stayed in httpd.conf');
        assert.equal(existsSync(c.siteConf), false);
        const sharedDir = join(fake, 'usr/pkg/etc/httpd/modwsgi.d');
        assert.deepEqual(existsSync(sharedDir) ? readdirSync(sharedDir) : [], [], 'the shared files of a refused run were left behind');
        assert.equal(existsSync(join(deploy, 'current')), false, 'the refused release went live');
        assert.deepEqual(readdirSync(join(deploy, 'releases')), [], 'the refused release was left behind');
        rmSync(deploy, { recursive: true, force: true });
        rmSync(join(world.state, 'packages'), { force: true });
        rmSync(join(world.state, 'groups'), { force: true });
        rmSync(join(world.state, 'users'), { force: true });
      });
    }

    it('a first run runs the system commands in order (config check before restart), makes a release live and checks it', () => {
      const result = runScript(platform, ['--system-site-packages'], world.env);
      assert.equal(result.status, 0, result.out);
      assert.deepEqual(actions(takeCalls(world)).filter((call) => SYSTEM.test(call)).map((call) => call.replace(/^\S*\/apachectl/, 'apachectl')), c.system);
      assert.match(result.out, /==> check before the switch: release \S+ imports\n(PASS|WARN) import: shop\.wsgi imports the app/);
      assert.match(result.out, new RegExp(`PASS health: GET http://127\\.0\\.0\\.1:${PORT}/health`));
      assert.match(live(), /^releases\/\d{8}T\d{6}Z$/);
      assert.equal(readFileSync(c.siteConf, 'utf8'), readFileSync(join(project, 'deploy', 'apache', 'shop.conf'), 'utf8'));
      assert.equal(readFileSync(join(deploy, 'current', 'shop.wsgi'), 'utf8'), readFileSync(join(project, 'shop.wsgi'), 'utf8'));
      assert.ok(existsSync(join(deploy, 'venv', 'bin', 'activate_this.py')), 'no virtualenv behind the venvPath');
      assert.match(readFileSync(join(deploy, 'shared', 'instance', 'config.py'), 'utf8'), /^SECRET_KEY = "[0-9a-f]{64}"\n$/);
      assert.equal(statSync(join(deploy, 'shared', 'instance', 'config.py')).mode & 0o777, 0o640);
      for (const never of ['.venv', '.git', 'tests', '.yo-rc.json']) assert.equal(existsSync(join(deploy, 'current', never)), false, `deployed ${never}`);
      assert.notEqual(readFileSync(join(deploy, 'current', 'instance', 'config.py'), 'utf8'), 'SECRET_KEY = "the developer\'s key"\n');
    });

    it('a second run changes nothing (only checks the config) and succeeds', () => {
      const config = readFileSync(join(deploy, 'shared', 'instance', 'config.py'), 'utf8');
      const before = live();
      const result = runScript(platform, ['--system-site-packages'], world.env);
      assert.equal(result.status, 0, result.out);
      // The stub accounts do not exist here, so the owner repairs of shared/ run each time.
      const calls = actions(takeCalls(world)).filter((call) => !call.includes(`${D}/shared`)).map((call) => call.replace(/^\S*\/apachectl/, 'apachectl'));
      assert.deepEqual(calls, [configTest(c)], 'the second run did more than check the config');
      assert.match(result.out, /nothing changed; Apache left running/);
      assert.equal(live(), before);
      assert.equal(readFileSync(join(deploy, 'shared', 'instance', 'config.py'), 'utf8'), config, 'the SECRET_KEY was rewritten');
    });

    it('new code and vhost whose health URL fails: the previous release and its vhost are back, exit 1', () => {
      const before = live();
      const liveVhost = readFileSync(c.siteConf, 'utf8');
      const file = join(project, 'README.md');
      const text = readFileSync(file, 'utf8');
      const vhost = join(project, 'deploy', 'apache', 'shop.conf');
      const good = readFileSync(vhost, 'utf8');
      writeFileSync(file, `${text}\nA change.\n`);
      writeFileSync(vhost, `${good}# a vhost change that goes with the release\n`);
      setHealth(500);
      try {
        const result = runScript(platform, ['--system-site-packages'], world.env);
        takeCalls(world);
        assert.equal(result.status, 1, result.out);
        assert.match(result.out, new RegExp(`release \\S+ failed the health check \\(above\\), so ${before.slice('releases/'.length)} is live again, with the Apache config it ran with,`));
        assert.match(result.out, /put the previous .*shop\.conf back/);
        assert.equal(live(), before);
        assert.equal(readFileSync(c.siteConf, 'utf8'), liveVhost, "the failed release's vhost stayed live");
        assert.deepEqual(readdirSync(join(deploy, 'releases')), [before.slice('releases/'.length)]);
        // The record went back with the vhost: the next run sees no hand edit and deploys as usual.
        setHealth(200);
        const again = runScript(platform, ['--system-site-packages'], world.env);
        takeCalls(world);
        assert.equal(again.status, 0, again.out);
        assert.equal(readFileSync(c.siteConf, 'utf8'), readFileSync(vhost, 'utf8'));
      } finally {
        writeFileSync(file, text);
        writeFileSync(vhost, good);
        setHealth(200);
        // As the next test expects it: the project's own vhost and code live.
        runScript(platform, ['--system-site-packages'], world.env);
        takeCalls(world);
      }
    });

    it('refuses to restart when the config check fails, puts the previous vhost back, keeps the live release', () => {
      const vhost = join(project, 'deploy', 'apache', 'shop.conf');
      const good = readFileSync(vhost, 'utf8');
      const before = live();
      const count = readdirSync(join(deploy, 'releases')).length;
      writeFileSync(vhost, `${good}NoSuchDirective on\n`);
      try {
        const result = runScript(platform, ['--system-site-packages'], { ...world.env, STUB_CONFIGTEST: '1' });
        assert.equal(result.status, 1, result.out);
        assert.match(result.out, /Apache's config check failed \(see above\), so Apache was not restarted/);
        assert.match(result.out, /put the previous .*shop\.conf back/);
        const calls = actions(takeCalls(world)).map((call) => call.replace(/^\S*\/apachectl/, 'apachectl'));
        assert.ok(calls.includes(configTest(c)), calls.join('\n'));
        assert.deepEqual(calls.filter((call) => /restart|start|stop|enable|reload|graceful/.test(call)), [], calls.join('\n'));
        assert.equal(readFileSync(c.siteConf, 'utf8'), good);
        assert.equal(live(), before, 'the refused code went live');
        assert.equal(readdirSync(join(deploy, 'releases')).length, count, 'the refused release was left behind');
      } finally {
        writeFileSync(vhost, good);
      }
    });
  });
}

describe('install-rhel.sh (stubs): accounts, names, umask and the secret', function () {
  this.timeout(180_000);
  const fake = join(root, 'rhel-files-root');
  const tricky = ['weird\ninstance/config.py', 'tab\tname.py', 'back\\slash.py'];
  let world: StubWorld;
  const run = (env: NodeJS.ProcessEnv = world.env) => {
    const result = spawnSync('bash', ['-c', 'umask 077; exec bash "$0" "$@"', script('rhel'), '--system-site-packages'], { encoding: 'utf8', env: { ...env, PYTHON: DEBIAN_PYTHON }, timeout: 120_000 });
    return { status: result.status, out: `${result.stdout}${result.stderr}` };
  };

  before(() => {
    rmSync(deploy, { recursive: true, force: true });
    mkdirSync(join(fake, 'etc/httpd/conf.d'), { recursive: true });
    writeFileSync(join(fake, 'etc', 'os-release'), 'ID="rocky"\n');
    world = makeStubWorld(join(root, 'rhel-files-stubs'), PLATFORM_STUBS.rhel, { MODWSGI_ROOT: fake, STUB_SELINUX: 'Disabled' });
    for (const file of tricky) {
      mkdirSync(join(project, file, '..'), { recursive: true });
      writeFileSync(join(project, file), '# shipped as is\n');
    }
  });
  after(() => {
    rmSync(deploy, { recursive: true, force: true });
    rmSync(join(project, 'weird\ninstance'), { recursive: true, force: true });
    for (const file of tricky.slice(1)) rmSync(join(project, file), { force: true });
  });

  it('refuses an existing account it did not create that people log in with; nothing is deployed', () => {
    writeFileSync(join(world.state, 'users'), 'shop-web\n');
    const result = run({ ...world.env, STUB_SHELL: '/bin/bash' });
    assert.equal(result.status, 1, result.out);
    assert.match(result.out, /the account shop-web exists, was not made by this script and has the login shell \/bin\/bash/);
    assert.equal(existsSync(join(deploy, 'releases')), false);
  });

  it('uses an existing nologin account with a warning; ships names with newlines, tabs and backslashes as they are; modes survive umask 077', () => {
    const result = run();
    assert.equal(result.status, 0, result.out);
    assert.match(result.out, /warning: the existing account shop-web was not made by this script/);
    const current = join(deploy, 'current');
    for (const file of tricky) assert.equal(readFileSync(join(current, file), 'utf8'), '# shipped as is\n', JSON.stringify(file));
    assert.equal(readlinkSync(join(current, 'instance')), join(deploy, 'shared', 'instance'));
    assert.equal(statSync(join(current, 'shop.wsgi')).mode & 0o777, 0o644);
    assert.equal(statSync(join(current, 'shop')).mode & 0o777, 0o755);
    assert.equal(statSync(join(deploy, 'venv', 'bin', 'activate_this.py')).mode & 0o044, 0o044, 'the venv is not readable by the service');
  });

  it('repairs the mode of a secret left wrong (an interrupted run) on the next run, keeping the key', () => {
    const secret = join(deploy, 'shared', 'instance', 'config.py');
    const key = readFileSync(secret, 'utf8');
    chmodSync(secret, 0o600);
    const result = run();
    assert.equal(result.status, 0, result.out);
    assert.equal(statSync(secret).mode & 0o777, 0o640);
    assert.equal(readFileSync(secret, 'utf8'), key);
  });
});

describe('install-rhel.sh (stubs) in a src layout: the secret goes where Flask looks', function () {
  cleanUpTempDirs();
  this.timeout(180_000);
  const fake = join(root, 'rhel-src-root');
  const srcDeploy = join(root, 'srv', 'src-shop');
  let repo = '';

  before(async () => {
    repo = copyFixture('src-layout');
    mkdirSync(join(repo, 'src', 'instance'), { recursive: true });
    writeFileSync(join(repo, 'src', 'instance', 'config.py'), 'SECRET_KEY = "the developer\'s key"\n');
    for (const part of ['wsgi', 'apache', 'venv']) {
      const result = await runCli([part, '--defaults', '--platforms', 'rhel', '--deploy-path', srcDeploy, '--port', String(PORT), '--python-version', '3.11', '--user', 'shop-web', '--group', 'shop-web', '--cwd', repo], { env: { CI: 'true' } });
      assert.equal(result.code, 0, result.stdout + result.stderr);
    }
    mkdirSync(join(fake, 'etc/httpd/conf.d'), { recursive: true });
    writeFileSync(join(fake, 'etc', 'os-release'), 'ID="rocky"\n');
  });
  after(() => {
    rmSync(srcDeploy, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  });

  it("links src/instance to the shared folder, writes the secret there, and never ships the developer's src/instance", () => {
    const world = makeStubWorld(join(root, 'rhel-src-stubs'), PLATFORM_STUBS.rhel, { MODWSGI_ROOT: fake, STUB_SELINUX: 'Disabled' });
    const result = spawnSync('bash', [join(repo, 'deploy', 'install-rhel.sh'), '--system-site-packages'], { encoding: 'utf8', env: { ...world.env, PYTHON: DEBIAN_PYTHON }, timeout: 120_000 });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const current = join(srcDeploy, 'current');
    assert.equal(readlinkSync(join(current, 'src', 'instance')), join(srcDeploy, 'shared', 'instance'));
    assert.equal(existsSync(join(current, 'instance')), false, 'an instance folder Flask does not read');
    assert.match(readFileSync(join(current, 'src', 'instance', 'config.py'), 'utf8'), /^SECRET_KEY = "[0-9a-f]{64}"\n$/);
    assert.equal(statSync(join(srcDeploy, 'shared', 'instance', 'config.py')).mode & 0o777, 0o640);
  });
});

describe('install-rhel.sh without dnf', () => {
  cleanUpTempDirs();
  it('falls back to yum', () => {
    const fake = join(root, 'rhel7-root');
    mkdirSync(join(fake, 'etc'), { recursive: true });
    writeFileSync(join(fake, 'etc', 'os-release'), 'ID="rhel"\n');
    const names = PLATFORM_STUBS.rhel.filter((name) => name !== 'dnf');
    const world = makeStubWorld(join(root, 'rhel7-stubs'), [...names, 'yum'], { MODWSGI_ROOT: fake });
    const result = runScript('rhel', ['--dry-run'], world.env);
    assert.equal(result.status, 0, result.out);
    assert.match(result.stdout, /^\+ yum install -y httpd python3-mod_wsgi$/m);
  });
});
