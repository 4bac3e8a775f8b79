// Gathering a run's answers, the parts that need no generator: merging the sources in their order
// (.yo-rc.json, --answers FILE, the command line: later ones win), and deciding which missing
// answers are asked, refused or left to their defaults. base.ts reads the sources, asks and logs.
import { ANSWER_KEYS, answerSpec, optionName, type AnswerKey, type Answers } from './answers.js';
import { AnswersError, checkSource } from './validate.js';

export interface AnswerSource {
  label: string;
  read: () => unknown;
  /** Text values are turned into the answer's type (the command line gives only text). */
  coerce: boolean;
}

/** `yo modwsgi:apache --daemon` hands over "" and `--no-daemon` "false": a bare switch means true. */
const switchValue = (value: unknown) => (value === '' ? 'true' : value);

/** The answers given as options (--server-name or serverName), booleans as their text. */
export function answersFromOptions(options: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of ANSWER_KEYS) {
    const value = options[optionName(key)] ?? options[key];
    if (value !== undefined) values[key] = answerSpec(key).kind === 'boolean' ? switchValue(value) : value;
  }
  return values;
}

/** Every source checked: the merged values, and every problem of every source. */
export function mergeSources(sources: AnswerSource[]): { given: Partial<Answers>; problems: string[] } {
  const given: Partial<Answers> = {};
  const problems: string[] = [];
  for (const { label, read, coerce } of sources) {
    try {
      const checked = checkSource(read(), label, coerce);
      Object.assign(given, checked.values);
      problems.push(...checked.problems);
    } catch (error) {
      if (!(error instanceof AnswersError)) throw error;
      problems.push(...error.problems);
    }
  }
  return { given, problems };
}

export interface QuestionPlan {
  /** Answers this run needs that no source gave. */
  missing: AnswerKey[];
  /** The ones to ask (or, without a terminal, to refuse the run for). */
  toAsk: AnswerKey[];
  /** Answers added since the project was generated that take their defaults without a word from the user. */
  defaulted: AnswerKey[];
}

export interface PlanSettings {
  interactive: boolean;
  /** --defaults: take the default of everything not given. */
  defaults: boolean;
  /** No single Flask app was found and none was named: flaskApp must be asked even with --defaults. */
  ambiguous: boolean;
}

/** Which of `keys` are missing from `given`, which of those are asked, and which take their defaults quietly. */
export function planQuestions(keys: AnswerKey[], given: Partial<Answers>, previous: Record<string, unknown>, settings: PlanSettings): QuestionPlan {
  // Answers from before flaskApp existed name package (and appStyle): flaskApp follows from them.
  const missing = keys.filter((key) => given[key] === undefined && !(key === 'flaskApp' && given.package !== undefined));
  // Settings with a safe default never fail a run for being absent; 'quiet' ones are not asked either.
  const required = missing.filter((key) => !answerSpec(key).optional);
  const askable = missing.filter((key) => answerSpec(key).optional !== 'quiet');
  const toAsk = settings.defaults ? missing.filter((key) => key === 'flaskApp' && settings.ambiguous) : settings.interactive ? askable : required;
  // A project an earlier version wrote has no record of settings added since.
  const defaulted = ANSWER_KEYS.some((key) => key in previous) ? missing.filter((key) => !toAsk.includes(key) && answerSpec(key).optional) : [];
  return { missing, toAsk, defaulted };
}

/** A run that cannot ask and lacks answers: one line naming them and how to give them. */
export function missingAnswers(keys: AnswerKey[]): AnswersError {
  return new AnswersError([
    `missing answers: ${keys.join(', ')}; this run cannot ask (no terminal${process.env.CI ? ', CI is set' : ''}): ` +
      'give them in --answers FILE or as options, or pass --defaults to take the defaults',
  ]);
}
