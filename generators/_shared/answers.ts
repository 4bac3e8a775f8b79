// The answers model: every answer is declared once here. Prompts, CLI options,
// answers files, .yo-rc.json, the JSON Schema and the README's option table are
// all derived from this table (see validate.ts, prompts.ts, schema.ts).
import { basename } from 'node:path';
import { closest } from 'fastest-levenshtein';
import {
  ACCOUNT_PATTERN, FORBIDDEN_PACKAGES, HOST_PATTERN, NAME_PATTERN, PACKAGE_PATTERN, POSIX_PATH_PATTERN, PYTHON_VERSION_PATTERN,
  HEALTH_URL_PATTERN, REFUSED_GROUPS, REFUSED_USERS, STATIC_URL_PATTERN, WINDOWS_PATH_PATTERN,
  groupProblem, healthUrlProblem, hostProblem, logDirProblem, packageNameProblem, posixPathProblem, staticUrlProblem, userProblem, windowsPathProblem,
} from './rules.js';
import { findWorkspaceRoot } from './workspace.js';
import { flaskAppOf, flaskAppProblem, parseFlaskApp } from './flask-app.js';
import { PRODUCTION_ANSWERS, integerRange, switchOnByDefault, type TlsMode } from './answers-production.js';
import { defaultPythonVersion, safeDeployPath } from './platforms.js';

export const PLATFORMS = ['debian', 'rhel', 'opensuse', 'freebsd', 'pkgsrc', 'windows'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const SUB_GENERATORS = ['app', 'wsgi', 'apache', 'venv', 'fleet'] as const;
export type SubGenerator = (typeof SUB_GENERATORS)[number];

export interface Answers {
  name: string;
  package: string;
  appStyle: 'factory' | 'singleton';
  sourceDir: string;
  flaskApp: string;
  serverName: string;
  serverAliases: string[];
  port: number;
  deployPath: string;
  venvPath: string;
  venvActivation: 'activate_this' | 'python-home';
  daemon: boolean;
  user: string;
  group: string;
  processes: number;
  threads: number;
  apacheVersion: '2.4' | '2.2';
  platforms: Platform[];
  pythonVersion: string;
  scriptReloading: boolean;
  staticUrl: string;
  healthUrl: string;
  logDir: string;
  tls: TlsMode;
  httpsPort: number;
  acmeEmail: string;
  acmeCaUrl: string;
  acmeTermsAgreed: boolean;
  certFile: string;
  keyFile: string;
  chainFile: string;
  hstsMaxAge: number;
  limitRequestBody: number;
  requestTimeout: number;
  queueTimeout: number;
  socketTimeout: number;
  connectTimeout: number;
  startupTimeout: number;
  gracefulTimeout: number;
  shutdownTimeout: number;
  deadlockTimeout: number;
  inactivityTimeout: number;
  maximumRequests: number;
  headerBufferSize: number;
  locale: string;
  windowsDeployPath: string;
  npmWorkspace: boolean;
  keepReleases: number;
  serial: number;
  maxFailPercentage: number;
}
export type AnswerKey = keyof Answers;

export type AnswerKind = 'string' | 'integer' | 'boolean' | 'choice' | 'list';

export interface AnswerSpec {
  key: AnswerKey;
  kind: AnswerKind;
  /** The question a person is asked. */
  message: string;
  /** One line for --help, the README table and the JSON Schema. */
  description: string;
  /** What is allowed, in words; every validation message ends with it. */
  allowed: string;
  /** How the default is derived; `folder` is the destination folder's name. */
  defaultText: string;
  schema: object;
  choices?: readonly string[];
  default: (earlier: Partial<Answers>, folder: string) => unknown;
  /** A rule the schema cannot say; returns why the value is refused. */
  check?: (value: never) => string | undefined;
  /** The sub-generators that need this answer. */
  usedBy: readonly SubGenerator[];
  /** What each choice means, shown next to it at the prompt. */
  choiceHelp?: Readonly<Record<string, string>>;
  /** Asked only when this holds for the answers so far (otherwise its default is taken). */
  askWhen?: (earlier: Partial<Answers>) => boolean;
  /**
   * A setting with a safe default, so a run without a terminal takes the default instead of failing
   * for it: 'ask' is still asked at a prompt, 'quiet' is set only by an answers file or an option.
   */
  optional?: 'ask' | 'quiet';
  /** The question with earlier answers filled in, where `message` names one in capitals. */
  promptMessage?: (earlier: Partial<Answers>) => string;
}

const ALL = SUB_GENERATORS;

const slug = (text: string) =>
  text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 64).replace(/[^a-z0-9]+$/, '') || 'flaskapp';

