// What every sub-generator shares: fitting the repository it runs in, reading
// answers from all sources through one validation path, asking only when a
// person can answer, and writing its files without ever losing one (plan.ts).
import Generator, { type BaseOptions } from 'yeoman-generator';
import { ANSWERS, answerSpec, keysFor, optionName, type AnswerKey, type Answers, type SubGenerator } from './answers.js';
import { resolveContext, type RenderContext } from './context.js';
import { companionLines, missingCompanions } from './companions.js';
import { generatorPath } from './generator-path.js';
import { answersFromOptions, mergeSources, missingAnswers, planQuestions, type AnswerSource } from './gather.js';
import { detectApp, findRepositoryRoot } from './repository/detect.js';
import { RepositoryFit, type SourceFix } from './repository/fit.js';
import { basePathOf, once } from './merge/base-store.js';
import { askAboutConflicts } from './merge/ask.js';
import { readIfPresent } from './merge/git-text.js';
import { FILE_FLAGS, RECORD_KEY, acceptedConflicts, answerChanges, hashOf, planFiles, planOf, writes, type PlannedFile } from './plan.js';
import { ConflictError, MarkersWrittenError, report } from './report.js';
import { CONFLICT_FLAG, conflictMode } from './cli/options.js';
import { quietFileStatus } from './cli/report-lines.js';
import { commitRun } from './output/commit.js';
import { changedSinceRead, ChangedMeanwhileError, notePlannedOn, noteReadAs, refuseUnsafePaths, RECORD_FILE } from './output/write.js';
import { questionsFor, type ChoicesOf } from './prompts.js';
import { checkRecordFile } from './record-file.js';
import { renderFiles, type RenderedFile } from './render.js';
import { endStarted, taskStarted, timed, writingDone } from './timing.js';
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

/** The answers .yo-rc.json held when the run started (before this run stores its own), per run. */
const recordedAnswers = new WeakMap<object, Record<string, unknown>>();
export const noteRecordedAnswers = (run: object, answers: Record<string, unknown>) => {
  if (!recordedAnswers.has(run)) recordedAnswers.set(run, structuredClone(answers));
};
export const recordedAnswersOf = (run: object) => recordedAnswers.get(run);

