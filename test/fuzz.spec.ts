// Property-based fuzzing of validation and rendering, in process: thousands of
// answers objects, valid and hostile. Each one is either refused with an
// AnswersError whose every line names a field, or rendered by all four
// sub-generators into output whose shape (Apache directives, shell commands,
// Python statements, Markdown lines) equals the output for a benign value, with
// each value exactly where it belongs. Samples go to apache2 -t, bash, shellcheck
// and /usr/bin/python3.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Ajv } from 'ajv';
import { parse as parseToml } from 'smol-toml';
import { ANSWER_KEYS, PLATFORMS, SUB_GENERATORS, type Answers } from '../generators/_shared/answers.js';
import { resolveContext, type RenderContext } from '../generators/_shared/context.js';
import { renderFiles, type RenderedFile } from '../generators/_shared/render.js';
import { AnswersError, answersSchema, checkSource, fillDefaults } from '../generators/_shared/validate.js';
import { parse as parseYaml } from 'yaml';
import { PrivateApache } from './support/apache.js';
import { tempDir } from './support/cli.js';
import { MARKER, hostilePath, hostileText, wrongType } from './support/hostile.js';
import { apacheDirectives, apacheShape, bashShapes, pythonShapes } from './support/shapes.js';
import { cleanUpTempDirs } from './support/cleanup.js';
import { UNPRINTABLE, showText } from '../generators/_shared/show.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20240605);
// Inside the run's temporary folder (TMPDIR), so parallel runs never share it.
const LOG_ROOT = join(tmpdir(), 'modwsgi-fuzz-logs');
// Apache refuses a WSGIDaemonProcess user that does not exist; these do on Debian.
const ACCOUNTS = ['www-data', 'nobody', 'daemon'];
const GROUPS = ['www-data', 'nogroup', 'daemon'];

// Mostly printable paths (many pass validation and reach the templates), some with anything in them.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/gu;
const somePath = (root: string) => fc.oneof({ weight: 3, arbitrary: hostilePath(root).map((path) => path.replace(CONTROLS, '')) }, { weight: 1, arbitrary: hostilePath(root) });

