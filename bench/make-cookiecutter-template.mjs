#!/usr/bin/env node
// Rebuilds bench/cookiecutter/ from what `modwsgi --defaults --name hello` writes, so the template
// cookiecutter renders in `npm run bench` is the same project: the same files, byte for byte
// (checked by `npm run bench`), with the name, Python version and server name as variables.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'bench', 'cookiecutter');
const work = mkdtempSync(join(tmpdir(), 'modwsgi-bench-template-'));
try {
  execFileSync(process.execPath, [join(root, 'dist', 'bin', 'modwsgi.js'), '--defaults', '--name', 'hello', '--cwd', join(work, 'hello')], {
    stdio: 'ignore',
  });
  rmSync(out, { recursive: true, force: true });
  const project = join(out, '{{cookiecutter.name}}');
  // Jinja would read these as its own syntax: print them literally.
  const jinjaLiteral = (text) => text.replace(/\{([{%#])/g, (_, c) => `{{ '{${c}' }}`);
  const variables = (text) =>
    text.replaceAll('hello', '{{cookiecutter.name}}').replaceAll('3.11', '{{cookiecutter.python_version}}').replaceAll('localhost', '{{cookiecutter.server_name}}');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      const rel = relative(join(work, 'hello'), path);
      if (rel === '.yo-rc.json') continue; // the generator's answers record; cookiecutter keeps its own replay file
      const target = join(project, rel.replaceAll('hello', '{{cookiecutter.name}}'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, variables(jinjaLiteral(readFileSync(path, 'utf8'))));
      chmodSync(target, statSync(path).mode & 0o777);
    }
  };
  walk(join(work, 'hello'));
  const context = { name: 'hello', python_version: '3.11', server_name: 'localhost' };
  writeFileSync(join(out, 'cookiecutter.json'), `${JSON.stringify(context, null, 2)}\n`);
  // cookiecutter keeps files as they are (no newline added or removed).
  writeFileSync(join(out, 'README.md'), 'The default generator-modwsgi project as a cookiecutter template, for `npm run bench`.\nRebuilt by `node bench/make-cookiecutter-template.mjs`.\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
