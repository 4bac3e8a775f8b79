// JSON read as strictly as YAML is: a key given twice is refused (JSON.parse
// keeps the last one silently), and nesting is bounded so a hostile file ends
// in a one-line error instead of a stack overflow.

export const MAX_DEPTH = 64;

/** Checks `text` (already valid for JSON.parse or not) for duplicate keys and depth; returns why it is refused. */
function structureProblem(text: string): string | undefined {
  const stack: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top && expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          return undefined; // JSON.parse reports it
        }
        if (top.has(key)) return `the key ${JSON.stringify(key).slice(0, 80)} is given twice in one object`;
        top.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      stack.push(c === '{' ? new Set() : null);
      if (stack.length > MAX_DEPTH) return `nested deeper than ${MAX_DEPTH} levels`;
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return undefined;
}

/** JSON.parse, refusing duplicate keys and deep nesting; every failure is one line. */
export function parseStrictJson(text: string): unknown {
  const problem = structureProblem(text);
  if (problem) throw new Error(problem);
  return JSON.parse(text);
}
