// Fits an existing repository: finds its root, the Flask app (package or single
// module, factory or singleton, flat or src/ layout), unguarded app.run() calls
// and a module symlinked into site-packages. Reads files only; never writes.
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { packageNameProblem } from './answers.js';
import { flaskFacts, type LogicalLine } from './python-scan.js';
import { readProjectMetadata, type ProjectMetadata } from './project-metadata.js';

export interface AppCandidate {
  /** Import name: the package folder or the module file without .py. */
  package: string;
  appStyle: 'factory' | 'singleton';
  kind: 'package' | 'module';
  /** '' (flat) or 'src'. */
  sourceDir: string;
  /** Where create_app or the app object is defined, relative to the root. */
  file: string;
  line: number;
}

export interface RunCall {
  file: string;
  line: LogicalLine;
}

export interface SymlinkedModule {
  /** The link, relative to the root, and the file it points to. */
  link: string;
  target: string;
  /** The module this concerns. */
  module: string;
}

export interface Detection {
  root: string;
  metadata: ProjectMetadata;
  candidates: AppCandidate[];
  runCalls: RunCall[];
  symlinks: SymlinkedModule[];
  /** Things worth saying that are not candidates, e.g. `application = Flask()` the .wsgi cannot import. */
  notes: string[];
}

const ROOT_MARKERS = ['pyproject.toml', 'setup.cfg', 'setup.py'];
const SKIP_DIRS = new Set(['tests', 'test', 'docs', 'doc', 'build', 'dist', 'node_modules', 'site-packages', '__pycache__', 'deploy', 'migrations', 'instance']);
const MAX_FILES = 2000;

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();
const isVenv = (dir: string) => existsSync(join(dir, 'pyvenv.cfg'));
const skipDir = (dir: string, name: string) => name.startsWith('.') || SKIP_DIRS.has(name) || name.endsWith('.egg-info') || isVenv(join(dir, name));

/**
 * The repository a sub-generator works in, from any folder inside it: the nearest
 * folder with our .yo-rc.json, else with Python project metadata, else with .git.
 */
export function findRepositoryRoot(cwd: string): { root: string; reason: string } {
  const up = (test: (dir: string) => boolean) => {
    for (let dir = cwd; ; dir = dirname(dir)) {
      if (test(dir)) return dir;
      if (dirname(dir) === dir) return undefined;
    }
  };
  const hasOurYoRc = (dir: string) => {
    try {
      return 'generator-modwsgi' in JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'));
    } catch {
      return false;
    }
  };
  const yoRc = up(hasOurYoRc);
  if (yoRc) return { root: yoRc, reason: '.yo-rc.json' };
  const project = up((dir) => ROOT_MARKERS.some((marker) => existsSync(join(dir, marker))));
  if (project) return { root: project, reason: ROOT_MARKERS.find((marker) => existsSync(join(project, marker)))! };
  const git = up((dir) => existsSync(join(dir, '.git')));
  return git ? { root: git, reason: '.git' } : { root: cwd, reason: 'the current folder' };
}

/** Every .py file under `dir` (bounded), skipping tests, venvs and hidden folders. */
function pythonFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (found.length >= MAX_FILES) break;
    if (entry.isDirectory() && !skipDir(dir, entry.name)) pythonFiles(join(dir, entry.name), found);
    else if (entry.isFile() && entry.name.endsWith('.py')) found.push(join(dir, entry.name));
  }
  return found;
}

const read = (path: string) => readFileSync(path, 'utf8');

/**
 * What the .wsgi file can import from this module or package: `create_app`
 * (factory) or `app` (singleton). A module must define them itself; importing
 * them makes it an entry script (run.py), not the app. A package may re-export.
 */
function candidateIn(source: string, name: string, isPackage: boolean): { appStyle?: 'factory' | 'singleton'; line?: number; notes: string[] } {
  const facts = flaskFacts(source);
  const own = (from?: string) => from === undefined || (isPackage && (from.startsWith('.') || from.split('.')[0] === name));
  const notes = facts.apps
    .filter((app) => app.how === 'Flask' && app.name !== 'app')
    .map((app) => `${app.line} binds the Flask app to '${app.name}'; the .wsgi file imports 'app' or 'create_app': name it app`);
  if (facts.factory && own(facts.factory.from)) return { appStyle: 'factory', line: facts.factory.line, notes };
  const singleton = facts.apps.find((app) => app.name === 'app' && (app.how === 'Flask' || (isPackage && (app.how === 'create_app' || own(app.from)))));
  if (singleton) return { appStyle: 'singleton', line: singleton.line, notes };
  return { notes };
}

