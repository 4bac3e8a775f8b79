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
}

/** "3.11" -> "311", as FreeBSD and pkgsrc spell it in package names. */
const pyTag = (pythonVersion: string) => pythonVersion.replace('.', '');

export function platformFacts(id: Platform, name: string, pythonVersion: string): PlatformFacts {
  const py = pyTag(pythonVersion);
  switch (id) {
    case 'debian':
      return { id, label: 'Debian / Ubuntu', script: 'deploy/install-debian.sh', packages: ['apache2', 'libapache2-mod-wsgi-py3'],
        installCommand: 'apt-get install -y apache2 libapache2-mod-wsgi-py3', siteConfig: `/etc/apache2/sites-available/${name}.conf` };
    case 'rhel':
      return { id, label: 'RHEL / Fedora / Rocky / Alma', script: 'deploy/install-rhel.sh', packages: ['httpd', 'python3-mod_wsgi'],
        installCommand: 'dnf install -y httpd python3-mod_wsgi (yum on older releases)', siteConfig: `/etc/httpd/conf.d/${name}.conf` };
    case 'opensuse':
      return { id, label: 'openSUSE / SLES', script: 'deploy/install-opensuse.sh', packages: ['apache2', 'apache2-mod_wsgi'],
        installCommand: 'zypper --non-interactive install apache2 apache2-mod_wsgi', siteConfig: `/etc/apache2/vhosts.d/${name}.conf` };
    case 'freebsd':
      return { id, label: 'FreeBSD', script: 'deploy/install-freebsd.sh', packages: ['apache24', `ap24-py${py}-mod_wsgi`],
        installCommand: `pkg install -y apache24 ap24-py${py}-mod_wsgi`, siteConfig: `/usr/local/etc/apache24/Includes/${name}.conf` };
    case 'pkgsrc':
      return { id, label: 'pkgsrc (NetBSD, SmartOS, illumos, ...)', script: 'deploy/install-pkgsrc.sh', packages: ['apache', `ap24-py${py}-wsgi`],
        installCommand: `pkgin -y install apache ap24-py${py}-wsgi`, siteConfig: `$PREFIX/etc/httpd/${name}.conf` };
    case 'windows':
      return { id, label: 'Windows', packages: ['Apache Lounge httpd 2.4', 'mod_wsgi (pip install mod_wsgi)'],
        installCommand: 'pip install mod_wsgi, then mod_wsgi-express module-config', siteConfig: `conf/extra/${name}.conf` };
  }
}
