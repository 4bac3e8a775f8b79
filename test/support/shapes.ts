// The shape of generated output, as the reading program sees it: Apache
// directives and their arguments (read the way Apache's ap_getword_conf and
// mod_wsgi's option parser read them), shell commands as bash prints them back
// (declare -f), Python statements as ast sees them. Two outputs with the same
// shape have the same directives, commands and statements.
import { spawnSync } from 'node:child_process';

// apr_isspace: ASCII white space only (U+00A0 or U+2028 are part of a word).
const isSpace = (c: string | undefined) => c !== undefined && ' \t\n\v\f\r'.includes(c);

/** One word as ap_getword_conf reads it; returns the word and where the rest starts. */
function getWord(text: string, start: number): [string, number] {
  let i = start;
  const quote = text[i];
  let word = '';
  if (quote === '"' || quote === "'") {
    i++;
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\' && (text[i + 1] === quote || text[i + 1] === '\\')) i++;
      word += text[i++];
    }
    i++;
  } else {
    while (i < text.length && !isSpace(text[i])) word += text[i++];
  }
  while (isSpace(text[i])) i++;
  return [word, i];
}

export function apacheWords(text: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (isSpace(text[i])) i++;
  while (i < text.length) {
    const [word, next] = getWord(text, i);
    words.push(word);
    i = next;
  }
  return words;
}

/** WSGIDaemonProcess NAME name=value...: mod_wsgi reads `name` up to "=", then the value as one word. */
export function wsgiOptions(args: string): string[] {
  const [name, start] = getWord(args, 0);
  const words = [name];
  let i = start;
  while (i < args.length) {
    const eq = args.indexOf('=', i);
    if (eq < 0 || /[ \t]/.test(args.slice(i, eq))) throw new Error(`not a name=value option: ${args.slice(i)}`);
    const [value, next] = getWord(args, eq + 1);
    words.push(`${args.slice(i, eq)}=${value}`);
    i = next;
  }
  return words;
}

export interface Directive {
  name: string;
  args: string[];
}

/** Every directive of an Apache config file, comments and blank lines left out. */
export function apacheDirectives(text: string): Directive[] {
  const directives: Directive[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[ \t]+|[ \t\r]+$/g, '');
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('<')) {
      const name = /^<\/?[^ \t>]+/.exec(line)![0];
      const rest = line.slice(name.length, line.lastIndexOf('>'));
      directives.push({ name, args: apacheWords(rest) });
      continue;
    }
    const [name, start] = getWord(line, 0);
    const rest = line.slice(start);
    directives.push({ name, args: name === 'WSGIDaemonProcess' ? wsgiOptions(rest) : apacheWords(rest) });
  }
  return directives;
}

/** Directive names with their argument counts: equal shapes mean no directive or argument was added. */
export const apacheShape = (text: string) => apacheDirectives(text).map((d) => `${d.name}/${d.args.length}`).join('\n');

/**
 * Each script wrapped in a function and printed back by one bash (declare -f),
 * then every single-quoted word reduced to W: equal shapes mean equal commands.
 * A syntax error in any script fails the whole batch, with bash's message.
 */
export function bashShapes(scripts: string[]): string[] {
  const source = scripts.map((script, i) => `f${i}() {\n${script}\n}\n`).join('') +
    scripts.map((_, i) => `printf '\\0'; declare -f f${i}`).join('\n');
  // On stdin: a -c argument is limited to 128 KiB.
  const result = spawnSync('bash', ['-s'], { input: source, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`bash could not read the scripts (${result.status ?? result.signal}): ${result.stderr}`);
  // Double-quoted strings stay as they are (an apostrophe inside one is text); the function's name line is dropped.
  return result.stdout.split('\0').slice(1).map((text) =>
    text.replace(/^.*\n/, '').replace(/"(?:[^"\\]|\\.)*"|(?:'[^']*'|\\')+/g, (word) => (word.startsWith('"') ? word : 'W')));
}

/**
 * All Python sources compiled by one /usr/bin/python3: for each, its statements
 * with every str constant reduced to S, and the str constants themselves.
 */
export function pythonShapes(sources: string[]): Array<{ shape: string; strings: string[] } | { error: string }> {
  const code = [
    'import ast, json, sys',
    'out = []',
    'for source in json.load(sys.stdin):',
    '    try:',
    '        tree = ast.parse(source)',
    '        compile(tree, "<generated>", "exec")',
    '    except SyntaxError as error:',
    '        out.append({"error": repr(error)}); continue',
    '    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]',
    '    for n in ast.walk(tree):',
    '        if isinstance(n, ast.Constant) and isinstance(n.value, str): n.value = "S"',
    '    out.append({"shape": ast.dump(tree), "strings": strings})',
    'print(json.dumps(out))',
  ].join('\n');
  const result = spawnSync('/usr/bin/python3', ['-c', code], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}