export function detectApp(root: string): Detection {
  const metadata = readProjectMetadata(root);
  const detection: Detection = { root, metadata, candidates: [], runCalls: [], symlinks: [], notes: [] };
  const sourceDirs = ['', ...(isDir(join(root, 'src')) ? ['src'] : [])];
  const scanned = new Set<string>();
  const scanRuns = (file: string) => {
    if (scanned.has(file)) return;
    scanned.add(file);
    for (const line of flaskFacts(read(file)).runCalls) detection.runCalls.push({ file: relative(root, file), line });
  };

  for (const sourceDir of sourceDirs) {
    const base = join(root, sourceDir);
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      const path = join(base, entry.name);
      const isPackage = isDir(path) && !skipDir(base, entry.name) && existsSync(join(path, '__init__.py')) && /^[A-Za-z_]\w*$/.test(entry.name);
      const isModule = entry.name.endsWith('.py') && /^[A-Za-z_]\w*\.py$/.test(entry.name) && (entry.isFile() || entry.isSymbolicLink());
      if (!isPackage && !isModule) continue;
      const name = isPackage ? entry.name : entry.name.slice(0, -3);
      const file = isPackage ? join(path, '__init__.py') : path;
      const found = candidateIn(read(file), name, isPackage);
      const shown = relative(root, file);
      for (const note of found.notes) detection.notes.push(`${shown}:${note}`);
      if (found.appStyle && packageNameProblem(name)) {
        detection.notes.push(`${shown}:${found.line} defines a Flask app, but '${name}' cannot be the package: it ${packageNameProblem(name)}`);
      } else if (found.appStyle) {
        detection.candidates.push({ package: name, appStyle: found.appStyle, kind: isPackage ? 'package' : 'module', sourceDir, file: shown, line: found.line! });
      }
      if (isPackage) for (const inner of pythonFiles(path)) scanRuns(inner);
      else scanRuns(path);
      if (isModule && entry.isSymbolicLink()) symlinkOf(root, path, name, detection);
    }
  }
  for (const venv of readdirSync(root).filter((name) => isVenv(join(root, name)))) sitePackageLinks(root, join(root, venv), detection);
  detection.candidates = preferDeclared(detection.candidates, metadata, detection.notes);
  return detection;
}

/** Several candidates, but the project metadata names one of them: that one is the app. */
function preferDeclared(candidates: AppCandidate[], metadata: ProjectMetadata, notes: string[]): AppCandidate[] {
  if (candidates.length < 2) return candidates;
  const declared = candidates.filter((c) => [...metadata.packages, ...metadata.modules, metadata.importName].includes(c.package));
  if (declared.length !== 1) return candidates;
  const others = candidates.filter((c) => c !== declared[0]).map((c) => c.package);
  notes.push(`${metadata.source} names ${declared[0].package}; not using ${others.join(', ')}`);
  return declared;
}

const inSitePackages = (path: string) => path.split(sep).some((part) => part === 'site-packages' || part === 'dist-packages');

/** The repository's module is itself a link, into site-packages or elsewhere. */
function symlinkOf(root: string, link: string, module: string, detection: Detection): void {
  const target = existsSync(link) ? realpathSync(link) : readlinkSync(link);
  detection.symlinks.push({ link: relative(root, link), target, module });
}

/** Links in a virtualenv's site-packages that point into the repository. */
function sitePackageLinks(root: string, venv: string, detection: Detection): void {
  const lib = join(venv, 'lib');
  if (!isDir(lib)) return;
  for (const python of readdirSync(lib).filter((name) => name.startsWith('python'))) {
    const site = join(lib, python, 'site-packages');
    if (!isDir(site)) continue;
    for (const name of readdirSync(site).filter((entry) => entry.endsWith('.py'))) {
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
  const where = inSitePackages(link.link) ? 'site-packages' : inSitePackages(link.target) ? 'site-packages' : 'another folder';
  return (
    `${link.link} is a symlink to ${link.target} (a single-module app linked into ${where}). ` +
    `Flask finds templates/ and static/ next to the path a module was imported from, without resolving links, ` +
    `so a copy imported through the link looks in the wrong folder (TemplateNotFound, 404 for static files). ` +
    `The generated .wsgi puts the deploy path first on sys.path so ${link.module}.py is imported from the repository; ` +
    `remove the link, or turn the module into a package and install it.`
  );
}

export function describeCandidate(c: AppCandidate): string {
  const what = c.appStyle === 'factory' ? 'create_app()' : 'app = Flask(...)';
  return `${c.package} (${c.appStyle}: ${what} in ${c.file}:${c.line})`;
}
