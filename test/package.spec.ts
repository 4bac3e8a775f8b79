// What npm publishes is enough to run: the packed tarball, installed next to
// its dependencies, scaffolds a project through its own bin.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT, readTree, tempDir } from './support/cli.js';
import { cleanUpTempDirs } from './support/cleanup.js';

describe('the published package', function () {
  cleanUpTempDirs();
  this.timeout(60_000);

  it('runs from the packed tarball via its generator-modwsgi bin', () => {
    const work = tempDir('modwsgi-pack-');
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: PACKAGE_ROOT, encoding: 'utf8' }));
    const files: string[] = packed[0].files.map((file: { path: string }) => file.path);
    assert.ok(!files.some((file) => file.startsWith('dist/test/') || file.startsWith('test/')), 'tests are packed');
    assert.ok(!files.some((file) => file.endsWith('.ts')), 'TypeScript sources are packed');

    const modules = join(work, 'node_modules');
    const installed = join(modules, 'generator-modwsgi');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(work, packed[0].filename), '-C', installed, '--strip-components=1']);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    for (const dependency of Object.keys(manifest.dependencies)) {
      mkdirSync(dirname(join(modules, dependency)), { recursive: true });
      symlinkSync(join(PACKAGE_ROOT, 'node_modules', dependency), join(modules, dependency));
    }
    const project = tempDir();
    const bin = join(installed, manifest.bin['generator-modwsgi']);
    const result = spawnSync(process.execPath, [bin, '--answers', join(installed, 'examples', 'answers.yml'), '--cwd', project], {
      encoding: 'utf8', input: '', env: { ...process.env, CI: 'true' },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.ok(readTree(project).has('deploy/apache/hello.conf'));
  });
});
