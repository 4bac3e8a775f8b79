// The modwsgi command line: which options exist, how they are read, and the
// one-line errors for the ones that are not. Answer options derive from the
// answers model; boolean answers are switches with a --no- form.
import { parseArgs } from 'node:util';
import { closest, distance } from 'fastest-levenshtein';
import { ANSWERS, SUB_GENERATORS, optionName } from '../answers.js';
import { FILE_FLAGS } from './file-flags.js';

/** What `modwsgi COMMAND` can run: every sub-generator, and update. */
export const COMMANDS = [...SUB_GENERATORS, 'update'] as const;
export type Command = (typeof COMMANDS)[number];

export interface Flag {
  type: 'string' | 'boolean';
  description: string;
  /** The argument's name in help, e.g. FILE. */
  placeholder?: string;
  short?: string;
  /** The commands it applies to; all when absent. */
  only?: readonly Command[];
}

/** How a run treats a merge conflict; the same option for `yo modwsgi:*`. */
export const CONFLICT_FLAG = 'markers: write conflicting merges with git-style markers (and exit 1) instead of refusing';

export const FLAGS: Record<string, Flag> = {
  answers: { type: 'string', placeholder: 'FILE', description: 'answers file (.json, .yml, .yaml)', only: SUB_GENERATORS },
  defaults: { type: 'boolean', description: 'take the default for every answer not given', only: SUB_GENERATORS },
  ask: { type: 'boolean', description: 'ask every question again, with the recorded answers as defaults', only: SUB_GENERATORS },
  force: { type: 'boolean', description: FILE_FLAGS.force },
  conflict: { type: 'string', placeholder: 'markers', description: CONFLICT_FLAG },
  fix: { type: 'boolean', description: FILE_FLAGS.fix, only: SUB_GENERATORS },
  'dry-run': { type: 'boolean', description: FILE_FLAGS['dry-run'] },
  pretend: { type: 'boolean', description: FILE_FLAGS.pretend },
  cwd: { type: 'string', placeholder: 'DIR', description: 'run in this folder instead of the current one' },
  interactive: { type: 'boolean', description: 'ask questions even without a terminal' },
  'print-schema': { type: 'boolean', description: 'print the JSON Schema of answers files and exit', only: [] },
  help: { type: 'boolean', short: 'h', description: 'this help' },
  version: { type: 'boolean', short: 'v', description: "the package's version", only: [] },
};

const BOOLEAN_ANSWERS = new Set(ANSWERS.filter((spec) => spec.kind === 'boolean').map((spec) => optionName(spec.key)));
const answerOptions = Object.fromEntries(ANSWERS.map((spec) => [optionName(spec.key), { type: 'string' as const }]));
const parseOptions = {
  ...Object.fromEntries(Object.entries(FLAGS).map(([name, flag]) => [name, { type: flag.type, ...(flag.short ? { short: flag.short } : {}) }])),
  ...answerOptions,
};
export const KNOWN_OPTIONS = Object.keys(parseOptions);

/** A bad command line: exit 2, one line. Told by its fields, not its class (the command's two bundles each have a copy). */
export class UsageError extends Error {
  readonly exitCode = 2;
  readonly problems: string[];
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
    this.problems = [message];
  }
}

/**
 * Boolean answers as a person writes them: `--daemon`, `--no-daemon`,
 * `--daemon=false`, `--daemon false`. Each becomes `--daemon=true|false`, and the
 * value is then checked like any other (validate.ts).
 */
export function normalizeSwitches(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const negated = /^--no-([a-z-]+)$/.exec(arg)?.[1];
    if (negated && BOOLEAN_ANSWERS.has(negated)) {
      out.push(`--${negated}=false`);
      continue;
    }
    const name = /^--([a-z-]+)$/.exec(arg)?.[1];
    if (name && BOOLEAN_ANSWERS.has(name)) {
      const next = argv[i + 1];
      if (next === 'true' || next === 'false') {
        out.push(`--${name}=${next}`);
        i++;
      } else out.push(`--${name}=true`);
      continue;
    }
    out.push(arg);
  }
  return out;
}

export type ParsedValues = Record<string, string | boolean | undefined>;

export function parseCommandLine(argv: string[]): { values: ParsedValues; positionals: string[] } {
  try {
    return parseArgs({ args: normalizeSwitches(argv), options: parseOptions, allowPositionals: true, strict: true }) as never;
  } catch (error) {
    const message = (error as Error).message;
    const flag = /'(--?[^' ]+)'/.exec(message)?.[1];
    const name = flag?.slice(2).split('=')[0] ?? '';
    if (flag?.startsWith('--') && KNOWN_OPTIONS.includes(name)) {
      const problem = /does not take an argument/.test(message) ? 'is a switch and takes no value' : 'needs a value';
      throw new UsageError(`${flag}: ${problem}; see modwsgi --help`);
    }
    if (flag?.startsWith('--')) {
      const nearest = closest(name, KNOWN_OPTIONS);
      const hint = distance(name, nearest) <= 3 ? `; did you mean --${nearest}?` : '; see modwsgi --help';
      throw new UsageError(`${flag}: unknown option${hint}`);
    }
    throw new UsageError(`${message.split('\n')[0]}; see modwsgi --help`);
  }
}

/** The command a command line names (`modwsgi`, `modwsgi apache`, `modwsgi help apache`), and whether it asks for help. */
export function commandOf(positionals: string[], help: boolean): { command: Command; help: boolean; general: boolean } {
  let words = positionals;
  let wantsHelp = help;
  if (words[0] === 'help') {
    wantsHelp = true;
    words = words.slice(1);
  }
  if (words.length > 1) throw new UsageError(`expected at most one sub-generator, got ${words.join(' ')}`);
  const word = words[0];
  if (word !== undefined && !(COMMANDS as readonly string[]).includes(word)) {
    throw new UsageError(`${JSON.stringify(word)}: unknown sub-generator; did you mean ${closest(word, [...COMMANDS])}? allowed: ${COMMANDS.join(', ')}`);
  }
  return { command: (word ?? 'app') as Command, help: wantsHelp, general: word === undefined };
}

/** The conflict mode a run was given: markers, or undefined (ask in a terminal, refuse without one). */
export function conflictMode(value: unknown): 'markers' | undefined {
  if (value === undefined) return undefined;
  if (value === 'markers') return 'markers';
  throw new UsageError(`--conflict: ${JSON.stringify(value)} is not allowed; allowed: markers (write git-style conflict markers and exit 1)`);
}
