// @e2e tls: acme for real: pebble (an ACME server) on loopback, a private Apache
// with mod_ssl + mod_md and the generated files. mod_md gets a certificate for the
// site's name through http-01 (pebble's DNS answers 127.0.0.1); after a graceful
// restart the site serves HTTPS verified against pebble's root.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { get, removeAccount, requireRoot, sleep, testPort } from './support/apache.js';
import { tempDir } from './support/cli.js';
import { Pebble } from './support/pebble.js';
import { Site } from './support/site.js';
import { httpsGet } from './support/tls.js';

const HOST = 'acme.i11.test';
const HTTP = testPort(20520);
const HTTPS = testPort(20521);
// Not e2e-production's account: the two specs may run at the same time.
const ACCOUNT = 'modwsgi-i11-acme';

describe('@e2e tls: acme, certificate from pebble through mod_md', function () {
  this.timeout(180_000);
  let site: Site | undefined;
  let pebble: Pebble | undefined;
  let root: string;

  before(async function () {
    requireRoot();
    root = tempDir('modwsgi-i11-acme-');
    const pebbleDir = join(root, 'pebble');
    mkdirSync(pebbleDir);
    pebble = new Pebble(pebbleDir, { acme: testPort(20530), management: testPort(20531), dns: testPort(20532), dnsManagement: testPort(20533), http01: HTTP, tlsAlpn01: HTTPS });
    await pebble.start();
    site = await Site.generate({
      answers: {
        name: 'i11-acme', port: HTTP, httpsPort: HTTPS, serverName: HOST, tls: 'acme', acmeCaUrl: pebble.directoryUrl,
        acmeEmail: 'ops@i11.test', user: ACCOUNT, group: ACCOUNT, processes: 1, threads: 2,
      },
      // Test only: mod_md trusts the CA of pebble's own HTTPS listener.
      preamble: [`MDCACertificateFile ${JSON.stringify(pebble.listenerCaFile)}`],
    }, root);
    site.makeVenv();
    await site.serve();
  });

  after(async function () {
    await site?.stop();
    await pebble?.stop();
    if (root) site?.cleanup();
    removeAccount(ACCOUNT);
  });

  // mod_md keeps a new certificate in its staging area until the next graceful restart.
  it('mod_md obtains a certificate for the site from pebble over http-01', async () => {
    const pubcert = join(site!.root, 'apache', 'md', 'staging', HOST, 'pubcert.pem');
    const deadline = Date.now() + 90_000;
    while (!existsSync(pubcert) && Date.now() < deadline) await sleep(500);
    const pebbleLog = readFileSync(join(root, 'pebble', 'pebble.log'), 'utf8');
    assert.ok(existsSync(pubcert), `no certificate within 90 s\n${site!.apache!.log()}\npebble:\n${pebbleLog.slice(-3000)}`);
    assert.match(readFileSync(pubcert, 'utf8'), /BEGIN CERTIFICATE[\s\S]+BEGIN CERTIFICATE/, 'leaf and intermediate');
  });

  it('after a graceful restart: https:// GET / is 200, verified against pebble\'s root for the host name', async () => {
    site!.apache!.graceful();
    const active = join(site!.root, 'apache', 'md', 'domains', HOST, 'pubcert.pem');
    const rootPem = await pebble!.root();
    const deadline = Date.now() + 30_000;
    let last: unknown;
    for (;;) {
      try {
        const response = await httpsGet(HTTPS, '/', HOST, rootPem);
        assert.equal(response.status, 200, site!.explain());
        assert.equal(response.headers['strict-transport-security'], 'max-age=300');
        assert.ok(existsSync(active), 'the staged certificate is active after the graceful restart');
        return;
      } catch (error) {
        last = error;
        if (Date.now() > deadline) throw new Error(`HTTPS never verified against pebble's root: ${String(last)}\n${site!.apache!.log()}`);
        await sleep(500);
      }
    }
  });

  it('http:// answers 301 to https://', async () => {
    const response = await get(HTTP, '/health', HOST);
    assert.equal(response.status, 301);
    assert.equal(response.headers.location, `https://${HOST}:${HTTPS}/health`);
  });
});
