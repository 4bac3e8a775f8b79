// What mod_wsgi loads, in Flask's own `--app` syntax: `module:name` or
// `module:factory(args)`. Arguments are Python literals only, never code,
// because they are written into the .wsgi file as they are.
import pythonNames from './python-names.json' with { type: 'json' };

export interface FlaskApp {
  /** Dotted module path, e.g. `autoapp` or `pkg.server`. */
  module: string;
  /** The attribute: the app object or the factory. */
  name: string;
  /** The call's argument text when `name` is a factory, e.g. `'production'`; undefined for an object. */
  args?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SHAPE = /^([^:()\s]+):([^:()\s]+)(?:\((.*)\))?$/s;
// One literal argument: a string without escapes or newlines, a number, True/False/None, optionally name=.
const LITERAL = /^(?:[A-Za-z_]\w*\s*=\s*)?(?:'[^'\\\n]*'|"[^"\\\n]*"|-?\d+(?:\.\d+)?|True|False|None)$/;

/** Splits the argument text at top-level commas, keeping commas inside quotes. */
function splitArgs(text: string): string[] | undefined {
  const parts: string[] = [];
  let current = '';
  let quote = '';
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = '';
      current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (c === ',') {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  if (quote) return undefined;
  if (current.trim() !== '' || parts.length > 0) parts.push(current.trim());
  return parts;
}

/** Why `value` is not a `module:name` or `module:factory(literals)`, or undefined when it is. */
export function flaskAppProblem(value: string): string | undefined {
  if (value.length > 300) return 'is longer than 300 characters';
  const shape = SHAPE.exec(value);
  if (!shape) return 'is not of the form module:name or module:factory(args)';
  const [, module, name, args] = shape;
  const parts = module.split('.');
  const badPart = parts.find((part) => !IDENTIFIER.test(part) || pythonNames.keywords.includes(part));
  if (badPart !== undefined) return `has the module part ${JSON.stringify(badPart)}, which is not a Python identifier`;
  if (parts.length === 1 && pythonNames.stdlib.includes(module)) return `names the standard library module '${module}'`;
  if (!IDENTIFIER.test(name) || pythonNames.keywords.includes(name)) return `has the name ${JSON.stringify(name)}, which is not a Python identifier`;
  if (args !== undefined) {
    const items = splitArgs(args);
    if (items === undefined || items.some((item) => item === '' || !LITERAL.test(item))) {
      return 'has arguments that are not literals; allowed: strings, numbers, True, False, None, optionally as name=value';
    }
  }
  return undefined;
}

export function parseFlaskApp(value: string): FlaskApp {
  const [, module, name, args] = SHAPE.exec(value)!;
  return { module, name, args };
}

export function formatFlaskApp(app: FlaskApp): string {
  return `${app.module}:${app.name}${app.args === undefined ? '' : `(${app.args})`}`;
}

/** The answer derived from package and appStyle, as answers files before flaskApp meant. */
export const flaskAppOf = (pkg: string, appStyle: 'factory' | 'singleton' | undefined) =>
  appStyle === 'singleton' ? `${pkg}:app` : `${pkg}:create_app()`;
