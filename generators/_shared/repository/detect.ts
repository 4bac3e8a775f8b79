// Owns fitting an existing repository: finds the app the project really runs
// (ranked candidates with their reasons), its static and writable folders,
// unguarded app.run() calls and symlinked modules. Reads files only; never writes.
import { lstatSync, readlinkSync, realpathSync, existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { flaskAppProblem, formatFlaskApp } from '../flask-app.js';
import { packageNameProblem } from '../rules.js';
import { readDeclarations, type Declaration } from './declared.js';
import { ReadLog, isDir, isFile, isVenv, listDir, pythonFiles, readText, skipDir } from './files.js';
import { sitePackageLinks } from './symlinks.js';
import { flaskFacts, type FlaskFacts, type RunSite } from './python-scan.js';
import { readProjectMetadata, type ProjectMetadata } from './project-metadata.js';

export { findRepositoryRoot } from './root.js';
export { explainSymlink } from './symlinks.js';
export { staticFolderOf, writableDirsOf } from './app-folders.js';

export interface AppCandidate {
  /** What the .wsgi loads, in Flask's --app syntax. */
  flaskApp: string;
  /** The import name whose folder holds static/ and templates/: the package, or the module without .py. */
  package: string;
  appStyle: 'factory' | 'singleton';
  kind: 'package' | 'module';
  /** '' (flat) or 'src'. */
  sourceDir: string;
  /** The module flaskApp names, relative to the root, and the line that binds or defines the app. */
  file: string;
  line: number;
  /** Why this one: each reason with its weight; the sum ranks candidates. */
  reasons: Array<{ text: string; weight: number }>;
  score: number;
  /** Why it would fail as it is (a factory argument nobody gives). */
  problem?: string;
}

export interface RunCall {
  file: string;
  line: RunSite;
}

export interface SymlinkedModule {
  link: string;
  target: string;
  module: string;
}

export interface Detection {
  root: string;
  metadata: ProjectMetadata;
  /** Best first. */
  candidates: AppCandidate[];
  symlinks: SymlinkedModule[];
  notes: string[];
}

/** Weights: what the project declares outranks what its code suggests. */
export const WEIGHT = { declared: 10, rootScript: 5, app: 3, metadata: 1, preferredName: 1, submodule: 2, reexport: 1, unusable: -20 } as const;
/** Submodule names that usually hold the app (pkg/server.py, pkg/core.py...). */
const APP_MODULES = ['app', 'server', 'core', 'main', 'webapp', 'web', 'wsgi', 'application', 'factory'];
const SOURCE_DIRS = ['', 'src'];

const identifier = (name: string) => /^[A-Za-z_]\w*$/.test(name);

export class RepositoryScan {
  readonly log = new ReadLog();
  private readonly facts = new Map<string, FlaskFacts | undefined>();
  constructor(readonly root: string) {}

  factsOf(file: string): FlaskFacts | undefined {
    if (!this.facts.has(file)) {
      const text = readText(join(this.root, file), this.log, file);
      this.facts.set(file, text === undefined ? undefined : flaskFacts(text));
    }
    return this.facts.get(file);
  }

  /** The file of a dotted module, in the flat or src layout. */
  moduleFile(module: string): { file: string; sourceDir: string; isPackage: boolean } | undefined {
    const path = module.split('.').join('/');
    for (const sourceDir of SOURCE_DIRS) {
      const base = sourceDir ? `${sourceDir}/${path}` : path;
      if (isFile(join(this.root, `${base}.py`))) return { file: `${base}.py`, sourceDir, isPackage: false };
      if (isFile(join(this.root, base, '__init__.py'))) return { file: `${base}/__init__.py`, sourceDir, isPackage: true };
    }
    return undefined;
  }
}

/** Turns `pkg/app.py`, `./wsgi.py`, `app` into a dotted module. */
const moduleOf = (text: string) => text.replace(/^\.\//, '').replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');

/** The top-level local package a module's import refers to (`from blog import create_app` in autoapp.py -> blog). */
function localPackage(scan: RepositoryScan, from: string | undefined, module: string): string | undefined {
  if (from === undefined) return undefined;
  const absolute = from.startsWith('.') ? module.split('.')[0] : from.split('.')[0];
  return scan.moduleFile(absolute) ? absolute : undefined;
}

interface Found {
  flaskApp: string;
  module: string;
  name: string;
  appStyle: 'factory' | 'singleton';
  line: number;
  problem?: string;
}

/** Resolves `module[:attr[(args)]]` as Flask's --app does: app, application, then create_app/make_app. */
function resolveTarget(scan: RepositoryScan, declaration: Declaration): Found | string {
  const [modulePart, attr] = declaration.target.split(/:(.*)/s);
  const module = moduleOf(modulePart);
  const where = scan.moduleFile(module);
  if (!where) return `${declaration.reason} names ${declaration.target}, but no module ${module} is in the repository`;
  const facts = scan.factsOf(where.file);
  if (!facts) return `${declaration.reason} names ${declaration.target}, but ${where.file} could not be read`;
  let name: string;
  let args: string | undefined;
  if (attr) {
    const call = /^([A-Za-z_]\w*)(?:\((.*)\))?$/s.exec(attr);
    if (!call) return `${declaration.reason}: ${declaration.target} is not module:name or module:factory(args)`;
    name = call[1];
    args = call[2];
  } else {
    const app = facts.apps.find((a) => a.name === 'app') ?? facts.apps.find((a) => a.name === 'application');
    name = app?.name ?? facts.factory?.name ?? '';
    if (!name) return `${declaration.reason} names ${declaration.target}, but ${where.file} binds no app or application and defines no create_app`;
  }
  const isFactory = facts.factory?.name === name || (args !== undefined && !facts.apps.some((a) => a.name === name));
  const isApp = facts.apps.some((a) => a.name === name);
  if (declaration.weak && !isFactory && !isApp) return `${declaration.reason} names ${declaration.target}, which is not a Flask app or factory`;
  if (isFactory && args === undefined) args = '';
  const flaskApp = formatFlaskApp({ module, name, args: isFactory ? args : undefined });
  const syntax = flaskAppProblem(flaskApp);
  if (syntax) return `${declaration.reason} names ${declaration.target}, which ${syntax}`;
  const line = isFactory ? facts.factory?.line ?? 1 : facts.apps.find((a) => a.name === name)?.line ?? 1;
  const required = isFactory && facts.factory?.name === name && args === '' ? facts.factory.required : [];
  const problem = required.length > 0 ? `${name}(${required.join(', ')}) needs ${required.length === 1 ? 'an argument' : 'arguments'}` : undefined;
  return { flaskApp, module, name, appStyle: isFactory ? 'factory' : 'singleton', line, problem };
}

/** Candidates the code itself suggests: root scripts, packages, their submodules. */
function guesses(scan: RepositoryScan, notes: string[]): Array<Found & { reason: string; weight: number }> {
  const out: Array<Found & { reason: string; weight: number }> = [];
  const add = (found: Found, reason: string, weight: number) => out.push({ ...found, reason, weight });
  const factoryFound = (module: string, facts: FlaskFacts, file: string): Found => {
    const f = facts.factory!;
    const problem = f.required.length > 0 ? `${f.name}(${f.required.join(', ')}) needs ${f.required.length === 1 ? 'an argument' : 'arguments'}` : undefined;
    return { flaskApp: `${module}:${f.name}()`, module, name: f.name, appStyle: 'factory', line: f.line, problem, ...(file ? {} : {}) };
  };
  for (const sourceDir of SOURCE_DIRS) {
    const base = join(scan.root, sourceDir);
    if (sourceDir && !isDir(base)) continue;
    for (const entry of listDir(base)) {
      if (scan.log.overBudget()) break;
      const rel = sourceDir ? `${sourceDir}/${entry}` : entry;
      if (entry.endsWith('.py') && identifier(entry.slice(0, -3))) {
        const module = entry.slice(0, -3);
        const facts = scan.factsOf(rel);
        if (!facts) continue;
        for (const app of facts.apps) {
          if (app.how === 'create_app') {
            // Only setup (arguments, load_dotenv(), config selection) makes the script more than a way to call the factory.
            const weight = app.setup ? WEIGHT.rootScript : WEIGHT.reexport;
            const what = app.setup ? `${rel} builds the app with ${app.callee}() after its setup` : `${rel} calls ${app.callee}()`;
            add({ flaskApp: `${module}:${app.name}`, module, name: app.name, appStyle: 'singleton', line: app.line }, what, weight);
          } else if (app.how === 'Flask') {
            add({ flaskApp: `${module}:${app.name}`, module, name: app.name, appStyle: 'singleton', line: app.line }, `module-level Flask() in ${rel}`, WEIGHT.app);
          } else if (app.how === 'import' && localPackage(scan, app.from, module)) {
            add({ flaskApp: `${module}:${app.name}`, module, name: app.name, appStyle: 'singleton', line: app.line }, `${rel} imports app from ${app.from}`, WEIGHT.reexport);
          }
        }
        if (facts.factory && !facts.factory.from) add(factoryFound(module, facts, rel), `${facts.factory.name}() in ${rel}`, WEIGHT.app);
      } else if (identifier(entry) && !skipDir(base, entry) && isFile(join(base, entry, '__init__.py'))) {
        const init = `${rel}/__init__.py`;
        const facts = scan.factsOf(init);
        if (!facts) continue;
        const own = (from?: string) => from === undefined || from.startsWith('.') || from.split('.')[0] === entry;
        if (facts.factory && own(facts.factory.from)) {
          add(factoryFound(entry, facts, init), `${facts.factory.name}() ${facts.factory.from ? `re-exported by ${init} from ${facts.factory.from}` : `in ${init}`}`, WEIGHT.app);
        }
        for (const app of facts.apps.filter((a) => a.name === 'app' || a.how === 'Flask')) {
          if (app.how === 'import' && !own(app.from)) continue;
          const what = app.how === 'Flask' ? `module-level Flask() in ${init}` : app.how === 'import' ? `${init} re-exports app from ${app.from}` : `${init} builds the app with ${app.callee}()`;
          add({ flaskApp: `${entry}:${app.name}`, module: entry, name: app.name, appStyle: 'singleton', line: app.line }, what, WEIGHT.app);
        }
        // `from .core import app` or `from .core import *`: the package's app is the submodule's, counted once, under the package.
        const reexported = new Set([
          ...facts.apps.filter((a) => a.how === 'import' && a.from?.startsWith('.')).map((a) => a.from!.slice(1)),
          ...facts.starImports.filter((from) => from.startsWith('.')).map((from) => from.slice(1)),
        ]);
        for (const inner of listDir(join(base, entry)).filter((name) => name.endsWith('.py') && name !== '__init__.py' && identifier(name.slice(0, -3)))) {
          const sub = inner.slice(0, -3);
          const file = `${rel}/${inner}`;
          const subFacts = scan.factsOf(file);
          if (!subFacts) continue;
          const bonus = APP_MODULES.includes(sub) ? WEIGHT.preferredName : 0;
          for (const app of subFacts.apps.filter((a) => a.how === 'Flask' || a.how === 'create_app')) {
            if (reexported.has(sub) && app.name === 'app') {
              if (facts.starImports.includes(`.${sub}`) && !facts.apps.some((a) => a.name === 'app')) {
                add({ flaskApp: `${entry}:app`, module: entry, name: 'app', appStyle: 'singleton', line: 1 }, `${init} re-exports app from .${sub} (import *)`, WEIGHT.app);
              }
              add({ flaskApp: `${entry}:app`, module: entry, name: 'app', appStyle: 'singleton', line: app.line }, `module-level Flask() in ${file}`, WEIGHT.reexport);
              continue;
            }
            add({ flaskApp: `${entry}.${sub}:${app.name}`, module: `${entry}.${sub}`, name: app.name, appStyle: 'singleton', line: app.line },
              app.how === 'Flask' ? `module-level Flask() in ${file}` : `${file} builds the app with ${app.callee}()`, WEIGHT.submodule + bonus);
          }
          if (subFacts.factory && !subFacts.factory.from && !facts.factory) {
            add(factoryFound(`${entry}.${sub}`, subFacts, file), `${subFacts.factory.name}() in ${file}`, WEIGHT.submodule + bonus);
          }
        }
      }
    }
  }
  // `from .core import *` re-exports: the package's app is the submodule's; count it once, under the shorter name.
  for (const found of out) if (flaskAppProblem(found.flaskApp)) notes.push(`${found.reason}: ${found.flaskApp} ${flaskAppProblem(found.flaskApp)}`);
  return out.filter((found) => !flaskAppProblem(found.flaskApp));
}

export function detectApp(root: string): Detection {
  const scan = new RepositoryScan(root);
  const metadata = readProjectMetadata(root, scan.log);
  const notes: string[] = [];
  const byApp = new Map<string, AppCandidate>();
  const upsert = (found: Found, reason: string, weight: number) => {
    const where = scan.moduleFile(found.module)!;
    const top = found.module.split('.')[0];
    let candidate = byApp.get(found.flaskApp);
    if (!candidate) {
      const imported = scan.factsOf(where.file)?.apps.find((a) => a.name === found.name);
      const fromPackage = !where.isPackage && found.module === top ? localPackage(scan, imported?.from ?? scan.factsOf(where.file)?.factory?.from, found.module) : undefined;
      const pkg = fromPackage ?? top;
      const pkgWhere = scan.moduleFile(pkg)!;
      candidate = {
        flaskApp: found.flaskApp, package: pkg, appStyle: found.appStyle, kind: pkgWhere.isPackage ? 'package' : 'module',
        sourceDir: pkgWhere.sourceDir, file: where.file, line: found.line, reasons: [], score: 0, problem: found.problem,
      };
      byApp.set(found.flaskApp, candidate);
    }
    if (!candidate.reasons.some((r) => r.text === reason)) candidate.reasons.push({ text: reason, weight });
  };
  for (const declaration of readDeclarations(root, scan.log)) {
    const found = resolveTarget(scan, declaration);
    if (typeof found === 'string') notes.push(found);
    else upsert(found, `declared: ${declaration.reason}`, WEIGHT.declared);
  }
  for (const guess of guesses(scan, notes)) upsert(guess, guess.reason, guess.weight);
  const declaredNames = [...metadata.packages, ...metadata.modules, metadata.importName];
  const candidates = [...byApp.values()].filter((c) => !packageNameProblem(c.package) || notes.push(`${c.file}:${c.line} defines a Flask app, but '${c.package}' cannot be the package: it ${packageNameProblem(c.package)}`) < 0);
  for (const c of candidates) {
    if (metadata.source && declaredNames.includes(c.package)) c.reasons.push({ text: `${metadata.source} names ${c.package}`, weight: WEIGHT.metadata });
    if (c.problem) c.reasons.push({ text: `but ${c.problem} and nothing gives one`, weight: WEIGHT.unusable });
    c.score = c.reasons.reduce((sum, r) => sum + r.weight, 0);
    c.reasons.sort((a, b) => b.weight - a.weight);
  }
  candidates.sort((a, b) => b.score - a.score || a.flaskApp.localeCompare(b.flaskApp));
  const detection: Detection = { root, metadata, candidates, symlinks: [], notes: [...notes, ...scan.log.skipped] };
  for (const c of candidates.filter((c) => c.kind === 'module')) {
    const link = join(root, c.sourceDir, `${c.package}.py`);
    try {
      if (lstatSync(link).isSymbolicLink()) detection.symlinks.push({ link: relative(root, link), target: existsSync(link) ? realpathSync(link) : readlinkSync(link), module: c.package });
    } catch {
      // not there: nothing to say
    }
  }
  for (const venv of listDir(root).filter((name) => isVenv(join(root, name)))) sitePackageLinks(root, join(root, venv), detection);
  return detection;
}

/** The best candidate, or undefined when two are equally supported (or none). */
export function bestCandidate(candidates: AppCandidate[]): AppCandidate | undefined {
  if (candidates.length === 0) return undefined;
  if (candidates.length > 1 && candidates[1].score === candidates[0].score) return undefined;
  return candidates[0].score > 0 || candidates.length === 1 ? candidates[0] : undefined;
}

/** Files whose import the .wsgi triggers: the entry module and every module of its package. */
export function importedFiles(root: string, candidate: Pick<AppCandidate, 'file' | 'package' | 'sourceDir' | 'kind'>): string[] {
  const scan = new RepositoryScan(root);
  const files = new Set<string>([candidate.file]);
  const pkg = scan.moduleFile(candidate.package);
  if (pkg?.isPackage) for (const file of pythonFiles(join(root, dirname(pkg.file)), scan.log)) files.add(relative(root, file));
  return [...files].filter((file) => isFile(join(root, file)));
}

/** Every unguarded run in the files the .wsgi imports. */
export function runCallsIn(root: string, files: string[]): RunCall[] {
  const scan = new RepositoryScan(root);
  return files.flatMap((file) => (scan.factsOf(file)?.runCalls ?? []).map((line) => ({ file, line })));
}

/** One line: the entry point, its score and every reason. */
export function describeCandidate(c: AppCandidate): string {
  return `${c.flaskApp} (support ${c.score}: ${c.reasons.map((r) => r.text).join('; ')})`;
}
