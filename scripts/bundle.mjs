// Bundles the command (dist/bin/*.js, written by tsc), in place, so that Node reads a few files
// instead of hundreds at start-up:
// - the light half, dist/bin/modwsgi.js (options, --help, --version, doctor), as ES modules plus
//   the chunks its lazy imports need, and the prompt library alone as dist/bin/prompts.js;
// - the heavy half, bin/run.ts with Yeoman and the generators, as one CommonJS file, dist/bin/run.cjs,
//   with V8's code cache saved next to it (see bin/cached-run.ts and bundle/warm-cache.mjs);
// - yo's entry points, lib/generators/<name>/index.js: each takes its generator from that bundle.
//   yo's lookup prefers lib/generators to dist/generators, which stays unbundled for the tests.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyModules, realOrSame } from './bundle/lazy-modules.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist', 'bin');
for (const file of readdirSync(outdir)) if (/^(chunk-|run\.cjs|prompts\.js)/.test(file)) rmSync(join(outdir, file));

// Yeoman's generator and environment read their own package.json next to their files, which are
// not there once bundled: put its name and version in the code instead.
const OWN_PACKAGE_READS = [
  /JSON\.parse\(readFileSync\(pathJoin\(_dirname, '\.\.\/package\.json'\), 'utf8'\)\)/,
  /require\('\.\.\/package\.json'\)/,
  /JSON\.parse\(readFileSync\(join\(PROJECT_ROOT, 'package\.json'\)\)\.toString\(\)\)/,
];
const inlineOwnPackageJson = {
  name: 'inline-own-package-json',
  setup(bundler) {
    bundler.onLoad({ filter: /(yeoman-generator[\\/]dist[\\/]generator|yeoman-environment[\\/]dist[\\/](environment-base|module-lookup))\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const { name, version } = JSON.parse(readFileSync(join(dirname(args.path), '..', 'package.json'), 'utf8'));
      const inlined = OWN_PACKAGE_READS.reduce((text, read) => text.replace(read, JSON.stringify({ name, version })), source);
      if (inlined === source) throw new Error(`${args.path}: its package.json is read some other way now; update scripts/bundle.mjs`);
      return { contents: inlined, loader: 'js' };
    });
  },
};

const adapterInquirer = realOrSame(join(root, 'node_modules', '@yeoman', 'adapter', 'dist', 'inquirer.js'));
// The terminal adapter's prompt module is created eagerly; in run.cjs a shim stands in for it and
// loads dist/bin/prompts.js (the real one, bundled on its own) on the first question.
const lazyPrompts = {
  name: 'lazy-prompts',
  setup(bundler) {
    // Both the terminal adapter (./inquirer.js) and its test adapter (../inquirer.js) import it.
    bundler.onResolve({ filter: /^\.\.?\/inquirer\.js$/ }, (args) =>
      realOrSame(join(args.resolveDir, args.path)) === adapterInquirer ? { path: join(root, 'scripts', 'bundle', 'lazy-inquirer.mjs') } : undefined,
    );
  },
};
// The light half reaches the heavy half through bin/cached-run.ts only (or ./run.js when run.cjs is missing).
const heavyHalfApart = {
  name: 'heavy-half-apart',
  setup(bundler) {
    bundler.onResolve({ filter: /^\.\/run\.js$/ }, (args) => (args.resolveDir === outdir ? { path: args.path, external: true } : undefined));
  },
};
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  alias: {
    'fly-import': join(root, 'scripts', 'bundle', 'fly-import.mjs'),
    ...Object.fromEntries(['execa', 'simple-git', 'latest-version'].map((name) => [name, join(root, 'scripts', 'bundle', 'not-in-command.mjs')])),
  },
  logLevel: 'warning',
};

await build({
  ...common,
  plugins: [heavyHalfApart],
  entryPoints: { modwsgi: join(outdir, 'modwsgi.js'), prompts: adapterInquirer },
  outdir,
  allowOverwrite: true,
  splitting: true,
  format: 'esm',
  chunkNames: 'chunk-[hash]',
  // CommonJS dependencies call require() for Node's own modules.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
});

await build({
  ...common,
  plugins: [inlineOwnPackageJson, lazyPrompts, lazyModules],
  entryPoints: [join(outdir, 'run.js')],
  outfile: join(outdir, 'run.cjs'),
  format: 'cjs',
  // bin/cached-run.ts hands the bundle its own file URL under this name.
  define: { 'import.meta.url': '__bundleUrl' },
});

// node:vm drops the dynamic import() hook of a script compiled from a code cache, so the bundle's
// import() calls (the prompt library; Yeoman loading a generator by its path) go through a function
// bin/cached-run.ts hands it, which imports from a real module.
const runBundle = join(outdir, 'run.cjs');
const dynamicImport = /(?<![.\w$])import\(/g;
const rewritten = readFileSync(runBundle, 'utf8').replace(dynamicImport, '__bundleImport(');
if (!rewritten.includes('__bundleImport(new URL("./prompts.js"')) throw new Error('run.cjs: the prompt library is no longer loaded by import(); update scripts/bundle.mjs');
writeFileSync(runBundle, rewritten);

// Quiet unless it fails: its scaffold reports each file it writes.
const warm = spawnSync(process.execPath, [join(root, 'scripts', 'bundle', 'warm-cache.mjs')], { encoding: 'utf8' });
if (warm.status !== 0) throw new Error(`scripts/bundle/warm-cache.mjs failed:\n${warm.stdout}${warm.stderr}`);

// yo's entry points: the same generators as the command, from the cached bundle, instead of the
// hundreds of modules under dist/generators.
const { COMMANDS } = await import(join(outdir, '..', 'generators', '_shared', 'cli', 'options.js'));
rmSync(join(root, 'lib'), { recursive: true, force: true });
for (const name of COMMANDS) {
  mkdirSync(join(root, 'lib', 'generators', name), { recursive: true });
  writeFileSync(
    join(root, 'lib', 'generators', name, 'index.js'),
    `// Written by scripts/bundle.mjs: yo's modwsgi:${name}, taken from the command's bundle (dist/bin/run.cjs).\n` +
      `import { loadRun } from '../../../dist/bin/cached-run.js';\n\n` +
      `export default (await loadRun()).GENERATORS[${JSON.stringify(name)}];\n`,
  );
}
