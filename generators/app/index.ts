// `yo modwsgi`: asks every question once, writes the Flask project, and
// composes wsgi, apache and venv with the same validated answers.
import { ModwsgiGenerator, type ModwsgiOptions } from '../_shared/base.js';
import { generatorPath } from '../_shared/generator-path.js';
import { findWorkspaceRoot, listingAdvice } from '../_shared/workspace.js';
import ApacheGenerator from '../apache/index.js';
import VenvGenerator from '../venv/index.js';
import WsgiGenerator from '../wsgi/index.js';

// Composed by class, so the bundled command needs no generator files on disk or lookup.
const PARTS = { wsgi: WsgiGenerator, apache: ApacheGenerator, venv: VenvGenerator } as const;

export default class AppGenerator extends ModwsgiGenerator {
  protected readonly part = 'app' as const;

  constructor(args: string[], options: ModwsgiOptions) {
    // A generated package.json is for npm workspaces: never run `npm install` here.
    super(args, options, { customInstallTask: true });
  }

  override async configuring() {
    this.storeAnswers();
    for (const [part, Generator] of Object.entries(PARTS)) {
      // By namespace when the run registered it (the command, yo): Yeoman then has its package's path
      // and reads package.json from there instead of searching the folders up for it.
      const namespace = `modwsgi:${part}`;
      const registered = (this.env as unknown as { getGeneratorMeta: (ns: string) => unknown }).getGeneratorMeta(namespace);
      await this.composeWith<ModwsgiGenerator>(registered ? namespace : { Generator: Generator as never, path: generatorPath(part) }, {
        // forwardOptions: --force, --dry-run, --interactive apply to the composed parts too.
        forwardOptions: true,
        generatorOptions: { modwsgiAnswers: this.answers },
      });
    }
  }

  override end() {
    super.end();
    if (this.dryRun) return;
    const c = this.context;
    this.log(`\n${c.name} is ready. Next: read README.md ("Deploy"), or run its tests: python3 -m pytest`);
    const workspace = c.npmWorkspace ? findWorkspaceRoot(this.destinationRoot()) : undefined;
    if (workspace && !workspace.listed) this.log(listingAdvice(workspace));
    if (c.installPlatforms.length > 0) this.log(`Install on a server: sudo bash ${c.installPlatforms[0].script}`);
  }
}
