// What differs between platforms, as data: package names, where config goes,
// how modules are enabled, how logs rotate, and which Python each release's
// mod_wsgi is built for. Install scripts, the vhost and the generated README
// read these facts; they hold no platform logic of their own.
import type { Platform } from './answers.js';

/** One release of a platform and the mod_wsgi its packages bring. */
export interface PlatformRelease {
  release: string;
  /** MAJOR.MINOR of the Python that release's mod_wsgi package is built for. */
  python: string;
  /** Upstream mod_wsgi version of the package (MAJOR.MINOR). */
  modWsgi: string;
}

export interface PlatformFacts {
  id: Platform;
  label: string;
  /** Generated install script, relative to the project; undefined for windows. */
  script?: string;
  /** Packages that bring Apache and a mod_wsgi built for `pythonVersion`. */
  packages: string[];
  /** The command that installs them, as a user would type it. */
  installCommand: string;
  /** Where the site's config file is placed. */
  siteConfig: string;
  /** Releases in support, newest first; `releases[0]` sets the pythonVersion default. */
  releases: PlatformRelease[];
  /** Folder for the server-level snippet and the per-port files (loaded before the sites). */
  confDir: string;
  /** Modules the TLS, header and HTTP/2 settings need, as the platform names them. */
  modules: { headers: string[]; tls: string[]; acme: string[]; http2: string[] };
  /** Extra packages for TLS (mod_ssl, mod_md where packaged apart) and for certbot. */
  tlsPackages: string[];
  certbotPackages: string[];
  /** Ports the stock config already has a `Listen` for (with mod_ssl enabled for 443). */
  stockListens: number[];
  /** Log rotation: logrotate.d or newsyslog.conf.d file, and how Apache reopens its logs. */
  rotation?: { kind: 'logrotate' | 'newsyslog'; file: string; reload: string };
  /** How the install script sets up what every site shares (server files, modules, certbot). */
  install: InstallFacts;
  /** The stock config's DocumentRoot(s): everything under them is served to any Host. */
  documentRoots: string[];
}

export interface InstallFacts {
  /** The conf folder as the script spells it (ROOT, APACHE_ETC, PREFIX are script variables). */
  confDir: string;
  /** a2enconf after copying (Debian), an Include line in httpd.conf (pkgsrc), or nothing (loaded from the folder). */
  enableConf: 'a2enconf' | 'include-line' | 'folder';
  /** a2enmod (Debian, openSUSE), packages that load themselves (RHEL), or LoadModule lines in a file of ours. */
  enableModules: 'a2enmod' | 'packages' | 'loadmodule';
  /** For loadmodule: the file the LoadModule lines go to, and the modules' folder relative to ServerRoot. */
  moduleFile?: string;
  moduleDir?: string;
  /** A command that succeeds when its package argument is installed, and the one that installs packages. */
  packageInstalled: string[];
  packageInstall: string[];
  configtest: string[];
  /** A graceful restart that starts Apache when it is not running (apachectl's graceful). */
  graceful: string[];
  /** The rotation file as the script spells it. */
  rotationTarget?: string;
}

/** "3.11" -> "311", as FreeBSD and pkgsrc spell it in package names. */
const pyTag = (pythonVersion: string) => pythonVersion.replace('.', '');

// Package facts from each distribution's package index (2026): Debian's and Ubuntu's
// libapache2-mod-wsgi-py3, RHEL's python3-mod_wsgi, openSUSE's apache2-mod_wsgi,
// FreeBSD's www/mod_wsgi4 and pkgsrc's www/ap2-wsgi flavours.
export const RELEASES: Record<Exclude<Platform, 'windows'>, PlatformRelease[]> = {
  debian: [
    { release: 'Debian 13 (trixie)', python: '3.13', modWsgi: '5.0' },
    { release: 'Debian 12 (bookworm)', python: '3.11', modWsgi: '4.9' },
    { release: 'Ubuntu 24.04 (noble)', python: '3.12', modWsgi: '5.0' },
    { release: 'Ubuntu 22.04 (jammy)', python: '3.10', modWsgi: '4.9' },
  ],
  rhel: [
    { release: 'RHEL 10 / Rocky / Alma 10', python: '3.12', modWsgi: '5.0' },
    { release: 'RHEL 9 / Rocky / Alma 9 (python3-mod_wsgi)', python: '3.9', modWsgi: '4.7' },
  ],
  opensuse: [
    { release: 'openSUSE Tumbleweed', python: '3.13', modWsgi: '5.0' },
    { release: 'openSUSE Leap 15.6 / SLES 15', python: '3.6', modWsgi: '4.5' },
  ],
  freebsd: [{ release: 'FreeBSD 14 ports (default flavour py311)', python: '3.11', modWsgi: '5.0' }],
  pkgsrc: [{ release: 'pkgsrc 2025Q4 (default flavour py312)', python: '3.12', modWsgi: '5.0' }],
};

