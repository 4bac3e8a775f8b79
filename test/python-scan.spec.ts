// The Python source scanner and the project metadata readers, on the shapes
// real repositories have. Every source the fix rewrites is compiled by the real
// Python, so a rewrite that breaks the code fails here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flaskFacts, guardRunCall } from '../generators/_shared/repository/python-scan.js';
import { readProjectMetadata } from '../generators/_shared/repository/project-metadata.js';
import { findRepositoryRoot } from '../generators/_shared/repository/detect.js';
import { tempDir } from './support/cli.js';
import { cleanUpTempDirs } from './support/cleanup.js';

const runLines = (source: string) => flaskFacts(source).runCalls.map((line) => line.start);

function compiles(source: string): void {
  const result = spawnSync('/usr/bin/python3', ['-c', 'import sys; compile(sys.stdin.read(), "fixed.py", "exec")'], { input: source, encoding: 'utf8' });
  assert.equal(result.status, 0, `${result.stderr}\n${source}`);
}

describe('python-scan: Flask apps and unguarded app.run()', () => {
  cleanUpTempDirs();
  it('finds create_app, module-level Flask() objects and imported apps, not ones inside functions', () => {
    const facts = flaskFacts(
      [
        'import flask',
        'from .factory import create_app as create_app',
        'from .views import app',
        'web: flask.Flask = flask.Flask(__name__)',
        'def make():',
        '    inner = Flask(__name__)',
        'application = create_app()',
      ].join('\n'),
    );
    assert.deepEqual(facts.factory, { name: 'create_app', line: 2, from: '.factory', required: [] });
    assert.deepEqual(
      facts.apps.map((app) => [app.name, app.line, app.how]),
      [['app', 3, 'import'], ['web', 4, 'Flask'], ['application', 7, 'create_app']],
    );
  });

  it('flags run calls that execute on import, and only those', () => {
    const source = [
      'from flask import Flask', //                         1
      'app = Flask(__name__)', //                           2
      '# app.run()', //                                     3
      'text = """', //                                      4
      'app.run()', //                                       5  inside a string
      '"""', //                                             6
      "note = 'app.run() # not code'", //                   7
      'def main():', //                                     8
      '    app.run()', //                                   9  in a function
      'if __name__ == "__main__":', //                      10
      '    app.run(debug=True)', //                         11 guarded
      "if '__main__' == __name__: app.run()", //            12 guarded, one line
      'if DEBUG:', //                                       13
      '    app.run(port=5001)', //                          14 runs on import
      'try:', //                                            15
      '    app.run(', //                                    16 runs on import, continued
      '        host="0.0.0.0")', //                         17
      'except OSError:', //                                 18
      '    pass', //                                        19
      'if DEBUG: app.run()', //                             20 runs on import, one line
      'create_app().run()', //                              21
      'other.run()', //                                     22 not an app
      'app.run()  # at the end', //                         23
    ].join('\n');
    assert.deepEqual(runLines(source), [14, 16, 20, 21, 23]);
  });

  it('handles CRLF, tabs, backslash continuations and escaped quotes', () => {
    const source = 'app = Flask(__name__)\r\nx = "a \\" app.run()"\r\nif True:\r\n\tapp \\\r\n\t  .run()\r\n';
    assert.deepEqual(runLines(source), [4]);
    const fixed = guardRunCall(source, flaskFacts(source).runCalls[0])!;
    assert.equal(fixed, 'app = Flask(__name__)\r\nx = "a \\" app.run()"\r\nif True:\r\n\tif __name__ == "__main__":\r\n\t\tapp \\\r\n\t\t  .run()\r\n');
    compiles(fixed);
  });

  it('moves every unguarded call under the guard at its own indentation; the result compiles', () => {
    const source = ['from flask import Flask', 'app = Flask(__name__)', 'if DEBUG:', '    app.run(', '        port=5001,', '    )', 'app.run()', ''].join('\n');
    let fixed = source;
    for (const call of [...flaskFacts(source).runCalls].reverse()) fixed = guardRunCall(fixed, call)!;
    assert.equal(
      fixed,
      ['from flask import Flask', 'app = Flask(__name__)', 'if DEBUG:', '    if __name__ == "__main__":', '        app.run(', '            port=5001,', '        )', 'if __name__ == "__main__":', '    app.run()', ''].join('\n'),
    );
    compiles(fixed);
    assert.deepEqual(runLines(fixed), []);
  });

  it('refuses to re-indent a call holding a multi-line string, or one sharing its line with a header', () => {
    const multi = 'app.run(extra_files=["""a\nb"""])\n';
    assert.equal(guardRunCall(multi, flaskFacts(multi).runCalls[0]), undefined);
    const oneLine = 'if DEBUG: app.run()\n';
    assert.equal(guardRunCall(oneLine, flaskFacts(oneLine).runCalls[0]), undefined);
  });
});

