// EJS's options for every template, at build time (scripts/compile-templates.mjs) and at render
// time (template-cache.ts) alike.
export const EJS_OPTIONS = {
  // `<%=` would HTML-escape, which is wrong for every language written here: each
  // value goes through a q.* helper with `<%-` instead. A function expression, not an arrow:
  // a compiled template holds its source after `escapeFn || `.
  escape: function refuseHtmlEscape(): never {
    throw new Error('templates must print values with <%- and a q.* quoting helper, not <%=');
  },
};
