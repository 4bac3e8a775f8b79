// A single-module app linked into site-packages (or the module itself a link):
// found, and explained, because Flask then looks for templates/ and static/ elsewhere.
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Detection, SymlinkedModule } from './detect.js';
import { listDir } from './files.js';

const inSitePackages = (path: string) => path.split(sep).some((part) => part === 'site-packages' || part === 'dist-packages');

/** Links in a virtualenv's site-packages that point into the repository. */
export function sitePackageLinks(root: string, venv: string, detection: Detection): void {
  const lib = join(venv, 'lib');
  for (const python of listDir(lib).filter((name) => name.startsWith('python'))) {
    const site = join(lib, python, 'site-packages');
    for (const name of listDir(site).filter((entry) => entry.endsWith('.py'))) {
      const link = join(site, name);
      if (!lstatSync(link).isSymbolicLink() || !existsSync(link)) continue;
      const target = realpathSync(link);
      if (!relative(realpathSync(root), target).startsWith('..')) {
        detection.symlinks.push({ link: relative(root, link), target: relative(realpathSync(root), target), module: name.slice(0, -3) });
      }
    }
  }
}

/** Why a symlinked module matters under mod_wsgi, and what to do. */
export function explainSymlink(link: SymlinkedModule): string {
  const where = inSitePackages(link.link) || inSitePackages(link.target) ? 'site-packages' : 'another folder';
  return (
    `${link.link} is a symlink to ${link.target} (a single-module app linked into ${where}). ` +
    `Flask finds templates/ and static/ next to the path a module was imported from, without resolving links, ` +
    `so a copy imported through the link looks in the wrong folder (TemplateNotFound, 404 for static files). ` +
    `The generated .wsgi puts the deploy path first on sys.path so ${link.module}.py is imported from the repository; ` +
    `remove the link, or turn the module into a package and install it.`
  );
}

