// Help text for `modwsgi --help`, `modwsgi SUB --help` and `modwsgi help [SUB]`:
// each command lists only the answers its sub-generator uses, with placeholders.
import { ANSWERS, optionName, type AnswerSpec } from '../answers.js';
import { COMMANDS, FLAGS, type Command } from './options.js';

const SUMMARY: Record<Command, string> = {
  app: 'a whole Flask project ready for Apache + mod_wsgi (the default)',
  wsgi: 'only the .wsgi entry point',
  apache: 'only the vhost and the install scripts',
  venv: 'only the virtualenv script',
  fleet: 'deploy/ansible/: a playbook that deploys the same app to many servers (runs the install scripts)',
  update: 're-render every recorded file with these templates and the recorded answers; merge your edits',
};

/** The argument an answer option takes, e.g. HOST, N, factory|singleton. */
export function placeholderOf(spec: AnswerSpec): string {
  if (spec.kind === 'boolean') return '';
  if (spec.kind === 'integer') return 'N';
  if (spec.kind === 'choice') return spec.choices!.join('|');
  if (spec.kind === 'list') return spec.choices ? `${spec.choices.slice(0, 2).join(',')},...` : 'A,B,...';
  const words = optionName(spec.key).split('-');
  return words[words.length - 1].toUpperCase();
}

const column = (left: string, right: string) => `  ${left.padEnd(34)} ${right}`;

function answerLine(spec: AnswerSpec): string {
  const name = optionName(spec.key);
  const left = spec.kind === 'boolean' ? `--${name}, --no-${name}` : `--${name} ${placeholderOf(spec)}`;
  return column(left, `${spec.description} (default: ${spec.defaultText})`);
}

const flagLines = (command: Command | undefined) =>
  Object.entries(FLAGS)
    .filter(([, flag]) => command === undefined || flag.only === undefined || flag.only.includes(command))
    .map(([name, flag]) => column(`${flag.short ? `-${flag.short}, ` : ''}--${name}${flag.placeholder ? ` ${flag.placeholder}` : ''}`, flag.description));

const EXIT_CODES = 'exit codes: 0 done, 2 bad input (nothing written), 1 any other failure (a conflict: nothing written unless --conflict=markers)';

/** `modwsgi --help`: every command and option. */
export function generalHelp(): string {
  return [
    `usage: modwsgi [${COMMANDS.join('|')}] [options]`,
    '       modwsgi help [SUB]   the options of one sub-generator',
    '',
    ...COMMANDS.map((command) => `  ${command.padEnd(8)} ${SUMMARY[command]}`),
    `  ${'doctor'.padEnd(8)} on the server: run the project's deploy/doctor, passing its arguments (deploy/doctor --help)`,
    '',
    'options:',
    ...flagLines(undefined),
    '',
    'answers (each also a key of the answers file):',
    ...ANSWERS.map(answerLine),
    '',
    EXIT_CODES,
  ].join('\n');
}

/** `modwsgi SUB --help`: that command's options and only the answers it uses. */
export function commandHelp(command: Command): string {
  const answers = command === 'update' ? [] : ANSWERS.filter((spec) => spec.usedBy.includes(command));
  return [
    `usage: modwsgi ${command} [options]`,
    '',
    `  ${SUMMARY[command]}`,
    '',
    'options:',
    ...flagLines(command),
    ...(answers.length > 0 ? ['', 'answers (each also a key of the answers file):', ...answers.map(answerLine)] : []),
    '',
    EXIT_CODES,
  ].join('\n');
}
