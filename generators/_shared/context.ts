// Resolve before render: a pure function from validated answers to the values
// templates print. Cross-field rules live here; templates only test and loop.
import { ANSWERS, PLATFORMS, type Answers, type Platform } from './answers.js';
import { doctorFacts } from './doctor.js';
import { platformFacts, safeDeployPath, type PlatformFacts } from './platforms.js';
import { AnswersError, showValue } from './validate.js';
import { rotationProblems, tlsProblems } from './answers-production.js';
import { serverContext, type ServerContext } from './context-server.js';
import pythonDependencies from './python-dependencies.json' with { type: 'json' };
import { parseFlaskApp, type FlaskApp } from './flask-app.js';

/** What an existing repository shows beyond the answers (repository/detect.ts); a new project has none. */
export interface RepositoryFacts {
  /** The static folder the app serves, relative to the project root; null when it serves none. */
  staticFolder?: string | null;
  /** Folders the app writes, relative to the project root (instance/, logs/...). */
  writableDirs?: string[];
}

export interface WindowsContext {
  deployPath: string;
  venvPath: string;
  wsgiPath: string;
  activateThis: string;
  staticDir: string;
}

export interface RenderContext extends Answers, ServerContext {
  /** The .wsgi file name, at the project root. */
  wsgiFile: string;
  /** The live release on the server: a link the install scripts switch to each new release. */
  currentPath: string;
  /** The .wsgi file on the server, in the live release. */
  wsgiPath: string;
  /** The vhost file in the project, and its Windows variant. */
  vhostFile: string;
  windowsVhostFile: string;
  /** The venv's activate_this.py on the server. */
  activateThis: string;
  /** The folder the .wsgi file puts on sys.path: the live release, or its sourceDir. */
  importPath: string;
  /** The package's static folder on the server. */
  staticDir: string;
  /** mod_wsgi daemon mode on the POSIX platforms (Windows is always embedded). */
  daemonMode: boolean;
  /** The site's address, for messages. */
  siteUrl: string;
  /** The Windows variant needs a `Listen` line: Apache's stock config listens on 80 only. */
  listen: boolean;
  /** Platforms with an install script, and their facts. */
  installPlatforms: PlatformFacts[];
  /** Every platform's facts, chosen or not, by id. */
  facts: Record<Platform, PlatformFacts>;
  windows?: WindowsContext;
  dependencies: { runtime: Record<string, string>; test: Record<string, string> };
  /** flaskApp split into what the .wsgi imports and calls. */
  appEntry: FlaskApp;
  /** Folders under deployPath the daemon user must be able to write; the install step creates them. */
  writableDirs: string[];
  /** writableDirs but the instance folder: each shared across releases (DEPLOYPATH/shared/DIR). */
  sharedDirs: string[];
  /** The facts deploy/doctor is generated with, as JSON text (doctor.ts). */
  doctorFacts: string;
}

const trimSlashes = (path: string) => path.replace(/\/+$/, '');
/** `path` is `folder` or lies inside it. */
const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);
/** Folders the generated project has at its root; a venv there would mix with them. */
const PROJECT_FOLDERS = ['deploy', 'tests', 'instance'];

/**
 * Rules that join two or more answers; every broken one is reported at once,
 * each naming both fields and the fix. Stated rules that resolve instead of
 * failing: the Windows variant always runs embedded (daemon applies to POSIX
 * servers); serverAliases drop the serverName.
 */
function crossFieldProblems(a: Answers): string[] {
  const problems: string[] = [];
  const deploy = trimSlashes(a.deployPath);
  const venv = trimSlashes(a.venvPath);
  if (a.venvActivation === 'python-home' && !a.daemon) {
    problems.push(
      'venvActivation: "python-home" needs daemon: true (python-home is an option of WSGIDaemonProcess); ' +
        'set daemon: true, or venvActivation: "activate_this" for embedded mode',
    );
  }
  if (deploy === '') {
    problems.push('deployPath: "/" cannot hold the project; allowed: an absolute path below /, e.g. /var/www/' + a.name);
  } else if (venv === '' || within(deploy, venv)) {
    problems.push(`venvPath: ${showValue(a.venvPath)} must be a folder of its own, not the deployPath ${showValue(a.deployPath)} or a folder above it; e.g. ${deploy}/venv`);
  } else {
    const clash = [a.package, ...PROJECT_FOLDERS].find((folder) => within(venv, `${deploy}/${folder}`));
    if (clash) {
      problems.push(`venvPath: ${showValue(a.venvPath)} lies in the project's folder ${clash}/ under deployPath ${showValue(a.deployPath)} (package ${showValue(a.package)}); e.g. ${deploy}/venv`);
    }
  }
  problems.push(...documentRootProblems(a));
  // The static folder Apache serves: sourceDir (a src/ layout) is part of its path.
  const staticDir = `${a.sourceDir ? `${deploy}/${trimSlashes(a.sourceDir)}` : deploy}/${a.package}/static`;
  if (a.logDir !== '' && deploy !== '' && within(trimSlashes(a.logDir), staticDir)) {
    problems.push(
      `logDir: ${showValue(a.logDir)} is inside the static folder ${staticDir} (deployPath ${showValue(a.deployPath)}, package ${showValue(a.package)}), ` +
        'which is served to everyone; put the logs outside it, e.g. /var/log/' + a.name,
    );
  }
  problems.push(...tlsProblems(a), ...rotationProblems(a));
  const health = a.healthUrl.replace(/\/+$/, '');
  if (a.staticUrl !== '' && (health === a.staticUrl || health.startsWith(`${a.staticUrl}/`))) {
    problems.push(
      `healthUrl: ${showValue(a.healthUrl)} lies under staticUrl ${showValue(a.staticUrl)}, which Apache serves from the static folder ` +
        'without asking the app; give a path the app answers, e.g. /health',
    );
  }
  return problems;
}

