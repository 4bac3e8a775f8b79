// One validation path for every source of answers: prompts, CLI options,
// answers files and .yo-rc.json. The schema comes from the answers model and is
// checked by Ajv (a maintained JSON Schema validator, so the rules stated in the
// exported schema are exactly the rules enforced), compiled once at build time
// (scripts/compile-validators.mjs); YAML is read by `yaml`.
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { parseDocument } from 'yaml';
import validators from './answer-validators.js';
import { showText } from './show.js';
import { parseStrictJson } from './strict-json.js';
import { ANSWERS, ANSWER_KEYS, answerSpec, type AnswerKey, type AnswerSpec, type Answers } from './answers.js';

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

// Each answer's schema, compiled by Ajv at build time (scripts/compile-validators.mjs): no compiling per run.
function keyValidator(spec: AnswerSpec) {
  const validator = validators[spec.key];
  if (!validator) throw new Error(`internal: no compiled validator for ${spec.key}; run npm run build`);
  return validator;
}

export function showValue(value: unknown): string {
  // YAML's .inf and .nan: JSON.stringify would print them as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  let text: string;
  try {
    text = JSON.stringify(typeof value === 'string' && value.length > 400 ? value.slice(0, 400) : value) ?? String(value);
  } catch {
    text = String(value);
  }
  return showText(text);
}

function suggestKey(unknown: string): string {
  const lower = unknown.toLowerCase().replace(/[-_]/g, '');
  const exact = ANSWER_KEYS.find((key) => key.toLowerCase() === lower);
  const nearest = exact ?? closest(unknown, [...ANSWER_KEYS]);
  return exact || distance(unknown, nearest) <= 3 ? `; did you mean "${nearest}"?` : `; known keys: ${ANSWER_KEYS.join(', ')}`;
}

const KIND_TYPE: Record<AnswerSpec['kind'], string> = {
  string: 'text', choice: 'text', integer: 'an integer', boolean: 'true or false', list: 'a list',
};

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

/** The JSON type a value must have, checked first so the message names the type. */
function typeProblem(spec: AnswerSpec, value: unknown): string | undefined {
  const wanted = KIND_TYPE[spec.kind];
  const ok =
    spec.kind === 'integer' ? Number.isInteger(value)
      : spec.kind === 'boolean' ? typeof value === 'boolean'
        : spec.kind === 'list' ? Array.isArray(value)
          : typeof value === 'string';
  if (!ok) {
    const hint = typeof value === 'number' && wanted === 'text' ? ' (in YAML, put it in quotes)'
      : typeof value === 'string' && spec.kind === 'integer' ? ' (write the number without quotes)'
        : typeof value === 'string' && spec.kind === 'boolean' ? ' (write true or false without quotes)' : '';
    return `is ${typeName(value)}, not ${wanted}${hint}`;
  }
  if (Array.isArray(value)) {
    const bad = value.find((item) => typeof item !== 'string');
    if (bad !== undefined) return `has ${showValue(bad)}, which is ${typeName(bad)}, not text`;
  }
  return undefined;
}

// Ajv's keyword -> the reason in words, for what the precise checks do not cover.
const SCHEMA_REASONS: Record<string, string> = {
  minimum: 'is too small', maximum: 'is too large', enum: 'is not one of the choices', uniqueItems: 'lists an item twice',
  minItems: 'is empty', maxItems: 'has too many items', maxLength: 'is too long', pattern: 'is not of the allowed form',
};

/** The rule a single value breaks, or undefined when it is allowed. */
export function valueProblem(spec: AnswerSpec, value: unknown): string | undefined {
  const typeReason = typeProblem(spec, value);
  if (typeReason) return typeReason;
  const reason = spec.check?.(value as never);
  if (reason) return reason;
  const validator = keyValidator(spec);
  if (validator(value)) return undefined;
  const keyword = validator.errors?.find((error) => SCHEMA_REASONS[error.keyword])?.keyword;
  return keyword ? SCHEMA_REASONS[keyword] : 'is not allowed';
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
      problems.push(`${showText(key, 40)}: unknown key (from ${source})${suggestKey(key.slice(0, 64))}`);
      continue;
    }
    const value = coerce ? coerceText(spec, rawValue) : rawValue;
    const reason = valueProblem(spec, value);
    if (reason) problems.push(problemLine(spec, rawValue, reason, source));
    else values[key] = value;
  }
  return { values: values as Partial<Answers>, problems };
}

/** Fills every key not given with its default (in model order), and checks the defaults too. */
export function fillDefaults(
  given: Partial<Answers>,
  folder: string,
  defaultOf: (key: AnswerKey, earlier: Partial<Answers>) => unknown = (key, earlier) => answerSpec(key).default(earlier, folder),
): Answers {
  const all: Partial<Answers> = { ...given };
  const defaulted: Record<string, unknown> = {};
  for (const spec of ANSWERS) {
    if (all[spec.key] !== undefined) continue;
    const value = defaultOf(spec.key, all);
    (all as Record<string, unknown>)[spec.key] = value;
    defaulted[spec.key] = value;
  }
  const checked = checkSource(defaulted, 'the default', false);
  if (checked.problems.length > 0) throw new AnswersError(checked.problems);
  return all as Answers;
}

const MAX_ANSWERS_FILE = 1024 * 1024;

/** YAML with its warnings as errors: nothing is printed behind the run's back, nothing half-understood is used. */
function parseYamlQuietly(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, logLevel: 'silent' });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw problem;
  return doc.toJS({ maxAliasCount: 50 });
}

/** Reads an --answers file (.json, .yml, .yaml); every failure is an AnswersError. */
export function readAnswersFile(path: string): unknown {
  const label = `answers file ${showText(path)}`;
  const ext = extname(path).toLowerCase();
  if (!['.json', '.yml', '.yaml'].includes(ext)) {
    throw new AnswersError([`answers: ${showValue(path)} has an unknown extension; allowed: a .json, .yml or .yaml file`]);
  }
  let text: string;
  try {
    const stat = statSync(path);
    // A FIFO or device would block the read or never end: only regular files are read.
    if (!stat.isFile()) throw new AnswersError([`${label}: is not a regular file; allowed: a .json, .yml or .yaml file`]);
    if (stat.size > MAX_ANSWERS_FILE) throw new AnswersError([`${label}: larger than 1 MiB; allowed: a small JSON or YAML mapping`]);
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    if (error instanceof AnswersError) throw error;
    throw new AnswersError([`${label}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  if (text.includes('\u0000') || text.includes('\uFFFD')) throw new AnswersError([`${label}: is not UTF-8 text`]);
  if (text.trim() === '') throw new AnswersError([`${label}: is empty; allowed: a mapping of answer keys to values`]);
  let parsed: unknown;
  try {
    parsed = ext === '.json' ? parseStrictJson(text) : parseYamlQuietly(text);
  } catch (error) {
    const firstLine = showText(String((error as Error).message).split('\n')[0], 160);
    throw new AnswersError([`${label}: not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${firstLine}`]);
  }
  // A document of only comments, or `null`, would otherwise pass as "no answers" without a word.
  if (parsed === null || parsed === undefined) throw new AnswersError([`${label}: has no answers (an empty document); allowed: a mapping of answer keys to values`]);
  return parsed;
}