const valid = {
  name: fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,20}[A-Za-z0-9])?$/),
  package: fc.oneof({ weight: 6, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/) }, { weight: 1, arbitrary: fc.constantFrom('hello', 'site', 'flask', 'class') }),
  appStyle: fc.constantFrom('factory', 'singleton'),
  // Hostile source folders are nearly always refused: weighted so that most cases reach the templates.
  sourceDir: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('', 'src', 'lib/python') }, { weight: 1, arbitrary: hostileText(3) }),
  flaskApp: fc.constantFrom('app:app', 'autoapp:app', "blog:create_app('production')", 'pkg.server:application'),
  serverName: fc.oneof(fc.constant('localhost'), fc.domain()),
  serverAliases: fc.uniqueArray(fc.domain(), { maxLength: 3 }),
  port: fc.integer({ min: 1, max: 65535 }),
  deployPath: fc.oneof(somePath('/srv'), somePath('')),
  venvPath: fc.oneof(somePath('/opt'), somePath('')),
  venvActivation: fc.constantFrom('activate_this', 'python-home'),
  daemon: fc.boolean(),
  user: fc.constantFrom(...ACCOUNTS),
  group: fc.constantFrom(...GROUPS),
  processes: fc.integer({ min: 1, max: 64 }),
  threads: fc.integer({ min: 1, max: 256 }),
  apacheVersion: fc.constantFrom('2.4', '2.2'),
  platforms: fc.subarray([...PLATFORMS], { minLength: 1 }),
  pythonVersion: fc.constantFrom('3.9', '3.11', '3.12'),
  scriptReloading: fc.boolean(),
  staticUrl: fc.oneof({ weight: 4, arbitrary: fc.oneof(fc.constantFrom('', '/static'), fc.stringMatching(/^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,8}){1,3}$/)) }, { weight: 1, arbitrary: hostileText(3) }),
  healthUrl: fc.oneof({ weight: 4, arbitrary: fc.oneof(fc.constantFrom('/', '/health'), fc.stringMatching(/^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,8}){1,3}\/?$/)) }, { weight: 1, arbitrary: hostileText(3) }),
  logDir: fc.oneof(fc.constant(''), somePath(LOG_ROOT)),
  // acme and certbot need a public serverName (most samples have localhost): weighted so most cases render.
  tls: fc.constantFrom('off', 'off', 'off', 'off', 'files', 'files', 'acme', 'certbot'),
  httpsPort: fc.integer({ min: 1, max: 65535 }),
  acmeEmail: fc.constantFrom('admin@example.org', 'ops+tls@sub.example.net'),
  acmeCaUrl: fc.constantFrom('https://acme-v02.api.letsencrypt.org/directory', 'https://localhost:14000/dir'),
  acmeTermsAgreed: fc.constantFrom(true, true, true, true, true, false),
  // Plain: these paths go through the same q.apache as deployPath; hostile ones would refuse most cases.
  certFile: fc.constantFrom('/etc/ssl/shop/fullchain.pem', '/srv/tls/a b/cert.pem'),
  keyFile: fc.constantFrom('/etc/ssl/shop/privkey.pem', "/srv/tls/a'b/key.pem"),
  chainFile: fc.constantFrom('', '/etc/ssl/shop/chain.pem'),
  hstsMaxAge: fc.integer({ min: 0, max: 63072000 }),
  limitRequestBody: fc.integer({ min: 0, max: 2147483647 }),
  ...Object.fromEntries(['requestTimeout', 'queueTimeout', 'socketTimeout', 'connectTimeout', 'startupTimeout', 'gracefulTimeout', 'shutdownTimeout',
    'deadlockTimeout', 'inactivityTimeout'].map((key) => [key, fc.integer({ min: 0, max: 86400 })])) as Record<'requestTimeout', fc.Arbitrary<number>>,
  maximumRequests: fc.integer({ min: 0, max: 10_000_000 }),
  headerBufferSize: fc.integer({ min: 8192, max: 1048576 }),
  locale: fc.constantFrom('C.UTF-8', 'en_US.UTF-8'),
  windowsDeployPath: fc.oneof(fc.constant('C:/www/app'), hostileText(4).map((text) => `D:\\sites\\${text.replace(CONTROLS, '')}`), hostileText(4).map((text) => `D:\\sites\\${text}`)),
  npmWorkspace: fc.boolean(),
  keepReleases: fc.integer({ min: 2, max: 100 }),
  serial: fc.integer({ min: 1, max: 10000 }),
  maxFailPercentage: fc.integer({ min: 0, max: 100 }),
};
type Key = keyof typeof valid;
// Bad values stay a few per object as answers are added: the weight of valid ones grows with the answer count.
const anyValue = (key: Key) => fc.oneof({ weight: Math.round((20 * ANSWER_KEYS.length) / 12), arbitrary: valid[key] as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: hostileText() }, { weight: 1, arbitrary: wrongType });
const validish = fc.record(valid, { requiredKeys: [] });
const mostlyValid = fc.record(Object.fromEntries(ANSWER_KEYS.map((key) => [key, anyValue(key as Key)])), { requiredKeys: [] });
const anything = fc.tuple(mostlyValid, fc.dictionary(hostileText(2), wrongType, { maxKeys: 2 })).map(([a, b]) => ({ ...b, ...a }));
// validish weighs more than at first: each added answer is one more value that may be refused.
const answersObject = fc.oneof(
  { weight: 8, arbitrary: validish }, { weight: 3, arbitrary: mostlyValid }, { weight: 1, arbitrary: anything }, { weight: 1, arbitrary: wrongType },
);

type Rendered = { context: RenderContext; files: RenderedFile[] };

/** Validation, defaults, cross-field rules and rendering, as a generator run does them. */
function generate(raw: unknown): Rendered {
  const checked = checkSource(raw, 'fuzz', false);
  if (checked.problems.length > 0) throw new AnswersError(checked.problems);
  const context = resolveContext(fillDefaults(checked.values, '/tmp/fuzz-project'));
  return { context, files: SUB_GENERATORS.flatMap((part) => renderFiles(part, context)) };
}

