// The README and the schema are derived from the answers model: they may not drift.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TABLE_END, TABLE_START, answersTable } from '../generators/_shared/docs.js';
import { PACKAGE_ROOT } from './support/cli.js';

const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it("holds the answers table the model derives (npm run docs rewrites it)", () => {
    const table = readme.slice(readme.indexOf(TABLE_START) + TABLE_START.length, readme.indexOf(TABLE_END)).trim();
    assert.equal(table, answersTable());
  });

  it('has a quick start of exactly two commands: one scaffolds, one tests', () => {
    const section = readme.split('## Quick start')[1].split('\n## ')[0];
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
    const commands = block.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    assert.equal(commands.length, 2, commands.join('\n'));
    assert.match(commands[0], /npm run example/);
    assert.match(commands[1], /^npm test\b/);
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    assert.match(pkg.scripts.example, /--answers examples\/answers\.yml/);
  });

  it('is the test command CI runs', () => {
    assert.match(readFileSync(join(PACKAGE_ROOT, '.ci', 'run'), 'utf8'), /^npm test$/m);
  });
});
