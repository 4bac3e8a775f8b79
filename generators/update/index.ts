// `yo modwsgi:update` / `modwsgi update`: after an upgrade of the generator,
// every file .yo-rc.json records is rendered again with these templates and the
// recorded answers, and merged with the file on disk as any re-run does (plan.ts).
// Asks nothing: the answers are the recorded ones (`modwsgi SUB --ask` changes them).
import { SUB_GENERATORS } from '../_shared/answers.js';
import { ModwsgiGenerator, recordedAnswersOf, noteRecordedAnswers } from '../_shared/base.js';
import type { RenderedFile } from '../_shared/render.js';
import { renderFiles } from '../_shared/render.js';
import { AnswersError } from '../_shared/validate.js';

export default class UpdateGenerator extends ModwsgiGenerator {
  // Every answer: files of all sub-generators may be recorded.
  protected readonly part = 'app' as const;

  /** Works from any folder of the project, like the sub-generators. */
  override initializing(): void {
    super.initializing();
    this.moveToRepositoryRoot();
  }

  override async prompting(): Promise<void> {
    const previous = this.config.getAll() as Record<string, unknown>;
    if (Object.keys(this.recordedPaths()).length === 0) {
      throw new AnswersError([`nothing to update in ${this.destinationRoot()}: its .yo-rc.json records no generated files; run modwsgi (or a sub-generator) first`]);
    }
    noteRecordedAnswers(this.env, previous);
    this.context = this.recordedContext();
    this.answers = { ...(recordedAnswersOf(this.env) as object) } as never;
  }

  /** The answers are the recorded ones: nothing to store. */
  override async configuring(): Promise<void> {}

  private recordedPaths(): Record<string, unknown> {
    return (this.record.getAll() ?? {}) as Record<string, unknown>;
  }

  /** Every recorded file the current templates still make, rendered with the recorded answers. */
  protected override renderedFiles(): RenderedFile[] {
    const recorded = this.recordedPaths();
    const files = SUB_GENERATORS.flatMap((part) => renderFiles(part, this.context)).filter((file) => file.path in recorded);
    const made = new Set(files.map((file) => file.path));
    for (const path of Object.keys(recorded).filter((path) => !made.has(path)).sort()) {
      this.log(`  not generated any more: ${path} (left as it is; delete it if you no longer need it)`);
    }
    return files;
  }

  protected override regenerated(): Map<string, string> {
    return super.regenerated(SUB_GENERATORS);
  }
}
