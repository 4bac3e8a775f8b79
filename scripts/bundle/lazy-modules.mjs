// Modules that cost time as they load but are seldom used: in the command's bundle a stand-in
// (scripts/bundle/<name>.mjs) takes each one's place and loads the real one ('real-<name>') on first
// use. string-width: the spinner measures plain ASCII text only; read-package-up: Yeoman's fallback
// when its environment gives no package.json. An esbuild plugin (scripts/bundle.mjs).
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const LAZY = ['string-width', 'read-package-up'];

// Real paths: esbuild resolves through a node_modules that is a link (workspaces, shared installs).
export const realOrSame = (path) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

export const lazyModules = {
  name: 'lazy-modules',
  setup(bundler) {
    const names = LAZY.join('|');
    bundler.onResolve({ filter: new RegExp(`^(${names})$`) }, (args) => ({ path: join(root, 'scripts', 'bundle', `${args.path}.mjs`) }));
    bundler.onResolve({ filter: new RegExp(`^real-(${names})$`) }, (args) => ({ path: realOrSame(join(root, 'node_modules', args.path.slice('real-'.length), 'index.js')) }));
  },
};