describe('project metadata and the repository root', () => {
  cleanUpTempDirs();
  const project = (files: Record<string, string>) => {
    const root = tempDir('modwsgi-meta-');
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
    return root;
  };

  it('reads pyproject.toml (PEP 621, setuptools, Poetry), setup.cfg and setup.py', () => {
    assert.deepEqual(readProjectMetadata(project({ 'pyproject.toml': '[project]\nname = "My-App"\n[tool.setuptools]\npackages = ["my_app", "my_app.views"]\npy-modules = ["cli"]\n' })), {
      name: 'My-App', importName: 'my_app', packages: ['my_app'], modules: ['cli'], source: 'pyproject.toml',
    });
    assert.deepEqual(readProjectMetadata(project({ 'pyproject.toml': '[tool.poetry]\nname = "poems"\npackages = [{ include = "poems", from = "src" }]\n' })).packages, ['poems']);
    assert.deepEqual(readProjectMetadata(project({ 'pyproject.toml': '[build-system]\nrequires = []\n', 'setup.cfg': '[metadata]\nname = shop\n[options]\npackages =\n    shop\n    shop.api\npy_modules = tool\n' })), {
      name: 'shop', importName: 'shop', packages: ['shop'], modules: ['tool'], source: 'setup.cfg',
    });
    assert.deepEqual(readProjectMetadata(project({ 'setup.py': 'setup(\n    name="hello",\n    py_modules=["hello"],\n)\n' })), {
      name: 'hello', importName: 'hello', packages: [], modules: ['hello'], source: 'setup.py',
    });
    assert.deepEqual(readProjectMetadata(project({ 'pyproject.toml': 'not = [toml' })), { packages: [], modules: [] });
  });

  it('finds the root from a subfolder: the nearest folder with our .yo-rc.json, project metadata or .git', () => {
    const root = project({ 'setup.py': 'setup(name="x")\n' });
    mkdirSync(join(root, 'pkg', 'sub'), { recursive: true });
    assert.deepEqual(findRepositoryRoot(join(root, 'pkg', 'sub')), { root, reason: 'setup.py' });
    writeFileSync(join(root, 'pkg', 'pyproject.toml'), '');
    assert.equal(findRepositoryRoot(join(root, 'pkg', 'sub')).root, join(root, 'pkg'));
    writeFileSync(join(root, '.yo-rc.json'), '{"generator-modwsgi": {}}');
    // The nearest marker of any kind wins: an ancestor's .yo-rc.json never beats the project's own pyproject.toml.
    assert.deepEqual(findRepositoryRoot(join(root, 'pkg', 'sub')), { root: join(root, 'pkg'), reason: 'pyproject.toml' });
    writeFileSync(join(root, 'pkg', '.yo-rc.json'), '{"generator-modwsgi": {}}');
    assert.deepEqual(findRepositoryRoot(join(root, 'pkg', 'sub')), { root: join(root, 'pkg'), reason: '.yo-rc.json' });
  });
});
