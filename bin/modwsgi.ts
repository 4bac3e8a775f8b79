#!/usr/bin/env node
// The package's own command: runs any sub-generator without a global `yo`,
// never waits for input when it cannot be given, and maps failures to exit codes
// (0 ok, 2 bad input, 1 anything else).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// Yeoman, the prompt library and the validators load only when a run needs them (bin/run.ts,
// loaded with a code cache by bin/cached-run.ts): --version and --help stay fast.

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const version = (JSON.parse(readFileSync(resolve(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

async function main(argv: string[]): Promise<number> {
  // The one answer that needs no other module: the fastest path.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    console.log(version);
    return 0;
  }
  if (argv[0] === 'doctor') return (await import('./doctor.js')).runDoctor(argv.slice(1));
  const { commandOf, conflictMode, parseCommandLine } = await import('../generators/_shared/cli/options.js');
  const { values, positionals } = parseCommandLine(argv);
  if (values.version) {
    console.log(version);
    return 0;
  }
  if (values['print-schema']) {
    const { answersSchema } = await import('../generators/_shared/validate.js');
    console.log(JSON.stringify(answersSchema(), null, 2));
    return 0;
  }
  const { command: part, help, general } = commandOf(positionals, Boolean(values.help));
  if (help) {
    const { commandHelp, generalHelp } = await import('../generators/_shared/cli/help.js');
    console.log(general ? generalHelp() : commandHelp(part));
    return 0;
  }
  conflictMode(values.conflict);

  const cwd = resolve(String(values.cwd ?? process.cwd()));
  // Yeoman reads .yo-rc.json while it builds the generator: a broken one is bad input (exit 2), said before that.
  const { checkRecordFile } = await import('../generators/_shared/record-file.js');
  checkRecordFile(cwd);
  const interactive = values.interactive ?? (Boolean(process.stdin.isTTY) && !process.env.CI);
  const generatorOptions: Record<string, unknown> = { interactive, force: values.force ?? false, skipInstall: true };
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && !['cwd', 'help', 'version', 'print-schema'].includes(key)) generatorOptions[key] = value;
  }
  const { runGenerator } = await (await import('./cached-run.js')).loadRun();
  await runGenerator(part, { cwd, interactive: Boolean(interactive), force: Boolean(values.force), generatorOptions });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (error: Error & { problems?: string[]; exitCode?: number }) => {
    const { showText } = await import('../generators/_shared/show.js');
    const lines = error.problems ?? String(error.message).split('\n');
    // Nothing from the input reaches the terminal raw: escapes are shown as \u{...}, long lines cut.
    for (const line of lines) console.error(`modwsgi: ${showText(line, 1000)}`);
    process.exit(error.exitCode ?? 1);
  },
);
