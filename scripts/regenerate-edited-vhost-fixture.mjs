#!/usr/bin/env node
// Rebuilds test/fixtures/user-edited-vhost after a change of the generated output: the files and their
// recorded hashes as this version writes them from the fixture's recorded answers, then the one hand
// edit on top of the vhost (not recorded), and the answers left as an earlier version recorded them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = join(root, 'test', 'fixtures', 'user-edited-vhost');
const work = mkdtempSync(join(tmpdir(), 'modwsgi-fixture-'));
try {
  const project = join(work, 'diary');
  cpSync(fixture, project, { recursive: true });
  const record = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'));
  const answers = record['generator-modwsgi'];
  for (const part of ['wsgi', 'apache']) {
    execFileSync(process.execPath, [join(root, 'dist', 'bin', 'modwsgi.js'), part, '--defaults', '--force', '--cwd', project], {
      env: { ...process.env, CI: 'true' },
      stdio: 'ignore',
    });
  }
  const written = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'));
  writeFileSync(join(project, '.yo-rc.json'), `${JSON.stringify({ 'generator-modwsgi': answers, 'generator-modwsgi-files': written['generator-modwsgi-files'] }, null, 2)}\n`);
  const vhost = join(project, 'deploy', 'apache', 'diary.conf');
  const marker = '    # Only the .wsgi file is reachable; the rest of the project is not served.\n';
  const text = readFileSync(vhost, 'utf8');
  if (!text.includes(marker)) throw new Error(`the vhost no longer has the line the hand edit goes before: ${marker.trim()}`);
  writeFileSync(vhost, text.replace(marker, `    # Added by hand: slow clients get two minutes.\n    TimeOut 120\n\n${marker}`));
  rmSync(join(project, '.modwsgi'), { recursive: true, force: true });
  rmSync(fixture, { recursive: true });
  cpSync(project, fixture, { recursive: true });
} finally {
  rmSync(work, { recursive: true, force: true });
}
