// Escaping at the boundary: one function per language a value can land in.
// Each one either returns text that the target reads back as exactly `value`,
// or throws: a value it cannot represent never reaches a file.
import { stringify as stringifyToml } from 'smol-toml';

export class EscapeError extends Error {
  constructor(language: string, value: string, why: string) {
    super(`cannot write ${JSON.stringify(value)} into ${language}: ${why}`);
    this.name = 'EscapeError';
  }
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * One Apache directive argument, double-quoted. Apache reads \" and \\ inside
 * quotes; it expands ${VAR} before quoting applies, and a line cannot hold a
 * control character, so those are refused.
 */
export function apacheQuote(value: string): string {
  if (CONTROL.test(value)) throw new EscapeError('Apache config', value, 'control characters cannot be quoted');
  if (value.includes('${')) throw new EscapeError('Apache config', value, 'Apache would expand ${...}');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A mod_wsgi `name=value` option: mod_wsgi reads the value as one quoted word. */
export const apacheOption = (name: string, value: string) => `${name}=${apacheQuote(value)}`;

/** One POSIX shell word, single-quoted ('\'' for a quote inside). */
export function shellQuote(value: string): string {
  if (value.includes('\u0000')) throw new EscapeError('a shell script', value, 'NUL cannot be passed to a command');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Several shell words, e.g. the items of a bash array. */
export const shellWords = (values: readonly string[]) => values.map(shellQuote).join(' ');

/** A Python 3 str literal; everything outside printable ASCII becomes an escape. */
export function pythonString(value: string): string {
  return JSON.stringify(value).replace(/[^\u0020-\u007e]/gu, (c) => {
    const point = c.codePointAt(0)!;
    return point > 0xffff ? `\\U${point.toString(16).padStart(8, '0')}` : `\\u${point.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A Markdown code span holding `value` literally: the fence is one backtick
 * longer than any run inside, and a space pads a value that starts or ends with
 * a backtick or a space (CommonMark strips one space from each side).
 */
export function markdownCode(value: string): string {
  if (value === '' || CONTROL.test(value)) throw new EscapeError('Markdown', value, 'an empty value or a control character cannot be a code span');
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(value) && value.trim() !== '' ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** A literal for a regular expression (POSIX ERE and PCRE, as semanage reads it). */
export const regexLiteral = (value: string) => value.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);

/** A path (or glob) in a logrotate config: double-quoted; logrotate has no escape for a quote inside. */
export function logrotatePath(value: string): string {
  if (CONTROL.test(value) || /["\\{}]/.test(value)) throw new EscapeError('a logrotate config', value, 'a quote, backslash, brace or control character cannot be written');
  return `"${value}"`;
}

/** A path in a newsyslog.conf line: fields are split at blanks, with no quoting. */
export function newsyslogPath(value: string): string {
  if (CONTROL.test(value) || /[\s#]/.test(value)) throw new EscapeError('newsyslog.conf', value, 'a blank or "#" cannot be written');
  return value;
}

/** TOML and JSON documents are built as objects and serialized, never concatenated. */
export const toTomlDocument = (document: Record<string, unknown>) => `${stringifyToml(document)}\n`;
export const toJsonDocument = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

/** The helpers every template gets, as `q.apache(...)`, `q.sh(...)`, `q.py(...)`, `q.md(...)`, `q.regex(...)`. */
export const templateQuoting = { apache: apacheQuote, apacheOption, sh: shellQuote, shWords: shellWords, py: pythonString, md: markdownCode, regex: regexLiteral, logrotatePath, newsyslogPath };
