// Strings that try to break out of where a value lands: Apache directives,
// shell words, Python literals, TOML, Markdown. Shared by the escape and fuzz tests.
// The payloads only print a marker: if quoting ever failed, nothing harmful would run.
import fc from 'fast-check';

export const MARKER = 'PWNED';

export const HOSTILE_FRAGMENTS = [
  '"', "'", '\\', '\\"', "\\'", '`', '$', '$(', ')', `$(echo ${MARKER})`, `\`echo ${MARKER}\``, `; echo ${MARKER}`,
  `&& echo ${MARKER}`, `| echo ${MARKER}`, '<', '>', '</VirtualHost>', '<Directory />', '%{GLOBAL}', '%{ENV:X}', '${HOME}',
  '${', '{', '}', '#', ' # ', ';', '&', '|', '*', '?', '[', ']', '~', '%', '%s', '%(x)s', '{0}', '\n', '\r\n', '\t', '\u0000',
  '\u0085', '\u2028', '\u2029', '\ufeff', 'é', 'ü', '日本', '😀', '\u0301', '\ud800', '"""', "'''", '\\n', '\\x00', '\\u0000',
  ' ', '  ', '/', '//', '/../', '/./', '..', '.', '-', '--', '=', 'user=root', 'python-home=/', '\\\n', '\\\\', '"\\', 'x"y z',
  ']]', '[[', '\'\'\'', 'key = "x"', '__import__("os").system("echo PWNED")', '+', '(', '.*', '^', 'true', 'null', '0',
];

/** Any text, weighted towards breaking fragments, optionally huge. */
export const hostileText = (maxPieces = 12): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.array(fc.oneof(fc.constantFrom(...HOSTILE_FRAGMENTS), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: maxPieces }).map((parts) => parts.join('')) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) },
  );

/** An absolute path made of hostile segments: many of them pass validation. */
export const hostilePath = (root = ''): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof({ weight: 3, arbitrary: hostileText(4) }, { weight: 2, arbitrary: fc.constantFrom('srv', 'www', 'my app', 'venv', 'x y') }), { minLength: 1, maxLength: 4 })
    .map((segments) => `${root}/${segments.join('/')}`);

/** A value of any JSON-ish type: what a broken answers file may hold. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);
