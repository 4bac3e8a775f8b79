// What differs between platforms, as data: package names, where a site's
// config goes, how Apache is checked and restarted. Install script templates
// and the generated README read these facts; they hold no platform logic.
import type { Platform } from './answers.js';

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
  /** The stock config's DocumentRoot(s): everything under them is served to any Host. */
  documentRoots: string[];
}

/** "3.11" -> "311", as FreeBSD and pkgsrc spell it in package names. */
const pyTag = (pythonVersion: string) => pythonVersion.replace('.', '');

export function platformFacts(id: Platform, name: string, pythonVersion: string): PlatformFacts {
  const py = pyTag(pythonVersion);
  switch (id) {
    case 'debian':
      return { id, label: 'Debian / Ubuntu', script: 'deploy/install-debian.sh', packages: ['apache2', 'libapache2-mod-wsgi-py3'],
        installCommand: 'apt-get install -y apache2 libapache2-mod-wsgi-py3', siteConfig: `/etc/apache2/sites-available/${name}.conf`, documentRoots: ['/var/www/html'] };
    case 'rhel':
      return { id, label: 'RHEL / Fedora / Rocky / Alma', script: 'deploy/install-rhel.sh', packages: ['httpd', 'python3-mod_wsgi'],
        installCommand: 'dnf install -y httpd python3-mod_wsgi (yum on older releases)', siteConfig: `/etc/httpd/conf.d/${name}.conf`, documentRoots: ['/var/www/html'] };
    case 'opensuse':
      return { id, label: 'openSUSE / SLES', script: 'deploy/install-opensuse.sh', packages: ['apache2', 'apache2-mod_wsgi'],
        installCommand: 'zypper --non-interactive install apache2 apache2-mod_wsgi', siteConfig: `/etc/apache2/vhosts.d/${name}.conf`, documentRoots: ['/srv/www/htdocs'] };
    case 'freebsd':
      return { id, label: 'FreeBSD', script: 'deploy/install-freebsd.sh', packages: ['apache24', `ap24-py${py}-mod_wsgi`],
        installCommand: `pkg install -y apache24 ap24-py${py}-mod_wsgi`, siteConfig: `/usr/local/etc/apache24/Includes/${name}.conf`, documentRoots: ['/usr/local/www/apache24/data'] };
    case 'pkgsrc':
      return { id, label: 'pkgsrc (NetBSD, SmartOS, illumos, ...)', script: 'deploy/install-pkgsrc.sh', packages: ['apache', `ap24-py${py}-wsgi`],
        installCommand: `pkgin -y install apache ap24-py${py}-wsgi`, siteConfig: `$PREFIX/etc/httpd/${name}.conf`,
        // $PREFIX/share/httpd/htdocs: /usr/pkg on NetBSD, /opt/local on SmartOS and illumos.
        documentRoots: ['/usr/pkg/share/httpd/htdocs', '/opt/local/share/httpd/htdocs'] };
    case 'windows':
      return { id, label: 'Windows', packages: ['Apache Lounge httpd 2.4', 'mod_wsgi (pip install mod_wsgi)'],
        installCommand: 'pip install mod_wsgi, then mod_wsgi-express module-config', siteConfig: `conf/extra/${name}.conf`, documentRoots: ['C:/Apache24/htdocs'] };
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
