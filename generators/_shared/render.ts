// Renders a sub-generator's file list (files.ts) with a render context. Pure:
// the generators write the result through Yeoman, the fuzz tests check it in memory.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import type { SubGenerator } from './answers.js';
import type { RenderContext } from './context.js';
import { templateQuoting } from './escape.js';
import { FILES, type FileSpec } from './files.js';

export interface RenderedFile {
  path: string;
  contents: string;
  executable: boolean;
}

function findTemplatesRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'templates', 'app'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('templates/ folder not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return join(dir, 'templates');
}
export const TEMPLATES_ROOT = findTemplatesRoot();

/** templates/<part>/_package_/__init__.py.ejs -> mypkg/__init__.py; _gitignore -> .gitignore */
export function destinationOf(template: string, context: RenderContext): string {
  return template
    .replace(/\.ejs$/, '')
    .split('/')
    .map((segment) =>
      /^_[a-z]+$/.test(segment) ? `.${segment.slice(1)}` : segment.replace(/_package_/g, context.package).replace(/_name_/g, context.name),
    )
    .join('/');
}

// `<%=` would HTML-escape, which is wrong for every language written here: each
// value goes through a q.* helper with `<%-` instead.
const refuseHtmlEscape = () => {
  throw new Error('templates must print values with <%- and a q.* quoting helper, not <%=');
};

export function renderOne(part: SubGenerator, spec: FileSpec, context: RenderContext): RenderedFile {
  const path = spec.template ? destinationOf(spec.template, context) : spec.destination!(context);
  let contents: string;
  if (spec.build) {
    contents = spec.build(context);
  } else {
    const filename = join(TEMPLATES_ROOT, part, spec.template!);
    contents = ejs.render(readFileSync(filename, 'utf8'), { ...context, q: templateQuoting }, { filename, escape: refuseHtmlEscape });
  }
  return { path, contents, executable: spec.executable ?? path.endsWith('.sh') };
}

export function renderFiles(part: SubGenerator, context: RenderContext): RenderedFile[] {
  return FILES[part].filter((spec) => spec.when?.(context) ?? true).map((spec) => renderOne(part, spec, context));
}
