// The folders a found app uses on the server: the static folder Apache's Alias
// serves, and the folders it writes that the install step creates.
import { dirname, join, relative, sep } from 'node:path';
import { RepositoryScan, type AppCandidate } from './detect.js';
import { isDir, listDir, readText } from './files.js';

/** Where the app serves static files from, relative to the root; null when it serves none. */
export function staticFolderOf(root: string, candidate: AppCandidate): string | null {
  const scan = new RepositoryScan(root);
  const pkg = scan.moduleFile(candidate.package);
  if (!pkg) return null;
  const home = dirname(pkg.file);
  // The module that calls Flask(): the entry module when it does, else the package (or a submodule defining the factory).
  const files = [candidate.file, pkg.file, ...listDir(join(root, home)).filter((f) => f.endsWith('.py')).map((f) => (home === '.' ? f : `${home}/${f}`))];
  for (const file of files) {
    const text = readText(join(root, file), scan.log);
    const call = text ? /\bFlask\s*\(([^)]*)\)/s.exec(text) : null;
    if (!call) continue;
    if (/\bstatic_folder\s*=\s*None\b/.test(call[1])) return null;
    const literal = /\bstatic_folder\s*=\s*(['"])([^'"\n]*)\1/.exec(call[1]);
    const folder = join(dirname(file), literal ? literal[2] : 'static');
    const rel = relative(root, join(root, folder));
    return !rel.startsWith('..') && isDir(join(root, rel)) ? rel.split(sep).join('/') : null;
  }
  return isDir(join(root, home, 'static')) ? join(home, 'static').split(sep).join('/') : null;
}

/** Folders the app writes, relative to the root: instance/, literal os.makedirs() targets, and folders named from a module's own folder. */
export function writableDirsOf(root: string, files: string[], candidate: AppCandidate): string[] {
  const scan = new RepositoryScan(root);
  const dirs: string[] = [];
  const pkg = scan.moduleFile(candidate.package);
  for (const file of files) {
    const facts = scan.factsOf(file);
    if (!facts) continue;
    if (facts.usesInstance && pkg) {
      const instance = join(dirname(pkg.isPackage ? dirname(pkg.file) : pkg.file), 'instance').split(sep).join('/');
      if (!dirs.includes(instance)) dirs.push(instance);
    }
    for (const dir of facts.writes) if (!dirs.includes(dir)) dirs.push(dir);
    for (const beside of facts.writesBeside) {
      const rel = relative(root, join(root, dirname(file), beside));
      const dir = rel.split(sep).join('/');
      if (rel && !rel.startsWith('..') && !dirs.includes(dir)) dirs.push(dir);
    }
  }
  return dirs;
}