/**
 * pythonVersion's default: the Python of the newest release of every chosen
 * platform when they agree, else `auto` (the install script reads it on the server).
 */
export function defaultPythonVersion(platforms: readonly Platform[]): string {
  const versions = new Set(platforms.filter((p) => p !== 'windows').map((p) => RELEASES[p as Exclude<Platform, 'windows'>][0].python));
  return versions.size === 1 ? [...versions][0] : 'auto';
}

/** The Python a FreeBSD or pkgsrc package flavour is named for; `auto` takes the platform's default flavour. */
const flavour = (id: 'freebsd' | 'pkgsrc', pythonVersion: string) => pyTag(pythonVersion === 'auto' ? RELEASES[id][0].python : pythonVersion);

const debianLike = { headers: ['headers'], tls: ['ssl', 'socache_shmcb'], acme: ['md'], http2: ['http2'] };
const loadLines = { headers: ['headers'], tls: ['ssl', 'socache_shmcb'], acme: ['watchdog', 'md'], http2: ['http2'] };

export function platformFacts(id: Platform, name: string, pythonVersion: string): PlatformFacts {
  switch (id) {
    case 'debian':
      return { id, label: 'Debian / Ubuntu', script: 'deploy/install-debian.sh', packages: ['apache2', 'libapache2-mod-wsgi-py3'],
        installCommand: 'apt-get install -y apache2 libapache2-mod-wsgi-py3', siteConfig: `/etc/apache2/sites-available/${name}.conf`, documentRoots: ['/var/www/html'],
        releases: RELEASES.debian, confDir: '/etc/apache2/conf-available', modules: debianLike,
        tlsPackages: [], certbotPackages: ['certbot', 'python3-certbot-apache'], stockListens: [80, 443],
        rotation: { kind: 'logrotate', file: `/etc/logrotate.d/apache2-${name}`, reload: 'invoke-rc.d apache2 reload' },
        install: { confDir: '/etc/apache2/conf-available', enableConf: 'a2enconf', enableModules: 'a2enmod', packageInstalled: ['dpkg', '-s'],
          packageInstall: ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends'],
          configtest: ['apache2ctl', 'configtest'], graceful: ['apache2ctl', 'graceful'], rotationTarget: `/etc/logrotate.d/apache2-${name}` } };
    case 'rhel':
      return { id, label: 'RHEL / Fedora / Rocky / Alma', script: 'deploy/install-rhel.sh', packages: ['httpd', 'python3-mod_wsgi'],
        installCommand: 'dnf install -y httpd python3-mod_wsgi (yum on older releases)', siteConfig: `/etc/httpd/conf.d/${name}.conf`, documentRoots: ['/var/www/html'],
        releases: RELEASES.rhel, confDir: '/etc/httpd/conf.d',
        // httpd loads headers; mod_ssl, mod_md and mod_http2 load themselves once their packages are in.
        modules: { headers: [], tls: [], acme: [], http2: [] },
        tlsPackages: ['mod_ssl', 'mod_md', 'mod_http2'], certbotPackages: ['certbot', 'python3-certbot-apache'], stockListens: [80, 443],
        rotation: { kind: 'logrotate', file: `/etc/logrotate.d/httpd-${name}`, reload: 'systemctl reload httpd.service' },
        install: { confDir: '${ROOT}/etc/httpd/conf.d', enableConf: 'folder', enableModules: 'packages', packageInstalled: ['rpm', '-q'],
          packageInstall: ['dnf', 'install', '-y'], configtest: ['apachectl', 'configtest'], graceful: ['apachectl', 'graceful'],
          rotationTarget: `\${ROOT}/etc/logrotate.d/httpd-${name}` } };
    case 'opensuse':
      return { id, label: 'openSUSE / SLES', script: 'deploy/install-opensuse.sh', packages: ['apache2', 'apache2-mod_wsgi'],
        installCommand: 'zypper --non-interactive install apache2 apache2-mod_wsgi', siteConfig: `/etc/apache2/vhosts.d/${name}.conf`, documentRoots: ['/srv/www/htdocs'],
        releases: RELEASES.opensuse, confDir: '/etc/apache2/conf.d', modules: debianLike,
        tlsPackages: [], certbotPackages: ['python3-certbot', 'python3-certbot-apache'], stockListens: [80, 443],
        rotation: { kind: 'logrotate', file: `/etc/logrotate.d/apache2-${name}`, reload: 'systemctl reload apache2.service' },
        install: { confDir: '${ROOT}/etc/apache2/conf.d', enableConf: 'folder', enableModules: 'a2enmod', packageInstalled: ['rpm', '-q'],
          packageInstall: ['zypper', '--non-interactive', 'install'], configtest: ['apachectl', 'configtest'], graceful: ['apachectl', 'graceful'],
          rotationTarget: `\${ROOT}/etc/logrotate.d/apache2-${name}` } };
    case 'freebsd': {
      const py = flavour('freebsd', pythonVersion);
      return { id, label: 'FreeBSD', script: 'deploy/install-freebsd.sh', packages: ['apache24', `ap24-py${py}-mod_wsgi`],
        installCommand: `pkg install -y apache24 ap24-py${py}-mod_wsgi`, siteConfig: `/usr/local/etc/apache24/Includes/${name}.conf`, documentRoots: ['/usr/local/www/apache24/data'],
        releases: RELEASES.freebsd, confDir: '/usr/local/etc/apache24/Includes', modules: loadLines,
        tlsPackages: [], certbotPackages: [`py${py}-certbot`, `py${py}-certbot-apache`], stockListens: [80],
        rotation: { kind: 'newsyslog', file: `/usr/local/etc/newsyslog.conf.d/apache24-${name}.conf`, reload: '/var/run/httpd.pid' },
        install: { confDir: '${APACHE_ETC}/Includes', enableConf: 'folder', enableModules: 'loadmodule', moduleFile: '${APACHE_ETC}/modules.d/260_modwsgi_tls.conf',
          moduleDir: 'libexec/apache24', packageInstalled: ['pkg', 'info', '-e'], packageInstall: ['pkg', 'install', '-y'],
          configtest: ['service', 'apache24', 'configtest'], graceful: ['apachectl', 'graceful'],
          rotationTarget: `\${ROOT}/usr/local/etc/newsyslog.conf.d/apache24-${name}.conf` } };
    }
    case 'pkgsrc': {
      const py = flavour('pkgsrc', pythonVersion);
      return { id, label: 'pkgsrc (NetBSD, SmartOS, illumos, ...)', script: 'deploy/install-pkgsrc.sh', packages: ['apache', `ap24-py${py}-wsgi`],
        installCommand: `pkgin -y install apache ap24-py${py}-wsgi`, siteConfig: `$PREFIX/etc/httpd/${name}.conf`, documentRoots: [
          // $PREFIX/share/httpd/htdocs: /usr/pkg on NetBSD, /opt/local on SmartOS and illumos.
          '/usr/pkg/share/httpd/htdocs', '/opt/local/share/httpd/htdocs'],
        releases: RELEASES.pkgsrc, confDir: '$PREFIX/etc/httpd', modules: loadLines,
        tlsPackages: [], certbotPackages: [`py${py}-certbot`, `py${py}-certbot-apache`], stockListens: [80],
        install: { confDir: '${PREFIX}/etc/httpd/modwsgi.d', enableConf: 'include-line', enableModules: 'loadmodule',
          moduleFile: '${PREFIX}/etc/httpd/modwsgi.d/00-modules.conf', moduleDir: 'lib/httpd', packageInstalled: ['pkg_info', '-e'],
          packageInstall: ['pkgin', '-y', 'install'], configtest: ['"$APACHECTL"', 'configtest'], graceful: ['"$APACHECTL"', 'graceful'] } };
    }
    case 'windows':
      return { id, label: 'Windows', packages: ['Apache Lounge httpd 2.4', 'mod_wsgi (pip install mod_wsgi)'],
        installCommand: 'pip install mod_wsgi, then mod_wsgi-express module-config', siteConfig: `conf/extra/${name}.conf`, documentRoots: ['C:/Apache24/htdocs'],
        releases: [], confDir: 'conf/extra', modules: loadLines, tlsPackages: [], certbotPackages: [], stockListens: [80],
        install: { confDir: 'conf/extra', enableConf: 'folder', enableModules: 'loadmodule', packageInstalled: [], packageInstall: [], configtest: [], graceful: [] } };
  }
}

/** Every platform's stock DocumentRoots: a default path must lie under none of them. */
export const allDocumentRoots = (platforms: readonly Platform[]) => platforms.flatMap((id) => platformFacts(id, 'x', '3.11').documentRoots);

/** /var/www/NAME, unless that is a DocumentRoot of some platform (a project named html): then /var/www/NAME-app. */
export function safeDeployPath(name: string): string {
  const path = `/var/www/${name}`;
  const roots = allDocumentRoots(['debian', 'rhel', 'opensuse', 'freebsd', 'pkgsrc']);
  return roots.some((root) => path === root || path.startsWith(`${root}/`)) ? `${path}-app` : path;
}
