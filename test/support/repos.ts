// Copies of the real repositories under test/fixtures/repos, in temporary folders removed by removeRepoCopies().
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './cli.js';
import { FIXTURES } from './fixtures.js';

const made: string[] = [];

export function copyRepo(name: string): string {
  const dir = tempDir(`modwsgi-i9-${name}-`);
  made.push(dir);
  const root = join(dir, name);
  cpSync(join(FIXTURES, 'repos', name), root, { recursive: true });
  return root;
}

export function removeRepoCopies(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
