// Questions derived from the answers model. Each answer a person types goes
// through the same check as every other source (valueProblem).
import { answerSpec, type AnswerKey, type Answers } from './answers.js';
import { coerceText, showValue, valueProblem } from './validate.js';

type Question = Record<string, unknown> & { name: string };

const shown = (value: unknown) => (Array.isArray(value) ? value.join(', ') : value);

// A checkbox hands validate() its choice objects rather than their values.
const choiceValues = (input: unknown) =>
  Array.isArray(input) ? input.map((item) => (item && typeof item === 'object' && 'value' in item ? item.value : item)) : input;

export function questionsFor(keys: AnswerKey[], given: Partial<Answers>, folder: string): Question[] {
  return keys.map((key) => {
    const spec = answerSpec(key);
    const defaultFor = (sofar: Partial<Answers> = {}) => spec.default({ ...given, ...sofar }, folder);
    const validate = (input: unknown) => {
      const value = coerceText(spec, choiceValues(input));
      const reason = valueProblem(spec, value);
      return reason ? `${showValue(value)} ${reason}; allowed: ${spec.allowed}` : true;
    };
    const question: Question = { name: key, message: spec.message, validate };
    switch (spec.kind) {
      case 'choice':
        return { ...question, type: 'select', choices: spec.choices, default: defaultFor };
      case 'boolean':
        return { ...question, type: 'confirm', default: defaultFor };
      case 'list':
        if (spec.choices) {
          const defaults = defaultFor() as string[];
          return { ...question, type: 'checkbox', choices: spec.choices.map((value) => ({ name: value, value, checked: defaults.includes(value) })) };
        }
        return { ...question, type: 'input', default: (sofar: Partial<Answers>) => shown(defaultFor(sofar)), filter: (input: unknown) => coerceText(spec, input) };
      default:
        return { ...question, type: 'input', default: (sofar: Partial<Answers>) => shown(defaultFor(sofar)), filter: (input: unknown) => coerceText(spec, input) };
    }
  });
}
