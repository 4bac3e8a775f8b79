// Reads Python source well enough to find a Flask app and an unguarded app.run().
//
// Why TypeScript and not `python3 -c 'import ast'`: the scan must give the same
// answer on every machine that runs the generator. The python3 found on PATH may
// be older than the repository's code (a SyntaxError from ast would hide the app),
// may be missing (Windows, CI images with node only), or may be a different one
// each run (pyenv shims). We only need module-level statements, so a tokenizer that
// drops comments, blanks string literals and joins bracketed and continued lines is
// enough, and it is tested on the shapes real repositories have.
import { foldersWrittenBeside } from './written-folders.js';

export interface LogicalLine {
  /** First and last physical line, 1-based. */
  start: number;
  end: number;
  /** Leading whitespace of the first physical line. */
  indent: string;
  /** The statement without comments; every string literal is `""`. */
  code: string;
  /** The first physical line as written, for messages. */
  source: string;
  /** A string literal spans lines: re-indenting the statement would change it. */
  multilineString: boolean;
  /** The body of `if x: stmt`, sharing its line with the header. */
  afterHeader?: boolean;
  /** The enclosing block headers (`if ...:`, `def ...:`), outermost first. */
  blocks: string[];
}

const QUOTES = new Set(["'", '"']);
const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);
const COMPOUND = /^(if|elif|else|while|for|with|try|except|finally|def|class|async|match|case)\b/;

/** Splits source into logical lines (statements), with their enclosing blocks. */
export function logicalLines(source: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  const text = source.replace(/\r\n?/g, '\n');
  let i = 0;
  let lineNo = 1;
  while (i < text.length) {
    // At the start of a physical line: indentation, then blank or comment lines are skipped.
    const lineStart = i;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) i++;
    const indent = text.slice(lineStart, i);
    if (i >= text.length) break;
    if (text[i] === '\n' || text[i] === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      i++;
      lineNo++;
      continue;
    }
    const start = lineNo;
    let code = '';
    let depth = 0;
    let multilineString = false;
    while (i < text.length) {
      const c = text[i];
      if (QUOTES.has(c)) {
        const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
        i += quote.length;
        while (i < text.length && !text.startsWith(quote, i)) {
          if (text[i] === '\\') i++;
          else if (text[i] === '\n' && quote.length === 1) break; // unterminated: the line ends it
          if (text[i] === '\n') {
            lineNo++;
            multilineString = true;
          }
          i++;
        }
        if (text.startsWith(quote, i)) i += quote.length;
        code += '""';
      } else if (c === '#') {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (c === '\\' && text[i + 1] === '\n') {
        i += 2;
        lineNo++;
        code += ' ';
      } else if (c === '\n') {
        i++;
        lineNo++;
        if (depth === 0) break;
        code += ' ';
      } else {
        if (OPEN.has(c)) depth++;
        if (CLOSE.has(c)) depth = Math.max(0, depth - 1);
        code += c;
        i++;
      }
    }
    const end = text[i - 1] === '\n' ? lineNo - 1 : lineNo;
    const source = text.slice(lineStart, text.indexOf('\n', lineStart) === -1 ? undefined : text.indexOf('\n', lineStart)).trim();
    lines.push({ start, end, indent, code: code.trim(), source, multilineString, blocks: [] });
  }
  return withBlocks(lines);
}

const width = (indent: string) => indent.replace(/\t/g, '        ').length;

/** The colon that ends a compound statement's header, at bracket depth 0. */
function headerColon(code: string): number {
  let depth = 0;
  for (let k = 0; k < code.length; k++) {
    if (OPEN.has(code[k])) depth++;
    else if (CLOSE.has(code[k])) depth--;
    else if (code[k] === ':' && depth === 0 && code[k + 1] !== '=') return k;
  }
  return -1;
}

