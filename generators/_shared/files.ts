// Which files each sub-generator writes, as data. A template's output path is
// its path under templates/<part>/ minus .ejs (render.ts: destinationOf);
// structured files (TOML) are built as objects and serialized.
import type { SubGenerator } from './answers.js';
import type { RenderContext } from './context.js';
import { toJsonDocument, toTomlDocument } from './escape.js';
import { DOCTOR_FILES } from './doctor.js';
import { FLEET_FILES } from './fleet.js';

export interface FileSpec {
  template?: string;
  /** Where it goes, when not the template's own path; built files always say. */
  destination?: (context: RenderContext) => string;
  /** Extra values for a template written more than once (one per port, per platform). */
  locals?: (context: RenderContext) => Record<string, unknown>;
  build?: (context: RenderContext) => string;
  when?: (context: RenderContext) => boolean;
  /** Written with mode 0755 (default: files ending in .sh). */
  executable?: boolean;
}

const requirement = (deps: Record<string, string>) => Object.entries(deps).map(([name, version]) => `${name}${version}`);

export function pyprojectDocument(c: RenderContext): Record<string, unknown> {
  return {
    'build-system': { requires: ['setuptools>=61'], 'build-backend': 'setuptools.build_meta' },
    project: {
      name: c.name,
      version: '0.1.0',
      description: `${c.name}: a Flask application deployed with Apache httpd and mod_wsgi`,
      'requires-python': '>=3.9',
      dependencies: requirement(c.dependencies.runtime),
      'optional-dependencies': { test: requirement(c.dependencies.test) },
    },
    tool: {
      setuptools: { packages: [c.package], 'package-data': { [c.package]: ['templates/*', 'static/*'] } },
      pytest: { ini_options: { testpaths: ['tests'], pythonpath: ['.'] } },
    },
  };
}

/** package.json for npm workspaces: npm runs the Python tooling through scripts. */
export function packageJsonDocument(c: RenderContext): Record<string, unknown> {
  const scripts: Record<string, string> = {
    test: 'python3 -m pytest',
    start: 'python3 run.py',
    venv: 'bash deploy/create-venv.sh',
  };
  for (const platform of c.installPlatforms) scripts[`deploy:${platform.id}`] = `sudo bash ${platform.script}`;
  return {
    name: c.name.toLowerCase(),
    version: '0.1.0',
    private: true,
    description: `${c.name}: a Flask application deployed with Apache httpd and mod_wsgi`,
    scripts,
  };
}

const has = (platform: string) => (c: RenderContext) => (c.platforms as string[]).includes(platform);

/** The server-level files every site shares: one per port, one snippet, log rotation per platform. */
const serverFiles = (): FileSpec[] => [
  { template: 'deploy/apache/modwsgi-server.conf.ejs' },
  ...[0, 1].map((index): FileSpec => ({
    template: 'deploy/apache/modwsgi-port.conf.ejs', when: (c) => index < c.portFiles.length,
    destination: (c) => c.portFiles[index].file, locals: (c) => ({ portFile: c.portFiles[index] }),
  })),
  ...['debian', 'rhel', 'opensuse', 'freebsd'].map((platform): FileSpec => ({
    template: 'deploy/logrotate.ejs',
    when: (c) => c.rotationFiles.some((r) => r.platform === platform),
    destination: (c) => c.rotationFiles.find((r) => r.platform === platform)!.file,
    locals: (c) => ({ rotation: c.rotationFiles.find((r) => r.platform === platform) }),
  })),
];

export const FILES: Record<SubGenerator, FileSpec[]> = {
  app: [
    { destination: () => 'pyproject.toml', build: (c) => toTomlDocument(pyprojectDocument(c)) },
    { destination: () => 'package.json', build: (c) => toJsonDocument(packageJsonDocument(c)), when: (c) => c.npmWorkspace },
    { template: 'requirements.txt.ejs' },
    { template: '_gitignore.ejs' },
    { template: 'README.md.ejs' },
    { template: '_package_/__init__.py.ejs' },
    { template: '_package_/views.py.ejs' },
    { template: '_package_/templates/index.html.ejs' },
    { template: '_package_/static/style.css.ejs' },
    { template: 'run.py.ejs' },
    { template: 'tests/conftest.py.ejs' },
    { template: 'tests/test_app.py.ejs' },
  ],
  wsgi: [{ template: '_name_.wsgi.ejs' }],
  apache: [
    { template: 'deploy/apache/_name_.conf.ejs' },
    { template: 'deploy/apache/_name_-windows.conf.ejs', when: has('windows') },
    ...serverFiles(),
    { template: 'deploy/install-debian.sh.ejs', when: has('debian') },
    { template: 'deploy/install-rhel.sh.ejs', when: has('rhel') },
    { template: 'deploy/install-opensuse.sh.ejs', when: has('opensuse') },
    { template: 'deploy/install-freebsd.sh.ejs', when: has('freebsd') },
    { template: 'deploy/install-pkgsrc.sh.ejs', when: has('pkgsrc') },
    ...DOCTOR_FILES,
  ],
  venv: [{ template: 'deploy/create-venv.sh.ejs' }],
  fleet: FLEET_FILES,
};
