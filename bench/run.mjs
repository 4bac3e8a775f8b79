#!/usr/bin/env node
// `npm run bench`: cold-process wall time and peak memory of the modwsgi command, of `yo modwsgi`
// and of cookiecutter rendering the same project (bench/cookiecutter/), median of BENCH_RUNS runs
// after one warm-up, each as a ratio to cookiecutter measured in the same run; then where the
// scaffold's time goes, and how it grows with the number of files. Compare ratios, not
// milliseconds: on a shared machine absolute times move with the load.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const BIN = join(ROOT, PACKAGE.bin.modwsgi);
const YO = join(ROOT, 'node_modules', '.bin', 'yo');
const TEMPLATE = join(ROOT, 'bench', 'cookiecutter');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const ALL_PLATFORMS = 'debian,rhel,opensuse,freebsd,pkgsrc,windows';
// yo refuses to run as root: as root, run it as this account (uid:gid), as the test suite does.
const YO_USER = process.env.BENCH_YO_USER ?? '65534:65534';

function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

const cookiecutter = which('cookiecutter');
if (!cookiecutter) {
  console.error('npm run bench compares with cookiecutter, which is not installed.\n' +
    'Install it: sudo apt-get install cookiecutter (Debian/Ubuntu), or pipx install cookiecutter.');
  process.exit(2);
}
if (!existsSync(BIN)) {
  console.error(`${relative(ROOT, BIN)} is missing: run npm run build first.`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'modwsgi-bench-'));
chmodSync(work, 0o755);
const home = join(work, 'home');
mkdirSync(home);
let counter = 0;
const freshDir = () => join(work, `run-${++counter}`);

