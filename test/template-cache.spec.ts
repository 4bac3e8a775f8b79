// Templates render with the functions compiled at build time (dist/.../compiled-templates.cjs),
// exactly as EJS renders them from their text; a template edited since the build goes to EJS.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import { ANSWERS, type Answers } from '../generators/_shared/answers.js';
import { resolveContext } from '../generators/_shared/context.js';
import { templateQuoting } from '../generators/_shared/escape.js';
import { FILES } from '../generators/_shared/files.js';
import { TEMPLATES_ROOT, renderFiles } from '../generators/_shared/render.js';
import { COMPILED, EJS_OPTIONS, isCompiled, renderTemplate } from '../generators/_shared/template-cache.js';
import { cleanUpTempDirs } from './support/cleanup.js';
import { PACKAGE_ROOT, tempDir } from './support/cli.js';

const templates = readdirSync(TEMPLATES_ROOT, { recursive: true }).map(String).filter((file) => file.endsWith('.ejs'));

function answers(given: Partial<Answers>): Answers {
  const filled: Partial<Answers> = {};
  for (const spec of ANSWERS) (filled as Record<string, unknown>)[spec.key] = spec.key in given ? given[spec.key] : spec.default(filled, '/tmp/shop');
  return filled as Answers;
}
const CONTEXTS = [
  resolveContext(answers({})),
  resolveContext(answers({ serverName: 'shop.example.org', tls: 'acme', platforms: ['debian', 'rhel', 'opensuse', 'freebsd', 'pkgsrc', 'windows'], appStyle: 'singleton' } as Partial<Answers>)),
];

describe('templates compiled at build time', () => {
  cleanUpTempDirs();

  it('every template under templates/ has its compiled function', () => {
    assert.ok(templates.length > 40, `only ${templates.length} templates found`);
    assert.deepEqual(templates.filter((file) => !isCompiled(TEMPLATES_ROOT, join(TEMPLATES_ROOT, file))), []);
  });

  it('the compiled functions load with the code cache made at build time, and V8 accepts it', () => {
    const compiled = COMPILED;
    // A fresh Node process, as the command runs: the test runner's own flags could change V8's answer.
    const script = `const { loadWithCodeCache } = await import(${JSON.stringify(join(PACKAGE_ROOT, 'dist', 'generators', '_shared', 'code-cache.js'))});
      const { exports, cacheRejected } = loadWithCodeCache(${JSON.stringify(compiled)});
      console.log(JSON.stringify({ cacheRejected, templates: Object.keys(exports).length }));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.ok(existsSync(`${compiled}.cache`), 'compiled-templates.cjs.cache is missing');
    assert.deepEqual(JSON.parse(child.stdout), { cacheRejected: false, templates: templates.length });
  });

  it('each file renders byte for byte as EJS renders its template text (includes too)', () => {
    let compared = 0;
    for (const context of CONTEXTS) {
      for (const [part, specs] of Object.entries(FILES)) {
        for (const spec of specs) {
          if (!spec.template || !(spec.when?.(context) ?? true)) continue;
          const filename = join(TEMPLATES_ROOT, part, spec.template);
          const data = { ...context, ...spec.locals?.(context), q: templateQuoting };
          const byEjs = ejs.render(readFileSync(filename, 'utf8'), data, { ...EJS_OPTIONS, filename });
          assert.equal(renderTemplate(TEMPLATES_ROOT, filename, data), byEjs, `${part}/${spec.template}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 60, `only ${compared} renders compared`);
    assert.ok(renderFiles('apache', CONTEXTS[1]).some((file) => file.path.endsWith('install-opensuse.sh')));
  });

  it('a template edited since the build renders from its new text, through EJS', () => {
    const root = tempDir();
    cpSync(TEMPLATES_ROOT, root, { recursive: true });
    const key = join('wsgi', '_name_.wsgi.ejs');
    const filename = join(root, key);
    assert.ok(isCompiled(root, filename), 'an unchanged copy should use the compiled function');
    writeFileSync(filename, `# edited <%- name %>\n${readFileSync(filename, 'utf8')}`);
    assert.equal(isCompiled(root, filename), false);
    const data = { ...CONTEXTS[0], q: templateQuoting };
    assert.match(renderTemplate(root, filename, data), new RegExp(`^# edited ${CONTEXTS[0].name}\\n`));
  });

  it('a value printed with <%= (HTML escaping, wrong for every file written here) is refused, naming the fix', () => {
    const root = tempDir();
    writeFileSync(join(root, 'x.conf.ejs'), 'ServerName <%= serverName %>\n');
    assert.throws(() => renderTemplate(root, join(root, 'x.conf.ejs'), { serverName: 'shop' }), /templates must print values with <%- and a q\.\* quoting helper, not <%=/);
    writeFileSync(join(root, 'y.conf.ejs'), 'ServerName <%- serverName %>\n');
    assert.equal(renderTemplate(root, join(root, 'y.conf.ejs'), { serverName: 'shop' }), 'ServerName shop\n');
  });
});
