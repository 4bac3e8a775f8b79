// The production answers and the files they make, without a server: per-release
// Python facts and defaults, TLS defaults and refusals, the daemon option list,
// one Listen per port across sites (apache2 -t with two sites and with a
// Debian-style "Listen 443"), and log rotation read by logrotate itself.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANSWERS, type Answers } from '../generators/_shared/answers.js';
import { resolveContext } from '../generators/_shared/context.js';
import { RELEASES, defaultPythonVersion, platformFacts } from '../generators/_shared/platforms.js';
import { renderFiles } from '../generators/_shared/render.js';
import { AnswersError } from '../generators/_shared/validate.js';
import { PrivateApache, withSharedFiles } from './support/apache.js';
import { runCli, tempDir } from './support/cli.js';
import { makeCertificate } from './support/tls.js';

/** Every answer at its default, then `given`, the way a --defaults run fills them in. */
function answers(given: Partial<Answers>): Answers {
  const filled: Partial<Answers> = {};
  for (const spec of ANSWERS) {
    (filled as Record<string, unknown>)[spec.key] = spec.key in given ? given[spec.key] : spec.default(filled, '/tmp/shop');
  }
  return filled as Answers;
}
const files = (given: Partial<Answers>) => new Map(renderFiles('apache', resolveContext(answers(given))).map((f) => [f.path, f.contents]));
const problems = (given: Partial<Answers>) => {
  try {
    resolveContext(answers(given));
    return [];
  } catch (error) {
    assert.ok(error instanceof AnswersError, String(error));
    return error.problems;
  }
};

describe('platform releases: the Python each mod_wsgi package is built for', () => {
  const release = (platform: keyof typeof RELEASES, name: RegExp) => RELEASES[platform].find((r) => name.test(r.release))!;
  it('holds the per-release facts', () => {
    assert.deepEqual({ ...release('debian', /Debian 12/) }, { release: 'Debian 12 (bookworm)', python: '3.11', modWsgi: '4.9' });
    assert.deepEqual({ ...release('debian', /Debian 13/) }, { release: 'Debian 13 (trixie)', python: '3.13', modWsgi: '5.0' });
    assert.equal(release('debian', /Ubuntu 24\.04/).python, '3.12');
    assert.equal(release('rhel', /RHEL 9/).python, '3.9');
    assert.match(release('rhel', /RHEL 9/).release, /python3-mod_wsgi/);
  });
  it('defaults pythonVersion from the chosen platforms: one Python when they agree, else auto', () => {
    assert.equal(defaultPythonVersion(['debian']), '3.13');
    assert.equal(defaultPythonVersion(['freebsd', 'windows']), '3.11');
    assert.equal(defaultPythonVersion(['debian', 'rhel']), 'auto');
    assert.equal(answers({ platforms: ['pkgsrc'] }).pythonVersion, '3.12');
  });
  it('names the FreeBSD and pkgsrc packages for the Python, their default flavour for auto', () => {
    assert.deepEqual(platformFacts('freebsd', 'shop', '3.12').packages, ['apache24', 'ap24-py312-mod_wsgi']);
    assert.deepEqual(platformFacts('freebsd', 'shop', 'auto').packages, ['apache24', 'ap24-py311-mod_wsgi']);
    assert.deepEqual(platformFacts('pkgsrc', 'shop', 'auto').packages, ['apache', 'ap24-py312-wsgi']);
  });
  it('says where apacheVersion 2.2 is chosen that mod_wsgi 6 dropped Apache 2.2 and Python before 3.10', () => {
    assert.match(files({ apacheVersion: '2.2' }).get('deploy/apache/shop.conf')!, /mod_wsgi 6 \(2026\) no longer builds for Apache 2\.2 or Python before 3\.10/);
    assert.doesNotMatch(files({}).get('deploy/apache/shop.conf')!, /mod_wsgi 6/);
  });
});