function packageFromName(name: string): string {
  let pkg = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(pkg)) pkg = `app_${pkg}`.replace(/_+$/, '');
  pkg = pkg.slice(0, 60);
  return FORBIDDEN_PACKAGES.has(pkg) ? `${pkg}_app` : pkg;
}

function accountFromName(name: string): string {
  let account = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+/, '');
  if (!/^[a-z_]/.test(account)) account = `app-${account}`;
  account = account.slice(0, 28).replace(/-+$/, '');
  return [...REFUSED_USERS, ...REFUSED_GROUPS].includes(account) ? `${account}-app` : account;
}

/** Checks each item of a list answer; the first bad item names the problem. */
const eachItem = (problem: (item: string) => string | undefined) => (items: string[]) => {
  for (const item of items) {
    const reason = problem(item);
    if (reason) return `has ${JSON.stringify(item)}, which ${reason}`;
  }
  return undefined;
};

function platformProblem(item: string): string | undefined {
  if ((PLATFORMS as readonly string[]).includes(item)) return undefined;
  return `is not a known platform; did you mean "${closest(item, [...PLATFORMS])}"?`;
}

const POSIX_PATH_ALLOWED = 'an absolute POSIX path without "..", ".", "//", control characters, "${" or the wildcards * ? [ ]';

