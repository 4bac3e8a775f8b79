// The heavy half of the command, loaded only to run a generator: Yeoman's environment, the
// terminal adapter and the generators, registered by class under their namespaces (no lookup).
import { TerminalAdapter } from '@yeoman/adapter';
import { createEnv } from 'yeoman-environment';
import { COMMANDS, type Command } from '../generators/_shared/cli/options.js';
import { PACKAGE_ROOT, generatorPath } from '../generators/_shared/generator-path.js';
import AppGenerator from '../generators/app/index.js';
import WsgiGenerator from '../generators/wsgi/index.js';
import ApacheGenerator from '../generators/apache/index.js';
import VenvGenerator from '../generators/venv/index.js';
import UpdateGenerator from '../generators/update/index.js';
import FleetGenerator from '../generators/fleet/index.js';

// A sub-generator missing here still runs, registered by its file (dist/generators), only unbundled.
export const GENERATORS: Partial<Record<Command, unknown>> = { app: AppGenerator, wsgi: WsgiGenerator, apache: ApacheGenerator, venv: VenvGenerator, fleet: FleetGenerator, update: UpdateGenerator };

/** Any prompt in a run that cannot answer is a bug: fail instead of waiting forever. */
class NoPromptAdapter extends TerminalAdapter {
  override async prompt(): Promise<never> {
    throw new Error('internal: a question was asked in a run that cannot answer it');
  }
}

export interface RunSettings {
  cwd: string;
  interactive: boolean;
  force: boolean;
  generatorOptions: Record<string, unknown>;
}

export async function runGenerator(part: Command, { cwd, interactive, force, generatorOptions }: RunSettings): Promise<void> {
  const adapter = interactive ? new TerminalAdapter() : new NoPromptAdapter();
  // Failures are printed by the command, one line per problem; Yeoman's extra "error while running" line would only repeat them.
  const logError = adapter.log.error.bind(adapter.log);
  adapter.log.error = ((...args: unknown[]) =>
    /^An error occured while running/.test(String(args[0])) ? adapter.log : logError(...(args as [string]))) as typeof adapter.log.error;
  const env = createEnv({ cwd, adapter, force, skipInstall: true } as never);
  for (const name of COMMANDS) {
    const Generator = GENERATORS[name];
    // packagePath: Yeoman reads this package's package.json from there, instead of searching up for it.
    if (Generator) env.register(Generator as never, { namespace: `modwsgi:${name}`, resolved: generatorPath(name), packagePath: PACKAGE_ROOT });
    else env.register(generatorPath(name), { namespace: `modwsgi:${name}` });
  }
  await env.run([`modwsgi:${part}`], generatorOptions);
}
