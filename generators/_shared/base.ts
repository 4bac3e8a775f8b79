// What every sub-generator shares: fitting the repository it runs in, reading
// answers from all sources through one validation path, asking only when a
// person can answer, and writing its files without ever losing one (plan.ts).
import Generator, { type BaseOptions } from 'yeoman-generator';
import { ANSWERS, ANSWER_KEYS, answerSpec, keysFor, optionName, type AnswerKey, type Answers, type SubGenerator } from './answers.js';
import { resolveContext, type RenderContext } from './context.js';
import { LATER_ANSWER_KEYS } from './answers-production.js';
import { detectApp, findRepositoryRoot } from './detect.js';
import { RepositoryFit, type SourceFix } from './fit.js';
import { ConflictError, FILE_FLAGS, RECORD_KEY, acceptedConflicts, answerChanges, hashOf, planFiles, planOf, report, writes } from './plan.js';
import { questionsFor, type ChoicesOf } from './prompts.js';
import { renderFiles } from './render.js';
import { AnswersError, checkSource, fillDefaults, readAnswersFile } from './validate.js';

export { ConflictError };

export type ModwsgiOptions = BaseOptions & {
  /** Set by `app` when it composes a sub-generator: answers already validated. */
  modwsgiAnswers?: Answers;
  answers?: string;
  defaults?: boolean;
  interactive?: boolean;
  force?: boolean;
  fix?: boolean;
  [key: string]: unknown;
};

export abstract class ModwsgiGenerator extends Generator<Record<string, unknown>, ModwsgiOptions> {
  protected abstract readonly part: SubGenerator;
  protected answers!: Answers;
  protected context!: RenderContext;
  /** What was found in the repository (sub-generators run on their own only). */
  protected fit?: RepositoryFit;
  private fixes: SourceFix[] = [];
  private changedAnswers: string[] = [];

  constructor(args: string[], options: ModwsgiOptions, features: Record<string, unknown> = {}) {
    // inheritTasks: the tasks below run for every sub-generator unless it overrides them.
    super(args, options, { inheritTasks: true, ...features });
    for (const spec of ANSWERS) {
      this.option(optionName(spec.key), { type: String, description: `${spec.description} (default: ${spec.defaultText})` });
    }
    this.option('answers', { type: String, description: 'Answers file (.json, .yml or .yaml); see answers.schema.json' });
    this.option('defaults', { type: Boolean, description: 'Take the default for every answer not given' });
    this.option('interactive', { type: Boolean, description: 'Ask questions (default: only when stdin is a terminal and CI is unset)' });
    for (const [name, description] of Object.entries(FILE_FLAGS)) this.option(name, { type: Boolean, description });
  }

  /** Sub-generators work from any folder of a repository: they move to its root and look at what is there. */
  initializing(): void {
    if (this.composed || this.part === 'app') return;
    const { root, reason } = findRepositoryRoot(this.destinationRoot());
    if (root !== this.destinationRoot()) {
      this.log(`working in ${root} (the repository root: it has ${reason})`);
      this.destinationRoot(root);
    }
    this.fit = new RepositoryFit(detectApp(root));
  }

