// Renders a template with its function compiled at build time (compiled-templates.cjs, written by
// scripts/compile-templates.mjs): EJS parses each template and builds its code once per build, not
// at every render. A template whose text is not the one compiled (edited since the build) is
// rendered by EJS itself, as before, so the output never depends on how fresh the build is.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ejs from 'ejs';
import { loadWithCodeCache } from './code-cache.js';
import type Compiled from './compiled-templates.cjs';
import { PACKAGE_ROOT } from './generator-path.js';

// Loaded from dist/ with its code cache (code-cache.ts), never bundled: the compiled functions use
// `with`, which the strict code of a bundle refuses. Absent (a build without this step): every
// template goes to EJS.
export const COMPILED = join(PACKAGE_ROOT, 'dist', 'generators', '_shared', 'compiled-templates.cjs');
let compiled: typeof Compiled | undefined;
const compiledTemplates = () => (compiled ??= existsSync(COMPILED) ? loadWithCodeCache<typeof Compiled>(COMPILED).exports : {});

/** EJS's options for every template, at build time (scripts/compile-templates.mjs) and at render time. */
export const EJS_OPTIONS = {
  // `<%=` would HTML-escape, which is wrong for every language written here: each
  // value goes through a q.* helper with `<%-` instead. A function expression, not an arrow:
  // a compiled template holds its source after `escapeFn || `.
  escape: function refuseHtmlEscape(): never {
    throw new Error('templates must print values with <%- and a q.* quoting helper, not <%=');
  },
};

type Data = Record<string, unknown>;

/** EJS's own copy of the data for an include: own keys only, without __proto__ and constructor. */
function includeData(data: Data, extra: Data | undefined): Data {
  const copy: Data = Object.create(null);
  for (const from of [data, extra ?? {}]) {
    for (const key of Object.keys(from)) if (key !== '__proto__' && key !== 'constructor') copy[key] = from[key];
  }
  return copy;
}

/** Templates already checked against their compiled text in this process: path -> [text, render]. */
const checked = new Map<string, [string, (typeof Compiled)[string]['render']]>();

function compiledFor(root: string, filename: string, text: string) {
  const seen = checked.get(filename);
  if (seen && seen[0] === text) return seen[1];
  const entry = compiledTemplates()[relative(root, filename).split(sep).join('/')];
  if (!entry || entry.sha256 !== createHash('sha256').update(text).digest('hex')) return undefined;
  checked.set(filename, [text, entry.render]);
  return entry.render;
}

/** Whether `filename` renders with its build-time function (its text is the one compiled). */
export const isCompiled = (root: string, filename: string) => compiledFor(root, filename, readFileSync(filename, 'utf8')) !== undefined;

/** `filename` (under `root`, the templates folder) rendered with `data`, as ejs.render would. */
export function renderTemplate(root: string, filename: string, data: Data): string {
  const text = readFileSync(filename, 'utf8');
  const render = compiledFor(root, filename, text);
  if (!render) return ejs.render(text, data, { ...EJS_OPTIONS, filename });
  const include = (path: string, extra?: Data) => renderTemplate(root, ejs.resolveInclude(path, filename, false), includeData(data, extra));
  return render(data, EJS_OPTIONS.escape, include);
}
