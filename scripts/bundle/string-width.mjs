// Stands in for string-width in the bundled command. string-width compiles several Unicode
// regular expressions as it loads, about 30 ms at every start, though the spinner that imports it
// measures only plain ASCII text in this command. This answers ASCII text at once and loads the
// real module (scripts/bundle.mjs: 'real-string-width') on the first other text.
let real;
// eslint-disable-next-line no-undef -- bundled: esbuild turns this require into a lazy module init.
const load = () => (real ??= require('real-string-width').default);
const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/;

export default function stringWidth(text, options) {
  if (typeof text === 'string' && PRINTABLE_ASCII.test(text) && !options?.countAnsiEscapeCodes) return text.length;
  return load()(text, options);
}