/** One cold process: wall time (ms), peak resident memory (MB, from /usr/bin/time), stderr. */
function measure(argv, { cwd = work, env = {} } = {}) {
  const rssFile = join(work, 'rss');
  const command = TIME ? [TIME, '-f', '%M', '-o', rssFile, ...argv] : argv;
  const start = process.hrtime.bigint();
  const result = spawnSync(command[0], command.slice(1), {
    cwd,
    env: { ...process.env, HOME: home, ...env },
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    input: '',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  const rss = TIME ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : NaN;
  return { ms, rss, stderr: result.stderr };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Warm-up once, then RUNS measured runs; `prepare` makes each run's command (fresh folder each time). */
function bench(prepare) {
  measure(...prepare());
  const samples = Array.from({ length: RUNS }, () => measure(...prepare()));
  return { ms: median(samples.map((s) => s.ms)), rss: median(samples.map((s) => s.rss)), samples };
}

const countFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((n, entry) => n + (entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1), 0);

const node = process.execPath;
const scaffold = (extra = [], env = {}) => () => {
  const dir = freshDir();
  return [[node, BIN, '--defaults', '--name', 'hello', '--cwd', dir, ...extra], { env: { CI: 'true', ...env } }];
};
const runCookiecutter = () => {
  const out = freshDir();
  return [[cookiecutter, '--no-input', '-o', out, TEMPLATE]];
};
const asRoot = process.getuid?.() === 0;
const [yoUid, yoGid] = YO_USER.split(':').map(Number);
const asYoUser = (argv) => [...(asRoot ? ['setpriv', `--reuid=${yoUid}`, `--regid=${yoGid}`, '--clear-groups'] : []), 'env', `HOME=${home}`, 'CI=true', ...argv];
const runYo = () => {
  const dir = freshDir();
  mkdirSync(dir);
  if (asRoot) chownSync(dir, yoUid, yoGid);
  return [asYoUser([node, YO, 'modwsgi', '--defaults', '--name', 'hello']), { cwd: dir }];
};

try {
  // yo finds the generator in node_modules above the folder it runs in.
  mkdirSync(join(work, 'node_modules'));
  symlinkSync(ROOT, join(work, 'node_modules', 'generator-modwsgi'));
  if (asRoot) chownSync(home, yoUid, yoGid);

  console.log(`generator-modwsgi ${PACKAGE.version} bench: node ${process.version}, median of ${RUNS} cold runs after 1 warm-up, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  const rows = [
    ['cookiecutter (same project, bench/cookiecutter)', bench(runCookiecutter)],
    ['node -e 0 (Node starting and exiting, for reference)', bench(() => [[node, '-e', '0']])],
    ['modwsgi --version', bench(() => [[node, BIN, '--version']])],
    ['modwsgi --help', bench(() => [[node, BIN, '--help']])],
    ['modwsgi --defaults (scaffold)', bench(scaffold())],
    [`yo modwsgi --defaults (scaffold${asRoot ? `, as uid ${YO_USER}` : ''})`, bench(runYo)],
    ['yo --version (yo alone, for reference)', bench(() => [asYoUser([node, YO, '--version'])])],
  ];
  const base = rows[0][1].ms;
  console.log('\n| command | median ms | ratio to cookiecutter | peak RSS MB |\n| --- | ---: | ---: | ---: |');
  for (const [label, result] of rows) console.log(`| ${label} | ${result.ms.toFixed(0)} | ${(result.ms / base).toFixed(2)}x | ${result.rss.toFixed(0)} |`);
  // --version and --help have a 150 ms budget on an idle machine; under load, Node's own start-up is the yardstick.
  const nodeStart = rows[1][1].ms;
  console.log(`\n--version and --help beyond Node's own start-up: ${(rows[2][1].ms - nodeStart).toFixed(0)} and ${(rows[3][1].ms - nodeStart).toFixed(0)} ms`);

  // The bin and cookiecutter write the same files (bench/make-cookiecutter-template.mjs), checked here.
  const ours = join(work, 'check-ours');
  const theirs = join(work, 'check-theirs');
  measure([node, BIN, '--defaults', '--name', 'hello', '--cwd', ours], { env: { CI: 'true' } });
  measure([cookiecutter, '--no-input', '-o', theirs, TEMPLATE]);
  const diff = spawnSync('diff', ['-r', '-x', '.yo-rc.json', ours, join(theirs, 'hello')], { encoding: 'utf8' });
  console.log(diff.status === 0 ? '\nsame output: cookiecutter and modwsgi write identical files (.yo-rc.json aside)' : `\nOUTPUT DIFFERS:\n${diff.stdout}`);

  // Where the scaffold's time goes (MODWSGI_TIMING makes the command print its phases on stderr).
  const phases = [];
  for (let i = 0; i < RUNS; i++) {
    const { stderr } = measure(...scaffold([], { MODWSGI_TIMING: '1' })());
    const line = stderr.split('\n').find((l) => l.startsWith('modwsgi-timing '));
    if (!line) throw new Error(`no modwsgi-timing line on stderr:\n${stderr}`);
    phases.push(JSON.parse(line.slice('modwsgi-timing '.length)));
  }
  console.log('\nscaffold, time by phase (median ms, measured inside the process):');
  console.log('| phase | ms |\n| --- | ---: |');
  for (const key of Object.keys(phases[0])) console.log(`| ${key} | ${median(phases.map((p) => p[key])).toFixed(0)} |`);

  // yo's share: its start-up, its lookup of every installed generator and loading this one all come
  // before the first generator task; what follows is this package's run, as in the bin.
  const yoPhases = [];
  for (let i = 0; i < RUNS; i++) {
    const [argv, options] = runYo();
    const { stderr } = measure(argv.map((arg) => (arg === 'CI=true' ? 'MODWSGI_TIMING=1' : arg)).toSpliced(argv.indexOf('CI=true'), 0, 'CI=true'), options);
    const line = stderr.split('\n').find((l) => l.startsWith('modwsgi-timing '));
    if (!line) throw new Error(`no modwsgi-timing line on yo's stderr:\n${stderr}`);
    yoPhases.push(JSON.parse(line.slice('modwsgi-timing '.length)));
  }
  const yoStart = median(yoPhases.map((p) => p.startup));
  const yoTotal = median(yoPhases.map((p) => p.total));
  console.log(`\nyo modwsgi, inside the process (median ms): ${yoStart.toFixed(0)} before the generator's first task (yo's start-up, its lookup of installed generators, loading this one), ${(yoTotal - yoStart).toFixed(0)} after it`);

  // How time grows with the number of files written.
  console.log('\nscaffold by number of files (median ms):');
  console.log('| platforms | files | ms |\n| --- | ---: | ---: |');
  for (const platforms of ['debian', ALL_PLATFORMS]) {
    const result = bench(scaffold(['--platforms', platforms]));
    const [argv] = scaffold(['--platforms', platforms])();
    measure(argv, { env: { CI: 'true' } });
    console.log(`| ${platforms} | ${countFiles(argv[argv.indexOf('--cwd') + 1])} | ${result.ms.toFixed(0)} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
