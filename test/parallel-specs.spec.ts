// The spec files run in parallel processes (test/support/run-specs.ts): the ports they listen on are
// their own, the system Apache is taken in turns through a lock, and every spec file runs once.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TEST_PORTS, sleep, testPort } from './support/apache.js';
import { PACKAGE_ROOT } from './support/cli.js';
import { acquire, lockFile, release } from './support/lock.js';
import { LONGEST_FIRST, specFiles } from './support/run-specs.js';

/** The TypeScript sources of the tests and their support files. */
function testSources(): string[] {
  const dir = join(PACKAGE_ROOT, 'test');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts') && !file.startsWith('fixtures/')).map((file) => join(dir, file));
}

/** With MODWSGI_TEST_PORTS set to `base` (or unset) for the call. */
function withBase<T>(base: string | undefined, body: () => T): T {
  const saved = process.env.MODWSGI_TEST_PORTS;
  if (base === undefined) delete process.env.MODWSGI_TEST_PORTS;
  else process.env.MODWSGI_TEST_PORTS = base;
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env.MODWSGI_TEST_PORTS;
    else process.env.MODWSGI_TEST_PORTS = saved;
  }
}

describe('parallel spec files: no shared port, the system Apache in turns, every file once', function () {
  this.timeout(30_000);

  it('every port a spec names is in TEST_PORTS, once; MODWSGI_TEST_PORTS moves them to distinct ports of one block of 100', () => {
    const named = testSources().flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/testPort\((\d+)\)/g)].map((m) => Number(m[1])));
    assert.ok(named.length >= 30, `only ${named.length} testPort() calls found`);
    for (const port of named) assert.ok(TEST_PORTS.includes(port), `testPort(${port}) is not in TEST_PORTS`);
    assert.equal(new Set(TEST_PORTS).size, TEST_PORTS.length, 'a port is listed twice');
    assert.deepEqual(withBase(undefined, () => TEST_PORTS.map(testPort)), TEST_PORTS);
    const moved = withBase('20700', () => TEST_PORTS.map(testPort));
    assert.equal(new Set(moved).size, moved.length);
    assert.ok(moved.every((port) => port >= 20700 && port < 20800), moved.join(' '));
    const unlisted = 18999;
    assert.throws(() => testPort(unlisted), /port 18999 is not in TEST_PORTS/);
  });

  it('a lock is held by one process at a time, and freed when the process holding it dies', async () => {
    const name = `self-test-${process.pid}`;
    const free = () => spawnSync('flock', ['--nonblock', lockFile(name), 'true']).status === 0;
    try {
      const holder = await acquire(name);
      assert.equal(free(), false, 'a second process took the lock');
      await release(holder);
      assert.equal(free(), true, 'release() left the lock held');
      // A test process killed while it holds the lock: the lock goes with it.
      const lock = join(PACKAGE_ROOT, 'dist', 'test', 'support', 'lock.js');
      const dying = spawn(process.execPath, ['--input-type=module', '-e', `const { acquire } = await import(${JSON.stringify(lock)}); await acquire(${JSON.stringify(name)}); console.log('held');`], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((resolve) => dying.stdout.once('data', resolve));
      assert.equal(free(), false, 'the other process does not hold the lock');
      dying.kill('SIGKILL');
      let freed = false;
      for (let i = 0; i < 50 && !freed; i++) {
        await sleep(100);
        freed = free();
      }
      assert.ok(freed, 'the lock outlived the process that held it');
    } finally {
      rmSync(lockFile(name), { force: true });
    }
  });

  it('runs every spec file once, the longest first, each name of the longest a spec file', () => {
    const files = specFiles().map((file) => basename(file, '.spec.js'));
    const built = readdirSync(join(PACKAGE_ROOT, 'dist', 'test')).filter((file) => file.endsWith('.spec.js')).map((file) => basename(file, '.spec.js'));
    assert.deepEqual([...files].sort(), built.sort());
    assert.deepEqual(files.slice(0, LONGEST_FIRST.length), [...LONGEST_FIRST]);
  });
});
