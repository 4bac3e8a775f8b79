// The generated install scripts: shellcheck-clean, refuse the wrong platform,
// --dry-run prints every command and runs none, and on rhel, opensuse, freebsd
// and pkgsrc (stub package managers on PATH, a fake root for /etc) they run the
// recorded commands, change nothing on a second run, and refuse a broken config.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './support/cli.js';
import { DEBIAN_PYTHON } from './support/site.js';
import { PLATFORM_STUBS, STUBS, actions, makeStubWorld, takeCalls, writeStub, type StubWorld } from './support/stubs.js';
import { cleanUpTempDirs } from './support/cleanup.js';

const root = tempDir('modwsgi-install-');
const project = join(root, 'project');
const deploy = join(root, 'srv', 'shop');
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
  const answers = join(root, 'answers.json');
  writeFileSync(answers, JSON.stringify({
    name: 'shop', deployPath: deploy, port: 8081, user: 'shop-web', group: 'shop-web', pythonVersion: '3.11',
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
    assert.match(result.out, /unknown argument '--dryrun' \(allowed: --dry-run, --system-site-packages, --help\)/);
  });
});

describe('install-debian.sh --dry-run on this machine', () => {
  cleanUpTempDirs();
  it('prints the commands it would run and changes nothing', () => {
    const result = runScript('debian', ['--dry-run', '--system-site-packages']);
    assert.equal(result.status, 0, result.out);
    const printed = result.stdout.split('\n').filter((line) => line.startsWith('+ '));
    for (const expected of [
      `+ copy_project`,
      `+ bash ${deploy}/deploy/create-venv.sh --system-site-packages`,
      `+ install -m 0644 ${deploy}/deploy/apache/shop.conf /etc/apache2/sites-available/shop.conf`,
      '+ a2ensite -q shop',
      '+ apache2ctl configtest',
    ]) assert.ok(printed.includes(expected), `missing ${expected} in:\n${result.stdout}`);
    assert.equal(existsSync(deploy), false, 'the dry run created the deploy folder');
    assert.equal(existsSync('/etc/apache2/sites-available/shop.conf'), false);
  });
});

interface PlatformCase {
  osRelease?: string;
  /** Folders the platform's packages would have made, under the fake root. */
  folders: string[];
  siteConf: string;
  /** Every command a first run runs, as --dry-run prints it (DEPLOY and ROOT replaced). */
  plan: string[];
}

const D = deploy;
const instance = [sh('install', '-d', '-o', 'root', '-g', 'shop-web', '-m', '0750', `${D}/instance`), sh('write_secret_config', `${D}/instance/config.py`)];
const project_ = ['copy_project', sh('bash', `${D}/deploy/create-venv.sh`, '--system-site-packages'), ...instance];
const site = (conf: string) => sh('install', '-m', '0644', `${D}/deploy/apache/shop.conf`, conf);
/** The files every site shares (server settings, port 8081), copied into the platform's conf folder (made first if new). */
const shared = (dir: string, made = true) => [
  ...(made ? [] : [sh('mkdir', '-p', dir)]), sh('install', '-m', '0644', `${D}/deploy/apache/modwsgi-server.conf`, `${dir}/zz-modwsgi-server.conf`),
  ...(made ? [] : [sh('mkdir', '-p', dir)]), sh('install', '-m', '0644', `${D}/deploy/apache/modwsgi-port-8081.conf`, `${dir}/00-modwsgi-port-8081.conf`),
];
const loadHeaders = (file: string, dir: string) => sh('write_shared', file, `<IfModule !headers_module>\n    LoadModule headers_module ${dir}/mod_headers.so\n</IfModule>\n`);

