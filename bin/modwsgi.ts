#!/usr/bin/env node
// The package's own command: runs any sub-generator without a global `yo`,
// never waits for input when it cannot be given, and maps failures to exit codes
// (0 ok, 2 bad input, 1 anything else).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TerminalAdapter } from '@yeoman/adapter';
import { createEnv } from 'yeoman-environment';
import { closest, distance } from 'fastest-levenshtein';
import { ANSWERS, SUB_GENERATORS, optionName, type SubGenerator } from '../generators/_shared/answers.js';
import { answersSchema } from '../generators/_shared/validate.js';
import { FILE_FLAGS } from '../generators/_shared/plan.js';
import { runDoctor } from './doctor.js';

const FLAGS = {
  answers: { type: 'string', description: 'answers file (.json, .yml, .yaml)' },
  defaults: { type: 'boolean', description: 'take the default for every answer not given' },
  force: { type: 'boolean', description: FILE_FLAGS.force },
  fix: { type: 'boolean', description: FILE_FLAGS.fix },
  'dry-run': { type: 'boolean', description: FILE_FLAGS['dry-run'] },
  pretend: { type: 'boolean', description: FILE_FLAGS.pretend },
  cwd: { type: 'string', description: 'run in this folder instead of the current one' },
  interactive: { type: 'boolean', description: 'ask questions even without a terminal' },
  'print-schema': { type: 'boolean', description: 'print the JSON Schema of answers files and exit' },
  help: { type: 'boolean', short: 'h', description: 'this help' },
  version: { type: 'boolean', short: 'v', description: "the package's version" },
} as const;

const answerOptions = Object.fromEntries(ANSWERS.map((spec) => [optionName(spec.key), { type: 'string' as const }]));
const options = { ...FLAGS, ...answerOptions };
const knownFlags = Object.keys(options);

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const version = (JSON.parse(readFileSync(resolve(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

function usage(): string {
  const lines = [
    `usage: modwsgi [${SUB_GENERATORS.join('|')}] [options]`,
    '',
    '  app (default)  a whole Flask project ready for Apache + mod_wsgi',
    '  wsgi           only the .wsgi entry point',
    '  apache         only the vhost and the install scripts',
    '  fleet          deploy/ansible/: an Ansible playbook that deploys to many servers',
    '  venv           only the virtualenv script',
    '  doctor [ARGS]  run the project\'s deploy/doctor on the server (deploy/doctor --help)',
    '',
    'options:',
    ...Object.entries(FLAGS).map(([name, flag]) => `  --${name.padEnd(22)} ${flag.description}`),
    '',
    'answers (each also a key of the answers file):',
    ...ANSWERS.map((spec) => `  --${optionName(spec.key).padEnd(22)} ${spec.allowed} (default: ${spec.defaultText})`),
    '',
    'exit codes: 0 done, 2 bad input (nothing written), 1 any other failure (nothing written on a file conflict)',
  ];
  return lines.join('\n');
}

class UsageError extends Error {}

/** Yeoman reads .yo-rc.json while it builds the generator: a broken one is bad input (exit 2), said before that. */
function checkStoredAnswers(cwd: string): void {
  const file = resolve(cwd, '.yo-rc.json');
  if (!existsSync(file)) return;
  try {
    JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`.yo-rc.json: not valid JSON (${String((error as Error).message).split('\n')[0]}); fix or remove the file`);
  }
}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const flag = /'(--?[^' ]+)'/.exec(message)?.[1];
    const name = flag?.slice(2).split('=')[0] ?? '';
    if (flag?.startsWith('--') && knownFlags.includes(name)) {
      const problem = /does not take an argument/.test(message) ? 'is a switch and takes no value' : 'needs a value';
      throw new UsageError(`${flag}: ${problem}; see modwsgi --help`);
    }
    if (flag?.startsWith('--')) {
      const nearest = closest(name, knownFlags);
      const hint = distance(name, nearest) <= 3 ? `; did you mean --${nearest}?` : '; see modwsgi --help';
      throw new UsageError(`${flag}: unknown option${hint}`);
    }
    throw new UsageError(`${message.split('\n')[0]}; see modwsgi --help`);
  }
}

/** Any prompt in a run that cannot answer is a bug: fail instead of waiting forever. */
class NoPromptAdapter extends TerminalAdapter {
  override async prompt(): Promise<never> {
    throw new Error('internal: a question was asked in a run that cannot answer it');
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'doctor') return runDoctor(argv.slice(1));
  const { values, positionals } = parseCommandLine(argv);
  if (values.help) {
    console.log(usage());
    return 0;
  }
  if (values.version) {
    console.log(version);
    return 0;
  }
  if (values['print-schema']) {
    console.log(JSON.stringify(answersSchema(), null, 2));
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`expected at most one sub-generator, got ${positionals.join(' ')}`);
  const part = (positionals[0] ?? 'app') as SubGenerator;
  if (!SUB_GENERATORS.includes(part)) {
    throw new UsageError(`${JSON.stringify(part)}: unknown sub-generator; did you mean ${closest(part, [...SUB_GENERATORS])}? allowed: ${SUB_GENERATORS.join(', ')}`);
  }

  const cwd = resolve(values.cwd ?? process.cwd());
  checkStoredAnswers(cwd);
  const interactive = values.interactive ?? (Boolean(process.stdin.isTTY) && !process.env.CI);
  const adapter = interactive ? new TerminalAdapter() : new NoPromptAdapter();
  // Failures are printed below, one line per problem; Yeoman's extra "error while running" line would only repeat them.
  const logError = adapter.log.error.bind(adapter.log);
  adapter.log.error = ((...args: unknown[]) =>
    /^An error occured while running/.test(String(args[0])) ? adapter.log : logError(...(args as [string]))) as typeof adapter.log.error;
  const env = createEnv({ cwd, adapter, force: values.force ?? false, skipInstall: true } as never);
  for (const name of SUB_GENERATORS) {
    env.register(fileURLToPath(new URL(`../generators/${name}/index.js`, import.meta.url)), { namespace: `modwsgi:${name}` });
  }
  const generatorOptions: Record<string, unknown> = { interactive, force: values.force ?? false, skipInstall: true };
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && !['cwd', 'help', 'version', 'print-schema'].includes(key)) generatorOptions[key] = value;
  }
  await env.run([`modwsgi:${part}`], generatorOptions);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error & { problems?: string[]; exitCode?: number }) => {
    if (error instanceof UsageError) {
      console.error(`modwsgi: ${error.message}`);
      process.exit(2);
    }
    const lines = error.problems ?? String(error.message).split('\n');
    for (const line of lines) console.error(`modwsgi: ${line}`);
    process.exit(error.exitCode ?? 1);
  },
);
