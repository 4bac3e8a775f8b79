// tls: certbot, by the exact commands install-rhel.sh runs: stub package
// managers and a stub certbot (which checks the unattended arguments and makes
// the certificate file) on PATH, a fake root for /etc. A first run passes the config
// check, switches and serves HTTP (a full restart: modules came in), then runs certbot and
// reloads Apache for the certificate; the health check goes over HTTPS; a second run does not.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './support/cli.js';
import { DEBIAN_PYTHON } from './support/site.js';
import { PLATFORM_STUBS, actions, makeStubWorld, takeCalls, type StubWorld } from './support/stubs.js';
import { makeCertificate } from './support/tls.js';
import { freePort, testPort } from './support/apache.js';

// The stand-in for the stubbed Apache answers the HTTPS health check on it.
const httpsPort = await freePort();

const sh = (...words: string[]) => execFileSync('bash', ['-c', 'printf "%q " "$@"', '_', ...words], { encoding: 'utf8' }).trimEnd();

describe('install-rhel.sh with tls: certbot (stub certbot on PATH)', function () {
  this.timeout(180_000);
  // Made in before(), not as the file loads: a run that leaves these tests out makes nothing.
  let root = '';
  let project = '';
  let deploy = '';
  let fake = '';
  const port = testPort(18380);
  let world: StubWorld;
  let standIn: ChildProcess | undefined;
  const run = () => spawnSync('bash', [join(project, 'deploy', 'install-rhel.sh'), '--system-site-packages'],
    { encoding: 'utf8', env: { ...world.env, PYTHON: DEBIAN_PYTHON }, timeout: 120_000 });

  before(async () => {
    root = tempDir('modwsgi-i11-certbot-');
    project = join(root, 'project');
    deploy = join(root, 'srv', 'shop');
    fake = join(root, 'rhel-root');
    const answers = join(root, 'answers.json');
    writeFileSync(answers, JSON.stringify({
      name: 'shop', deployPath: deploy, serverName: 'shop.example.org', serverAliases: ['www.shop.example.org'], tls: 'certbot', port, httpsPort,
      acmeEmail: 'ops@example.org', user: 'shop-web', group: 'shop-web', platforms: ['rhel'], pythonVersion: '3.11',
    }));
    const result = await runCli(['--answers', answers, '--defaults', '--cwd', project], { env: { CI: 'true' } });
    assert.equal(result.code, 0, result.stderr);
    mkdirSync(join(fake, 'etc', 'httpd', 'conf.d'), { recursive: true });
    writeFileSync(join(fake, 'etc', 'os-release'), 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\n');
    world = makeStubWorld(join(root, 'stubs'), [...PLATFORM_STUBS.rhel, 'certbot'], { MODWSGI_ROOT: fake });
    mkdirSync(join(root, 'tls'));
    const certificate = makeCertificate(join(root, 'tls'), ['shop.example.org']);
    // A process of its own: the install script runs synchronously here.
    const code = `const fs = require('fs');
      require('https').createServer({ cert: fs.readFileSync(process.argv[1]), key: fs.readFileSync(process.argv[2]) }, (req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' }); res.end('{"status":"stub"}');
      }).listen(${httpsPort}, '127.0.0.1', () => console.log('listening'));`;
    standIn = spawn(process.execPath, ['-e', code, certificate.cert, certificate.key], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      standIn!.stdout!.once('data', () => resolve());
      standIn!.once('exit', (status) => reject(new Error(`the HTTPS stand-in exited (${status})`)));
    });
  });
  after(() => {
    standIn?.kill();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('a first run installs mod_ssl, mod_md, mod_http2 and certbot, passes the config check, serves HTTP, then runs certbot certonly --webroot once', () => {
    const result = run();
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const calls = actions(takeCalls(world));
    assert.ok(calls.includes('dnf install -y mod_ssl mod_md mod_http2 certbot python3-certbot-apache'), calls.join('\n'));
    const certbot = sh('certbot', 'certonly', '--webroot', '-w', '/var/lib/modwsgi-acme', '--non-interactive', '--agree-tos', '-m', 'ops@example.org',
      '--server', 'https://acme-v02.api.letsencrypt.org/directory', '--cert-name', 'shop.example.org', '-d', 'shop.example.org', '-d', 'www.shop.example.org',
      '--deploy-hook', 'apachectl graceful');
    const at = calls.indexOf(certbot);
    assert.ok(at > 0, `no exact certbot call in:\n${calls.join('\n')}`);
    assert.deepEqual(calls.slice(at - 3, at), ['apachectl configtest', 'systemctl enable httpd', 'systemctl restart httpd'],
      'config check, then a full restart (modules came in) that serves HTTP, before certbot');
    assert.equal(calls.filter((call) => call === 'apachectl configtest').length, 1, calls.join('\n'));
    assert.deepEqual(calls.slice(at + 1), ['systemctl reload httpd'], 'a graceful restart after certbot reads the certificate');
    const out = result.stdout;
    assert.ok(out.indexOf('==> switch:') >= 0 && out.indexOf('==> switch:') < out.indexOf('==> certificate:'), out);
    assert.match(out, new RegExp(`PASS health: GET https://127\\.0\\.0\\.1:${httpsPort}/health \\(Host: shop\\.example\\.org:${httpsPort}\\) answered 200`));
    assert.ok(readFileSync(join(fake, 'etc/httpd/conf.d/shop.conf'), 'utf8').includes('<IfFile /etc/letsencrypt/live/shop.example.org/fullchain.pem>'));
  });

  it('a second run finds the certificate and does not call certbot again', () => {
    const result = run();
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const calls = actions(takeCalls(world));
    assert.ok(!calls.some((call) => call.startsWith('certbot')), calls.join('\n'));
  });
});
