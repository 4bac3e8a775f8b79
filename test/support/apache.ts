// A private Apache httpd + mod_wsgi for tests: its own ServerRoot, config, pid
// file and logs under a temporary folder, started and always stopped by the
// test. The generated vhost is included unchanged. Traffic goes to 127.0.0.1 only.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, chmodSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createServer, request } from 'node:http';
import { recordAccount } from './cleanup.js';

export const APACHE_BIN = '/usr/sbin/apache2';
const MODULES_DIR = '/usr/lib/apache2/modules';
const MODULES = ['mpm_event', 'authz_core', 'authz_host', 'alias', 'mime', 'wsgi', 'dir', 'env', 'headers', 'autoindex'];
/** Loaded when an included file sets up TLS or ACME, as the install scripts enable them. */
const TLS_MODULES = ['socache_shmcb', 'ssl', 'md', 'http2'];

export interface ApacheOptions {
  /** Folder for ServerRoot, config, logs. */
  root: string;
  /** The generated vhost file(s) to include, unchanged. */
  includes: string[];
  /** Load mod_access_compat (for the Apache 2.2 syntax). */
  accessCompat?: boolean;
  /** Used when no included file has a Listen line of its own. */
  listenPort?: number;
  /** Config lines placed before the includes, e.g. a catch-all default vhost. */
  preamble?: string[];
}

/**
 * Every fixed port a test listens on, each once (pebble's ports included). Specs run at the same
 * time, so no two may share one; a port not listed here is refused, so a new one cannot slip in twice.
 */
const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);
export const TEST_PORTS: readonly number[] = [
  18081, ...range(18101, 18108), 18110, ...range(18201, 18204), ...range(18301, 18303), 18380,
  20211, 20410, 20411, 20413, 20414, 20499, 20510, 20511, 20520, 20521, ...range(20530, 20533),
];

/**
 * A fixed port from TEST_PORTS as is, or, with MODWSGI_TEST_PORTS=BASE, moved to BASE + its place in
 * the list (BASE..BASE+99) so that runs sharing a machine do not collide, and still never with each other.
 */
export function testPort(port: number): number {
  const index = TEST_PORTS.indexOf(port);
  if (index < 0) throw new Error(`port ${port} is not in TEST_PORTS (test/support/apache.ts): add it there`);
  const base = Number(process.env.MODWSGI_TEST_PORTS ?? 0);
  return base ? base + index : port;
}

/**
 * A port nothing listens on, picked by the kernel, for a test's own stand-in server: other runs on
 * the machine (which list the same fixed ports) never take it.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The generated vhosts preceded by the files the install scripts put in place once per server:
 * the port files and the server-wide snippet from each vhost's folder, one of each name.
 */
export function withSharedFiles(vhosts: string[]): string[] {
  const shared = new Map<string, string>();
  for (const vhost of vhosts) {
    for (const file of readdirSync(dirname(vhost))) {
      if (/^modwsgi-(port-\d+|server)\.conf$/.test(file) && !shared.has(file)) shared.set(file, join(dirname(vhost), file));
    }
  }
  return [...[...shared.keys()].sort().map((file) => shared.get(file)!), ...vhosts];
}

export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('the Apache end-to-end tests must run as root: Apache switches to the daemon account only when started as root');
  }
}

/** Creates the account (and group) if missing; the ones it creates are removed by `removeAccounts()`. */
export function ensureAccount(user: string, group: string = user): void {
  const newGroup = spawnSync('getent', ['group', group]).status !== 0;
  if (newGroup) execFileSync('groupadd', ['--system', group]);
  if (spawnSync('id', ['-u', user]).status !== 0) {
    execFileSync('useradd', ['--system', '--gid', group, '--no-create-home', '--shell', '/usr/sbin/nologin', user]);
    recordAccount(user, newGroup ? group : undefined);
  } else if (newGroup) {
    recordAccount(undefined, group);
  }
}

