// Renders a sub-generator's file list (files.ts) with a render context. Pure:
// the generators write the result through Yeoman, the fuzz tests check it in memory.
import { join } from 'node:path';
import type { SubGenerator } from './answers.js';
import type { RenderContext } from './context.js';
import { templateQuoting } from './escape.js';
import { FILES, type FileSpec } from './files.js';
import { PACKAGE_ROOT } from './generator-path.js';
import { renderTemplate } from './template-cache.js';

export interface RenderedFile {
  path: string;
  contents: string;
  executable: boolean;
}

export const TEMPLATES_ROOT = join(PACKAGE_ROOT, 'templates');

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

export function renderOne(part: SubGenerator, spec: FileSpec, context: RenderContext): RenderedFile {
  const path = spec.destination ? spec.destination(context) : destinationOf(spec.template!, context);
  let contents: string;
  if (spec.build) {
    contents = spec.build(context);
  } else {
    const filename = join(TEMPLATES_ROOT, part, spec.template!);
    contents = renderTemplate(TEMPLATES_ROOT, filename, { ...context, ...spec.locals?.(context), q: templateQuoting });
  }
  return { path, contents, executable: spec.executable ?? path.endsWith('.sh') };
}

export function renderFiles(part: SubGenerator, context: RenderContext): RenderedFile[] {
  return FILES[part].filter((spec) => spec.when?.(context) ?? true).map((spec) => renderOne(part, spec, context));
}