const PLATFORMS: Record<keyof typeof PLATFORM_STUBS, (fake: string) => PlatformCase> = {
  rhel: (fake) => ({
    osRelease: 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\n',
    folders: ['etc/httpd/conf.d'],
    siteConf: `${fake}/etc/httpd/conf.d/shop.conf`,
    plan: [
      'dnf install -y httpd python3-mod_wsgi', 'groupadd --system shop-web',
      `useradd --system --gid shop-web --home-dir ${D} --no-create-home --shell /sbin/nologin shop-web`, ...project_,
      sh('semanage', 'fcontext', '-a', '-t', 'httpd_sys_content_t', `${D}(/.*)?`),
      sh('semanage', 'fcontext', '-a', '-t', 'httpd_sys_content_t', `${D}/venv(/.*)?`),
      `restorecon -R ${D} ${D}/venv`, 'semanage port -a -t http_port_t -p tcp 8081',
      site(`${fake}/etc/httpd/conf.d/shop.conf`), ...shared(`${fake}/etc/httpd/conf.d`), 'apachectl configtest', 'systemctl enable httpd', 'systemctl restart httpd',
    ],
  }),
  opensuse: (fake) => ({
    osRelease: 'NAME="openSUSE Leap"\nID="opensuse-leap"\nID_LIKE="suse opensuse"\n',
    folders: ['etc/apache2/vhosts.d'],
    siteConf: `${fake}/etc/apache2/vhosts.d/shop.conf`,
    plan: [
      'zypper --non-interactive install apache2 apache2-mod_wsgi', 'groupadd --system shop-web',
      `useradd --system --gid shop-web --home-dir ${D} --no-create-home --shell /sbin/nologin shop-web`, ...project_,
      site(`${fake}/etc/apache2/vhosts.d/shop.conf`), 'a2enmod wsgi', 'a2enmod headers',
      ...shared(`${fake}/etc/apache2/conf.d`, false), 'apachectl configtest',
      'systemctl enable apache2', 'systemctl restart apache2',
    ],
  }),
  freebsd: (fake) => ({
    osRelease: 'NAME=FreeBSD\nID=freebsd\n',
    folders: ['usr/local/etc/apache24/Includes', 'usr/local/etc/apache24/modules.d'],
    siteConf: `${fake}/usr/local/etc/apache24/Includes/shop.conf`,
    plan: [
      'pkg install -y apache24 ap24-py311-mod_wsgi', 'pw groupadd shop-web',
      `pw useradd shop-web -g shop-web -d ${D} -s /usr/sbin/nologin`, ...project_,
      sh('write_line', `${fake}/usr/local/etc/apache24/modules.d/270_mod_wsgi.conf`, 'LoadModule wsgi_module libexec/apache24/mod_wsgi.so'),
      site(`${fake}/usr/local/etc/apache24/Includes/shop.conf`),
      loadHeaders(`${fake}/usr/local/etc/apache24/modules.d/260_modwsgi_tls.conf`, 'libexec/apache24'),
      ...shared(`${fake}/usr/local/etc/apache24/Includes`), 'service apache24 configtest',
      'sysrc apache24_enable=YES', 'service apache24 restart',
    ],
  }),
  pkgsrc: (fake) => ({
    folders: ['usr/pkg/etc/httpd', 'usr/pkg/sbin'],
    siteConf: `${fake}/usr/pkg/etc/httpd/shop.conf`,
    plan: [
      'pkgin -y install apache ap24-py311-wsgi', 'groupadd shop-web', `useradd -g shop-web -d ${D} -s /sbin/nologin shop-web`, ...project_,
      site(`${fake}/usr/pkg/etc/httpd/shop.conf`),
      sh('append_line', `${fake}/usr/pkg/etc/httpd/httpd.conf`, 'LoadModule wsgi_module lib/httpd/mod_wsgi.so'),
      sh('append_line', `${fake}/usr/pkg/etc/httpd/httpd.conf`, 'Include etc/httpd/shop.conf'),
      sh('mkdir', '-p', `${fake}/usr/pkg/etc/httpd/modwsgi.d`),
      loadHeaders(`${fake}/usr/pkg/etc/httpd/modwsgi.d/00-modules.conf`, 'lib/httpd'),
      ...shared(`${fake}/usr/pkg/etc/httpd/modwsgi.d`, false),
      sh('append_line', `${fake}/usr/pkg/etc/httpd/httpd.conf`, 'IncludeOptional etc/httpd/modwsgi.d/*.conf'),
      `${fake}/usr/pkg/sbin/apachectl configtest`, `${fake}/usr/pkg/sbin/apachectl stop`, `${fake}/usr/pkg/sbin/apachectl start`,
    ],
  }),
};