/** deployPath, venvPath and logDir must not be or lie under a DocumentRoot of a chosen platform: all of it would be served. */
function documentRootProblems(a: Answers): string[] {
  const problems: string[] = [];
  const posix = a.platforms.filter((p) => p !== 'windows');
  const fields: Array<[string, string]> = [['deployPath', a.deployPath], ['venvPath', a.venvPath], ['logDir', a.logDir]];
  for (const [field, value] of fields) {
    if (value === '') continue;
    const path = trimSlashes(value) || '/';
    for (const platform of posix) {
      const facts = platformFacts(platform, a.name, a.pythonVersion);
      const root = facts.documentRoots.find((folder) => within(path, folder));
      if (!root) continue;
      problems.push(
        `${field}: ${showValue(value)} ${path === root ? 'is' : 'lies under'} ${facts.label}'s DocumentRoot ${root}, which Apache serves to any Host ` +
          `(the source, .env and .yo-rc.json would be downloadable); choose a folder outside it, e.g. ${suggestion(field, a)}`,
      );
      break;
    }
  }
  if (a.platforms.includes('windows')) {
    const path = a.windowsDeployPath.replace(/\\/g, '/').replace(/\/+$/, '').toLowerCase();
    const root = platformFacts('windows', a.name, a.pythonVersion).documentRoots.find((folder) => within(path, folder.toLowerCase()));
    if (root) problems.push(`windowsDeployPath: ${showValue(a.windowsDeployPath)} is or lies under Apache's DocumentRoot ${root}, which is served to any Host; e.g. C:/www/${a.name}`);
  }
  return problems;
}

const suggestion = (field: string, a: Answers) =>
  field === 'logDir' ? `/var/log/${a.name}` : field === 'venvPath' ? `${safeDeployPath(a.name)}/venv` : safeDeployPath(a.name);

export function resolveContext(answers: Answers, facts: RepositoryFacts = {}): RenderContext {
  const missing = ANSWERS.filter((spec) => answers[spec.key] === undefined).map((spec) => spec.key);
  if (missing.length > 0) throw new AnswersError([`internal: answers lack ${missing.join(', ')}`]);
  const problems = crossFieldProblems(answers);
  if (problems.length > 0) throw new AnswersError(problems);

  const deployPath = trimSlashes(answers.deployPath);
  const venvPath = trimSlashes(answers.venvPath);
  const wsgiFile = `${answers.name}.wsgi`;
  const currentPath = `${deployPath}/current`;
  const inProject = (base: string) => (answers.sourceDir ? `${base}/${answers.sourceDir}` : base);
  const platforms: Platform[] = answers.platforms;
  let windows: WindowsContext | undefined;
  if (platforms.includes('windows')) {
    const winDeploy = answers.windowsDeployPath.replace(/\\/g, '/').replace(/\/+$/, '');
    windows = {
      deployPath: winDeploy,
      venvPath: `${winDeploy}/venv`,
      wsgiPath: `${winDeploy}/${wsgiFile}`,
      activateThis: `${winDeploy}/venv/Scripts/activate_this.py`,
      staticDir: facts.staticFolder ? `${winDeploy}/${facts.staticFolder}` : `${inProject(winDeploy)}/${answers.package}/static`,
    };
  }
  const installPlatforms = platforms.filter((p) => p !== 'windows').map((p) => platformFacts(p, answers.name, answers.pythonVersion));
  const logDir = trimSlashes(answers.logDir);
  const tlsOn = answers.tls !== 'off';
  const context: Omit<RenderContext, 'doctorFacts'> = {
    ...answers,
    ...serverContext(answers, installPlatforms, logDir),
    deployPath,
    venvPath,
    logDir,
    serverAliases: answers.serverAliases.filter((alias) => alias !== answers.serverName),
    wsgiFile,
    currentPath,
    wsgiPath: `${currentPath}/${wsgiFile}`,
    vhostFile: `deploy/apache/${answers.name}.conf`,
    windowsVhostFile: `deploy/apache/${answers.name}-windows.conf`,
    activateThis: `${venvPath}/bin/activate_this.py`,
    importPath: inProject(currentPath),
    staticDir: facts.staticFolder ? `${currentPath}/${facts.staticFolder}` : `${inProject(currentPath)}/${answers.package}/static`,
    daemonMode: answers.daemon,
    listen: answers.port !== 80,
    siteUrl: tlsOn
      ? `https://${answers.serverName}${answers.httpsPort === 443 ? '' : `:${answers.httpsPort}`}/`
      : `http://${answers.serverName}${answers.port === 80 ? '' : `:${answers.port}`}/`,
    installPlatforms,
    facts: Object.fromEntries(PLATFORMS.map((p) => [p, platformFacts(p, answers.name, answers.pythonVersion)])) as Record<Platform, PlatformFacts>,
    windows,
    dependencies: { runtime: pythonDependencies.runtime, test: pythonDependencies.test },
    appEntry: parseFlaskApp(answers.flaskApp),
    writableDirs: facts.writableDirs ?? [],
    // The instance folder is shared by the install scripts already; the rest are linked the same way.
    sharedDirs: (facts.writableDirs ?? []).filter((dir) => dir !== 'instance' && dir !== `${trimSlashes(answers.sourceDir)}/instance`),
  };
  return { ...context, doctorFacts: doctorFacts(context) };
}
