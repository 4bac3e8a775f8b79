// The README's answers table, derived from the answers model (npm run docs
// rewrites it; a test checks the README holds exactly this).
import { ANSWERS, optionName } from './answers.js';

export const TABLE_START = '<!-- answers-table:start -->';
export const TABLE_END = '<!-- answers-table:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function answersTable(): string {
  const rows = ANSWERS.map(
    (spec) => `| \`${spec.key}\` | \`--${optionName(spec.key)}\` | ${cell(spec.allowed)} | ${cell(spec.defaultText)} | ${cell(spec.description)} |`,
  );
  return ['| key | option | allowed | default | what it sets |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** README text with the table between the markers replaced. */
export function withAnswersTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${TABLE_START} ... ${TABLE_END} markers`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${answersTable()}\n${readme.slice(end)}`;
}
