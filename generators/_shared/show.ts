// Values from files and command lines are shown in messages, never echoed: an
// escape sequence or a newline from an answers file must not reach the
// terminal, and a 1 MB value must not become a 1 MB line.

/** Characters a terminal would act on or hide: C0/C1 controls, DEL, bidi controls, zero-width, line/paragraph separators. */
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

/** Bidi controls and zero-width characters: they make text read differently from what it is. */
export const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;

export const MAX_SHOWN = 80;

/** `text` with every unprintable character as \u{...}, cut to `max` characters. */
export function showText(text: string, max = MAX_SHOWN): string {
  const cut = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const safe = cut.replace(UNPRINTABLE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  return safe.length > max || cut !== text ? `${safe.slice(0, max - 3)}...` : safe;
}