// A benign stand-in of each free-text value: letters instead of every character but the separators.
const letters = (value: string, keep: RegExp) => [...value].map((c) => (keep.test(c) ? c : String.fromCharCode(97 + (c.codePointAt(0)! % 26)))).join('');
function benign(answers: Answers): Answers {
  return {
    ...answers,
    deployPath: letters(answers.deployPath, /\//), venvPath: letters(answers.venvPath, /\//),
    logDir: answers.logDir && `${LOG_ROOT}/${letters(answers.logDir.slice(LOG_ROOT.length + 1), /\//)}`,
    staticUrl: letters(answers.staticUrl, /\//), windowsDeployPath: `D:${letters(answers.windowsDeployPath.slice(2), /[\\/]/)}`,
  };
}

const byPath = (files: RenderedFile[]) => new Map(files.map((file) => [file.path, file.contents]));
const args = (text: string, name: string) => apacheDirectives(text).filter((d) => d.name === name).map((d) => d.args);

/** In-process checks of one rendered case against its benign twin. */
function checkShapes(hostile: Rendered, twin: Rendered): void {
  const mine = byPath(hostile.files);
  const theirs = byPath(twin.files);
  assert.deepEqual([...mine.keys()], [...theirs.keys()], 'the same files are written');
  const c = hostile.context;
  for (const [path, contents] of mine) {
    assert.equal(contents.split('\n').length, theirs.get(path)!.split('\n').length, `${path}: a value added or removed a line`);
    if (path.endsWith('.conf')) assert.equal(apacheShape(contents), apacheShape(theirs.get(path)!), `${path}: directives differ`);
  }
  const vhost = mine.get(c.vhostFile)!;
  // With TLS the HTTPS host (and certbot's HTTP fallback) carry the same app: every copy must be exact.
  const every = (name: string, expected: string[], skip = (_a: string[]) => false) => {
    const found = args(vhost, name).filter((a) => !skip(a));
    assert.ok(found.length >= 1, `no ${name}`);
    for (const a of found) assert.deepEqual(a, expected);
  };
  every('WSGIScriptAlias', ['/', c.wsgiPath]);
  assert.deepEqual(args(vhost, '<Directory').find((a) => !a[0].endsWith('/.well-known/acme-challenge')), [c.deployPath]);
  if (c.daemonMode) {
    const options = args(vhost, 'WSGIDaemonProcess')[0];
    assert.ok(options.includes(`home=${c.deployPath}`) && options.includes(`user=${c.user}`), options.join(' | '));
    if (c.venvActivation === 'python-home') assert.ok(options.includes(`python-home=${c.venvPath}`));
  }
  if (c.staticUrl) every('Alias', [c.staticUrl, c.staticDir], (a) => a[0] === '/.well-known/acme-challenge/');
  if (c.logDir) every('ErrorLog', [`${c.logDir}/${c.name}-error.log`]);
  if (c.windows) assert.deepEqual(args(mine.get(c.windowsVhostFile)!, 'WSGIScriptAlias'), [['/', c.windows.wsgiPath]]);
  assert.equal((parseToml(mine.get('pyproject.toml')!) as { project: { name: string } }).project.name, c.name);
  const groupVars = parseYaml(mine.get('deploy/ansible/group_vars/all.yml')!) as Record<string, unknown>;
  assert.deepEqual([groupVars.modwsgi_deploy_path, groupVars.modwsgi_user, groupVars.modwsgi_server_name], [c.deployPath, c.user, c.serverName]);
  assert.equal((parseYaml(mine.get('deploy/ansible/site.yml')!) as Array<{ serial?: number }>)[1].serial, c.serial);
}

describe('fuzz: hostile answers never change the meaning of generated output', function () {
  cleanUpTempDirs();
  this.timeout(600_000);
  const counts = { runs: 0, refused: 0, rendered: 0, hostileRendered: 0, compared: 0 };
  const sample: Array<{ hostile: Rendered; twin: Rendered }> = [];
  const schema = new Ajv({ strict: false }).compile(answersSchema());

  before(() => mkdirSync(LOG_ROOT, { recursive: true }));
  after(() => rmSync(LOG_ROOT, { recursive: true, force: true }));

  // One property run: checks one answers object, keeps a sample of rendered pairs for the tests below.
  const fuzzOne = (raw: unknown) => {
    counts.runs++;
    let hostile: Rendered;
    try {
      hostile = generate(raw);
    } catch (error) {
      if (!(error instanceof AnswersError)) throw error;
      counts.refused++;
      // Unknown keys are named as shown to a terminal: unprintable characters escaped, long ones cut.
      const keys = [...ANSWER_KEYS, 'fuzz', ...(raw && typeof raw === 'object' ? Object.keys(raw).map((key) => showText(key, 40)) : [])];
      for (const line of error.problems) {
        assert.ok(keys.some((key) => line.startsWith(`${key}: `)), `names no field: ${line}`);
        assert.ok(!new RegExp(UNPRINTABLE.source, 'u').test(line), `a message carries an unprintable character: ${JSON.stringify(line)}`);
      }
      return;
    }
    counts.rendered++;
    // null is "no answers" (an absent .yo-rc.json); every mapping the generator accepts, the schema accepts too.
    if (raw !== null) assert.ok(schema(raw), `the exported JSON Schema refuses answers the generator accepts: ${JSON.stringify(schema.errors)}`);
    const answers = hostile.context as unknown as Answers;
    if (!/^[a-z/\\:]*$/i.test(answers.deployPath + answers.venvPath + answers.logDir + answers.windowsDeployPath)) counts.hostileRendered++;
    let twin: Rendered;
    try {
      twin = generate(benign({ ...(raw as Answers), ...pickAnswers(answers) }));
    } catch (error) {
      if (error instanceof AnswersError) return; // the letters made two paths collide; rare
      throw error;
    }
    checkShapes(hostile, twin);
    counts.compared++;
    if (sample.length < 300) sample.push({ hostile, twin });
  };
  const fuzzAll = () => fc.assert(fc.property(answersObject, fuzzOne), { numRuns: RUNS, seed: SEED });

  it(`validates and renders ${RUNS} answers objects in process: an AnswersError naming fields, or well-shaped output`, () => {
    fuzzAll();
    console.log(`      ${counts.runs} answers objects: ${counts.refused} refused, ${counts.rendered} rendered (${counts.hostileRendered} with unusual path characters), ${counts.compared} compared with a benign twin`);
    assert.ok(counts.refused > RUNS / 10 && counts.compared > RUNS / 10, 'the generators must produce both refused and rendered cases');
  });

  it('bash reads every sampled script (and the README command) as the same commands as its benign twin', () => {
    const scripts = sample.flatMap(({ hostile, twin }) => [
      ...hostile.files.filter((f) => f.path.endsWith('.sh')).flatMap((f) => [f.contents, byPath(twin.files).get(f.path)!]),
      ...(hostile.context.scriptReloading ? [readmeCommand(hostile), readmeCommand(twin)] : []),
    ]);
    const shapes = bashShapes(scripts);
    for (let i = 0; i < shapes.length; i += 2) assert.equal(shapes[i], shapes[i + 1], 'a value changed the commands of a script');
    assert.ok(scripts.every((script) => !script.includes(`\n${MARKER}`)));
    console.log(`      bash: ${scripts.length} scripts compared`);
  });

  it('/usr/bin/python3 compiles every sampled Python file to the statements of its benign twin, with the values as strings', () => {
    const pairs = sample.flatMap(({ hostile, twin }) =>
      hostile.files.filter((f) => /\.(py|wsgi)$/.test(f.path)).map((f) => ({ path: f.path, context: hostile.context, sources: [f.contents, byPath(twin.files).get(f.path)!] })));
    const shapes = pythonShapes(pairs.flatMap((pair) => pair.sources));
    pairs.forEach((pair, i) => {
      const [mine, theirs] = [shapes[2 * i], shapes[2 * i + 1]];
      assert.ok('shape' in mine && 'shape' in theirs, `${pair.path}: ${JSON.stringify(mine)}`);
      assert.equal(mine.shape, theirs.shape, `${pair.path}: a value changed the statements`);
      if (pair.path.endsWith('.wsgi')) {
        // The venv path is in the .wsgi only where the .wsgi activates it (python-home: the vhost does).
        const { windows } = pair.context;
        const venvInWsgi = pair.context.venvActivation === 'activate_this' || windows !== undefined;
        // On POSIX the .wsgi finds its release from its own path (releases/<id> or current), so deployPath is no value of it.
        assert.ok(!mine.strings.includes(pair.context.deployPath), `${pair.path}: deployPath is a value of the .wsgi`);
        if (windows) {
          assert.ok(mine.strings.includes(windows.deployPath), `${pair.path}: the Windows deployPath is not a string of its own`);
          assert.ok(mine.strings.includes(windows.venvPath), `${pair.path}: the Windows venvPath is not a string of its own`);
        }
        assert.equal(mine.strings.includes(pair.context.venvPath), venvInWsgi, `${pair.path}: venvPath where it should ${venvInWsgi ? '' : 'not '}be`);
      }
    });
    console.log(`      python3: ${shapes.length} files compiled`);
  });

  it('@apache apache2 -t accepts the vhosts of a sample, and shellcheck finds nothing in their scripts', async function () {
    // Run on its own (npm run test:apache leaves the tests above out): the same seed gives the same sample.
    if (sample.length === 0) fuzzAll();
    // Only log folders under LOG_ROOT are created for apache2 -t (it checks that the folder exists).
    const picked = sample.filter(({ hostile: { context: c } }, i) => i % 3 === 0 && ACCOUNTS.includes(c.user) && GROUPS.includes(c.group) && c.tls !== 'files' && (!c.logDir || c.logDir.startsWith(`${LOG_ROOT}/`))).slice(0, 40);
    const dir = tempDir('modwsgi-fuzz-');
    let scripts: string[] = [];
    picked.forEach(({ hostile }, i) => {
      const c = hostile.context;
      if (c.logDir) mkdirSync(c.logDir, { recursive: true });
      for (const path of [c.vhostFile, ...(c.windows ? [c.windowsVhostFile] : [])]) {
        const root = join(dir, `${i}-${path.endsWith('windows.conf') ? 'w' : 'p'}`);
        mkdirSync(root, { recursive: true });
        const vhost = join(root, 'site.conf');
        writeFileSync(vhost, byPath(hostile.files).get(path)!);
        new PrivateApache({ root, includes: [vhost], accessCompat: c.apacheVersion === '2.2' }).configTest();
      }
      scripts = scripts.concat(hostile.files.filter((f) => f.path.endsWith('.sh')).map((f) => {
        const file = join(dir, `${i}-${f.path.replace(/\//g, '_')}`);
        writeFileSync(file, f.contents);
        return file;
      }));
    });
    assert.ok(picked.length >= 20 && scripts.length >= 20, `too few cases for apache2 -t and shellcheck: ${picked.length}`);
    // Two shellchecks at once, one per half: it uses one core and takes most of this test's time.
    const half = Math.ceil(scripts.length / 2);
    for (const check of await Promise.all([scripts.slice(0, half), scripts.slice(half)].map((files) => run('shellcheck', ['-S', 'warning', ...files])))) {
      assert.equal(check.status, 0, check.stdout);
    }
    console.log(`      apache2 -t: ${picked.length} cases; shellcheck: ${scripts.length} scripts`);
  });
});

/** A command run without blocking this process: its exit status and output. */
function run(command: string, args: string[]): Promise<{ status: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: `${stdout}${stderr}` || String(error) });
    });
  });
}

/** The `touch ...` command a README shows, read out of its Markdown code span. */
function readmeCommand({ files }: Rendered): string {
  const line = byPath(files).get('README.md')!.split('\n').find((l) => l.includes('**Restarting the app by hand**'))!;
  const span = /\*\*: (`+)(.*?)\1 restarts/.exec(line)!;
  const code = span[2];
  return /^ .* $/.test(code) && code.trim() !== '' ? code.slice(1, -1) : code;
}

/** The answer keys of a context, for building its benign twin. */
const pickAnswers = (c: Answers): Answers => Object.fromEntries(ANSWER_KEYS.map((key) => [key, c[key]])) as unknown as Answers;
