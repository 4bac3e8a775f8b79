// A person at a real terminal (tmux; CI unset, as on a laptop): every question is asked with its
// default, Enter accepts it, a bad value is refused at the prompt, and the
// project is written. Bounded: at most 80 key presses, then the test fails.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './support/apache.js';
import { CLI, tempDir } from './support/cli.js';
import { cleanUpTempDirs } from './support/cleanup.js';

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });

describe('terminal: interactive prompts', function () {
  cleanUpTempDirs();
  this.timeout(90_000);
  const session = `modwsgi-tty-${process.pid}`;
  after(() => spawnSync('tmux', ['kill-session', '-t', session]));

  it('asks each question, refuses a bad value in place, and writes the project', async () => {
    const dir = tempDir('modwsgi-tty-');
    tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '50', `env -u CI ${process.execPath} ${CLI} --cwd ${dir}; echo EXIT=$?; sleep 60`);
    let screen = '';
    let refused = false;
    for (let presses = 0; presses < 80 && !/EXIT=\d+/.test(screen); presses++) {
      await sleep(300);
      screen = tmux('capture-pane', '-p', '-t', session);
      if (!refused && /\? Daemon processes/.test(screen)) {
        tmux('send-keys', '-t', session, 'C-u', '0', 'Enter');
        await sleep(400);
        screen = tmux('capture-pane', '-p', '-t', session);
        assert.match(screen, /0 is too small; allowed: an integer from 1 to 64/);
        tmux('send-keys', '-t', session, 'BSpace', '3', 'Enter');
        refused = true;
        continue;
      }
      tmux('send-keys', '-t', session, 'Enter');
    }
    assert.match(screen, /EXIT=0/, screen);
    assert.ok(refused, 'the processes question was never asked');
    const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-modwsgi'];
    assert.equal(stored.processes, 3);
    assert.deepEqual(stored.platforms, ['debian', 'rhel', 'freebsd', 'pkgsrc']);
    assert.equal(stored.threads, 15);
  });
});
