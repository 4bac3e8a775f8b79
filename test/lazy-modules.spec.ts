// The command's bundle loads string-width and read-package-up through stand-ins that load the real
// modules on first use (scripts/bundle/lazy-modules.mjs): bundled the same way here, they must
// answer exactly as the real modules do.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import realStringWidth from 'string-width';
import { readPackageUpSync } from 'read-package-up';
import { cleanUpTempDirs } from './support/cleanup.js';
import { PACKAGE_ROOT, tempDir } from './support/cli.js';

const SAMPLES = ['', 'created   deploy/apache/hello.conf', '日本語', '\u001b[32mok\u001b[39m', 'e\u0301', '👍🏽 done', 'tab\there'];

describe('stand-ins for modules the command loads late', function () {
  cleanUpTempDirs();
  this.timeout(60_000);

  it('string-width and read-package-up, bundled through their stand-ins, answer as the real modules do', async () => {
    const { lazyModules, LAZY } = (await import(pathToFileURL(join(PACKAGE_ROOT, 'scripts', 'bundle', 'lazy-modules.mjs')).href)) as {
      lazyModules: never;
      LAZY: string[];
    };
    assert.deepEqual(LAZY, ['string-width', 'read-package-up']);
    const dir = tempDir();
    const entry = join(dir, 'entry.mjs');
    writeFileSync(
      entry,
      `import stringWidth from 'string-width';\nimport { readPackageUpSync } from 'read-package-up';\n` +
        `console.log(JSON.stringify({ widths: ${JSON.stringify(SAMPLES)}.map((s) => stringWidth(s)), name: readPackageUpSync({ cwd: ${JSON.stringify(PACKAGE_ROOT)} })?.packageJson.name }));\n`,
    );
    const outfile = join(dir, 'out.cjs');
    const result = await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', plugins: [lazyModules], logLevel: 'silent', metafile: true });
    // The stand-ins were used: each real module reached the bundle through its 'real-' name only.
    const inputs = Object.keys(result.metafile.inputs);
    for (const name of LAZY) assert.ok(inputs.some((input) => input.endsWith(`scripts/bundle/${name}.mjs`)), `${name}: stand-in not bundled (${inputs.join(' ')})`);
    const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), {
      widths: SAMPLES.map((sample) => realStringWidth(sample)),
      name: readPackageUpSync({ cwd: PACKAGE_ROOT })?.packageJson.name,
    });
  });
});