  async prompting(): Promise<void> {
    await this.gatherAnswers();
    await this.offerFix();
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

  end(): void {
    this.recordAcceptedConflicts();
    if (this.composed) return;
    for (const line of this.changedAnswers) this.log(line);
    for (const line of report(planOf(this.env), this.dryRun, this.interactive)) this.log(line);
  }

  /** Composed by `app`: app asked, validated and writes .yo-rc.json. */
  protected get composed(): boolean {
    return this.options.modwsgiAnswers !== undefined;
  }

  protected get interactive(): boolean {
    if (typeof this.options.interactive === 'boolean') return this.options.interactive;
    return Boolean(process.stdin.isTTY) && !process.env.CI;
  }

  protected get dryRun(): boolean {
    return Boolean(this.options['dry-run'] ?? this.options.dryRun ?? this.options.pretend);
  }

  /** The keys this run asks for and stores. */
  protected get keys(): AnswerKey[] {
    return keysFor(this.part);
  }

  private commandLineValues(): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const key of ANSWER_KEYS) {
      const value = this.options[optionName(key)] ?? this.options[key];
      if (value !== undefined) values[key] = value;
    }
    return values;
  }

  /** A default: what the repository shows (detect.ts), else the answers model's. */
  private defaultOf = (key: AnswerKey, earlier: Partial<Answers>): unknown =>
    this.fit?.defaults(earlier)[key] ?? answerSpec(key).default(earlier, this.destinationRoot());

  /** Collects, validates and resolves the answers; throws AnswersError listing every problem. */
  protected async gatherAnswers(): Promise<void> {
    if (this.options.modwsgiAnswers) {
      this.answers = this.options.modwsgiAnswers;
      this.context = resolveContext(this.answers);
      return;
    }
    const previous = this.config.getAll() as Record<string, unknown>;
    const sources: Array<[string, () => unknown, boolean]> = [['.yo-rc.json', () => previous, false]];
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
    // No single app found and none named: a default would be a guess, so ask or fail.
    const ambiguity = given.package === undefined ? this.fit?.ambiguity() : undefined;
    if (ambiguity && !this.interactive) problems.push(ambiguity);
    if (problems.length > 0) throw new AnswersError(problems);
    for (const line of this.fit?.findings(given.package) ?? []) this.log(line);

    // A project an earlier version wrote has no record of answers added since: those take their defaults.
    const recorded = ANSWER_KEYS.some((key) => key in previous);
    const added = recorded ? this.keys.filter((key) => given[key] === undefined && LATER_ANSWER_KEYS.includes(key)) : [];
    if (added.length > 0) this.log(`answers added since this project was generated take their defaults: ${added.join(', ')}`);
    const missing = this.keys.filter((key) => given[key] === undefined && !added.includes(key));
    const toAsk = this.options.defaults ? missing.filter((key) => key === 'package' && ambiguity) : missing;
    if (toAsk.length > 0) {
      if (!this.interactive) {
        throw new AnswersError([
          `missing answers: ${missing.join(', ')}; this run cannot ask (no terminal${process.env.CI ? ', CI is set' : ''}): ` +
            'give them in --answers FILE or as options, or pass --defaults to take the defaults',
        ]);
      }
      if (ambiguity) this.log(this.fit!.askIntro());
      const choices: ChoicesOf = ambiguity ? this.fit!.packageChoices() : {};
      const prompted = await this.prompt(questionsFor(toAsk, given, this.defaultOf, choices) as never);
      const checked = checkSource(prompted, 'prompt', true);
      if (checked.problems.length > 0) throw new AnswersError(checked.problems);
      Object.assign(given, checked.values);
    }
    this.answers = fillDefaults(given, this.destinationRoot(), this.defaultOf);
    this.context = resolveContext(this.answers);
    this.changedAnswers = answerChanges(previous, this.answers, this.keys);
  }

  /** Unguarded app.run(): always explained; moved only with consent (--fix, or yes at the prompt). */
  private async offerFix(): Promise<void> {
    const warnings = this.fit?.runCallWarnings() ?? [];
    if (warnings.length === 0) return;
    for (const line of warnings) this.log(line);
    let consent = Boolean(this.options.fix);
    if (!consent && this.interactive && !this.dryRun) {
      const question = { type: 'confirm', name: 'fixRunCalls', message: 'Move it under if __name__ == "__main__": now?', default: false };
      consent = Boolean(((await this.prompt([question] as never)) as { fixRunCalls?: boolean }).fixRunCalls);
    }
    if (!consent) {
      this.log('your code was not changed; rerun with --fix to move it');
      return;
    }
    const { fixes, byHand } = this.fit!.fixedSources();
    this.fixes = fixes;
    for (const line of byHand) this.log(`warning: not moved: ${line}`);
  }

  /** Stores the answers this run used in .yo-rc.json, so a re-run asks nothing. */
  protected storeAnswers(): void {
    if (this.composed || this.dryRun) return;
    const stored: Record<string, unknown> = {};
    for (const key of this.keys) stored[key] = this.answers[key];
    // Setting equal values would still rewrite .yo-rc.json; a run that changes nothing touches nothing.
    const previous = this.config.getAll() as Record<string, unknown>;
    if (this.keys.some((key) => JSON.stringify(previous[key]) !== JSON.stringify(stored[key]))) this.config.set(stored);
  }

  private get record() { return this.createStorage('.yo-rc.json', RECORD_KEY); }

  /** Plans every file (plan.ts), then writes what the plan allows. Nothing at all in a dry run. */
  protected writeFiles(): void {
    const record = this.record;
    const recorded = (path: string) => record.get(path) as string | undefined;
    const mine = planFiles(this.destinationRoot(), renderFiles(this.part, this.context), this.fixes, recorded, Boolean(this.options.force));
    planOf(this.env).push(...mine);
    if (this.dryRun) return;
    for (const file of mine) {
      const hash = hashOf(file.contents);
      if (file.status === 'unchanged' && record.get(file.path) !== hash) record.set(file.path, hash);
      // A conflict is offered to Yeoman's conflicter (diff and ask) only when someone can answer.
      if (!writes(file.status) && !(file.status === 'conflict' && this.interactive)) continue;
      const path = this.destinationPath(file.path);
      this.fs.write(path, file.contents, (file.executable ? { stat: { mode: 0o100755 } } : undefined) as never);
      // Decided here already (an earlier run wrote it, --force, or --fix): the conflicter must not ask again.
      if (file.status !== 'create' && file.status !== 'conflict') (this.env.sharedFs.get(path) as { conflicter?: string }).conflicter = 'force';
      if (file.status !== 'fix' && file.status !== 'conflict') record.set(file.path, hash);
    }
  }

  /**
   * Runs before Yeoman's commit. In a run that cannot ask, files that exist and
   * differ (and were not written by an earlier run) are an error listing them all,
   * and nothing is written.
   */
  protected refuseConflicts(): void {
    if (this.composed || this.dryRun || this.interactive) return;
    const conflicts = planOf(this.env).filter((file) => file.status === 'conflict');
    if (conflicts.length > 0) throw new ConflictError(conflicts.map((file) => file.path).sort());
  }

  /** A conflict the user accepted at the conflicter's prompt is now a generated file. */
  private recordAcceptedConflicts(): void {
    if (this.dryRun) return;
    const record = this.record;
    for (const file of acceptedConflicts(this.destinationRoot(), planOf(this.env))) record.set(file.path, hashOf(file.contents));
  }
}