/** The generator a commit task belongs to (features are fixed before `this` exists). */
const byOptions = new WeakMap<object, ModwsgiGenerator>();

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
    // Files are written all or nothing, never through a symlink (output/write.ts).
    const customCommitTask = () => commitRun(byOptions.get(options)!.env as never, byOptions.get(options)!.destinationRoot());
    // Only the generator that runs first commits: composed ones share its run (one commit, no warning).
    // customInstallTask: this generator never runs a package manager (nor says it will not).
    const first = (options as { modwsgiAnswers?: unknown }).modwsgiAnswers === undefined;
    // skipParseOptions: the command line is parsed once, after the last option below, not once per option.
    super(args, options, { inheritTasks: true, skipParseOptions: true, ...(first ? { customCommitTask, customInstallTask: true } : {}), ...features });
    byOptions.set(options, this);
    for (const spec of ANSWERS) {
      // Strings even for boolean answers: Boolean('false') is true, so the value is checked like any other (see switchValue).
      this.option(optionName(spec.key), { type: String, description: `${spec.description} (default: ${spec.defaultText})` });
    }
    this.option('ask', { type: Boolean, description: 'Ask every question again, with the recorded answers as defaults' });
    this.option('conflict', { type: String, description: CONFLICT_FLAG });
    this.option('answers', { type: String, description: 'Answers file (.json, .yml or .yaml); see answers.schema.json' });
    this.option('defaults', { type: Boolean, description: 'Take the default for every answer not given' });
    this.option('interactive', { type: Boolean, description: 'Ask questions (default: only when stdin is a terminal and CI is unset)' });
    for (const [name, description] of Object.entries(FILE_FLAGS)) this.option(name, { type: Boolean, description });
    this.parseOptions();
  }

  /** Sub-generators work from any folder of a repository: they move to its root and look at what is there. */
  initializing(): void {
    taskStarted();
    quietFileStatus(this.env.adapter);
    if (this.composed) return;
    if (this.part === 'app') {
      checkRecordFile(this.destinationRoot());
      return;
    }
    this.moveToRepositoryRoot();
    this.fit = new RepositoryFit(detectApp(this.destinationRoot()));
  }

  protected moveToRepositoryRoot(): void {
    const { root, reason } = findRepositoryRoot(this.destinationRoot());
    if (root !== this.destinationRoot()) {
      this.log(`working in ${root} (the repository root: it has ${reason})`);
      this.destinationRoot(root);
    }
    checkRecordFile(root);
  }

  async prompting(): Promise<void> {
    await timed('answers', async () => {
      await this.gatherAnswers();
      await this.offerFix();
    });
    await this.offerCompanions();
  }

  /** `modwsgi apache` alone: the .wsgi and create-venv.sh it refers to are added on request, or named with their command. */
  private async offerCompanions(): Promise<void> {
    if (this.composed) return;
    const missing = missingCompanions(this.part, this.context, this.destinationRoot(), new Set());
    if (missing.length === 0) return;
    for (const line of companionLines(missing)) this.log(line);
    if (!this.interactive || this.dryRun) return;
    const question = { type: 'confirm', name: 'addCompanions', message: `Add ${missing.flatMap((item) => item.files).join(' and ')} now, with these answers?`, default: true };
    if (!((await this.prompt([question] as never)) as { addCompanions?: boolean }).addCompanions) return;
    for (const item of missing) {
      // The bundled command registers each part by class: a path next to this module is wrong there.
      const namespace = `modwsgi:${item.part}`;
      const registered = (this.env as unknown as { getGeneratorMeta: (ns: string) => unknown }).getGeneratorMeta(namespace);
      await this.composeWith<ModwsgiGenerator>(registered ? namespace : generatorPath(item.part), {
        forwardOptions: true,
        generatorOptions: { modwsgiAnswers: this.answers },
      });
    }
  }

  async configuring(): Promise<void> {
    this.storeAnswers();
  }

  async writing(): Promise<void> {
    await this.writeFiles();
    writingDone();
  }

  conflicts(): void {
    this.refuseConflicts();
  }

  end(): void {
    endStarted();
    this.recordAcceptedConflicts();
    if (this.composed) return;
    for (const line of this.changedAnswers) this.log(line);
    for (const line of report(planOf(this.env), this.dryRun, this.interactive)) this.log(line);
    const markers = planOf(this.env).filter((file) => file.status === 'markers');
    if (markers.length > 0 && !this.dryRun) throw new MarkersWrittenError(markers);
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

  /** A default: what the repository shows (detect.ts), else the answers model's. */
  protected defaultOf = (key: AnswerKey, earlier: Partial<Answers>): unknown =>
    this.fit?.defaults(earlier)[key] ?? answerSpec(key).default(earlier, this.destinationRoot());

  /** Collects, validates and resolves the answers; throws AnswersError listing every problem. */
  protected async gatherAnswers(): Promise<void> {
    if (this.options.modwsgiAnswers) {
      this.answers = this.options.modwsgiAnswers;
      this.context = resolveContext(this.answers);
      return;
    }
    // The answers below come from Yeoman's copy of .yo-rc.json, read maybe well before now.
    const recordFile = this.destinationPath(RECORD_FILE);
    this.config.getAll();
    const cached = (this.fs as unknown as { store: { get: (path: string) => { contents: Buffer | null; state?: string } } }).store.get(recordFile);
    // Set in memory before this run read it (yeoman-test does): then the disk as it is now is the base.
    if (cached.state) notePlannedOn(this.env, [recordFile]);
    else noteReadAs(this.env, recordFile, cached.contents);
    const previous = this.config.getAll() as Record<string, unknown>;
    noteRecordedAnswers(this.env, previous);
    const ask = Boolean(this.options.ask);
    if (ask && !this.interactive) throw new AnswersError(['--ask: this run cannot ask (no terminal, or CI is set); drop --ask or run it in a terminal']);
    // --ask: the recorded answers become the defaults of every question instead of answers.
    const recorded = ask ? checkSource(previous, '.yo-rc.json', false).values : {};
    const sources: AnswerSource[] = ask ? [] : [{ label: '.yo-rc.json', read: () => previous, coerce: false }];
    if (this.options.answers) sources.push({ label: `answers file ${this.options.answers}`, read: () => readAnswersFile(this.options.answers!), coerce: false });
    sources.push({ label: 'command line', read: () => answersFromOptions(this.options), coerce: true });
    const { given, problems } = mergeSources(sources);
    // No single app found and none named: a default would be a guess, so ask or fail.
    const ambiguity = given.package === undefined && given.flaskApp === undefined ? this.fit?.ambiguity() : undefined;
    if (ambiguity && !this.interactive) problems.push(ambiguity);
    if (problems.length > 0) throw new AnswersError(problems);
    for (const line of this.fit?.findings(given) ?? []) this.log(line);

    const defaultOf = ask ? (key: AnswerKey, earlier: Partial<Answers>) => recorded[key] ?? this.defaultOf(key, earlier) : this.defaultOf;
    const { toAsk, defaulted } = planQuestions(this.keys, given, previous, { interactive: this.interactive, defaults: Boolean(this.options.defaults), ambiguous: Boolean(ambiguity) });
    if (defaulted.length > 0) this.log(`answers added since this project was generated take their defaults: ${defaulted.join(', ')}`);
    if (toAsk.length > 0) {
      if (!this.interactive) throw missingAnswers(toAsk);
      if (ambiguity) this.log(this.fit!.askIntro());
      const choices: ChoicesOf = this.fit?.choices() ?? {};
      const prompted = await this.prompt(questionsFor(toAsk, given, defaultOf, choices) as never);
      const checked = checkSource(prompted, 'prompt', true);
      if (checked.problems.length > 0) throw new AnswersError(checked.problems);
      Object.assign(given, checked.values);
    }
    this.answers = fillDefaults(given, this.destinationRoot(), defaultOf);
    this.context = resolveContext(this.answers, this.fit?.facts(this.answers) ?? {});
    for (const dir of this.context.writableDirs) this.log(`the app writes ${dir}/: the install step creates it, writable by the daemon's user`);
    this.changedAnswers = answerChanges(previous, this.answers, this.keys);
  }

  /** Unguarded app.run(): always explained; moved only with consent (--fix, or yes at the prompt). */
  private async offerFix(): Promise<void> {
    const calls = this.fit?.runCalls(this.answers) ?? [];
    if (calls.length === 0) return;
    const warnings = this.fit!.runCallWarnings(calls);
    // Written silently, such a fit would hang every request: a run that cannot ask refuses it.
    if (!this.options.fix && !this.interactive) throw new AnswersError(warnings.map((line) => `flaskApp: importing ${this.answers.flaskApp} would start the development server: ${line}`));
    for (const line of warnings) this.log(`warning: ${line}`);
    let consent = Boolean(this.options.fix);
    if (!consent && this.interactive && !this.dryRun) {
      const question = { type: 'confirm', name: 'fixRunCalls', message: 'Move it under if __name__ == "__main__": now?', default: false };
      consent = Boolean(((await this.prompt([question] as never)) as { fixRunCalls?: boolean }).fixRunCalls);
    }
    if (!consent) {
      this.log('your code was not changed; rerun with --fix to move it');
      return;
    }
    const { fixes, byHand } = this.fit!.fixedSources(calls);
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

  protected get record() { return this.createStorage('.yo-rc.json', RECORD_KEY); }

  /** This sub-generator's output for the answers of this run. */
  protected renderedFiles(): RenderedFile[] {
    return renderFiles(this.part, this.context);
  }

  /** The render context of the answers .yo-rc.json held when this run started (defaults for the ones it lacks). */
  protected recordedContext(): RenderContext {
    const { values, problems } = checkSource(recordedAnswersOf(this.env) ?? {}, '.yo-rc.json', false);
    if (problems.length > 0) throw new AnswersError(problems);
    return resolveContext(fillDefaults(values, this.destinationRoot(), this.defaultOf));
  }

  /** What the recorded answers (as they were before this run) make with these templates: a merge base for projects without stored copies. */
  protected regenerated(parts: readonly SubGenerator[] = [this.part]): Map<string, string> {
    const files = new Map<string, string>();
    try {
      const context = this.recordedContext();
      for (const part of parts) for (const file of renderFiles(part, context)) files.set(file.path, file.contents);
    } catch {
      // Recorded answers that no longer resolve give no base: edited files are then listed, not merged.
    }
    return files;
  }

  /** Plans every file (plan.ts), asks about merge conflicts in a terminal, then writes what the plan allows. Nothing at all in a dry run. */
  protected async writeFiles(): Promise<void> {
    const record = this.record;
    const recorded = (path: string) => record.get(path) as string | undefined;
    const rendered = timed('render', () => this.renderedFiles());
    const generatedPaths = rendered.map((file) => file.path);
    const paths = [...generatedPaths, ...generatedPaths.map(basePathOf), ...this.fixes.map((fix) => fix.path), RECORD_FILE];
    // Before anything on disk is read for the plan: a symlink is refused even with --force.
    refuseUnsafePaths(this.destinationRoot(), paths);
    notePlannedOn(this.env, paths.map((path) => this.destinationPath(path)));
    const policy = { force: Boolean(this.options.force), markers: conflictMode(this.options.conflict) === 'markers' };
    const mine = timed('plan', () => planFiles(this.destinationRoot(), rendered, this.fixes, recorded, once(() => this.regenerated()), policy));
    if (this.interactive && !this.dryRun) await askAboutConflicts(mine, (questions) => this.prompt(questions as never), (line) => this.log(line));
    planOf(this.env).push(...mine);
    if (this.dryRun) return;
    for (const file of mine) {
      // A conflict is offered to Yeoman's conflicter (diff and ask) only when someone can answer.
      if (writes(file.status) || (file.status === 'conflict' && this.interactive)) {
        const path = this.destinationPath(file.path);
        this.fs.write(path, file.contents, (file.executable ? { stat: { mode: 0o100755 } } : undefined) as never);
        // Decided here already (an earlier run wrote it, --force, --fix or a merge): the conflicter must not ask again.
        if (file.status !== 'create' && file.status !== 'conflict') this.decided(path);
      }
      // What the generator wrote (or would have, for a kept file) is the next run's merge base.
      if (['create', 'update', 'overwrite', 'merged', 'markers', 'kept', 'unchanged'].includes(file.status)) this.recordGenerated(record, file);
    }
  }

  private decided(path: string): void {
    (this.env.sharedFs.get(path) as { conflicter?: string }).conflicter = 'force';
  }

  /** Records the hash of what the generator made for `file` and keeps a copy of it (merge/base-store.ts). */
  private recordGenerated(record: ReturnType<ModwsgiGenerator['createStorage']>, file: PlannedFile): void {
    const generated = file.generated ?? file.contents;
    const hash = hashOf(generated);
    if (record.get(file.path) !== hash) record.set(file.path, hash);
    const copy = this.destinationPath(basePathOf(file.path));
    if (readIfPresent(copy) === generated) return;
    this.fs.write(copy, generated);
    this.decided(copy);
  }

  /**
   * Runs before Yeoman's commit. In a run that cannot ask, files that exist and
   * differ (and were not written by an earlier run) are an error listing them all,
   * and nothing is written.
   */
  protected refuseConflicts(): void {
    if (this.composed || this.dryRun || this.interactive) return;
    const planned = planOf(this.env);
    const conflicts = planned.filter((file) => file.status === 'conflict');
    const merges = planned.filter((file) => file.status === 'merge-conflict');
    if (conflicts.length + merges.length === 0) return;
    // Another run recorded its answers after this one read them: its files are not user edits.
    const moved = changedSinceRead(this.env, [this.destinationPath(RECORD_FILE)]);
    if (moved.length > 0) throw new ChangedMeanwhileError([RECORD_FILE]);
    throw new ConflictError(conflicts.map((file) => file.path).sort(), merges);
  }

  /** A conflict the user accepted at the conflicter's prompt is now a generated file. */
  private recordAcceptedConflicts(): void {
    if (this.dryRun) return;
    const record = this.record;
    for (const file of acceptedConflicts(this.destinationRoot(), planOf(this.env))) record.set(file.path, hashOf(file.contents));
  }
}
