#!/usr/bin/env node
// The package's own command: runs any sub-generator without a global `yo`,
// never waits for input when it cannot be given, and maps failures to exit codes
// (0 ok, 2 bad input, 1 anything else).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TerminalAdapter } from '@yeoman/adapter';
import { createEnv } from 'yeoman-environment';
import { answersSchema } from '../generators/_shared/validate.js';
import { COMMANDS, UsageError, commandOf, conflictMode, parseCommandLine } from '../generators/_shared/cli/options.js';
import { commandHelp, generalHelp } from '../generators/_shared/cli/help.js';
import { checkRecordFile } from '../generators/_shared/record-file.js';
import { showText } from '../generators/_shared/show.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const version = (JSON.parse(readFileSync(resolve(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** Any prompt in a run that cannot answer is a bug: fail instead of waiting forever. */
class NoPromptAdapter extends TerminalAdapter {
  override async prompt(): Promise<never> {
    throw new Error('internal: a question was asked in a run that cannot answer it');
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  if (values.version) {
    console.log(version);
    return 0;
  }
  if (values['print-schema']) {
    console.log(JSON.stringify(answersSchema(), null, 2));
    return 0;
  }
  const { command: part, help, general } = commandOf(positionals, Boolean(values.help));
  if (help) {
    console.log(general ? generalHelp() : commandHelp(part));
    return 0;
  }
  conflictMode(values.conflict);

  const cwd = resolve(String(values.cwd ?? process.cwd()));
  // Yeoman reads .yo-rc.json while it builds the generator: a broken one is bad input (exit 2), said before that.
  checkRecordFile(cwd);
  const interactive = values.interactive ?? (Boolean(process.stdin.isTTY) && !process.env.CI);
  const adapter = interactive ? new TerminalAdapter() : new NoPromptAdapter();
  // Failures are printed below, one line per problem; Yeoman's extra "error while running" line would only repeat them.
  const logError = adapter.log.error.bind(adapter.log);
  adapter.log.error = ((...args: unknown[]) =>
    /^An error occured while running/.test(String(args[0])) ? adapter.log : logError(...(args as [string]))) as typeof adapter.log.error;
  const env = createEnv({ cwd, adapter, force: values.force ?? false, skipInstall: true } as never);
  for (const name of COMMANDS) {
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
      console.error(`modwsgi: ${showText(error.message, 1000)}`);
      process.exit(2);
    }
    const lines = error.problems ?? String(error.message).split('\n');
    // Nothing from the input reaches the terminal raw: escapes are shown as \u{...}, long lines cut.
    for (const line of lines) console.error(`modwsgi: ${showText(line, 1000)}`);
    process.exit(error.exitCode ?? 1);
  },
);
