// tls: certbot, by the exact commands install-rhel.sh runs: stub package
// managers and a stub certbot (which checks the unattended arguments and makes
// the certificate file) on PATH, a fake root for /etc. A first run serves HTTP
// (graceful restart after a config check), then runs certbot; a second run does not.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './support/cli.js';
import { DEBIAN_PYTHON } from './support/site.js';
import { PLATFORM_STUBS, actions, makeStubWorld, takeCalls, type StubWorld } from './support/stubs.js';

const sh = (...words: string[]) => execFileSync('bash', ['-c', 'printf "%q " "$@"', '_', ...words], { encoding: 'utf8' }).trimEnd();

describe('install-rhel.sh with tls: certbot (stub certbot on PATH)', function () {
  this.timeout(180_000);
  const root = tempDir('modwsgi-i11-certbot-');
  const project = join(root, 'project');
  const deploy = join(root, 'srv', 'shop');
  const fake = join(root, 'rhel-root');
  let world: StubWorld;
  const run = () => spawnSync('bash', [join(project, 'deploy', 'install-rhel.sh'), '--system-site-packages'],
    { encoding: 'utf8', env: { ...world.env, PYTHON: DEBIAN_PYTHON }, timeout: 120_000 });

  before(async () => {
    const answers = join(root, 'answers.json');
    writeFileSync(answers, JSON.stringify({
      name: 'shop', deployPath: deploy, serverName: 'shop.example.org', serverAliases: ['www.shop.example.org'], tls: 'certbot',
      acmeEmail: 'ops@example.org', user: 'shop-web', group: 'shop-web', platforms: ['rhel'], pythonVersion: '3.11',
    }));
    const result = await runCli(['--answers', answers, '--defaults', '--cwd', project], { env: { CI: 'true' } });
    assert.equal(result.code, 0, result.stderr);
    mkdirSync(join(fake, 'etc', 'httpd', 'conf.d'), { recursive: true });
    writeFileSync(join(fake, 'etc', 'os-release'), 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\n');
    world = makeStubWorld(join(root, 'stubs'), [...PLATFORM_STUBS.rhel, 'certbot'], { MODWSGI_ROOT: fake });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a first run installs mod_ssl, mod_md, mod_http2 and certbot, serves HTTP, then runs certbot certonly --webroot once', () => {
    const result = run();
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const calls = actions(takeCalls(world));
    assert.ok(calls.includes('dnf install -y mod_ssl mod_md mod_http2 certbot python3-certbot-apache'), calls.join('\n'));
    const certbot = sh('certbot', 'certonly', '--webroot', '-w', '/var/lib/modwsgi-acme', '--non-interactive', '--agree-tos', '-m', 'ops@example.org',
      '--server', 'https://acme-v02.api.letsencrypt.org/directory', '--cert-name', 'shop.example.org', '-d', 'shop.example.org', '-d', 'www.shop.example.org',
      '--deploy-hook', 'apachectl graceful');
    const at = calls.indexOf(certbot);
    assert.ok(at > 0, `no exact certbot call in:\n${calls.join('\n')}`);
    assert.deepEqual(calls.slice(at - 2, at), ['apachectl configtest', 'apachectl graceful'], 'config check and graceful restart before certbot');
    assert.ok(readFileSync(join(fake, 'etc/httpd/conf.d/shop.conf'), 'utf8').includes('<IfFile /etc/letsencrypt/live/shop.example.org/fullchain.pem>'));
  });

  it('a second run finds the certificate and does not call certbot again', () => {
    const result = run();
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const calls = actions(takeCalls(world));
    assert.ok(!calls.some((call) => call.startsWith('certbot')), calls.join('\n'));
  });
});