describe('tls answers', () => {
  it('defaults to acme for a public name and off for localhost and reserved names', () => {
    assert.equal(answers({ serverName: 'shop.example.org' }).tls, 'acme');
    for (const name of ['localhost', 'shop.test', 'api.internal', 'box.local', 'intranet']) assert.equal(answers({ serverName: name }).tls, 'off', name);
  });
  it('refuses acme or certbot without the CA terms, the same port twice, and acme on Apache 2.2; each message names the fields', () => {
    assert.match(problems({ serverName: 'shop.example.org', tls: 'acme', acmeTermsAgreed: false }).join('\n'), /^acmeTermsAgreed: false, but tls: "acme" needs the CA's terms accepted/m);
    assert.match(problems({ serverName: 'shop.example.org', tls: 'files', port: 8443, httpsPort: 8443 }).join('\n'), /^httpsPort: 8443 is also port/m);
    assert.match(problems({ serverName: 'shop.example.org', tls: 'acme', apacheVersion: '2.2' }).join('\n'), /^tls: "acme" needs Apache 2\.4\.30 or later/m);
    assert.match(problems({ serverName: 'intranet', tls: 'certbot' }).join('\n'), /^tls: "certbot" needs a serverName with a dot/m);
    assert.deepEqual(problems({ serverName: 'shop.example.org', tls: 'acme' }), []);
  });
  it('writes the WSGI daemon settings with mod_wsgi\'s production defaults, and leaves 0 unset', () => {
    const vhost = files({}).get('deploy/apache/shop.conf')!;
    const daemon = vhost.split('\n').find((line) => line.startsWith('WSGIDaemonProcess'))!;
    for (const option of ['request-timeout=60', 'queue-timeout=45', 'socket-timeout=60', 'connect-timeout=15', 'startup-timeout=15',
      'graceful-timeout=15', 'shutdown-timeout=5', 'deadlock-timeout=60', 'header-buffer-size=32768', 'lang="C.UTF-8"', 'locale="C.UTF-8"']) {
      assert.ok(daemon.includes(` ${option}`), `${option} missing in: ${daemon}`);
    }
    assert.doesNotMatch(daemon, /inactivity-timeout|maximum-requests/);
    assert.match(files({ maximumRequests: 5000 }).get('deploy/apache/shop.conf')!, / maximum-requests=5000 /);
    assert.match(files({}).get('deploy/apache/modwsgi-server.conf')!, /^ *WSGIRestrictEmbedded On$/m);
    assert.doesNotMatch(files({ daemon: false, venvActivation: 'activate_this' }).get('deploy/apache/modwsgi-server.conf')!, /WSGIRestrictEmbedded/);
  });
});

describe('one Listen per port, a default host per port (apache2 -t)', function () {
  this.timeout(120_000);
  let root = '';
  before(() => { root = tempDir('modwsgi-i11-ports-'); });
  after(() => { if (root) spawnSync('rm', ['-rf', root]); });

  async function project(name: string, extra: Record<string, unknown>): Promise<string> {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    const file = join(root, `${name}.json`);
    writeFileSync(file, JSON.stringify({ name, deployPath: dir, user: 'www-data', group: 'www-data', platforms: ['debian'], ...extra }));
    const result = await runCli(['--answers', file, '--defaults', '--cwd', dir], { env: { CI: 'true' } });
    assert.equal(result.code, 0, result.stderr);
    return join(dir, 'deploy', 'apache', `${name}.conf`);
  }

  it('two sites on one non-80 port: identical port files, and apache2 -t accepts both vhosts with it once', async () => {
    const first = await project('one', { port: 20540 });
    const second = await project('two', { port: 20540 });
    const portFile = (vhost: string) => readFileSync(join(vhost, '..', 'modwsgi-port-20540.conf'), 'utf8');
    assert.equal(portFile(first), portFile(second));
    assert.match(portFile(first), /^Listen 20540$/m);
    assert.doesNotMatch(readFileSync(first, 'utf8'), /^\s*Listen/m, 'the vhost has no Listen of its own');
    const apache = new PrivateApache({ root: join(root, 'apache-two'), includes: withSharedFiles([first, second]) });
    assert.match(apache.configTest(), /Syntax OK/);
  });

  it('a TLS site on 443 next to a Debian-style ports.conf "Listen 443": apache2 -t passes', async () => {
    const certs = join(root, 'certs');
    mkdirSync(certs);
    const made = makeCertificate(certs, ['tls.example.org']);
    const vhost = await project('tls', { port: 80, httpsPort: 443, serverName: 'tls.example.org', tls: 'files', certFile: made.cert, keyFile: made.key });
    const apache = new PrivateApache({ root: join(root, 'apache-443'), includes: withSharedFiles([vhost]), preamble: ['Listen 443'] });
    assert.match(apache.configTest(), /Syntax OK/);
    assert.doesNotMatch(readFileSync(join(vhost, '..', 'modwsgi-port-443.conf'), 'utf8'), /^Listen/m);
  });
});

describe('log rotation files', function () {
  this.timeout(60_000);
  // Made in before(), not as the file loads: a run that leaves these tests out makes nothing.
  let root = '';
  let logDir = '';
  let generated = new Map<string, string>();
  before(() => {
    root = tempDir('modwsgi-i11-rotate-');
    logDir = join(root, 'logs');
    generated = files({ logDir, platforms: ['debian', 'rhel', 'opensuse', 'freebsd'] });
  });
  after(() => { if (root) spawnSync('rm', ['-rf', root]); });

  it('logrotate -d reads each generated logrotate file without an error and plans the rotation of both logs', () => {
    mkdirSync(logDir, { recursive: true });
    for (const log of ['shop-error.log', 'shop-access.log']) writeFileSync(join(logDir, log), 'a line\n');
    for (const platform of ['debian', 'rhel', 'opensuse']) {
      const file = join(root, `${platform}.conf`);
      writeFileSync(file, generated.get(`deploy/logrotate/${platform}-shop`)!);
      const result = spawnSync('logrotate', ['-d', '-s', join(root, 'state'), file], { encoding: 'utf8' });
      const output = result.stdout + result.stderr;
      assert.equal(result.status, 0, output);
      assert.doesNotMatch(output, /^error:/im);
      assert.match(output, new RegExp(`considering log ${logDir}/shop-access\\.log`));
      assert.match(output, new RegExp(`considering log ${logDir}/shop-error\\.log`));
    }
  });

  it('a forced run rotates both logs (postrotate replaced by a marker: the real one reloads the system Apache)', () => {
    const marker = join(root, 'postrotate-ran');
    const file = join(root, 'forced.conf');
    writeFileSync(file, generated.get('deploy/logrotate/debian-shop')!.replace(/^ {8}invoke-rc\.d apache2 reload .*$/m, `        touch ${marker}`));
    const result = spawnSync('logrotate', ['-f', '-s', join(root, 'state-forced'), file], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(readFileSync(join(logDir, 'shop-access.log.1'), 'utf8'), 'a line\n');
    assert.equal(readFileSync(join(logDir, 'shop-error.log.1'), 'utf8'), 'a line\n');
    assert.equal(spawnSync('test', ['-e', marker]).status, 0, 'postrotate ran once');
  });

  it('newsyslog lines name each log, 14 kept, and SIGUSR1 (30) to the pid file', () => {
    const lines = generated.get('deploy/newsyslog/shop')!.split('\n').filter((line) => line && !line.startsWith('#'));
    assert.deepEqual(lines.map((line) => line.split(/\s+/)), ['error', 'access'].map((log) => [`${logDir}/shop-${log}.log`, '640', '14', '*', '@T00', 'JC', '/var/run/httpd.pid', '30']));
  });

  it('no rotation files without a logDir', () => {
    assert.deepEqual([...files({ platforms: ['debian', 'freebsd'] }).keys()].filter((path) => /logrotate|newsyslog/.test(path)), []);
  });
});
