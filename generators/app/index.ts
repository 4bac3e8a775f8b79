// `yo modwsgi`: asks every question once, writes the Flask project, and
// composes wsgi, apache and venv with the same validated answers.
import { fileURLToPath } from 'node:url';
import { ModwsgiGenerator } from '../_shared/base.js';

const PARTS = ['wsgi', 'apache', 'venv'] as const;

export default class AppGenerator extends ModwsgiGenerator {
  protected readonly part = 'app' as const;

  override async configuring() {
    this.storeAnswers();
    for (const part of PARTS) {
      await this.composeWith<ModwsgiGenerator>(fileURLToPath(new URL(`../${part}/index.js`, import.meta.url)), {
        generatorOptions: { modwsgiAnswers: this.answers },
      });
    }
  }

  override end() {
    super.end();
    if (this.dryRun) return;
    const c = this.context;
    this.log(`\n${c.name} is ready. Next: read README.md ("Deploy"), or run its tests: python3 -m pytest`);
    if (c.installPlatforms.length > 0) this.log(`Install on a server: sudo bash ${c.installPlatforms[0].script}`);
  }
}