export const ANSWERS: readonly AnswerSpec[] = [
  {
    key: 'name', kind: 'string', usedBy: ALL,
    message: 'Project name',
    description: 'Project name: names the .wsgi file, the vhost file and the daemon process group.',
    allowed: 'letters, digits, ".", "_" and "-", starting and ending with a letter or digit, at most 64 characters',
    defaultText: "the folder's name",
    schema: { type: 'string', pattern: NAME_PATTERN },
    default: (_a, folder) => slug(basename(folder)),
  },
  {
    key: 'package', kind: 'string', usedBy: ALL,
    message: 'Python package (import name)',
    description: 'Python import name of the Flask application package.',
    allowed: 'a Python identifier (a-z, A-Z, 0-9, _; not starting with a digit or "__") that is not a keyword, a standard library module or a module Flask or the venv tools import',
    defaultText: 'the package flaskApp imports, else derived from name',
    schema: { type: 'string', pattern: PACKAGE_PATTERN },
    default: (a) => (a.flaskApp ? parseFlaskApp(a.flaskApp).module.split('.')[0] : packageFromName(a.name ?? 'app')),
    check: (value: string) => packageNameProblem(value),
  },
  {
    key: 'appStyle', kind: 'choice', usedBy: ALL, choices: ['factory', 'singleton'],
    message: 'Application style',
    choiceHelp: { factory: 'create_app() builds the app (tests get a fresh one each)', singleton: 'one module-level app = Flask(__name__)' },
    description: 'factory: create_app() application factory; singleton: one module-level app object.',
    allowed: 'factory or singleton',
    defaultText: 'factory (singleton when flaskApp names an object)',
    schema: { type: 'string', enum: ['factory', 'singleton'] },
    default: (a) => (a.flaskApp && parseFlaskApp(a.flaskApp).args === undefined ? 'singleton' : 'factory'),
  },
  {
    // Not asked by `app`, which always writes a flat layout; found in existing repositories (detect.ts).
    key: 'sourceDir', kind: 'string', usedBy: ['wsgi', 'apache'],
    message: 'Folder of the project that holds the package ("" for the top, src for a src/ layout)',
    description: 'Where the package lives inside the project: "" (flat layout) or e.g. "src"; the .wsgi file puts it on sys.path.',
    allowed: 'empty, or a relative folder such as src (letters, digits, "_", "-", "." and "/", each part starting with a letter, digit or "_")',
    defaultText: '"" (or src when the app is found there)',
    schema: { type: 'string', pattern: '^(|[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}(/[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}){0,7})$' },
    default: () => '',
  },
  {
    // Found in existing repositories (repository/detect.ts); package and appStyle stay, so older answers files keep working.
    key: 'flaskApp', kind: 'string', usedBy: ['wsgi'],
    message: "What the .wsgi file loads, in Flask's --app syntax (module:name or module:factory(args))",
    description: "The app mod_wsgi loads, as Flask's --app takes it: module:name (autoapp:app) or module:factory(args) (app:create_app('production')).",
    allowed: 'module:name or module:factory(args): a dotted module path of Python identifiers, an identifier, and only literal arguments (strings, numbers, True, False, None, optionally name=value)',
    defaultText: 'what the repository runs (FLASK_APP, gunicorn/waitress/uwsgi lines, entry scripts), else PACKAGE:create_app() or PACKAGE:app by appStyle',
    schema: { type: 'string', minLength: 3, maxLength: 300 },
    default: (a) => flaskAppOf(a.package ?? 'app', a.appStyle),
    check: (value: string) => flaskAppProblem(value),
  },
  {
    key: 'serverName', kind: 'string', usedBy: ['app', 'apache', 'fleet'],
    message: 'Server name (host name of the site)',
    description: 'ServerName of the virtual host.',
    allowed: 'a DNS host name such as example.org or localhost',
    defaultText: 'localhost',
    schema: { type: 'string', pattern: HOST_PATTERN },
    default: () => 'localhost',
    check: hostProblem,
  },
  {
    key: 'serverAliases', kind: 'list', usedBy: ['app', 'apache'],
    message: 'Server aliases (comma-separated, may be empty)',
    description: 'ServerAlias host names of the virtual host.',
    allowed: 'a list of DNS host names',
    defaultText: '[]',
    schema: { type: 'array', items: { type: 'string', pattern: HOST_PATTERN }, uniqueItems: true, maxItems: 64 },
    default: () => [],
    check: eachItem(hostProblem),
  },
  {
    key: 'port', usedBy: ['app', 'apache', 'fleet'],
    message: 'Port Apache listens on for this site',
    description: 'Port of the virtual host.',
    ...integerRange(1, 65535, 80),
  },
  {
    key: 'deployPath', kind: 'string', usedBy: ALL,
    message: 'Absolute path of the project on the server',
    description: 'Where the project lives on the server; the .wsgi file puts it on sys.path.',
    allowed: POSIX_PATH_ALLOWED,
    defaultText: '/var/www/NAME (/var/www/NAME-app when that is a DocumentRoot, e.g. NAME html)',
    schema: { type: 'string', pattern: POSIX_PATH_PATTERN, maxLength: 1024 },
    default: (a) => safeDeployPath(a.name ?? 'app'),
    check: posixPathProblem,
  },
  {
    key: 'venvPath', kind: 'string', usedBy: ALL,
    message: 'Absolute path of the virtualenv on the server',
    description: 'The virtualenv the application runs in.',
    allowed: POSIX_PATH_ALLOWED,
    defaultText: 'DEPLOYPATH/venv',
    schema: { type: 'string', pattern: POSIX_PATH_PATTERN, maxLength: 1024 },
    default: (a) => `${(a.deployPath ?? '').replace(/\/+$/, '')}/venv`,
    check: posixPathProblem,
  },
  {
    key: 'venvActivation', kind: 'choice', usedBy: ALL, choices: ['activate_this', 'python-home'],
    message: 'How mod_wsgi activates the virtualenv',
    choiceHelp: { activate_this: "the .wsgi runs the venv's bin/activate_this.py", 'python-home': 'WSGIDaemonProcess python-home= (daemon mode only)' },
    description: "activate_this: the .wsgi runs the venv's bin/activate_this.py (virtualenv makes it); python-home: WSGIDaemonProcess python-home=.",
    allowed: 'activate_this or python-home',
    defaultText: 'activate_this',
    schema: { type: 'string', enum: ['activate_this', 'python-home'] },
    default: () => 'activate_this',
  },
  {
    key: 'daemon', usedBy: ['app', 'apache'],
    message: 'Run the app in a mod_wsgi daemon process group (recommended)?',
    description: 'true: WSGIDaemonProcess (own user, own processes); false: embedded in the Apache workers. The Windows variant is always embedded (mod_wsgi has no daemon mode there).',
    ...switchOnByDefault(),
  },
  {
    key: 'user', kind: 'string', usedBy: ['app', 'apache', 'venv', 'fleet'],
    message: 'Account the daemon runs as',
    description: 'User of WSGIDaemonProcess; the install scripts create it. Never root.',
    allowed: `a lower-case account name (a-z, 0-9, "_", "-", at most 32, not starting with a digit or "-"), not root, toor or a privileged group's name (see group)`,
    defaultText: 'derived from name',
    schema: { type: 'string', pattern: ACCOUNT_PATTERN, not: { enum: REFUSED_USERS } },
    default: (a) => accountFromName(a.name ?? 'app'),
    check: userProblem,
  },
  {
    key: 'group', kind: 'string', usedBy: ['app', 'apache', 'venv', 'fleet'],
    message: 'Group the daemon runs as',
    description: 'Group of WSGIDaemonProcess. Never root.',
    allowed: `a lower-case group name (a-z, 0-9, "_", "-", at most 32, not starting with a digit or "-"), not a privileged group (${REFUSED_GROUPS.join(', ')})`,
    defaultText: 'USER',
    schema: { type: 'string', pattern: ACCOUNT_PATTERN, not: { enum: REFUSED_GROUPS } },
    default: (a) => a.user,
    check: groupProblem,
  },
  {
    key: 'processes', usedBy: ['app', 'apache'],
    message: 'Daemon processes',
    description: 'processes= of WSGIDaemonProcess.',
    ...integerRange(1, 64, 2),
  },
  {
    key: 'threads', usedBy: ['app', 'apache'],
    message: 'Threads per daemon process',
    description: 'threads= of WSGIDaemonProcess.',
    ...integerRange(1, 256, 15),
  },
  {
    key: 'apacheVersion', kind: 'choice', usedBy: ['app', 'apache'], choices: ['2.4', '2.2'],
    message: 'Apache version (access control syntax)',
    choiceHelp: { '2.4': 'Require all granted', '2.2': 'Order/Allow, with Require for 2.4 in <IfModule mod_authz_core.c>' },
    description: '2.4: Require all granted; 2.2: Order/Allow for Apache 2.2, with Require in <IfModule mod_authz_core.c> so the same file works on 2.4. mod_wsgi 6 (2026) dropped Apache 2.2 and Python before 3.10: with 2.2, stay on mod_wsgi 5 or older.',
    allowed: '"2.4" or "2.2"',
    defaultText: '2.4',
    schema: { type: 'string', enum: ['2.4', '2.2'] },
    default: () => '2.4',
  },
  {
    key: 'platforms', kind: 'list', usedBy: ['app', 'apache', 'fleet'], choices: PLATFORMS,
    message: 'Platforms to write install scripts for',
    choiceHelp: {
      debian: 'Debian, Ubuntu (apt, a2ensite)', rhel: 'RHEL, Fedora, Rocky, Alma (dnf, conf.d)', opensuse: 'openSUSE, SLES (zypper)',
      freebsd: 'FreeBSD (pkg, Includes/)', pkgsrc: 'NetBSD and other pkgsrc systems (pkgin)', windows: 'a Windows vhost variant and README steps (no script)',
    },
    description: 'One install script per platform (windows: a vhost variant and README steps).',
    allowed: `a non-empty list of ${PLATFORMS.join(', ')}`,
    defaultText: 'debian, rhel, freebsd, pkgsrc',
    schema: { type: 'array', items: { type: 'string', enum: [...PLATFORMS] }, minItems: 1, uniqueItems: true },
    default: () => ['debian', 'rhel', 'freebsd', 'pkgsrc'],
    check: eachItem(platformProblem),
  },
  {
    key: 'pythonVersion', kind: 'string', usedBy: ALL,
    message: 'Python version mod_wsgi is built for (auto: the install script reads it on the server)',
    description: 'MAJOR.MINOR of the Python mod_wsgi was built for; names the FreeBSD/pkgsrc packages and the venv interpreter. Each platform release builds mod_wsgi for one Python (Debian 12: 3.11, Debian 13: 3.13, Ubuntu 24.04: 3.12, RHEL 9: 3.9; see the README).',
    allowed: 'auto, or a Python 3 version from 3.9 on (what Flask and the generated pyproject need), as MAJOR.MINOR, e.g. 3.11',
    defaultText: "the Python of the newest release of the chosen platforms when they agree, else auto",
    schema: { anyOf: [{ type: 'string', const: 'auto' }, { type: 'string', pattern: PYTHON_VERSION_PATTERN }] },
    default: (a) => defaultPythonVersion(a.platforms ?? ['debian']),
  },
  {
    key: 'scriptReloading', usedBy: ['app', 'apache'],
    message: 'Reload the daemon when the .wsgi file is touched (WSGIScriptReloading On)?',
    description: 'WSGIScriptReloading On: touching the .wsgi file restarts the daemon processes.',
    ...switchOnByDefault(),
  },
  {
    key: 'staticUrl', kind: 'string', usedBy: ['app', 'apache'],
    message: 'URL prefix Apache serves PACKAGE/static at (empty: let Flask serve it)',
    promptMessage: (a) => `URL prefix Apache serves ${a.package ?? 'the package'}/static at (empty: let Flask serve it)`,
    description: 'Alias of the package\'s static folder, served by Apache without Python; "" leaves it to Flask.',
    allowed: 'empty, or a URL path such as /static (segments of letters, digits, ".", "_", "-", "~", not starting with "."; no trailing "/"; not /health)',
    defaultText: '/static',
    schema: { type: 'string', pattern: STATIC_URL_PATTERN, maxLength: 200 },
    default: () => '/static',
    check: staticUrlProblem,
  },
  {
    // Existing repositories default to "/" (fit.ts): their app may have no /health route.
    key: 'healthUrl', kind: 'string', usedBy: ['app', 'apache'], optional: 'quiet',
    message: 'URL path that answers 2xx when the app is up (checked through Apache after a deploy)',
    description: 'Health URL: deploy/doctor GETs it through Apache on 127.0.0.1 with the site\'s Host header and wants a 2xx answer.',
    allowed: 'a URL path starting with "/", such as /health or / (segments of letters, digits, ".", "_", "-", "~", not starting with "."; no query)',
    defaultText: '/health (generated apps), / (existing repositories)',
    schema: { type: 'string', pattern: HEALTH_URL_PATTERN, maxLength: 200 },
    default: () => '/health',
    check: healthUrlProblem,
  },
  {
    key: 'logDir', kind: 'string', usedBy: ['app', 'apache'],
    message: 'Folder for the site\'s own error and access logs (empty: the server\'s logs)',
    description: 'ErrorLog/CustomLog folder of the virtual host; "" keeps the server\'s logs.',
    allowed: `empty, or ${POSIX_PATH_ALLOWED}, not /`,
    defaultText: '""',
    schema: { anyOf: [{ type: 'string', const: '' }, { type: 'string', pattern: POSIX_PATH_PATTERN, maxLength: 1024 }] },
    default: () => '',
    check: logDirProblem,
  },
  ...PRODUCTION_ANSWERS,
  {
    key: 'windowsDeployPath', kind: 'string', usedBy: ['app', 'wsgi', 'apache'],
    message: 'Project folder on Windows servers',
    askWhen: (a) => (a.platforms ?? []).includes('windows'),
    description: 'Where the project lives on Windows (used only when platforms has windows).',
    allowed: 'an absolute Windows path such as C:/www/app, without "..", ".", empty segments, control characters, "${" or any of <>|?*":[]',
    defaultText: 'C:/www/NAME',
    schema: { type: 'string', pattern: WINDOWS_PATH_PATTERN, maxLength: 240 },
    default: (a) => `C:/www/${a.name}`,
    check: windowsPathProblem,
  },
  {
    key: 'npmWorkspace', kind: 'boolean', usedBy: ['app'],
    message: 'Write a package.json so the project is an npm workspace of a monorepo?',
    description: 'Writes package.json (private; scripts test, start, venv, deploy) so npm workspaces can run the service.',
    allowed: 'true or false',
    defaultText: 'true inside a folder whose package.json declares workspaces, else false',
    schema: { type: 'boolean' },
    default: (_a, folder) => findWorkspaceRoot(folder) !== undefined,
  },
  {
    key: 'keepReleases', usedBy: ['app', 'apache'], optional: 'quiet',
    message: 'Releases the install scripts keep on the server (for --rollback)',
    description: 'How many releases under DEPLOYPATH/releases the install scripts keep; older ones are removed after a deploy.',
    ...integerRange(2, 100, 5, { suffix: ' (the live release and at least one to go back to)' }),
  },
  {
    key: 'serial', usedBy: ['fleet'], optional: 'quiet',
    message: 'Servers the Ansible playbook deploys to at a time',
    description: 'serial of deploy/ansible/site.yml: servers per batch; a batch that fails stops the rollout before the next one.',
    ...integerRange(1, 10000, 1),
  },
  {
    key: 'maxFailPercentage', usedBy: ['fleet'], optional: 'quiet',
    message: 'Failed servers in a batch (percent) the Ansible playbook tolerates before it stops',
    description: 'max_fail_percentage of deploy/ansible/site.yml: 0 stops the rollout at the first failed server.',
    ...integerRange(0, 100, 0),
  },
];

export const ANSWER_KEYS: readonly AnswerKey[] = ANSWERS.map((spec) => spec.key);
export const answerSpec = (key: AnswerKey): AnswerSpec => ANSWERS.find((spec) => spec.key === key)!;
export const keysFor = (generator: SubGenerator): AnswerKey[] =>
  ANSWERS.filter((spec) => spec.usedBy.includes(generator)).map((spec) => spec.key);

/** camelCase answer key -> kebab-case CLI option. */
export const optionName = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export { packageNameProblem };
