// Reads Python source well enough to find a Flask app and an unguarded app.run().
//
// Why TypeScript and not `python3 -c 'import ast'`: the scan must give the same
// answer on every machine that runs the generator. The python3 found on PATH may
// be older than the repository's code (a SyntaxError from ast would hide the app),
// may be missing (Windows, CI images with node only), or may be a different one
// each run (pyenv shims). We only need module-level statements, so a tokenizer that
// drops comments, blanks string literals and joins bracketed and continued lines is
// enough, and it is tested on the shapes real repositories have.

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

export interface FlaskFacts {
  /** A module-level `def create_app(`, or an import that brings create_app in (`from` names the module). */
  factory?: { line: number; from?: string };
  /** Module-level names bound to `Flask(...)`, `create_app(...)` or imported as `app`. */
  apps: Array<{ name: string; line: number; how: 'Flask' | 'create_app' | 'import'; from?: string }>;
  /** Calls of `<app>.run(` that run on import. */
  runCalls: LogicalLine[];
}

const FLASK_CALL = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=\s*(?:flask\s*\.\s*)?Flask\s*\(/;
const FACTORY_CALL = /^([A-Za-z_]\w*)\s*(?::[^=]+)?=\s*create_app\s*\(/;
const IMPORT_FROM = /^from\s+([\w.]+)\s+import\s+\(?([^)]*)\)?$/;

export function flaskFacts(source: string): FlaskFacts {
  const facts: FlaskFacts = { apps: [], runCalls: [] };
  const lines = logicalLines(source);
  for (const line of lines) {
    if (line.blocks.length > 0) continue;
    if (/^(async\s+)?def\s+create_app\s*\(/.test(line.code)) facts.factory ??= { line: line.start };
    const flask = FLASK_CALL.exec(line.code) ?? undefined;
    if (flask) facts.apps.push({ name: flask[1], line: line.start, how: 'Flask' });
    const factory = FACTORY_CALL.exec(line.code) ?? undefined;
    if (factory) facts.apps.push({ name: factory[1], line: line.start, how: 'create_app' });
    const imported = IMPORT_FROM.exec(line.code);
    if (imported && imported[1] !== 'flask') {
      for (const item of imported[2].split(',').map((part) => part.trim().split(/\s+as\s+/))) {
        const bound = item[1] ?? item[0];
        if (item[0] === 'create_app' && bound === 'create_app') facts.factory ??= { line: line.start, from: imported[1] };
        if (item[0] === 'app' || bound === 'app') facts.apps.push({ name: bound, line: line.start, how: 'import', from: imported[1] });
      }
    }
  }
  const appNames = new Set(['app', 'application', ...facts.apps.map((app) => app.name)]);
  for (const line of lines) {
    const call = /^([A-Za-z_]\w*)\s*\.\s*run\s*\(/.exec(line.code);
    const direct = /^create_app\s*\([^)]*\)\s*\.\s*run\s*\(/.test(line.code);
    if (((call && appNames.has(call[1])) || direct) && runsOnImport(line, source)) facts.runCalls.push(line);
  }
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
