// Names a Python project declares about itself: pyproject.toml (PEP 621,
// setuptools, Poetry), setup.cfg, or setup.py. setup.py is code, so only its
// literal keyword arguments are read; anything computed is ignored.
import { join } from 'node:path';
import { readText, type ReadLog } from './files.js';
import { parse as parseToml } from 'smol-toml';

export interface ProjectMetadata {
  /** The distribution name (e.g. "blog-app"), when declared. */
  name?: string;
  /** name as an import name (blog_app). */
  importName?: string;
  packages: string[];
  modules: string[];
  /** The file the facts came from, for messages. */
  source?: string;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const topLevel = (names: string[]) => [...new Set(names.map((name) => name.split('.')[0]))];
type Table = Record<string, unknown>;
const table = (value: unknown): Table => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {});

function fromPyproject(text: string): Omit<ProjectMetadata, 'importName' | 'source'> {
  const doc = parseToml(text) as Table;
  const project = table(doc.project);
  const tool = table(doc.tool);
  const setuptools = table(tool.setuptools);
  const poetry = table(tool.poetry);
  const name = (typeof project.name === 'string' ? project.name : undefined) ?? (typeof poetry.name === 'string' ? poetry.name : undefined);
  const poetryPackages = Array.isArray(poetry.packages) ? poetry.packages.map((entry) => table(entry).include).filter((x): x is string => typeof x === 'string') : [];
  return {
    name,
    packages: topLevel([...strings(setuptools.packages), ...poetryPackages]),
    modules: strings(setuptools['py-modules']),
  };
}

/** setup.cfg is INI: `[section]`, `key = value`, and indented continuation lines. */
function fromSetupCfg(text: string): Omit<ProjectMetadata, 'importName' | 'source'> {
  const values = new Map<string, string>();
  let section = '';
  let key = '';
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw) || !raw.trim()) continue;
    const header = /^\[([^\]]+)\]/.exec(raw);
    if (header) {
      section = header[1].trim();
      continue;
    }
    const pair = /^([\w.-]+)\s*[=:]\s*(.*)$/.exec(raw);
    if (pair && !/^\s/.test(raw)) {
      key = `${section}.${pair[1]}`;
      values.set(key, pair[2].trim());
    } else if (key) {
      values.set(key, `${values.get(key)}\n${raw.trim()}`);
    }
  }
  const list = (key: string) => (values.get(key) ?? '').split(/[\s,]+/).filter((item) => /^[A-Za-z_][\w.]*$/.test(item));
  return { name: values.get('metadata.name') || undefined, packages: topLevel(list('options.packages')), modules: list('options.py_modules') };
}

function fromSetupPy(text: string): Omit<ProjectMetadata, 'importName' | 'source'> {
  const literal = (key: string) => new RegExp(`\\b${key}\\s*=\\s*['"]([^'"\\n]{1,200})['"]`).exec(text)?.[1];
  const list = (key: string) => {
    const body = new RegExp(`\\b${key}\\s*=\\s*\\[([^\\]]{0,4000})\\]`).exec(text)?.[1] ?? '';
    return [...body.matchAll(/['"]([A-Za-z_][\w.]*)['"]/g)].map((match) => match[1]);
  };
  return { name: literal('name'), packages: topLevel(list('packages')), modules: list('py_modules') };
}

const READERS: Array<[string, (text: string) => Omit<ProjectMetadata, 'importName' | 'source'>]> = [
  ['pyproject.toml', fromPyproject],
  ['setup.cfg', fromSetupCfg],
  ['setup.py', fromSetupPy],
];

/** The first metadata file that declares something; a file that does not parse is skipped. */
export function readProjectMetadata(root: string, log?: ReadLog): ProjectMetadata {
  for (const [file, reader] of READERS) {
    // Only regular files of a bounded size: a huge generated setup.py must not make the regexes below crawl.
    const text = readText(join(root, file), log, file);
    if (text === undefined) continue;
    let found: Omit<ProjectMetadata, 'importName' | 'source'>;
    try {
      found = reader(text);
    } catch {
      continue;
    }
    if (!found.name && found.packages.length === 0 && found.modules.length === 0) continue;
    const importName = found.name?.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
    return { ...found, importName, source: file };
  }
  return { packages: [], modules: [] };
}