/** Removes an account (and its group) a test made with ensureAccount. */
export function removeAccount(user: string, group: string = user): void {
  spawnSync('userdel', [user]);
  spawnSync('groupdel', [group]);
}

/** Makes every folder from / down to `path` traversable by the daemon account. */
export function openPath(path: string): void {
  let current = '';
  for (const part of path.split('/').filter(Boolean)) {
    current += `/${part}`;
    if (current.startsWith('/tmp/')) chmodSync(current, 0o755);
  }
}

export class PrivateApache {
  readonly conf: string;
  readonly errorLog: string;
  readonly pidFile: string;

  constructor(private readonly options: ApacheOptions) {
    const { root } = options;
    mkdirSync(join(root, 'logs'), { recursive: true });
    this.conf = join(root, 'httpd.conf');
    this.errorLog = join(root, 'logs', 'error.log');
    this.pidFile = join(root, 'httpd.pid');
    const included = options.includes.map((file) => readFileSync(file, 'utf8'));
    const tls = included.some((text) => /^\s*(SSLEngine|<MDomain)\b/m.test(text));
    const modules = [...MODULES, ...(tls ? TLS_MODULES : []), ...(options.accessCompat ? ['access_compat'] : [])];
    const ownListen = included.some((text) => /^\s*Listen\s/m.test(text));
    const lines = [
      `ServerRoot ${JSON.stringify(root)}`,
      ...modules.map((m) => `LoadModule ${m}_module ${MODULES_DIR}/mod_${m}.so`),
      `PidFile ${JSON.stringify(this.pidFile)}`,
      `ErrorLog ${JSON.stringify(this.errorLog)}`,
      'LogLevel info',
      'LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined',
      `CustomLog ${JSON.stringify(join(root, 'logs', 'access.log'))} combined`,
      'User www-data',
      'Group www-data',
      'ServerName 127.0.0.1',
      'StartServers 1',
      'MaxRequestWorkers 16',
      'ThreadsPerChild 8',
      'ServerLimit 2',
      `WSGISocketPrefix ${JSON.stringify(join(root, 'logs', 'wsgi'))}`,
      `TypesConfig /etc/mime.types`,
      '<Directory />',
      '    AllowOverride None',
      '    Require all denied',
      '</Directory>',
      ...(ownListen ? [] : [`Listen 127.0.0.1:${options.listenPort ?? 80}`]),
      ...(options.preamble ?? []),
      ...options.includes.map((file) => `Include ${JSON.stringify(file)}`),
    ];
    writeFileSync(this.conf, `${lines.join('\n')}\n`);
  }

  /** `apache2 -t` on the config; returns Apache's output, throws with it on failure. */
  configTest(): string {
    const result = spawnSync(APACHE_BIN, ['-t', '-f', this.conf], { encoding: 'utf8' });
    const output = `${result.stdout}${result.stderr}`;
    if (result.status !== 0) throw new Error(`apache2 -t failed (exit ${result.status}):\n${output}`);
    return output;
  }

