// deploy/doctor: the facts it is generated with and the files it is made of.
// The Python is static; only the facts block in deploy/doctor varies with the answers.
import type { Platform } from './answers.js';
import type { RenderContext } from './context.js';
import type { FileSpec } from './files.js';

/** What the doctor needs to know about each platform it may run on. */
interface DoctorPlatform {
  /** Commands that stand for apachectl, first found wins. */
  apachectl: string[];
  /** The server's error log when the vhost has none (also read from `apachectl -S`). */
  errorLogs: string[];
  /** RHEL's default WSGISocketPrefix (logs/) is not reachable by the daemon user. */
  socketPrefixNeeded: boolean;
}

const DOCTOR_PLATFORMS: Partial<Record<Platform, DoctorPlatform>> = {
  debian: { apachectl: ['apache2ctl', 'apachectl'], errorLogs: ['/var/log/apache2/error.log'], socketPrefixNeeded: false },
  rhel: { apachectl: ['apachectl', 'httpd'], errorLogs: ['/var/log/httpd/error_log'], socketPrefixNeeded: true },
  opensuse: { apachectl: ['apache2ctl', 'apachectl'], errorLogs: ['/var/log/apache2/error_log'], socketPrefixNeeded: false },
  freebsd: { apachectl: ['apachectl'], errorLogs: ['/var/log/httpd-error.log'], socketPrefixNeeded: false },
  pkgsrc: { apachectl: ['apachectl'], errorLogs: ['/usr/pkg/var/log/httpd/error_log', '/opt/local/var/log/httpd/error_log'], socketPrefixNeeded: false },
};

/** The facts block of deploy/doctor: one JSON document, written as a Python string literal. */
export function doctorFacts(c: Omit<RenderContext, 'doctorFacts'>): string {
  const platforms = c.installPlatforms.map((p) => ({ id: p.id, siteConfig: p.siteConfig, ...DOCTOR_PLATFORMS[p.id] }));
  return JSON.stringify({
    name: c.name,
    package: c.package,
    appStyle: c.appStyle,
    sourceDir: c.sourceDir,
    deployPath: c.deployPath,
    // The live release (DEPLOYPATH/current) is what Apache serves; --release checks another.
    projectPath: c.currentPath,
    staticFolder: c.staticDir.startsWith(`${c.currentPath}/`) ? c.staticDir.slice(c.currentPath.length + 1) : null,
    tls: c.tls !== 'off',
    httpsPort: c.httpsPort,
    venvPath: c.venvPath,
    venvActivation: c.venvActivation,
    daemon: c.daemonMode,
    user: c.user,
    group: c.group,
    serverName: c.serverName,
    serverAliases: c.serverAliases,
    port: c.port,
    staticUrl: c.staticUrl,
    healthUrl: c.healthUrl,
    logDir: c.logDir,
    pythonVersion: c.pythonVersion,
    wsgiFile: c.wsgiFile,
    vhostFile: c.vhostFile,
    platforms,
  });
}

const MODULES = ['__init__', 'cli', 'model', 'report', 'system', 'apache', 'registry', 'checks', 'python_checks', 'account_checks', 'importer', 'apache_checks', 'live_checks', 'signatures'];

export const DOCTOR_FILES: FileSpec[] = [
  { template: 'deploy/doctor.ejs', executable: true },
  ...MODULES.map((module) => ({ template: `deploy/modwsgi_doctor/${module}.py.ejs` })),
];
