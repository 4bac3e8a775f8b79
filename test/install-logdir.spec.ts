// A vhost with its own logs (logDir) passes Apache's config check only when the
// folder exists: the install script creates it before the check.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli, tempDir } from './support/cli.js';
import { cleanUpTempDirs } from './support/cleanup.js';

describe('install scripts: logDir', function () {
  cleanUpTempDirs();
  this.timeout(60_000);

  it('creates the log folder before the config check (--dry-run shows it)', async () => {
    const dir = tempDir();
    const logDir = join(tempDir('modwsgi-logs-'), 'not yet', 'logs');
    const generated = await runCli(['apache', '--defaults', '--name', 'logs', '--package', 'logs_app', '--log-dir', logDir, '--platforms', 'debian', '--python-version', '3.11'], {
      cwd: dir, env: { CI: 'true' },
    });
    assert.equal(generated.code, 0, generated.stderr);
    const result = spawnSync('bash', [join(dir, 'deploy', 'install-debian.sh'), '--dry-run'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const lines = result.stdout.split('\n');
    const mkdir = lines.findIndex((line) => line === `+ mkdir -p ${logDir.replace(/ /g, '\\ ')}`);
    const check = lines.findIndex((line) => /config check/.test(line));
    assert.ok(mkdir >= 0, `no mkdir of the log folder in:\n${result.stdout}`);
    assert.ok(check > mkdir, 'the log folder must exist before the config check');
  });
});
