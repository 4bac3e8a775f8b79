// The merge engine on real files through git merge-file: a clean merge, a
// conflict with its hunks (line numbers in your file), the base store's checks.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { basePathOf, lastGenerated } from '../generators/_shared/merge/base-store.js';
import { differingLines, mergeTexts } from '../generators/_shared/merge/git-text.js';
import { mergeEdited } from '../generators/_shared/merge/outcome.js';
import { hashOf } from '../generators/_shared/plan.js';
import { tempDir } from './support/cli.js';

const BASE = 'a\nb\nc\nd\ne\nf\ng\n';

describe('merge engine (git merge-file)', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('merges edits to different lines byte for byte', () => {
    const result = mergeTexts('a\nB\nc\nd\ne\nf\ng\n', BASE, 'a\nb\nc\nd\ne\nF\ng\n');
    assert.deepEqual(result, { text: 'a\nB\nc\nd\ne\nF\ng\n', conflicts: [] });
  });

  it('reports a conflict with both sides and the line in your file, and git-style markers', () => {
    const result = mergeTexts('a\nb\nc\nd\nmine\nf\ng\n', BASE, 'a\nb\nc\nd\ntheirs\nf\ng\n');
    assert.equal(result.text, 'a\nb\nc\nd\n<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> generated now\nf\ng\n');
    assert.deepEqual(result.conflicts, [{ line: 5, ours: ['mine'], theirs: ['theirs'] }]);
  });

  it('mergeEdited: nothing new from the generator is "kept"; the same change on both sides is "kept"', () => {
    assert.deepEqual(mergeEdited('a\nmine\n', 'a\n', 'a\n'), { status: 'kept' });
    assert.deepEqual(mergeEdited('a\nb\nX\n', 'a\nb\nc\n', 'a\nb\nX\n'), { status: 'kept' });
  });

  it('mergeEdited without a base lists the differing lines', () => {
    const outcome = mergeEdited('a\nb\nc\n', undefined, 'a\nB\nc\n');
    assert.deepEqual(outcome, { status: 'stale', lines: ['@@ line 2', '-b', '+B'] });
    assert.deepEqual(differingLines('x\n', 'x\n'), []);
  });

  it('base store: a stored copy counts only when it hashes to the record and is a plain file; else the re-render, when it matches', () => {
    const root = tempDir('modwsgi-i12-base-');
    dirs.push(root);
    mkdirSync(join(root, '.modwsgi', 'last-generated'), { recursive: true });
    writeFileSync(join(root, basePathOf('x.conf')), 'stored\n');
    const none = () => new Map<string, string>();
    assert.equal(lastGenerated(root, 'x.conf', hashOf('stored\n'), none), 'stored\n');
    assert.equal(lastGenerated(root, 'x.conf', hashOf('other\n'), none), undefined);
    assert.equal(lastGenerated(root, 'x.conf', hashOf('other\n'), () => new Map([['x.conf', 'other\n']])), 'other\n');
    assert.equal(lastGenerated(root, 'x.conf', undefined, () => new Map([['x.conf', 'other\n']])), undefined);
    writeFileSync(join(root, 'elsewhere'), 'stored\n');
    symlinkSync(join(root, 'elsewhere'), join(root, basePathOf('y.conf')));
    assert.equal(lastGenerated(root, 'y.conf', hashOf('stored\n'), none), undefined);
  });
});
