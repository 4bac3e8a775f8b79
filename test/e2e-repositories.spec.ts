// @e2e Real repositories whose dependencies Debian packages, fitted by the built
// CLI (wsgi, apache, venv), their venv built offline from Debian's packages, and
// served by one private Apache + mod_wsgi on 127.0.0.1: a real page and a static
// file through the Alias (or no Alias where the app serves no static folder).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrivateApache, ensureAccount, get, openPath, requireRoot, serveInPlace, testPort, waitUntilServing, withSharedFiles } from './support/apache.js';
import { cleanUpTempDirs, removeAccounts } from './support/cleanup.js';
import { runCli, tempDir } from './support/cli.js';
import { copyRepo, removeRepoCopies } from './support/repos.js';

const DEBIAN_PYTHON = '/usr/bin/python3';
const USER = 'modwsgi-i9';

interface Site {
  fixture: string;
  port: number;
  /** What the project does before it serves, as its README says. */
  setup?: string[];
  page: string;
  body: RegExp;
  /** A file under the Alias and its place in the project, or undefined when the app serves no static folder (no Alias is written). */
  asset?: string;
  assetFile?: string;
  name?: string;
  root?: string;
}

const SITES: Site[] = [
  // README.rst: `flask --app flaskr init-db` before `flask --app flaskr run`.
  { fixture: 'flaskr-tutorial', port: testPort(18301), setup: ['-m', 'flask', '--app', 'flaskr', 'init-db'], page: '/', body: /<title>Posts - Flaskr<\/title>/, asset: '/static/style.css', assetFile: 'flaskr/static/style.css' },
  { fixture: 'js-example', port: testPort(18302), page: '/', body: /<title>JavaScript Example<\/title>/ },
  // watchlist/commands.py: `flask initdb` creates the tables (the README's `flask forge` adds sample data to them).
  { fixture: 'watchlist', port: testPort(18303), setup: ['-m', 'flask', '--app', 'watchlist', 'initdb'], page: '/', body: /Watchlist<\/title>/, asset: '/static/style.css', assetFile: 'watchlist/static/style.css' },
];

describe('@e2e real repositories served by Apache + mod_wsgi', function () {
  cleanUpTempDirs();
  this.timeout(300_000);
  let apache: PrivateApache | undefined;

  before(() => requireRoot());
  after(async () => {
    await apache?.stop();
    removeRepoCopies();
    removeAccounts();
  });

  for (const site of SITES) {
    it(`${site.fixture}: fitted by the CLI, venv built offline from Debian's packages`, async () => {
      const root = copyRepo(site.fixture);
      site.root = root;
      openPath(root);
      ensureAccount(USER);
      for (const part of ['wsgi', 'apache', 'venv']) {
        const args = [part, '--defaults', '--deploy-path', root, '--port', String(site.port), '--user', USER, '--group', USER, '--platforms', 'debian'];
        const result = await runCli([...args, '--cwd', root], { env: { CI: 'true' } });
        assert.equal(result.code, 0, result.stdout + result.stderr);
      }
      serveInPlace(root);
      site.name = JSON.parse(readFileSync(join(root, '.yo-rc.json'), 'utf8'))['generator-modwsgi'].name;
      const venv = spawnSync('bash', [join(root, 'deploy', 'create-venv.sh'), '--system-site-packages', '--offline', '--python', DEBIAN_PYTHON], { cwd: root, encoding: 'utf8', timeout: 200_000 });
      assert.equal(venv.status, 0, venv.stdout + venv.stderr);
      if (site.setup) {
        const setup = spawnSync(join(root, 'venv', 'bin', 'python'), site.setup, { cwd: root, encoding: 'utf8', timeout: 60_000 });
        assert.equal(setup.status, 0, setup.stdout + setup.stderr);
        // What the install step does for the writable folders it reports (flaskr's instance/).
        if (existsSync(join(root, 'instance'))) execFileSync('chown', ['-R', `${USER}:${USER}`, join(root, 'instance')]);
      }
      const vhost = readFileSync(join(root, 'deploy', 'apache', `${site.name}.conf`), 'utf8');
      if (site.asset) assert.match(vhost, /^\s*Alias "\/static" /m);
      else assert.doesNotMatch(vhost, /^\s*Alias /m, 'no static folder: no Alias that would answer 403');
    });
  }

  it('apache2 -t accepts the vhosts; each serves its page 200 and its static file 200 through the Alias', async () => {
    const apacheRoot = join(tempDir('modwsgi-i9-apache-'), 'apache');
    apache = new PrivateApache({ root: apacheRoot, includes: withSharedFiles(SITES.map((site) => join(site.root!, 'deploy', 'apache', `${site.name}.conf`))) });
    openPath(apacheRoot);
    assert.match(apache.configTest(), /Syntax OK/);
    apache.start();
    for (const site of SITES) {
      await waitUntilServing(apache, site.port, 'localhost');
      const page = await get(site.port, site.page);
      assert.equal(page.status, 200, `${site.fixture}: GET ${site.page} -> ${page.status}\n${apache.problems().join('\n')}`);
      assert.match(page.body, site.body);
      if (site.asset) {
        const asset = await get(site.port, site.asset);
        assert.equal(asset.status, 200, `${site.fixture}: GET ${site.asset} -> ${asset.status}`);
        assert.equal(asset.body, readFileSync(join(site.root!, site.assetFile!), 'utf8'));
      }
    }
    assert.deepEqual(apache.problems().filter((line) => /Traceback|SystemExit/.test(line)), []);
  });
});
