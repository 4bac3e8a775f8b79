// Questions derived from the answers model. Each answer a person types goes
// through the same check as every other source (valueProblem).
import { answerSpec, type AnswerKey, type AnswerSpec, type Answers } from './answers.js';
import { coerceText, showValue, valueProblem } from './validate.js';

type Question = Record<string, unknown> & { name: string };

const shown = (value: unknown) => (Array.isArray(value) ? value.join(', ') : value);

// A checkbox hands validate() its choice objects rather than their values.
const choiceValues = (input: unknown) =>
  Array.isArray(input) ? input.map((item) => (item && typeof item === 'object' && 'value' in item ? item.value : item)) : input;

/** A default for `key` given the answers so far: the repository's (detect.ts) or the model's. */
export type DefaultOf = (key: AnswerKey, earlier: Partial<Answers>) => unknown;
/** Choices offered instead of free text, e.g. the Flask apps found in the repository. */
export type ChoicesOf = Partial<Record<AnswerKey, Array<{ name: string; value: string }>>>;

/** A choice with what it means, e.g. "factory: create_app() builds the app". */
const choiceOf = (spec: AnswerSpec, value: string) => ({ name: spec.choiceHelp?.[value] ? `${value}: ${spec.choiceHelp[value]}` : value, value, short: value });

export function questionsFor(keys: AnswerKey[], given: Partial<Answers>, defaultOf: DefaultOf, choices: ChoicesOf = {}): Question[] {
  return keys.map((key) => {
    const spec = answerSpec(key);
    const defaultFor = (sofar: Partial<Answers> = {}) => defaultOf(key, { ...given, ...sofar });
    const validate = (input: unknown) => {
      const value = coerceText(spec, choiceValues(input));
      const reason = valueProblem(spec, value);
      return reason ? `${showValue(value)} ${reason}; allowed: ${spec.allowed}` : true;
    };
    const message = (sofar: Partial<Answers> = {}) => spec.promptMessage?.({ ...given, ...sofar }) ?? spec.message;
    const question: Question = { name: key, message: spec.promptMessage ? message : spec.message, validate };
    if (spec.askWhen) question.when = (sofar: Partial<Answers>) => spec.askWhen!({ ...given, ...sofar });
    if (choices[key]) return { ...question, type: 'select', choices: choices[key] };
    switch (spec.kind) {
      case 'choice':
        return { ...question, type: 'select', choices: spec.choices!.map((value) => choiceOf(spec, value)), default: defaultFor };
      case 'boolean':
        return { ...question, type: 'confirm', default: defaultFor };
      case 'list':
        if (spec.choices) {
          const defaults = defaultFor() as string[];
          return { ...question, type: 'checkbox', choices: spec.choices.map((value) => ({ ...choiceOf(spec, value), checked: defaults.includes(value) })) };
        }
        return { ...question, type: 'input', default: (sofar: Partial<Answers>) => shown(defaultFor(sofar)), filter: (input: unknown) => coerceText(spec, input) };
      default:
        return { ...question, type: 'input', default: (sofar: Partial<Answers>) => shown(defaultFor(sofar)), filter: (input: unknown) => coerceText(spec, input) };
    }
  });
}
