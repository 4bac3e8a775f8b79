// Every validation rule, with the exact message a user sees: one answer per
// rule, wrong types, unknown keys with a suggestion, all problems at once, and
// the cross-field rules (naming both fields and the fix).
import assert from 'node:assert/strict';
import { answerSpec, type AnswerKey, type Answers } from '../generators/_shared/answers.js';
import { resolveContext } from '../generators/_shared/context.js';
import { renderFiles } from '../generators/_shared/render.js';
import { AnswersError, checkSource, fillDefaults, showValue } from '../generators/_shared/validate.js';

const problems = (raw: unknown, coerce = false) => checkSource(raw, 'test', coerce).problems;
const line = (key: AnswerKey, value: unknown, reason: string) =>
  `${key}: ${showValue(value)} ${reason} (from test); allowed: ${answerSpec(key).allowed}`;

/** One row per rule: the value, and the reason the message must give (undefined: accepted). */
const RULES: Array<[AnswerKey, unknown, string | undefined]> = [
  ['name', 'hello', undefined],
  ['name', 'my.app-2', undefined],
  ['name', '-app', 'is not of the allowed form'],
  ['name', 'app-', 'is not of the allowed form'],
  ['name', 'a'.repeat(65), 'is not of the allowed form'],
  ['name', 42, 'is an integer, not text (in YAML, put it in quotes)'],
  ['package', 'hello_app', undefined],
  ['package', 'site', "would shadow the standard library module 'site'"],
  ['package', 'test', "would shadow the standard library module 'test'"],
  ['package', '_ssl', "would shadow the standard library module '_ssl'"],
  ['package', 'flask', "would shadow the installed module 'flask'"],
  ['package', 'pip', "would shadow the installed module 'pip'"],
  ['package', 'class', 'is a Python keyword'],
  ['package', 'match', 'is a Python keyword'],
  ['package', '__main__', 'starts with "__", which Python reserves for its own names'],
  ['package', 'tests', "is taken by a generated file or folder ('tests')"],
  ['package', '1app', 'is not a Python identifier of a-z, A-Z, 0-9 and _ (at most 64, not starting with a digit)'],
  ['package', 'my-app', 'is not a Python identifier of a-z, A-Z, 0-9 and _ (at most 64, not starting with a digit)'],
  ['appStyle', 'Factory', 'is not one of the choices'],
  ['serverName', 'localhost', undefined],
  ['serverName', 'www.example.org', undefined],
  ['serverName', 'exa_mple.org', 'is not a DNS host name'],
  ['serverName', '-a.example.org', 'is not a DNS host name'],
  ['serverName', 'a..b', 'is not a DNS host name'],
  ['serverName', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`, 'is not a DNS host name'],
  ['serverName', 'a\nServerAlias evil', 'contains the control character U+000A'],
  ['serverName', '', 'is not a DNS host name'],
  ['serverAliases', ['www.example.org'], undefined],
  ['serverAliases', ['www.example.org', 'bad host'], 'has "bad host", which is not a DNS host name'],
  ['serverAliases', ['a.org', 'a.org'], 'lists an item twice'],
  ['serverAliases', Array.from({ length: 65 }, (_, i) => `h${i}.org`), 'has too many items'],
  ['serverAliases', 'a.org', 'is text, not a list'],
  ['serverAliases', [1], 'has 1, which is an integer, not text'],
  ['port', 8080, undefined],
  ['port', 0, 'is too small'],
  ['port', 65536, 'is too large'],
  ['port', '80', 'is text, not an integer (write the number without quotes)'],
  ['port', 80.5, 'is a number, not an integer'],
  ['port', true, 'is a boolean, not an integer'],
  ['port', null, 'is null, not an integer'],
  ['deployPath', '/srv/my app/"q"/100%/$(x)/`y`/;/<z>/é\\', undefined],
  ['deployPath', 'srv/app', 'is not an absolute path (it must start with "/")'],
  ['deployPath', '/srv/../etc', 'has a ".." segment'],
  ['deployPath', '/srv/./app', 'has a "." segment'],
  ['deployPath', '/srv//app', 'has an empty segment ("//")'],
  ['deployPath', '/srv/${HOME}', 'contains "${", which Apache would expand as a variable'],
  ['deployPath', '/srv/*', 'contains "*", which Apache\'s <Directory> would read as a wildcard'],
  ['deployPath', '/srv/a?b', 'contains "?", which Apache\'s <Directory> would read as a wildcard'],
  ['deployPath', '/srv/[ab]', 'contains "[", which Apache\'s <Directory> would read as a wildcard'],
  ['deployPath', '/srv/a\nWSGIPythonPath /tmp', 'contains the control character U+000A'],
  ['deployPath', '/srv/a\u0000b', 'contains the control character U+0000'],
  ['deployPath', '/srv/a\u0085b', 'contains the control character U+0085'],
  ['deployPath', '/srv/a\u2028b', 'contains the control character U+2028'],
  ['deployPath', '/srv/\ud800', 'is not valid Unicode text (a lone surrogate)'],
  ['deployPath', `/${'a'.repeat(1024)}`, 'is too long'],
  ['venvPath', '/opt/venvs/app', undefined],
  ['venvPath', '/opt/venvs/../app', 'has a ".." segment'],
  ['venvActivation', 'venv', 'is not one of the choices'],
  ['daemon', 'yes', 'is text, not true or false (write true or false without quotes)'],
  ['user', 'www-data', undefined],
  ['user', 'root', "is refused: the daemon must never run as user 'root' (uid 0 on some platforms)"],
  ['user', 'toor', "is refused: the daemon must never run as user 'toor' (uid 0 on some platforms)"],
  ['user', '0', "is a numeric id; give the user's name (never root or 0)"],
  ['user', '#0', "is a numeric id; give the user's name (never root or 0)"],
  ['user', 0, 'is an integer, not text (in YAML, put it in quotes)'],
  ['user', 'Admin', 'is not a user name that useradd, pw and Windows all accept'],
  ['user', '-x', 'is not a user name that useradd, pw and Windows all accept'],
  ['user', 'a'.repeat(33), 'is longer than 32 characters'],
  ['group', 'www-data', undefined],
  ['group', 'wheel', "is refused: the daemon must never run as group 'wheel' (gid 0 on some platforms)"],
  ['group', 'root', "is refused: the daemon must never run as group 'root' (gid 0 on some platforms)"],
  ['processes', 64, undefined],
  ['processes', 0, 'is too small'],
  ['processes', 65, 'is too large'],
  ['threads', 257, 'is too large'],
  ['apacheVersion', '2.0', 'is not one of the choices'],
  ['apacheVersion', 2.4, 'is a number, not text (in YAML, put it in quotes)'],
  ['platforms', ['debian', 'windows'], undefined],
  ['platforms', [], 'is empty'],
  ['platforms', ['debain'], 'has "debain", which is not a known platform; did you mean "debian"?'],
  ['platforms', ['debian', 'debian'], 'lists an item twice'],
  ['pythonVersion', '3.10', undefined],
  ['pythonVersion', '3.8', 'is not of the allowed form'],
  ['pythonVersion', '2.7', 'is not of the allowed form'],
  ['pythonVersion', 3.1, 'is a number, not text (in YAML, put it in quotes)'],
  ['scriptReloading', 1, 'is an integer, not true or false'],
  ['staticUrl', '', undefined],
  ['staticUrl', '/assets/v1.2', undefined],
  ['staticUrl', '/healthy', undefined],
  ['staticUrl', 'static', 'does not start with "/"'],
  ['staticUrl', '/', 'is the whole site; the app is served at "/"'],
  ['staticUrl', '/static/', 'ends with "/" (Apache\'s Alias would then not match the folder itself)'],
  ['staticUrl', '/a/../b', 'has a ".." segment'],
  ['staticUrl', '/.git', 'has a segment starting with "."'],
  ['staticUrl', '/a b', 'contains " "; a URL prefix here is letters, digits, "/", ".", "_", "-" and "~"'],
  ['staticUrl', '/a"b', 'contains """; a URL prefix here is letters, digits, "/", ".", "_", "-" and "~"'],
  ['staticUrl', '/health', "would hide the app's own /health route behind the static folder"],
  ['staticUrl', '/health/x', "would hide the app's own /health route behind the static folder"],
  ['healthUrl', '/', undefined],
  ['healthUrl', '/health', undefined],
  ['healthUrl', '/api/v1.2/ping/', undefined],
  ['healthUrl', 'health', 'does not start with "/"'],
  ['healthUrl', '/a/../b', 'has a ".." segment'],
  ['healthUrl', '/a//b', 'has an empty segment ("//")'],
  ['healthUrl', '/.env', 'has a segment starting with "."'],
  ['healthUrl', '/ping?full=1', 'contains "?"; a URL path here is letters, digits, "/", ".", "_", "-" and "~" (no query)'],
  ['healthUrl', '/a\nb', 'contains the control character U+000A'],
  ['logDir', '', undefined],
  ['logDir', '/var/log/hello', undefined],
  ['logDir', '/', 'is the root folder; give a folder below it, or "" for the server\'s own logs'],
  ['logDir', 'logs', 'is not an absolute path (it must start with "/")'],
  ['windowsDeployPath', 'C:\\www\\my app', undefined],
  ['windowsDeployPath', 'D:/sites/100%/$x', undefined],
  ['windowsDeployPath', '/www/app', 'is not an absolute Windows path (it must start with a drive, e.g. C:/)'],
  ['windowsDeployPath', 'C:/a/../b', 'has a ".." segment'],
  ['windowsDeployPath', 'C:\\a\\\\b', 'has an empty segment ("//")'],
  ['windowsDeployPath', 'C:/a|b', 'contains "|", which Windows does not allow in a path'],
  ['windowsDeployPath', 'C:/a:b', 'contains ":", which Windows does not allow in a path'],
  ['windowsDeployPath', 'C:/a"b', 'contains """, which Windows does not allow in a path'],
  ['windowsDeployPath', 'C:/site[1]', 'contains "[", which Apache\'s <Directory> would read as a wildcard'],
  ['windowsDeployPath', 'C:/${X}', 'contains "${", which Apache would expand as a variable'],
  ['windowsDeployPath', 'C:/a\r\nb', 'contains the control character U+000D'],
];

describe('validation: one rule, one exact message', () => {
  for (const [key, value, reason] of RULES) {
    it(`${key}: ${JSON.stringify(value).slice(0, 60)} -> ${reason ?? 'accepted'}`, () => {
      assert.deepEqual(problems({ [key]: value }), reason === undefined ? [] : [line(key, value, reason)]);
    });
  }

  it('prints the whole message line: field, value, reason, source, what is allowed', () => {
    assert.deepEqual(problems({ port: 0 }), ['port: 0 is too small (from test); allowed: an integer from 1 to 65535']);
    assert.deepEqual(problems({ user: 'root' }), [
      "user: \"root\" is refused: the daemon must never run as user 'root' (uid 0 on some platforms) (from test); " +
        'allowed: a lower-case account name (a-z, 0-9, "_", "-", at most 32, not starting with a digit or "-"), not root, toor or a privileged group\'s name (see group)',
    ]);
  });

  it('shortens a huge value in the message to 80 characters', () => {
    const [message] = problems({ name: 'x'.repeat(100_000) });
    assert.match(message, /^name: "x{76}\.\.\. is not of the allowed form \(from test\); allowed: /);
  });
});

describe('validation: unknown keys, wrong shapes, all problems at once', () => {
  it('suggests the nearest key for a typo', () => {
    assert.deepEqual(problems({ nmae: 'x' }), ['nmae: unknown key (from test); did you mean "name"?']);
    assert.deepEqual(problems({ 'server-name': 'x' }), ['server-name: unknown key (from test); did you mean "serverName"?']);
    assert.deepEqual(problems({ deploy_path: '/x' }), ['deploy_path: unknown key (from test); did you mean "deployPath"?']);
  });

  it('lists the known keys when nothing is near', () => {
    const [message] = problems({ zzzzzzzzzz: 1 });
    assert.match(message, /^zzzzzzzzzz: unknown key \(from test\); known keys: name, package, appStyle, .*windowsDeployPath, npmWorkspace, keepReleases, serial, maxFailPercentage$/);
  });

  it('refuses a document that is not a mapping', () => {
    assert.deepEqual(problems('hello'), ['test: expected a mapping of answer keys to values, got "hello"']);
    assert.deepEqual(problems([1, 2]), ['test: expected a mapping of answer keys to values, got a list']);
    assert.deepEqual(problems(42), ['test: expected a mapping of answer keys to values, got 42']);
  });

  it('treats __proto__ and constructor as unknown keys, not as object internals', () => {
    const raw = JSON.parse('{"__proto__": {"port": 1}, "constructor": 1}');
    const checked = checkSource(raw, 'test', false);
    assert.equal(checked.problems.length, 2);
    assert.match(checked.problems[0], /^__proto__: unknown key/);
    assert.equal(Object.getPrototypeOf(checked.values), Object.prototype);
    assert.equal((checked.values as Record<string, unknown>).port, undefined);
  });

  it('reports every problem of a file at once, in the order given', () => {
    const found = problems({ port: 0, user: 'root', nmae: 'x', deployPath: 'rel', platforms: [], staticUrl: '/health' });
    assert.deepEqual(
      found.map((message) => message.split(':')[0]),
      ['port', 'user', 'nmae', 'deployPath', 'platforms', 'staticUrl'],
    );
  });

  it('turns command-line text into the answer types (and still checks it)', () => {
    const checked = checkSource({ port: ' 8080 ', daemon: 'no', platforms: 'debian, rhel,,', processes: '3x' }, 'command line', true);
    assert.deepEqual(checked.values, { port: 8080, daemon: false, platforms: ['debian', 'rhel'] });
    assert.deepEqual(checked.problems, [
      'processes: "3x" is text, not an integer (write the number without quotes) (from command line); allowed: an integer from 1 to 64',
    ]);
  });
});

describe('validation: defaults derived from the name are always valid', () => {
  const cases: Array<[string, Partial<Answers>]> = [
    ['toor', { user: 'toor-app', group: 'toor-app' }],
    ['wheel', { user: 'wheel-app', group: 'wheel-app' }],
    ['root', { user: 'root-app' }],
    ['Test', { package: 'test_app' }],
    ['site', { package: 'site_app' }],
    ['9lives', { package: 'app_9lives', user: 'app-9lives' }],
  ];
  for (const [name, expected] of cases) {
    it(`name ${name}`, () => {
      const answers = fillDefaults({ name }, '/tmp/x');
      for (const [key, value] of Object.entries(expected)) assert.equal(answers[key as AnswerKey], value, key);
    });
  }
  it('a 64-character name starting with a digit still gives a valid package and account', () => {
    const answers = fillDefaults({ name: `1${'a'.repeat(63)}` }, '/tmp/x');
    assert.ok(answers.package.length <= 64 && answers.user.length <= 32);
  });
});

const base = (extra: Partial<Answers> = {}) =>
  fillDefaults({ name: 'hello', deployPath: '/srv/hello', platforms: ['debian', 'windows'], ...extra }, '/tmp/x');

function crossProblems(extra: Partial<Answers>): string[] {
  try {
    resolveContext(base(extra));
    return [];
  } catch (error) {
    if (!(error instanceof AnswersError)) throw error;
    return error.problems;
  }
}

describe('validation: cross-field rules name both fields and the fix', () => {
  it('python-home needs daemon mode', () => {
    assert.deepEqual(crossProblems({ venvActivation: 'python-home', daemon: false }), [
      'venvActivation: "python-home" needs daemon: true (python-home is an option of WSGIDaemonProcess); ' +
        'set daemon: true, or venvActivation: "activate_this" for embedded mode',
    ]);
  });

  it('deployPath "/" cannot hold the project', () => {
    assert.deepEqual(crossProblems({ deployPath: '/', venvPath: '/opt/venv' }), [
      'deployPath: "/" cannot hold the project; allowed: an absolute path below /, e.g. /var/www/hello',
    ]);
  });

  for (const venvPath of ['/srv/hello', '/srv/hello/', '/srv', '/']) {
    it(`venvPath ${venvPath} is the project or holds it`, () => {
      assert.deepEqual(crossProblems({ venvPath }), [
        `venvPath: ${JSON.stringify(venvPath)} must be a folder of its own, not the deployPath "/srv/hello" or a folder above it; e.g. /srv/hello/venv`,
      ]);
    });
  }

  for (const [venvPath, folder] of [['/srv/hello/hello', 'hello'], ['/srv/hello/hello/venv', 'hello'], ['/srv/hello/tests', 'tests'], ['/srv/hello/deploy/venv', 'deploy']]) {
    it(`venvPath ${venvPath} lies in the project's folder ${folder}/`, () => {
      assert.deepEqual(crossProblems({ venvPath }), [
        `venvPath: ${JSON.stringify(venvPath)} lies in the project's folder ${folder}/ under deployPath "/srv/hello" (package "hello"); e.g. /srv/hello/venv`,
      ]);
    });
  }

  it('healthUrl under staticUrl would be answered by Apache, not the app', () => {
    assert.deepEqual(crossProblems({ healthUrl: '/static/ping/' }), [
      'healthUrl: "/static/ping/" lies under staticUrl "/static", which Apache serves from the static folder without asking the app; give a path the app answers, e.g. /health',
    ]);
    assert.deepEqual(crossProblems({ healthUrl: '/staticky' }), []);
    assert.deepEqual(crossProblems({ healthUrl: '/static', staticUrl: '' }), []);
  });

  it('logDir inside the static folder would publish the logs', () => {
    assert.deepEqual(crossProblems({ logDir: '/srv/hello/hello/static/logs' }), [
      'logDir: "/srv/hello/hello/static/logs" is inside the static folder /srv/hello/hello/static (deployPath "/srv/hello", package "hello"), ' +
        'which is served to everyone; put the logs outside it, e.g. /var/log/hello',
    ]);
    assert.deepEqual(crossProblems({ logDir: '/srv/hello/hello/staticfiles' }), []);
  });

  it('reports every cross-field problem at once', () => {
    const found = crossProblems({ venvActivation: 'python-home', daemon: false, venvPath: '/srv', logDir: '/srv/hello/hello/static' });
    assert.deepEqual(found.map((message) => message.split(':')[0]), ['venvActivation', 'venvPath', 'logDir']);
  });

  it('stated rule: the Windows variant is always embedded, whatever daemon says', () => {
    const context = resolveContext(base({ daemon: true }));
    const files = new Map(renderFiles('apache', context).map((file) => [file.path, file.contents]));
    assert.match(files.get('deploy/apache/hello.conf')!, /^\s*WSGIDaemonProcess /m);
    assert.doesNotMatch(files.get('deploy/apache/hello-windows.conf')!, /WSGIDaemonProcess|WSGIProcessGroup/);
    assert.match(answerSpec('daemon').description, /Windows variant is always embedded/);
  });

  it('stated rule: an alias equal to the server name is dropped', () => {
    assert.deepEqual(resolveContext(base({ serverName: 'a.org', serverAliases: ['a.org', 'b.org'] })).serverAliases, ['b.org']);
  });
});
