// The templates compiled at build time (scripts/compile-templates.mjs writes compiled-templates.cjs
// next to the compiled template-cache.js), by path under templates/.
declare const compiled: Record<string, { sha256: string; render: (locals: object, escapeFn: unknown, include: unknown, rethrow?: unknown) => string }>;
export = compiled;
