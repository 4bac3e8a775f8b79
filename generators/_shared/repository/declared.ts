// What a repository says it runs: FLASK_APP in env files, the app a gunicorn,
// waitress or uwsgi command serves (Procfile, Dockerfile, compose, supervisord,
// scripts), `flask --app` in scripts and READMEs, and [project.scripts].
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { isDir, listDir, readText, type ReadLog } from './files.js';

export interface Declaration {
  /** As written: `autoapp.py`, `app:create_app()`, `wsgi:app`, `pkg/app`. */
  target: string;
  /** Where it was read, e.g. "FLASK_APP in .flaskenv", "gunicorn in Procfile". */
  reason: string;
  /** The server calls the attribute to get the app (waitress --call). */
  call?: boolean;
  /** Names an entry point of [project.scripts]: counts only when it is a Flask app or factory. */
  weak?: boolean;
}

const ENV_FILES = ['.flaskenv', '.env', '.env.example', '.env.sample', '.env.template', 'example.env'];
const COMMAND_FILES = ['Procfile', 'Dockerfile', 'docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml',
  'supervisord.conf', 'gunicorn.conf.py', 'gunicorn_config.py', 'uwsgi.ini', 'app.yaml', 'Makefile', 'boot.sh', 'start.sh', 'run.sh',
  'entrypoint.sh', 'docker-entrypoint.sh', 'README.md', 'README.rst', 'README.txt', 'README'];
/** Folders whose files are deployment configuration (supervisor programs, scripts). */
const COMMAND_DIRS = ['deployment', 'deploy', 'scripts', 'bin', 'supervisor', 'etc', 'docker', 'conf', 'config'];

/** gunicorn options that take a separate value; the app is the positional argument. */
const GUNICORN_VALUE_OPTIONS = new Set(['-b', '--bind', '-w', '--workers', '-k', '--worker-class', '-c', '--config', '--threads', '-t', '--timeout',
  '--log-level', '--access-logfile', '--error-logfile', '--log-file', '--chdir', '--max-requests', '--max-requests-jitter', '-e', '--env',
  '--pythonpath', '-p', '--pid', '-u', '--user', '-g', '--group', '-n', '--name', '--keep-alive', '--graceful-timeout', '--worker-connections',
  '--access-logformat', '--log-config', '--certfile', '--keyfile', '--forwarded-allow-ips', '--limit-request-line', '--umask', '--backlog']);
const WAITRESS_VALUE_OPTIONS = new Set(['--host', '--port', '--listen', '--threads', '--url-scheme', '--url-prefix', '--ident', '--unix-socket',
  '--connection-limit', '--channel-timeout', '--backlog', '--recv-bytes', '--send-bytes', '--max-request-body-size', '--max-request-header-size']);
const APP_TARGET = /^[A-Za-z_][\w./-]*(?::[A-Za-z_]\w*(?:\(.*\))?)?$/s;

