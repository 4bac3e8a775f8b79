// .yo-rc.json is read before anything else: a malformed one is bad input
// (exit 2, one line), never an internal error from deep inside Yeoman.
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnsafePathError, unsafePathProblem } from './output/paths.js';
import { RECORD_KEY } from './plan.js';
import { showText } from './show.js';
import { parseStrictJson } from './strict-json.js';
import { AnswersError } from './validate.js';

const MAX_RECORD = 1024 * 1024;
const HASH = /^[0-9a-f]{64}$/;

const refuse = (why: string) => new AnswersError([`.yo-rc.json: ${why}; fix or remove the file`]);
const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Throws AnswersError (or UnsafePathError for a symlink) when `root`/.yo-rc.json is not one Yeoman and this generator can read. */
export function checkRecordFile(root: string): void {
  const path = join(root, '.yo-rc.json');
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return;
  }
  if (stat.isSymbolicLink()) throw new UnsafePathError([unsafePathProblem(root, '.yo-rc.json')!]);
  if (!stat.isFile()) throw refuse('is not a regular file');
  if (stat.size > MAX_RECORD) throw refuse('is larger than 1 MiB');
  let data: unknown;
  try {
    data = parseStrictJson(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw refuse(`not valid JSON (${showText(String((error as Error).message).split('\n')[0], 120)})`);
  }
  if (!isMapping(data)) throw refuse('must be a JSON object');
  const files = data[RECORD_KEY];
  if (files !== undefined) {
    if (!isMapping(files)) throw refuse(`"${RECORD_KEY}" must map file paths to sha256 hashes`);
    const bad = Object.entries(files).find(([, hash]) => typeof hash !== 'string' || !HASH.test(hash));
    if (bad) throw refuse(`"${RECORD_KEY}" has ${showText(JSON.stringify(bad[0]))}, whose hash is not 64 hex digits`);
  }
}
