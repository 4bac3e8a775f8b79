// Bundles the command (dist/bin/modwsgi.js, written by tsc) into one file plus the chunks its
// lazy imports need, in place: Node then reads a few files instead of hundreds at start-up.
// dist/generators stays unbundled for yo and for tests that load the generators directly.
import { build } from 'esbuild';
import { readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist', 'bin');
for (const file of readdirSync(outdir)) if (file.startsWith('chunk-')) rmSync(join(outdir, file));

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

// The terminal adapter's prompt module is created eagerly; the shim loads inquirer on the first question.
// Real paths: esbuild resolves through a node_modules that is a link (workspaces, shared installs).
const realOrSame = (path) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};
const adapterInquirer = realOrSame(join(root, 'node_modules', '@yeoman', 'adapter', 'dist', 'inquirer.js'));
const lazyPrompts = {
  name: 'lazy-prompts',
  setup(bundler) {
    // Both the terminal adapter (./inquirer.js) and its test adapter (../inquirer.js) import it.
    bundler.onResolve({ filter: /^\.\.?\/inquirer\.js$/ }, (args) =>
      realOrSame(join(args.resolveDir, args.path)) === adapterInquirer ? { path: join(root, 'scripts', 'bundle', 'lazy-inquirer.mjs') } : undefined,
    );
    bundler.onResolve({ filter: /^real-inquirer$/ }, () => ({ path: adapterInquirer }));
  },
};

await build({
  plugins: [inlineOwnPackageJson, lazyPrompts],
  entryPoints: [join(outdir, 'modwsgi.js')],
  outdir,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  chunkNames: 'chunk-[hash]',
  alias: {
    'fly-import': join(root, 'scripts', 'bundle', 'fly-import.mjs'),
    ...Object.fromEntries(['execa', 'simple-git', 'latest-version'].map((name) => [name, join(root, 'scripts', 'bundle', 'not-in-command.mjs')])),
  },
  // CommonJS dependencies call require() for Node's own modules.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
