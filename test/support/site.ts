// A generated project served for real: the built CLI writes it from an answers
// file, its own deploy/create-venv.sh makes the venv, and a PrivateApache
// includes its vhost unchanged. Requests that fail carry the error-log lines
// that explain them, so a 403, 500 or hang names its cause.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { PrivateApache, ensureAccount, get, serveInPlace, waitUntilServing, type HttpResult } from './apache.js';
export { daemonAccounts, daemonProcesses, workerAccounts } from './apache.js';
import { runCli, tempDir } from './cli.js';

/** The Python mod_wsgi is built for, with Flask: the venvs are made from it. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
const PYTHON_VERSION = execFileSync(DEBIAN_PYTHON, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim();

export interface SiteOptions {
  /** Answers for the answers file; everything not given takes its default. */
  answers: Record<string, unknown> & { name: string; port: number };
  /** deployPath relative to a fresh temporary folder, unless answers has one. */
  deployUnder?: string;
  /** Load mod_access_compat (the Apache 2.2 syntax). */
  accessCompat?: boolean;
  /** Put a catch-all virtual host first on the port, so unmatched Hosts land there. */
  defaultVhost?: boolean;
}

/** A catch-all vhost: any Host no other vhost names gets 404 and this body. */
export const DEFAULT_VHOST_BODY = 'no site for this host';
const defaultVhost = (port: number): string[] => [
  `<VirtualHost *:${port}>`,
  '    ServerName default.invalid',
  `    ErrorDocument 404 "${DEFAULT_VHOST_BODY}"`,
  '    Redirect 404 /',
  '</VirtualHost>',
];

/** Makes each folder from `top` down to `path` traversable by the daemon account. */
function openDown(top: string, path: string): void {
  let current = top;
  chmodSync(current, 0o755);
  for (const part of path.slice(top.length).split('/').filter(Boolean)) {
    current += `/${part}`;
    chmodSync(current, 0o755);
  }
}

export class Site {
  apache?: PrivateApache;

  private constructor(
    readonly root: string,
    readonly project: string,
    readonly answers: SiteOptions['answers'],
    private readonly options: SiteOptions,
  ) {}

  get name(): string {
    return this.answers.name;
  }
  get port(): number {
    return this.answers.port;
  }
  get host(): string {
    return (this.answers.serverName as string | undefined) ?? 'localhost';
  }
  get vhost(): string {
    return join(this.project, 'deploy', 'apache', `${this.name}.conf`);
  }

  /** Generates the project with the built CLI; `root` is removed by cleanup(). */
  static async generate(options: SiteOptions, root = tempDir('modwsgi-site-')): Promise<Site> {
    const answers: Record<string, unknown> = { user: 'modwsgi-mx', group: 'modwsgi-mx', platforms: ['debian'], ...options.answers };
    answers.deployPath ??= join(root, options.deployUnder ?? 'srv', options.answers.name);
    const project = answers.deployPath as string;
    mkdirSync(project, { recursive: true });
    openDown(root, project);
    const answersFile = join(root, 'answers.json');
    writeFileSync(answersFile, JSON.stringify(answers, null, 2));
    const result = await runCli(['--answers', answersFile, '--defaults', '--cwd', project], { env: { CI: 'true' } });
    assert.equal(result.code, 0, `modwsgi failed:\n${result.stdout}${result.stderr}`);
    serveInPlace(project);
    return new Site(root, project, answers as SiteOptions['answers'], options);
  }

  /** Runs the project's deploy/create-venv.sh with Debian's Python (which has Flask). */
  makeVenv(): string {
    const result = spawnSync('bash', [join(this.project, 'deploy', 'create-venv.sh'), '--system-site-packages'], {
      cwd: this.project,
      encoding: 'utf8',
      env: { ...process.env, PYTHON: DEBIAN_PYTHON },
    });
    assert.equal(result.status, 0, `create-venv.sh failed:\n${result.stdout}${result.stderr}`);
    // A .pth line runs whenever Python activates this venv's site-packages: it records which venv
    // (activate_this.py sets VIRTUAL_ENV first and sys.prefix after; python-home sets sys.prefix).
    mkdirSync(dirname(this.venvMarker), { recursive: true });
    chmodSync(dirname(this.venvMarker), 0o777);
    const sitePackages = join(this.project, 'venv', 'lib', `python${PYTHON_VERSION}`, 'site-packages');
    writeFileSync(join(sitePackages, 'zz_venv_marker.pth'), `import os, sys; open(${JSON.stringify(this.venvMarker)}, "a").write(os.environ.get("VIRTUAL_ENV", sys.prefix) + "\\n")\n`);
    return result.stdout + result.stderr;
  }

  /** The venv of each Python that ran the venv's site-packages: written by a .pth file makeVenv() adds. */
  get venvMarker(): string {
    return join(this.root, 'venv-marker', 'prefixes');
  }

  /** apache2 -t, then start and wait (bounded) until it answers. */
  async serve(): Promise<void> {
    ensureAccount(this.answers.user as string, this.answers.group as string);
    this.apache = new PrivateApache({
      root: join(this.root, 'apache'),
      includes: [this.vhost],
      accessCompat: this.options.accessCompat,
      preamble: this.options.defaultVhost ? defaultVhost(this.port) : [],
    });
    assert.match(this.apache.configTest(), /Syntax OK/);
    this.apache.start();
    await waitUntilServing(this.apache, this.port, this.host);
  }

  /** One GET; a hang or connection error fails with the error log's explanation. */
  async get(path: string, host = this.host, timeoutMs = 10_000): Promise<HttpResult> {
    try {
      return await get(this.port, path, host, timeoutMs);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${this.explain()}`);
    }
  }

  /** GET that must answer `status`; otherwise fails with the log lines that explain it. */
  async expect(path: string, status = 200, host = this.host): Promise<HttpResult> {
    const response = await this.get(path, host);
    assert.equal(response.status, status, `GET ${path} (Host: ${host}) -> ${response.status}, expected ${status}\n${this.explain()}`);
    return response;
  }

  /** The error-log lines that explain a failure (tracebacks, errors, SystemExit). */
  explain(): string {
    const problems = this.apache?.problems() ?? [];
    return problems.length > 0 ? `error log:\n${problems.join('\n')}` : `error log has no error lines:\n${this.apache?.log() ?? ''}`;
  }

  tracebacks(): string[] {
    return (this.apache?.problems() ?? []).filter((line) => /Traceback|SystemExit/.test(line));
  }

  async stop(): Promise<void> {
    await this.apache?.stop();
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** pid, user:group and command line of each child of `pid`. */