  start(): void {
    const result = spawnSync(APACHE_BIN, ['-f', this.conf, '-k', 'start'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`apache2 -k start failed:\n${result.stdout}${result.stderr}\n${this.log()}`);
  }

  /** A graceful restart: new config (and certificates) for new connections. */
  graceful(): void {
    const result = spawnSync(APACHE_BIN, ['-f', this.conf, '-k', 'graceful'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`apache2 -k graceful failed:\n${result.stdout}${result.stderr}\n${this.log()}`);
  }

  /**
   * A graceful restart that returns once Apache runs the new config (bounded). The signal only asks:
   * the parent reads the config a moment later, and a file edited meanwhile would be read instead.
   */
  async gracefulRestart(timeoutMs = 20_000): Promise<void> {
    const restarts = () => (this.log().match(/resuming normal operations/g) ?? []).length;
    const before = restarts();
    this.graceful();
    const deadline = Date.now() + timeoutMs;
    while (restarts() <= before) {
      if (Date.now() > deadline) throw new Error(`Apache did not finish its graceful restart within ${timeoutMs} ms\n${this.log()}`);
      await sleep(100);
    }
  }

  pid(): number | undefined {
    return existsSync(this.pidFile) ? Number(readFileSync(this.pidFile, 'utf8').trim()) : undefined;
  }

  /** Stops Apache and waits (bounded) for its processes to exit. */
  async stop(): Promise<void> {
    const pid = this.pid();
    if (pid === undefined) return;
    spawnSync(APACHE_BIN, ['-f', this.conf, '-k', 'stop']);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && processAlive(pid)) await sleep(100);
    if (processAlive(pid)) {
      process.kill(pid, 'SIGKILL');
      await sleep(200);
    }
    await sleep(200);
  }

  log(): string {
    return existsSync(this.errorLog) ? readFileSync(this.errorLog, 'utf8') : '(no error log)';
  }

  /** The error log lines that explain a failed request: tracebacks and errors. */
  problems(): string[] {
    return this.log()
      .split('\n')
      .filter((line) => /Traceback|Error|\[(wsgi|core|authz_core):error\]|SystemExit|Exception/.test(line));
  }
}

/** The vhost serves DEPLOYPATH/current, the install scripts' live release: a project served where it is links it to itself. */
export function serveInPlace(project: string): void {
  if (!existsSync(join(project, 'current'))) symlinkSync('.', join(project, 'current'));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface HttpResult {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One GET to 127.0.0.1 with a Host header, bounded by `timeoutMs`. */
export function get(port: number, path: string, host = 'localhost', timeoutMs = 10_000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host }, timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} (Host: ${host}) timed out after ${timeoutMs} ms: the request hangs`)));
    req.on('error', reject);
    req.end();
  });
}

/** GET that retries while nothing answers (a restart in progress), bounded by `timeoutMs`. */
export async function getOnceUp(port: number, path: string, host: string, timeoutMs = 20_000): Promise<HttpResult> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await get(port, path, host, 10_000);
    } catch (error) {
      last = error;
      await sleep(200);
    }
  }
  throw new Error(`GET ${path} (Host: ${host}) on 127.0.0.1:${port} failed: ${String(last)}`);
}

/** Polls until Apache answers at all (bounded), so a test sees the first real response. */
export async function waitUntilServing(apache: PrivateApache, port: number, host: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await get(port, '/health', host, 5_000);
      return;
    } catch (error) {
      lastError = error;
      await sleep(200);
    }
  }
  throw new Error(`Apache did not answer on 127.0.0.1:${port} within ${timeoutMs} ms (${String(lastError)})\n${apache.log()}`);
}

function children(pid: number): Array<{ pid: number; account: string; args: string }> {
  const output = execFileSync('ps', ['--ppid', String(pid), '-o', 'pid=,user:32=,group:32=,args='], { encoding: 'utf8' });
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [child, user, group, ...args] = line.trim().split(/\s+/);
      return { pid: Number(child), account: `${user}:${group}`, args: args.join(' ') };
    });
}

/**
 * The mod_wsgi daemon processes of group `name` under Apache `pid`. mod_wsgi
 * writes display-name over argv[0], so a long name shows cut to argv[0]'s length.
 */
export function daemonProcesses(pid: number, name: string): Array<{ pid: number; account: string }> {
  const title = `(wsgi:${name})`;
  return children(pid).filter(({ args }) => args.startsWith('(wsgi:') && title.startsWith(args.split(' ')[0]));
}

/** The user:group of each mod_wsgi daemon process of group `name` under Apache `pid`. */
export const daemonAccounts = (pid: number, name: string): string[] => daemonProcesses(pid, name).map(({ account }) => account);

/** The user:group of Apache's worker processes (children of `pid` that are not daemons). */
export function workerAccounts(pid: number): string[] {
  return children(pid)
    .filter(({ args }) => !args.startsWith('(wsgi:'))
    .map(({ account }) => account);
}
