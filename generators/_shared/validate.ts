// One validation path for every source of answers: prompts, CLI options,
// answers files and .yo-rc.json. The schema comes from the answers model and is
// checked by Ajv (a maintained JSON Schema validator, so the rules stated in the
// exported schema are exactly the rules enforced); YAML is read by `yaml`.
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Ajv } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { parse as parseYaml } from 'yaml';
import { ANSWERS, ANSWER_KEYS, optionName, type AnswerKey, type AnswerSpec, type Answers } from './answers.js';

/** Bad input: every problem found, one line each. The CLI exits 2 on it. */
export class AnswersError extends Error {
  readonly problems: string[];
  readonly exitCode = 2;
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'AnswersError';
    this.problems = problems;
  }
}

export function answersSchema(): Record<string, unknown> {
  const properties: Record<string, object> = {};
  for (const spec of ANSWERS) {
    properties[spec.key] = { ...spec.schema, description: `${spec.description} Allowed: ${spec.allowed}. Default: ${spec.defaultText}.` };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'generator-modwsgi answers',
    description: 'Answers for generator-modwsgi (an --answers file, or the generator-modwsgi key of .yo-rc.json).',
    type: 'object',
    properties,
    additionalProperties: false,
  };
}

const ajv = new Ajv({ allErrors: true, strict: true });
const keyValidators = new Map(ANSWERS.map((spec) => [spec.key, ajv.compile(spec.schema)]));

export function showValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function suggestKey(unknown: string): string {
  const lower = unknown.toLowerCase().replace(/[-_]/g, '');
  const exact = ANSWER_KEYS.find((key) => key.toLowerCase() === lower);
  const nearest = exact ?? closest(unknown, [...ANSWER_KEYS]);
  return exact || distance(unknown, nearest) <= 3 ? `; did you mean "${nearest}"?` : `; known keys: ${ANSWER_KEYS.join(', ')}`;
}

/** The rule a single value breaks, or undefined when it is allowed. */
export function valueProblem(spec: AnswerSpec, value: unknown): string | undefined {
  if (typeof value === 'number' && (spec.kind === 'string' || spec.kind === 'choice')) {
    return 'is a number, not text (in YAML write it in quotes, e.g. "3.11")';
  }
  if (!keyValidators.get(spec.key)!(value)) return 'is not allowed';
  return spec.check?.(value as never);
}

export function problemLine(spec: AnswerSpec, value: unknown, reason: string, source: string): string {
  return `${spec.key}: ${showValue(value)} ${reason} (from ${source}); allowed: ${spec.allowed}`;
}

const TRUE_WORDS = new Set(['', 'true', 'yes', 'y', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'off', '0']);

/** Turns a string typed on a command line or at a prompt into the answer's type. */
export function coerceText(spec: AnswerSpec, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  switch (spec.kind) {
    case 'integer':
      return /^[+-]?\d+$/.test(text) ? Number(text) : value;
    case 'boolean':
      if (TRUE_WORDS.has(text.toLowerCase())) return true;
      if (FALSE_WORDS.has(text.toLowerCase())) return false;
      return value;
    case 'list':
      return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
    default:
      return value;
  }
}

/**
 * Checks one source of answers. `coerce` is for sources where every value is
 * text (command line); files must carry the right types.
 */
export function checkSource(raw: unknown, source: string, coerce: boolean): { values: Partial<Answers>; problems: string[] } {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  if (raw === undefined || raw === null) return { values, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { values, problems: [`${source}: expected a mapping of answer keys to values, got ${Array.isArray(raw) ? 'a list' : showValue(raw)}`] };
  }
  for (const [key, rawValue] of Object.entries(raw)) {
    const spec = ANSWERS.find((candidate) => candidate.key === key);
    if (!spec) {
      problems.push(`${key}: unknown key (from ${source})${suggestKey(key)}`);
      continue;
    }
    const value = coerce ? coerceText(spec, rawValue) : rawValue;
    const reason = valueProblem(spec, value);
    if (reason) problems.push(problemLine(spec, rawValue, reason, source));
    else values[key] = value;
  }
  return { values: values as Partial<Answers>, problems };
}

const MAX_ANSWERS_FILE = 1024 * 1024;

/** Reads an --answers file (.json, .yml, .yaml); every failure is an AnswersError. */
export function readAnswersFile(path: string): unknown {
  const label = `answers file ${path}`;
  const ext = extname(path).toLowerCase();
  if (!['.json', '.yml', '.yaml'].includes(ext)) {
    throw new AnswersError([`answers: ${showValue(path)} has an unknown extension; allowed: a .json, .yml or .yaml file`]);
  }
  let text: string;
  try {
    if (statSync(path).size > MAX_ANSWERS_FILE) throw new AnswersError([`${label}: larger than 1 MiB; allowed: a small JSON or YAML mapping`]);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof AnswersError) throw error;
    throw new AnswersError([`${label}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  if (text.includes('\u0000') || text.includes('\uFFFD')) throw new AnswersError([`${label}: is not UTF-8 text`]);
  if (text.trim() === '') throw new AnswersError([`${label}: is empty; allowed: a mapping of answer keys to values`]);
  try {
    return ext === '.json' ? JSON.parse(text) : parseYaml(text, { uniqueKeys: true, prettyErrors: false, maxAliasCount: 50 });
  } catch (error) {
    const firstLine = String((error as Error).message).split('\n')[0];
    throw new AnswersError([`${label}: not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${firstLine}`]);
  }
}

/** The CLI option that carries `key`, for messages. */
export const optionFlag = (key: AnswerKey) => `--${optionName(key)}`;
