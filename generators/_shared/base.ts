// What every sub-generator shares: reading answers from all sources through
// one validation path, asking only when a person can answer, writing the file
// list, and refusing to overwrite a user's file in a run that cannot ask.
import { readFileSync, existsSync } from 'node:fs';
import { relative } from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { isFilePending } from 'mem-fs-editor/state';
import { ANSWERS, ANSWER_KEYS, keysFor, optionName, type AnswerKey, type Answers, type SubGenerator } from './answers.js';
import { resolveContext, type RenderContext } from './context.js';
import { questionsFor } from './prompts.js';
import { renderFiles } from './render.js';
import { AnswersError, checkSource, fillDefaults, readAnswersFile } from './validate.js';

/** Files on disk that the run would change, found before anything is written. */
export class ConflictError extends Error {
  readonly files: string[];
  readonly exitCode = 1;
  constructor(files: string[]) {
    super(
      `these files exist and differ from what would be written:\n${files.map((file) => `  ${file}`).join('\n')}\n` +
        'nothing was written; rerun with --force to overwrite them',
    );
    this.name = 'ConflictError';
    this.files = files;
  }
}

export type ModwsgiOptions = BaseOptions & {
  /** Set by `app` when it composes a sub-generator: answers already validated. */
  modwsgiAnswers?: Answers;
  answers?: string;
  defaults?: boolean;
  interactive?: boolean;
  force?: boolean;
  [key: string]: unknown;
};

export abstract class ModwsgiGenerator extends Generator<Record<string, unknown>, ModwsgiOptions> {
  protected abstract readonly part: SubGenerator;
  protected answers!: Answers;
  protected context!: RenderContext;

  constructor(args: string[], options: ModwsgiOptions, features: Record<string, unknown> = {}) {
    // inheritTasks: the tasks below run for every sub-generator unless it overrides them.
    super(args, options, { inheritTasks: true, ...features });
    for (const spec of ANSWERS) {
      this.option(optionName(spec.key), { type: String, description: `${spec.description} (default: ${spec.defaultText})` });
    }
    this.option('answers', { type: String, description: 'Answers file (.json, .yml or .yaml); see answers.schema.json' });
    this.option('defaults', { type: Boolean, description: 'Take the default for every answer not given' });
    this.option('interactive', { type: Boolean, description: 'Ask questions (default: only when stdin is a terminal and CI is unset)' });
  }

  async prompting(): Promise<void> {
    await this.gatherAnswers();
  }

  async configuring(): Promise<void> {
    this.storeAnswers();
  }

  writing(): void {
    this.writeFiles();
  }

  conflicts(): void {
    this.refuseConflicts();
  }

  /** Composed by `app`: app asked, validated and writes .yo-rc.json. */
  protected get composed(): boolean {
    return this.options.modwsgiAnswers !== undefined;
  }

  protected get interactive(): boolean {
    if (typeof this.options.interactive === 'boolean') return this.options.interactive;
    return Boolean(process.stdin.isTTY) && !process.env.CI;
  }

  /** The keys this run asks for and stores. */
  protected get keys(): AnswerKey[] {
    return this.part === 'app' ? [...ANSWER_KEYS] : keysFor(this.part);
  }

  private commandLineValues(): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const key of ANSWER_KEYS) {
      const value = this.options[optionName(key)] ?? this.options[key];
      if (value !== undefined) values[key] = value;
    }
    return values;
  }

  /** Collects, validates and resolves the answers; throws AnswersError listing every problem. */
  protected async gatherAnswers(): Promise<void> {
    if (this.options.modwsgiAnswers) {
      this.answers = this.options.modwsgiAnswers;
      this.context = resolveContext(this.answers);
      return;
    }
    const sources: Array<[string, () => unknown, boolean]> = [['.yo-rc.json', () => this.config.getAll(), false]];
    if (this.options.answers) sources.push([`answers file ${this.options.answers}`, () => readAnswersFile(this.options.answers!), false]);
    sources.push(['command line', () => this.commandLineValues(), true]);

    const given: Partial<Answers> = {};
    const problems: string[] = [];
    for (const [label, read, coerce] of sources) {
      try {
        const checked = checkSource(read(), label, coerce);
        Object.assign(given, checked.values);
        problems.push(...checked.problems);
      } catch (error) {
        if (!(error instanceof AnswersError)) throw error;
        problems.push(...error.problems);
      }
    }
    if (problems.length > 0) throw new AnswersError(problems);

    const missing = this.keys.filter((key) => given[key] === undefined);
    if (missing.length > 0 && !this.options.defaults) {
      if (!this.interactive) {
        throw new AnswersError([
          `missing answers: ${missing.join(', ')}; this run cannot ask (no terminal${process.env.CI ? ', CI is set' : ''}): ` +
            'give them in --answers FILE or as options, or pass --defaults to take the defaults',
        ]);
      }
      const prompted = await this.prompt(questionsFor(missing, given, this.destinationRoot()) as never);
      const checked = checkSource(prompted, 'prompt', true);
      if (checked.problems.length > 0) throw new AnswersError(checked.problems);
      Object.assign(given, checked.values);
    }
    this.answers = fillDefaults(given, this.destinationRoot());
    this.context = resolveContext(this.answers);
  }

  /** Stores the answers this run used in .yo-rc.json, so a re-run asks nothing. */
  protected storeAnswers(): void {
    if (this.composed) return;
    const stored: Record<string, unknown> = {};
    for (const key of this.keys) stored[key] = this.answers[key];
    this.config.set(stored);
  }

  protected writeFiles(): void {
    for (const file of renderFiles(this.part, this.context)) {
      const options = file.executable ? { stat: { mode: 0o100755 } } : undefined;
      this.fs.write(this.destinationPath(file.path), file.contents, options as never);
    }
  }

  /**
   * Runs before Yeoman's commit. In a run that cannot ask, any file on disk that
   * would change is an error listing them all, and nothing is written.
   */
  protected refuseConflicts(): void {
    if (this.composed || this.options.force || this.interactive) return;
    const conflicts: string[] = [];
    for (const file of this.env.sharedFs.all()) {
      if (!isFilePending(file) || !file.contents || file.path.endsWith('.yo-rc.json')) continue;
      if (!existsSync(file.path)) continue;
      if (!readFileSync(file.path).equals(file.contents)) conflicts.push(relative(this.destinationRoot(), file.path));
    }
    if (conflicts.length > 0) throw new ConflictError(conflicts.sort());
  }
}