const configTest = (plan: string[]) => plan.find((line) => line.endsWith(' configtest'))!.replace(/^\S*\/apachectl/, 'apachectl');

/** What a real run records: the plan's commands that the stubs stand for (shell functions run inside the script). */
function recordedFor(plan: string[], fake: string): string[] {
  return plan
    .flatMap((line) => (line.startsWith('write_secret_config') ? [`chgrp shop-web ${D}/instance/config.py`] : [line]))
    .filter((line) => !/^(copy_project|bash |write_line |write_shared |append_line |mkdir )/.test(line))
    .map((line) => line.replace(`${fake}/usr/pkg/sbin/apachectl`, 'apachectl'));
}

for (const [platform, describeCase] of Object.entries(PLATFORMS)) {
  describe(`install-${platform}.sh with stub package managers`, function () {
    this.timeout(120_000);
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
    after(() => rmSync(deploy, { recursive: true, force: true }));

    it('--dry-run prints every command of a first run and runs none of them', () => {
      const result = runScript(platform, ['--dry-run', '--system-site-packages'], world.env);
      assert.equal(result.status, 0, result.out);
      const printed = result.stdout.split('\n').filter((line) => line.startsWith('+ ')).map((line) => line.slice(2));
      assert.deepEqual(printed, c.plan);
      assert.deepEqual(actions(takeCalls(world)), []);
      assert.equal(existsSync(deploy), false);
      assert.equal(existsSync(c.siteConf), false);
    });

    it('a first run runs exactly those commands (config check before restart) and installs the site', () => {
      const result = runScript(platform, ['--system-site-packages'], world.env);
      assert.equal(result.status, 0, result.out);
      assert.deepEqual(actions(takeCalls(world)), recordedFor(c.plan, fake));
      assert.equal(readFileSync(c.siteConf, 'utf8'), readFileSync(join(project, 'deploy', 'apache', 'shop.conf'), 'utf8'));
      assert.equal(readFileSync(join(deploy, 'shop.wsgi'), 'utf8'), readFileSync(join(project, 'shop.wsgi'), 'utf8'));
      assert.ok(existsSync(join(deploy, 'venv', 'bin', 'activate_this.py')), 'no virtualenv at the venvPath');
      assert.match(readFileSync(join(deploy, 'instance', 'config.py'), 'utf8'), /^SECRET_KEY = "[0-9a-f]{64}"\n$/);
      assert.equal(existsSync(join(deploy, '.venv')) || existsSync(join(deploy, '.git')), false, 'copied the .venv or .git of the source tree');
    });

    it('a second run changes nothing (only checks the config) and succeeds', () => {
      const config = readFileSync(join(deploy, 'instance', 'config.py'), 'utf8');
      const result = runScript(platform, ['--system-site-packages'], world.env);
      assert.equal(result.status, 0, result.out);
      assert.deepEqual(actions(takeCalls(world)), [configTest(c.plan)], 'the second run did more than check the config');
      assert.match(result.out, /nothing changed; \S+ left running/);
      assert.equal(readFileSync(join(deploy, 'instance', 'config.py'), 'utf8'), config, 'the SECRET_KEY was rewritten');
    });

    it('refuses to restart when the config check fails, and puts the previous vhost back', () => {
      const vhost = join(project, 'deploy', 'apache', 'shop.conf');
      const good = readFileSync(vhost, 'utf8');
      writeFileSync(vhost, `${good}NoSuchDirective on\n`);
      try {
        const result = runScript(platform, [], { ...world.env, STUB_CONFIGTEST: '1' });
        assert.equal(result.status, 1, result.out);
        assert.match(result.out, /Apache's config check failed \(see above\), so Apache was not restarted/);
        assert.match(result.out, /put the previous .*shop\.conf back/);
        const calls = actions(takeCalls(world));
        assert.ok(calls.includes(configTest(c.plan)), calls.join('\n'));
        assert.deepEqual(calls.filter((call) => /restart|start|stop|enable/.test(call)), [], calls.join('\n'));
        assert.equal(readFileSync(c.siteConf, 'utf8'), good);
      } finally {
        writeFileSync(vhost, good);
      }
    });
  });
}

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
