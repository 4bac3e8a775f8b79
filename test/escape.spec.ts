// Each escaper proven by the program that reads its output: /usr/bin/python3
// evaluates pythonString, bash echoes shellQuote, Apache parses apacheQuote
// (Define + -D DUMP_RUN_CFG) and mod_wsgi parses apacheOption, Python's tomllib
// and json read the documents, PCRE (grep -P) and Python's re read regexLiteral.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseToml } from 'smol-toml';
import { fillDefaults } from '../generators/_shared/validate.js';
import { resolveContext } from '../generators/_shared/context.js';
import { pyprojectDocument } from '../generators/_shared/files.js';
import {
  EscapeError, apacheOption, apacheQuote, markdownCode, pythonString, regexLiteral, shellQuote, toJsonDocument, toTomlDocument,
} from '../generators/_shared/escape.js';
import { APACHE_BIN } from './support/apache.js';
import { tempDir } from './support/cli.js';
import { HOSTILE_FRAGMENTS, hostileText } from './support/hostile.js';
import { cleanUpTempDirs } from './support/cleanup.js';

const PYTHON = '/usr/bin/python3';
const SEED = 5;
const sample = (count: number) => [...HOSTILE_FRAGMENTS, ...fc.sample(hostileText(), { numRuns: count, seed: SEED })];
/** What a file can hold: lone surrogates cannot be written as UTF-8 (validation refuses them). */
const encodable = (value: string) => !/[\ud800-\udfff]/u.test(value);