/** Shell-like words of one command line; JSON array brackets, quotes and commas of `CMD [...]` dropped. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"']+)/g;
  for (const match of line.matchAll(re)) {
    const word = (match[1] ?? match[2] ?? match[3]).replace(/^\[|\]$|,$/g, '');
    if (word !== '' && word !== ',') out.push(word);
  }
  return out;
}

function positionalAfter(tokens: string[], from: number, valueOptions: Set<string>): string | undefined {
  for (let k = from; k < tokens.length; k++) {
    const token = tokens[k];
    if (/^(&&|;|\||\|\||>|2>|#)/.test(token)) return undefined;
    if (token.startsWith('-')) {
      if (valueOptions.has(token)) k++;
      continue;
    }
    return APP_TARGET.test(token) ? token : undefined;
  }
  return undefined;
}

/** The app one command line serves, if it runs gunicorn, waitress-serve, uwsgi or flask --app. */
export function commandTargets(line: string): Array<{ target: string; server: string; call?: boolean }> {
  const tokens = words(line);
  const found: Array<{ target: string; server: string; call?: boolean }> = [];
  tokens.forEach((token, k) => {
    const base = token.split('/').pop()!;
    // `pip install gunicorn` installs the server; it does not say what it serves.
    if (tokens.slice(0, k).some((word) => word === 'install' || word === 'add')) return;
    if (base === 'gunicorn') {
      const target = positionalAfter(tokens, k + 1, GUNICORN_VALUE_OPTIONS);
      if (target) found.push({ target, server: 'gunicorn' });
    } else if (base === 'waitress-serve') {
      const call = tokens.slice(k + 1).includes('--call');
      const target = positionalAfter(tokens, k + 1, WAITRESS_VALUE_OPTIONS);
      if (target) found.push({ target, server: 'waitress', call });
    } else if (base === 'uwsgi') {
      const option = tokens.findIndex((t, j) => j > k && ['--module', '-w', '--wsgi'].includes(t));
      const file = tokens.findIndex((t, j) => j > k && t === '--wsgi-file');
      const callable = tokens.findIndex((t, j) => j > k && t === '--callable');
      if (option > 0 && tokens[option + 1]) found.push({ target: tokens[option + 1], server: 'uwsgi' });
      else if (file > 0 && tokens[file + 1]) found.push({ target: `${tokens[file + 1]}${callable > 0 ? `:${tokens[callable + 1]}` : ''}`, server: 'uwsgi' });
    } else if (base === 'flask') {
      const app = tokens.findIndex((t, j) => j > k && (t === '--app' || t === '-A'));
      const inline = tokens.find((t, j) => j > k && t.startsWith('--app='));
      const target = inline ? inline.slice(6) : app > 0 ? tokens[app + 1] : undefined;
      if (target && APP_TARGET.test(target)) found.push({ target, server: 'flask --app' });
    }
  });
  return found.filter((item) => APP_TARGET.test(item.target));
}

function fromEnvFile(text: string, file: string): Declaration[] {
  const match = /^\s*(?:export\s+)?FLASK_APP\s*=\s*["']?([^"'\s#]+)/m.exec(text);
  return match ? [{ target: match[1], reason: `FLASK_APP in ${file}` }] : [];
}

function fromCommands(text: string, file: string): Declaration[] {
  const out: Declaration[] = [];
  // Joined continuation lines: a Dockerfile CMD or a shell command may span lines.
  for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    for (const { target, server, call } of commandTargets(line)) out.push({ target, reason: `${server} in ${file}`, call });
  }
  if (/gunicorn|uwsgi/.test(file)) {
    const wsgiApp = /^\s*(?:wsgi_app|module)\s*=\s*["']?([\w.]+:[\w()'".,= -]+?)["']?\s*$/m.exec(text);
    if (wsgiApp) out.push({ target: wsgiApp[1], reason: `${file}` });
  }
  return out;
}

function fromProjectScripts(root: string, log: ReadLog): Declaration[] {
  const text = readText(join(root, 'pyproject.toml'), log, 'pyproject.toml');
  if (!text) return [];
  try {
    const doc = parseToml(text) as { project?: { scripts?: Record<string, unknown> } };
    return Object.entries(doc.project?.scripts ?? {})
      .filter(([, value]) => typeof value === 'string' && APP_TARGET.test(value))
      .map(([name, value]) => ({ target: value as string, reason: `[project.scripts] ${name} in pyproject.toml`, weak: true }));
  } catch {
    return [];
  }
}

/** Every declaration of the app to run, in the order found (env files first). */
export function readDeclarations(root: string, log: ReadLog): Declaration[] {
  const found: Declaration[] = [];
  for (const file of ENV_FILES) {
    const text = readText(join(root, file), log, file);
    if (text) found.push(...fromEnvFile(text, file));
  }
  const commandFiles = [...COMMAND_FILES];
  for (const dir of COMMAND_DIRS.filter((name) => isDir(join(root, name)))) {
    for (const name of listDir(join(root, dir))) {
      if (isDir(join(root, dir, name))) {
        for (const inner of listDir(join(root, dir, name))) if (/\.(conf|ini|sh|ya?ml)$/.test(inner)) commandFiles.push(`${dir}/${name}/${inner}`);
      } else if (/\.(conf|ini|sh|ya?ml|py)$|^Procfile$/.test(name)) commandFiles.push(`${dir}/${name}`);
    }
  }
  for (const file of commandFiles) {
    if (log.overBudget()) break;
    const text = readText(join(root, file), log, file);
    if (text) found.push(...fromCommands(text, file));
  }
  found.push(...fromProjectScripts(root, log));
  return found;
}