/** Fills `blocks` from indentation; `if x: stmt` on one line becomes a header plus a body line. */
function withBlocks(lines: LogicalLine[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  const stack: Array<{ width: number; header: string }> = [];
  for (const line of lines) {
    const w = width(line.indent);
    while (stack.length > 0 && stack[stack.length - 1].width >= w) stack.pop();
    const blocks = stack.map((entry) => entry.header);
    if (COMPOUND.test(line.code)) {
      const colon = headerColon(line.code);
      const header = colon >= 0 ? line.code.slice(0, colon + 1) : line.code;
      const body = colon >= 0 ? line.code.slice(colon + 1).trim() : '';
      out.push({ ...line, code: header, blocks });
      if (body) out.push({ ...line, code: body, blocks: [...blocks, header], afterHeader: true });
      else stack.push({ width: w, header });
    } else {
      out.push({ ...line, blocks });
    }
  }
  return out;
}

const MAIN_GUARD = /^if\s+(__name__\s*==\s*""|""\s*==\s*__name__)\s*:$/;
const isMainGuard = (header: string, source: string) => MAIN_GUARD.test(header) && source.includes('__main__');
/** Runs when the module is imported: not inside a function or class, not under the __main__ guard. */
const runsOnImport = (line: LogicalLine, source: string) =>
  !line.blocks.some((header) => /^(async\s+)?(def|class)\b/.test(header) || isMainGuard(header, source));

export interface FlaskApp {
  name: string;
  line: number;
  how: 'Flask' | 'create_app' | 'import';
  from?: string;
  /** The factory a `name = factory(...)` line calls. */
  callee?: string;
  /** That call passes arguments, or module-level setup (load_dotenv(), config selection) runs before it. */
  setup?: boolean;
  /** `static_folder=` of a Flask() call: a literal folder, null for None; undefined when not given. */
  staticFolder?: string | null;
}

export interface Factory {
  name: string;
  line: number;
  /** Set when the factory is imported rather than defined here. */
  from?: string;
  /** Parameters without a default (a call without arguments fails). */
  required: string[];
}

/** A statement that starts the development server on import, directly or through a function it calls. */
export type RunSite = LogicalLine & { via?: { name: string; line: number } };

export interface FlaskFacts {
  /** A module-level `def create_app(`/`make_app(`, or an import that brings one in (`from` names the module). */
  factory?: Factory;
  /** Module-level names bound to `Flask(...)`, a factory call, or imported as `app`. */
  apps: FlaskApp[];
  /** Statements that start the development server when the module is imported. */
  runCalls: RunSite[];
  /** Relative folders the code creates (os.makedirs/os.mkdir with a literal). */
  writes: string[];
  /** Folders under the module's own folder it creates or names as an upload/data folder (written-folders.ts). */
  writesBeside: string[];
  /** The code uses Flask's instance folder (instance_path, instance_relative_config). */
  usesInstance: boolean;
  /** Modules imported with `from X import *`. */
  starImports: string[];
}

export const FACTORY_NAMES = ['create_app', 'make_app'];
const FLASK_CALL = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=\s*(?:flask\s*\.\s*)?Flask\s*\(/;
const FACTORY_CALL = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=\s*(?:[A-Za-z_]\w*\s*\.\s*)?([A-Za-z_]\w*)\s*\(/;
const IMPORT_FROM = /^from\s+([\w.]+)\s+import\s+\(?([^)]*)\)?$/;
const DEF = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\((.*)\)\s*(?:->.*)?:$/;
/** A call that builds an app: create_app, make_app, create_flask_app, get_app... */
const looksLikeFactory = (name: string) => FACTORY_NAMES.includes(name) || (/app/i.test(name) && name !== 'Flask' && /^(create|make|build|get|init|setup)_/i.test(name));

/** The parameters of a `def` header that have no default. */
function requiredParams(params: string): string[] {
  const required: string[] = [];
  let depth = 0;
  let current = '';
  const items: string[] = [];
  for (const c of params) {
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) items.push(current.trim());
  for (const item of items) {
    if (item === '*' || item.startsWith('*') || item === '/') {
      if (item === '*' || item.startsWith('*')) break;
      continue;
    }
    if (!item.includes('=')) required.push(item.split(':')[0].trim());
  }
  return required;
}

/** The physical lines of a statement as written (string literals intact). */
const rawText = (source: string, line: LogicalLine) => source.replace(/\r\n?/g, '\n').split('\n').slice(line.start - 1, line.end).join('\n');

function staticFolderOf(raw: string): string | null | undefined {
  if (/\bstatic_folder\s*=\s*None\b/.test(raw)) return null;
  const literal = /\bstatic_folder\s*=\s*(['"])([^'"\n]*)\1/.exec(raw);
  return literal ? literal[2] : undefined;
}

export function flaskFacts(source: string): FlaskFacts {
  const facts: FlaskFacts = { apps: [], runCalls: [], writes: [], writesBeside: foldersWrittenBeside(source), usesInstance: false, starImports: [] };
  const lines = logicalLines(source);
  let setupSeen = false;
  for (const line of lines) {
    if (line.blocks.length > 0) continue;
    const def = DEF.exec(line.code);
    if (def && FACTORY_NAMES.includes(def[1])) facts.factory ??= { name: def[1], line: line.start, required: requiredParams(def[2]) };
    const flask = FLASK_CALL.exec(line.code) ?? undefined;
    if (flask) facts.apps.push({ name: flask[1], line: line.start, how: 'Flask', staticFolder: staticFolderOf(rawText(source, line)) });
    const factory = flask ? undefined : FACTORY_CALL.exec(line.code) ?? undefined;
    if (factory && looksLikeFactory(factory[2])) {
      const withArgs = !/\(\s*\)\s*$/.test(line.code);
      facts.apps.push({ name: factory[1], line: line.start, how: 'create_app', callee: factory[2], setup: withArgs || setupSeen });
    }
    if (!/^(import|from|def|class|async|@|""$|__\w+__\s*=)/.test(line.code) && !flask && !(factory && looksLikeFactory(factory[2]))) setupSeen = true;
    const imported = IMPORT_FROM.exec(line.code);
    if (imported && imported[2].trim() === '*') facts.starImports.push(imported[1]);
    if (imported && imported[1] !== 'flask') {
      for (const item of imported[2].split(',').map((part) => part.trim().split(/\s+as\s+/))) {
        const bound = item[1] ?? item[0];
        if (FACTORY_NAMES.includes(item[0]) && bound === item[0]) facts.factory ??= { name: item[0], line: line.start, from: imported[1], required: [] };
        if (item[0] === 'app' || bound === 'app') facts.apps.push({ name: bound, line: line.start, how: 'import', from: imported[1] });
      }
    }
  }
  const appNames = new Set(['app', 'application', ...facts.apps.map((app) => app.name)]);
  const isRun = (code: string) => {
    const call = /^([A-Za-z_]\w*)\s*\.\s*run\s*\(/.exec(code);
    return Boolean((call && appNames.has(call[1])) || /^(?:create_app|make_app)\s*\([^)]*\)\s*\.\s*run\s*\(/.test(code));
  };
  // Functions defined at module level whose body starts the server.
  const runningFunctions = new Map<string, number>();
  for (const line of lines) {
    if (!isRun(line.code)) continue;
    if (runsOnImport(line, source)) facts.runCalls.push(line);
    else {
      const def = line.blocks[0] ? DEF.exec(line.blocks[0]) : null;
      const guarded = line.blocks.some((header) => isMainGuard(header, source));
      if (def && !guarded && !runningFunctions.has(def[1])) runningFunctions.set(def[1], line.start);
    }
  }
  if (runningFunctions.size > 0) {
    for (const line of lines) {
      const call = /^([A-Za-z_]\w*)\s*\(/.exec(line.code);
      if (call && runningFunctions.has(call[1]) && runsOnImport(line, source)) {
        facts.runCalls.push({ ...line, via: { name: call[1], line: runningFunctions.get(call[1])! } });
      }
    }
  }
  facts.runCalls.sort((a, b) => a.start - b.start);
  for (const match of source.matchAll(/\bos\s*\.\s*(?:makedirs|mkdir)\s*\(\s*['"]([A-Za-z0-9_][\w.-]*(?:\/[\w.-]+)*)['"]/g)) {
    if (!facts.writes.includes(match[1]) && !match[1].split('/').includes('..')) facts.writes.push(match[1]);
  }
  facts.usesInstance = /\binstance_path\b|\binstance_relative_config\s*=\s*True\b/.test(source);
  return facts;
}

/**
 * Moves one unguarded run call under `if __name__ == "__main__":`, in place and
 * at its own indentation, so the code around it keeps its order. Returns undefined
 * when the statement holds a multi-line string (re-indenting would change it).
 */
export function guardRunCall(source: string, call: LogicalLine): string | undefined {
  if (call.multilineString || call.afterHeader) return undefined;
  const newline = source.includes('\r\n') ? '\r\n' : '\n';
  const physical = source.split(/\r?\n/);
  const step = call.indent.includes('\t') ? '\t' : '    ';
  const statement = physical.slice(call.start - 1, call.end);
  const guarded = [`${call.indent}if __name__ == "__main__":`, ...statement.map((text) => (text.trim() ? `${step}${text}` : text))];
  physical.splice(call.start - 1, statement.length, ...guarded);
  return physical.join(newline);
}
