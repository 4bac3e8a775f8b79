// A merge conflict at a real terminal (tmux; CI unset): `modwsgi apache` alone
// first offers the missing create-venv.sh, then shows the conflicting lines and
// asks; "generated" writes exactly the new output. Bounded: 60 key presses.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './support/apache.js';
import { CLI, runCli } from './support/cli.js';
import { copyFixture } from './support/fixtures.js';
import { cleanUpTempDirs } from './support/cleanup.js';

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const VHOST = 'deploy/apache/diary.conf';
const HAND_EDIT = '    # Added by hand: slow clients get two minutes.\n    TimeOut 120\n\n';

describe('terminal: a merge conflict is shown and asked about', function () {
  cleanUpTempDirs();
  this.timeout(180_000);
  const session = `modwsgi-i12-tty-${process.pid}`;
  after(() => spawnSync('tmux', ['kill-session', '-t', session]));

  it('offers the missing venv script, shows the hunk, and "generated" writes the new output byte for byte', async () => {
    const root = copyFixture('user-edited-vhost');
    const original = readFileSync(join(root, VHOST), 'utf8');
    const first = await runCli(['apache', '--server-name', 'shop.example.com', '--cwd', root], { env: { CI: 'true' } });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr + first.stdout, /missing: deploy\/create-venv\.sh \(the install scripts run it\); add it with: modwsgi venv/);
    const vhost = readFileSync(join(root, VHOST), 'utf8');
    writeFileSync(join(root, VHOST), vhost.replace('ServerName "shop.example.com"', 'ServerName "mine.example.com"'));

    tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', `env -u CI ${process.execPath} ${CLI} apache --server-name third.example.com --cwd ${root}; echo EXIT=$?; sleep 60`);
    let screen = '';
    let offered = false;
    let asked = false;
    for (let presses = 0; presses < 60 && !/EXIT=\d+/.test(screen); presses++) {
      await sleep(500);
      screen = tmux('capture-pane', '-p', '-t', session);
      if (!offered && /Add deploy\/create-venv\.sh now, with these answers\?/.test(screen)) {
        tmux('send-keys', '-t', session, 'Enter');
        offered = true;
      } else if (!asked && /your edits and the new output change the same lines\. Write/.test(screen)) {
        assert.match(screen, /deploy\/apache\/diary\.conf: 1 conflicting hunk\n +at line 11:\n +yours: +ServerName "mine\.example\.com"\n +generated now: +ServerName "third\.example\.com"/);
        assert.match(screen, /markers: write the file with git-style conflict markers/);
        tmux('send-keys', '-t', session, 'Down');
        await sleep(200);
        tmux('send-keys', '-t', session, 'Down');
        await sleep(200);
        tmux('send-keys', '-t', session, 'Enter');
        asked = true;
      }
    }
    assert.ok(offered, `the missing venv script was not offered:\n${screen}`);
    assert.ok(asked, `the conflict was not asked about:\n${screen}`);
    assert.match(screen, /EXIT=0/, screen);
    assert.match(screen, /overwritten +deploy\/apache\/diary\.conf/);
    assert.equal(readFileSync(join(root, VHOST), 'utf8'), original.replace('"diary.example.org"', '"third.example.com"').replace(HAND_EDIT, ''));
    assert.ok(existsSync(join(root, 'deploy', 'create-venv.sh')), 'create-venv.sh was not added');
  });

  it('--ask asks every question again with the recorded answers as defaults; Enter throughout keeps every answer', async () => {
    const root = copyFixture('user-edited-vhost');
    const answers = () => JSON.parse(readFileSync(join(root, '.yo-rc.json'), 'utf8'))['generator-modwsgi'];
    const recorded = answers();
    /** Runs `modwsgi PART --ask` and presses Enter at every question; returns the screen and the questions seen. */
    const enterThroughout = async (part: string) => {
      tmux('kill-session', '-t', session);
      tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', `env -u CI ${process.execPath} ${CLI} ${part} --ask --cwd ${root}; echo EXIT=$?; sleep 60`);
      let text = '';
      const lines: string[] = [];
      // Enter only once a question is on the screen, and once per question: an answered one turns from
      // "? " to a check mark, so a question answered before the screen was read would go unseen.
      let answered = '';
      for (let looks = 0; looks < 80 && !/EXIT=\d+/.test(text); looks++) {
        await sleep(400);
        text = tmux('capture-pane', '-p', '-t', session);
        const active = text.split('\n').map((line) => line.trim()).filter((line) => /^\? /.test(line)).pop();
        if (active && !lines.includes(active)) lines.push(active);
        if (!/EXIT=\d+/.test(text) && active && active !== answered) {
          tmux('send-keys', '-t', session, 'Enter');
          answered = active;
        }
      }
      return { screen: text, seen: lines };
    };
    const { screen, seen } = await enterThroughout('wsgi');
    assert.match(screen, /EXIT=0/, screen);
    const asked = seen.join('\n');
    assert.match(asked, /Project name \(diary\)/, asked);
    assert.match(asked, /Absolute path of the project on the server \(\/var\/www\/diary\)/, asked);
    assert.doesNotMatch(asked, /Windows/, asked);
    assert.match(asked, /diary:create_app\(\)/, asked);
    // The record predates flaskApp: Enter keeps the app package/appStyle name, now stored in its own form too.
    assert.deepEqual(answers(), { ...recorded, flaskApp: 'diary:create_app()' });

    // The answers added since are real questions too: tls is asked, its recorded value the default.
    const vhost = readFileSync(join(root, VHOST), 'utf8');
    const apache = await enterThroughout('apache');
    assert.match(apache.screen, /EXIT=0/, apache.screen);
    assert.match(apache.seen.join('\n'), /HTTPS: acme/, apache.seen.join('\n'));
    for (const [key, value] of Object.entries(recorded)) assert.deepEqual(answers()[key], value, key);
    assert.equal(readFileSync(join(root, VHOST), 'utf8'), vhost, 'the edited vhost is kept');
  });
});
