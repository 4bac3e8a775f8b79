// Resolve before render, for the production settings: TLS, the daemon's option
// list, the per-port files and log rotation, as ready values for the templates.
import type { Answers, Platform } from './answers.js';
import { apacheOption } from './escape.js';
import type { PlatformFacts } from './platforms.js';

/** Mozilla's "intermediate" profile (server side TLS guidelines, version 5.7): TLS 1.2 and 1.3. */
export const INTERMEDIATE_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305', 'DHE-RSA-AES128-GCM-SHA256', 'DHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-CHACHA20-POLY1305',
].join(':');

/** A file the server loads once for every site on a port: its Listen line and a vhost that refuses unknown Hosts. */
export interface PortFile {
  port: number;
  /** In the project (deploy/apache/...) and its name in the platform's conf folder. */
  file: string;
  installName: string;
  /** Listen is written unless the stock config of every chosen platform listens there already. */
  listen: boolean;
  https: boolean;
}

export interface RotationFile {
  platform: Platform;
  kind: 'logrotate' | 'newsyslog';
  file: string;
  target: string;
  reload: string;
}

/** What one platform's install script sets up for every site: packages, modules, files to copy. */
export interface SharedSetup {
  packages: string[];
  modules: string[];
  /** Module LoadModule lines (platforms that load modules by our own file). */
  loadLines: string[];
  files: Array<{ from: string; to: string; enable?: string }>;
}

export interface ServerContext {
  /** By platform id: what its install script sets up once per server. */
  shared: Partial<Record<Platform, SharedSetup>>;
  tlsOn: boolean;
  /** WSGIDaemonProcess options after the process counts: timeouts, limits, locale, in mod_wsgi's spelling. */
  daemonOptions: string;
  hstsHeader: string;
  serverConfFile: string;
  serverConfName: string;
  portFiles: PortFile[];
  rotationFiles: RotationFile[];
  /** Where certbot's webroot challenge files go on the server (tls: certbot). */
  acmeWebroot: string;
  /** The certificate and key the TLS vhost reads (files and certbot). */
  certPath: string;
  keyPath: string;
  /** Host names of the certificate: serverName and the aliases. */
  domains: string[];
  intermediateCiphers: string;
  /** mod_md's view of ports 80/443 when the site uses others (MDPortMap). */
  mdPortMap: string;
}

const DAEMON_OPTIONS: Array<[keyof Answers, string]> = [
  ['requestTimeout', 'request-timeout'], ['queueTimeout', 'queue-timeout'], ['socketTimeout', 'socket-timeout'],
  ['connectTimeout', 'connect-timeout'], ['startupTimeout', 'startup-timeout'], ['gracefulTimeout', 'graceful-timeout'],
  ['shutdownTimeout', 'shutdown-timeout'], ['deadlockTimeout', 'deadlock-timeout'], ['inactivityTimeout', 'inactivity-timeout'],
  ['maximumRequests', 'maximum-requests'], ['headerBufferSize', 'header-buffer-size'],
];

export function serverContext(a: Answers, installPlatforms: PlatformFacts[], logDir: string): ServerContext {
  const tlsOn = a.tls !== 'off';
  const numbers = DAEMON_OPTIONS.filter(([key]) => (a[key] as number) > 0).map(([key, option]) => `${option}=${a[key] as number}`);
  const daemonOptions = [...numbers, apacheOption('lang', a.locale), apacheOption('locale', a.locale)].join(' ');
  // Ports 80 and 443 have their Listen in the stock config where mod_ssl is enabled (Debian's ports.conf, RHEL's ssl.conf, ...).
  const stock = (port: number) => installPlatforms.length > 0 && installPlatforms.every((p) => p.stockListens.includes(port));
  const portFile = (port: number, https: boolean): PortFile => ({
    port, https, listen: !stock(port) && !(installPlatforms.length === 0 && (port === 80 || port === 443)),
    file: `deploy/apache/modwsgi-port-${port}.conf`, installName: `00-modwsgi-port-${port}.conf`,
  });
  const rotationFiles: RotationFile[] = logDir === '' ? [] : installPlatforms.flatMap((p) => p.rotation ? [{
    platform: p.id, kind: p.rotation.kind, target: p.rotation.file, reload: p.rotation.reload,
    file: p.rotation.kind === 'logrotate' ? `deploy/logrotate/${p.id}-${a.name}` : `deploy/newsyslog/${a.name}`,
  }] : []);
  const live = `/etc/letsencrypt/live/${a.serverName}`;
  const portFiles = [portFile(a.port, false), ...(tlsOn ? [portFile(a.httpsPort, true)] : [])];
  const shared: Partial<Record<Platform, SharedSetup>> = {};
  for (const p of installPlatforms) {
    const modules = [...p.modules.headers, ...(tlsOn ? [...p.modules.tls, ...p.modules.http2] : []), ...(a.tls === 'acme' ? p.modules.acme : [])];
    const conf = (file: string, name: string) => ({ from: file, to: `${p.install.confDir}/${name}`, enable: name.replace(/\.conf$/, '') });
    const rotation = rotationFiles.find((r) => r.platform === p.id);
    shared[p.id] = {
      packages: [...(tlsOn ? p.tlsPackages : []), ...(a.tls === 'certbot' ? p.certbotPackages : [])],
      modules,
      loadLines: modules.map((m) => `<IfModule !${m}_module>\n    LoadModule ${m}_module ${p.install.moduleDir}/mod_${m}.so\n</IfModule>`),
      files: [
        conf('deploy/apache/modwsgi-server.conf', 'zz-modwsgi-server.conf'),
        ...portFiles.map((f) => conf(f.file, f.installName)),
        ...(rotation && p.install.rotationTarget ? [{ from: rotation.file, to: p.install.rotationTarget }] : []),
      ],
    };
  }
  return {
    shared,
    tlsOn,
    daemonOptions,
    hstsHeader: a.hstsMaxAge > 0 ? `max-age=${a.hstsMaxAge}` : '',
    serverConfFile: 'deploy/apache/modwsgi-server.conf',
    serverConfName: '00-modwsgi-server.conf',
    portFiles,
    rotationFiles,
    acmeWebroot: '/var/lib/modwsgi-acme',
    certPath: a.tls === 'certbot' ? `${live}/fullchain.pem` : a.certFile,
    keyPath: a.tls === 'certbot' ? `${live}/privkey.pem` : a.keyFile,
    domains: [a.serverName, ...a.serverAliases.filter((alias) => alias !== a.serverName)],
    intermediateCiphers: INTERMEDIATE_CIPHERS,
    mdPortMap: a.port !== 80 || a.httpsPort !== 443 ? `http:${a.port} https:${a.httpsPort}` : '',
  };
}
