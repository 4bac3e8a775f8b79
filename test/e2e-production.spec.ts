// @e2e Production settings under a real Apache + mod_ssl + mod_wsgi on 127.0.0.1:
// tls: files with a certificate openssl makes here, HTTP -> HTTPS, HSTS and the
// security headers, refused listings, dotfiles, traversal and symlinks, the
// default host per port, LimitRequestBody, and mod_wsgi's request and queue timeouts.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { get, removeAccount, requireRoot, sleep, testPort } from './support/apache.js';
import { tempDir } from './support/cli.js';
import { Site } from './support/site.js';
import { httpsGet, makeCertificate, readPem } from './support/tls.js';

const HOST = 'shop.i11.test';
const HTTP = testPort(20510);
const HTTPS = testPort(20511);
const SECRET = 'SECRET_KEY=never-served-i11';


describe('@e2e production vhost: TLS from files, hardening, mod_wsgi timeouts', function () {
  this.timeout(120_000);
  let site: Site;
  let ca: string;
  const https = (path: string, timeoutMs?: number) => httpsGet(HTTPS, path, HOST, ca, timeoutMs);

  before(async function () {
    requireRoot();
    const root = tempDir('modwsgi-i11-prod-');
    const certs = join(root, 'certs');
    mkdirSync(certs);
    const made = makeCertificate(certs, [HOST]);
    ca = readPem(made.ca);
    site = await Site.generate({
      answers: {
        name: 'i11-prod', port: HTTP, httpsPort: HTTPS, serverName: HOST, tls: 'files', certFile: made.cert, keyFile: made.key,
        processes: 1, threads: 1, requestTimeout: 6, queueTimeout: 3, limitRequestBody: 1024, hstsMaxAge: 300, user: 'modwsgi-i11', group: 'modwsgi-i11',
      },
    }, root);
    site.makeVenv();
    // A route that sleeps, for the timeouts; the generated app is otherwise unchanged.
    appendFileSync(join(site.project, 'i11_prod', 'views.py'), '\n\n@bp.get("/sleep/<int:seconds>")\ndef sleep_for(seconds):\n    import time\n    time.sleep(seconds)\n    return "slept"\n');
    const staticDir = join(site.project, 'i11_prod', 'static');
    writeFileSync(join(site.project, '.env'), `${SECRET}\n`);
    writeFileSync(join(staticDir, '.env'), `${SECRET}\n`);
    symlinkSync('/etc/passwd', join(staticDir, 'passwd.txt'));
    symlinkSync(join(site.project, '.env'), join(staticDir, 'env.txt'));
    mkdirSync(join(staticDir, 'css'));
    writeFileSync(join(staticDir, 'css', 'a.css'), 'a{}');
    await site.serve();
  });

  after(async function () {
    await site?.stop();
    site?.cleanup();
    removeAccount('modwsgi-i11');
  });

  it('serves GET / 200 over HTTPS, verified against the CA for the host name', async () => {
    const response = await https('/');
    assert.equal(response.status, 200, site.explain());
    assert.match(response.headers['content-type'] as string, /text\/html/);
  });

  it('answers http:// with 301 to the same path on https://', async () => {
    const response = await get(HTTP, '/health?x=1', HOST);
    assert.equal(response.status, 301);
    assert.equal(response.headers.location, `https://${HOST}:${HTTPS}/health?x=1`);
  });

  it('sends HSTS (max-age=300), nosniff, Referrer-Policy, frame-ancestors, and Server without a version', async () => {
    const response = await https('/health');
    assert.equal(response.headers['strict-transport-security'], 'max-age=300');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['referrer-policy'], 'strict-origin-when-cross-origin');
    assert.match(response.headers['content-security-policy'] as string, /frame-ancestors 'self'/);
    assert.equal(response.headers.server, 'Apache');
    const missing = await https('/no-such-page');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['x-content-type-options'], 'nosniff', 'headers on error responses too');
  });

  it('offers TLS 1.2 or 1.3 only', async () => {
    const response = await https('/health');
    assert.match(response.protocol, /^TLSv1\.[23]$/);
  });

  it('refuses a listing of the static folder and of a folder inside it', async () => {
    for (const path of ['/static/', '/static/css/']) {
      const response = await https(path);
      assert.equal(response.status, 403, `${path} -> ${response.status}`);
      assert.doesNotMatch(response.body, /Index of/);
    }
    assert.equal((await https('/static/css/a.css')).status, 200, 'files in it are served');
  });

  it('never serves a dotfile, in the static folder or above it', async () => {
    for (const path of ['/static/.env', '/.env', '/.git/config', '/static/%2eenv']) {
      const response = await https(path);
      assert.ok([403, 404].includes(response.status), `${path} -> ${response.status}`);
      assert.ok(!response.body.includes(SECRET), `${path} served the secret`);
    }
  });

  it('never serves a file through a traversal attempt', async () => {
    for (const path of ['/static/../.env', '/static/..%2f.env', '/static/%2e%2e/%2e%2e/i11_prod.wsgi', '/static/..%2f..%2fi11-prod.wsgi']) {
      const response = await https(path);
      assert.ok([400, 403, 404].includes(response.status), `${path} -> ${response.status}`);
      assert.ok(!response.body.includes(SECRET) && !response.body.includes('application'), `${path} served project content`);
    }
  });

  it('does not follow symlinks in the static folder', async () => {
    for (const path of ['/static/passwd.txt', '/static/env.txt']) {
      const response = await https(path);
      assert.equal(response.status, 403, `${path} -> ${response.status}`);
      assert.ok(!response.body.includes('root:') && !response.body.includes(SECRET), `${path} followed the link`);
    }
  });

  it('refuses a Host no site names, on the HTTP port', async () => {
    const response = await get(HTTP, '/', 'other.example');
    assert.equal(response.status, 403);
  });

  it('refuses a request body over limitRequestBody with 413, before Python', async () => {
    const response = await httpsGet(HTTPS, '/health', HOST, ca, 10_000, Buffer.alloc(4096, 'x'));
    assert.equal(response.status, 413);
    const small = await httpsGet(HTTPS, '/health', HOST, ca, 10_000, Buffer.alloc(512, 'x'));
    assert.equal(small.status, 405, 'a small body reaches Flask (which allows GET only there)');
  });

  // mod_wsgi stops the daemon process; Apache sees the response end before its headers (500).
  it('a request past request-timeout fails soon after it, and the daemon recovers: the next request is 200', async () => {
    const started = Date.now();
    const slow = await https('/sleep/30', 40_000);
    const took = Date.now() - started;
    assert.ok([500, 502, 504].includes(slow.status), `GET /sleep/30 -> ${slow.status} after ${took} ms`);
    assert.match(site.apache!.log(), /request time limit exceeded/i);
    assert.ok(took < 20_000, `the gateway error came after ${took} ms, not soon after request-timeout (6 s)`);
    const next = await https('/health', 30_000);
    assert.equal(next.status, 200, site.explain());
  });

  // mod_wsgi fails a request that waited past queue-timeout with 504 Gateway Timeout (not 503).
  it('with the only daemon thread busy, queued requests fail with 504 once they wait past queue-timeout, not a full turn each', async () => {
    const busy = https('/sleep/5', 20_000);
    await sleep(300);
    const started = Date.now();
    const queued = await Promise.all([1, 2, 3].map(() => https('/sleep/5', 30_000)));
    const took = Date.now() - started;
    assert.deepEqual(queued.map((r) => r.status), [504, 504, 504]);
    assert.match(site.apache!.log(), /queue timeout expired/i);
    assert.ok(took < 9_000, `the queued requests took ${took} ms; run in turn they would take 15 s more`);
    assert.equal((await busy).status, 200);
    assert.equal((await https('/health')).status, 200);
  });
});