function python(code: string, input: string): string {
  const result = spawnSync(PYTHON, ['-c', code], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('escape: pythonString, read back by /usr/bin/python3', () => {
  cleanUpTempDirs();
  it('every value evaluates to itself, as one line of printable ASCII', function () {
    this.timeout(30_000);
    const values = sample(2000);
    const literals = values.map(pythonString);
    for (const literal of literals) assert.match(literal, /^"[\x20-\x7e]*"$/);
    const source = `values = [\n${literals.join(',\n')}\n]\n`;
    const out = python('import json, sys; ns = {}; exec(compile(sys.stdin.read(), "<literals>", "exec"), ns); print(json.dumps(ns["values"]))', source);
    assert.deepEqual(JSON.parse(out), values);
    console.log(`      pythonString: ${values.length} values round-tripped through ${PYTHON}`);
  });
});

describe('escape: shellQuote, echoed back by bash', () => {
  cleanUpTempDirs();
  it('every value comes back as one word, and no payload runs', function () {
    this.timeout(30_000);
    const values = sample(2000).filter((value) => !value.includes('\u0000') && encodable(value));
    const script = `printf '%s\\0' ${values.map(shellQuote).join(' ')}\n`;
    const result = spawnSync('bash', ['-s'], { input: script, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.stdout.split('\0').slice(0, -1), values);
    console.log(`      shellQuote: ${values.length} values round-tripped through bash`);
  });

  it('refuses NUL, which no command argument can hold', () => {
    assert.throws(() => shellQuote('a\u0000b'), EscapeError);
  });
});

/** Apache's error log writes a backslash as \\ and other bytes as \xNN; this undoes that. */
function fromErrorLog(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === 'x') {
      bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (text[i] === '\\') {
      bytes.push(text.charCodeAt(++i));
    } else {
      bytes.push(...Buffer.from(text[i]));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

describe('@apache escape: apacheQuote and apacheOption, parsed by a real Apache', () => {
  cleanUpTempDirs();
  // Made in before(), not as the file loads: a run that leaves these tests out makes nothing.
  let root = '';
  before(() => {
    root = tempDir('modwsgi-escape-');
  });

  function apacheTest(name: string, body: string[]) {
    const conf = join(root, `${name}.conf`);
    writeFileSync(conf, [
      `ServerRoot ${apacheQuote(root)}`,
      'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so',
      'LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so',
      'LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so',
      'ServerName 127.0.0.1',
      `PidFile ${apacheQuote(join(root, 'pid'))}`,
      `ErrorLog ${apacheQuote(join(root, 'error.log'))}`,
      'Listen 127.0.0.1:18300',
      ...body,
      '',
    ].join('\n'));
    return spawnSync(APACHE_BIN, ['-t', '-f', conf, '-D', 'DUMP_RUN_CFG'], { encoding: 'utf8' });
  }

  it('Define "value" reads back every value exactly (apache2 -t -D DUMP_RUN_CFG)', function () {
    this.timeout(30_000);
    // "" is left out: Define prints an empty value as no value at all.
    const values = sample(1500).filter((value) => value !== '' && encodable(value) && !/[\u0000-\u001f\u007f]/.test(value) && !value.includes('${'));
    const result = apacheTest('define', values.map((value, i) => `Define V${i} ${apacheQuote(value)}`));
    assert.equal(result.status, 0, result.stderr);
    const read = new Map<number, string>();
    // Split on \n only: a JS regex would also end a line at U+2028, which Apache keeps inside the value.
    for (const out of result.stdout.split('\n')) {
      const match = /^Define: V(\d+)=/.exec(out);
      if (match) read.set(Number(match[1]), out.slice(match[0].length));
    }
    assert.deepEqual(values.map((_, i) => read.get(i)), values);
    console.log(`      apacheQuote: ${values.length} values round-tripped through ${APACHE_BIN}`);
  });

  it("a <Directory> path with quotes, '>' and backslashes parses as one section", () => {
    const path = '/srv/a>b "c" \\d\\ %{GLOBAL} $(x) `y`;<z>';
    const result = apacheTest('directory', [`<Directory ${apacheQuote(path)}>`, '    Require all granted', '</Directory>']);
    assert.equal(result.status, 0, result.stderr);
  });

  it("mod_wsgi reads a name=\"value\" option as exactly the value (its 'bad user name' error echoes it)", function () {
    this.timeout(30_000);
    const values = ['a b', 'x"y', 'back\\slash', 'trail\\', 'é日本', '%{GLOBAL}', `$(echo PWNED)`, "it's", 'a=b c=d', '<x>', '; echo', 'processes=9'];
    for (const value of values) {
      const result = apacheTest('option', [`WSGIDaemonProcess fuzz ${apacheOption('user', value)} threads=1`]);
      assert.notEqual(result.status, 0);
      assert.equal(fromErrorLog(/bad user name (.*)$/m.exec(result.stderr)?.[1] ?? ''), value, result.stderr);
    }
  });

  it('refuses what Apache cannot hold: control characters, and ${ that it would expand', () => {
    for (const value of ['a\nb', 'a\rb', 'a\u0000b', 'a\u007fb', '${HOME}']) assert.throws(() => apacheQuote(value), EscapeError, JSON.stringify(value));
  });
});

describe('escape: TOML and JSON documents, read by smol-toml and Python', () => {
  cleanUpTempDirs();
  it('pyproject.toml keeps any name and package as data (smol-toml and tomllib agree)', function () {
    this.timeout(30_000);
    const context = resolveContext(fillDefaults({ name: 'hello' }, '/tmp/x'));
    const values = sample(500).filter(encodable);
    const documents = values.map((value, i) => pyprojectDocument({ ...context, name: value, package: `${value}${i}` }));
    const texts = documents.map(toTomlDocument);
    const viaPython = JSON.parse(python('import json, sys, tomllib; print(json.dumps([tomllib.loads(t) for t in json.load(sys.stdin)]))', JSON.stringify(texts)));
    texts.forEach((text, i) => {
      assert.deepEqual(JSON.parse(JSON.stringify(parseToml(text))), documents[i]);
      assert.deepEqual(viaPython[i], documents[i]);
    });
    console.log(`      toTomlDocument: ${texts.length} documents read back by smol-toml and tomllib`);
  });

  it('JSON documents read back by Python json', () => {
    const documents = sample(300).filter(encodable).map((value) => ({ 'generator-modwsgi': { deployPath: value, [value]: [value] } }));
    const viaPython = JSON.parse(python('import json, sys; print(json.dumps([json.loads(t) for t in json.load(sys.stdin)]))', JSON.stringify(documents.map(toJsonDocument))));
    assert.deepEqual(viaPython, documents);
  });
});

describe('escape: regexLiteral, read by PCRE and Python re', () => {
  cleanUpTempDirs();
  const values = sample(400).filter((value) => encodable(value) && !/[\u0000\n\r]/.test(value));

  it('matches exactly the value, and not a changed one (Python re)', () => {
    const pairs = values.map((value) => [regexLiteral(value), value]);
    const out = python(
      'import json, re, sys\nprint(json.dumps([[bool(re.fullmatch(p, v)), bool(re.fullmatch(p, v + "x")), bool(re.fullmatch(p, "x" + v))] for p, v in json.load(sys.stdin)]))',
      JSON.stringify(pairs),
    );
    assert.deepEqual(JSON.parse(out), values.map(() => [true, false, false]));
  });

  it('matches exactly the value with grep -P (the PCRE semanage uses), also with (/.*)? appended', () => {
    const dir = tempDir('modwsgi-regex-');
    mkdirSync(dir, { recursive: true });
    const some = values.slice(0, 150);
    const lines = some.map((value) => `printf '%s\\n' ${shellQuote(value)} | grep -qxP -- ${shellQuote(`${regexLiteral(value)}(/.*)?`)} && echo 1 || echo 0`);
    const result = spawnSync('bash', ['-s'], { input: lines.join('\n'), encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    assert.deepEqual(result.stdout.trim().split('\n'), some.map(() => '1'), result.stderr);
    assert.doesNotMatch('/srv/aXb', new RegExp(`^${regexLiteral('/srv/a.b')}$`));
  });
});

describe('escape: markdownCode', () => {
  cleanUpTempDirs();
  const cases: Array<[string, string]> = [
    ['/srv/app', '`/srv/app`'],
    ['/srv/a`b', '``/srv/a`b``'],
    ['/srv/a``b`', '``` /srv/a``b` ```'],
    ['`x', '`` `x ``'],
    [' x ', '`  x  `'],
    ['touch \'/srv/my app/x.wsgi\'', "`touch '/srv/my app/x.wsgi'`"],
  ];
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value)} -> ${expected}`, () => assert.equal(markdownCode(value), expected));
  }
  it('the fence is longer than every backtick run inside', () => {
    fc.assert(
      fc.property(hostileText(), (value) => {
        fc.pre(value !== '' && !/[\u0000-\u001f\u007f]/.test(value));
        const fence = /^`+/.exec(markdownCode(value))![0];
        return !value.includes(fence) && markdownCode(value).endsWith(fence);
      }),
      { numRuns: 1000, seed: SEED },
    );
  });
});
