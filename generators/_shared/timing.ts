// Where a run's time goes, printed on stderr when MODWSGI_TIMING is set (`npm run bench` reads it):
// start-up (process start to the first generator task), answers, render (the templates), plan (each
// file against the disk: merges, conflicts), write (conflict check and commit to disk), and the
// total. Off, it costs one environment lookup.
import { performance } from 'node:perf_hooks';

type Phase = 'answers' | 'render' | 'plan';
interface Probe {
  firstTask?: number;
  lastWriting?: number;
  firstEnd?: number;
  spent: Record<Phase, number>;
}

// One probe per process even if this module is loaded twice (bundled command and unbundled generators).
const KEY = Symbol.for('generator-modwsgi.timing');
const enabled = Boolean(process.env.MODWSGI_TIMING);
const store = globalThis as unknown as Record<symbol, Probe | undefined>;

function probe(): Probe | undefined {
  if (!enabled) return undefined;
  if (!store[KEY]) {
    store[KEY] = { spent: { answers: 0, render: 0, plan: 0 } };
    process.on('exit', report);
  }
  return store[KEY];
}

function report(): void {
  const p = store[KEY]!;
  const total = performance.now();
  const startup = p.firstTask ?? total;
  const write = p.lastWriting !== undefined && p.firstEnd !== undefined ? p.firstEnd - p.lastWriting : 0;
  const phases = { startup, answers: p.spent.answers, render: p.spent.render, plan: p.spent.plan, write };
  const other = total - Object.values(phases).reduce((a, b) => a + b, 0);
  const rounded = Object.fromEntries(Object.entries({ ...phases, other, total }).map(([k, v]) => [k, Math.round(v)]));
  process.stderr.write(`modwsgi-timing ${JSON.stringify(rounded)}\n`);
}

/** A generator task starts: the first one ends start-up. */
export function taskStarted(): void {
  const p = probe();
  if (p && p.firstTask === undefined) p.firstTask = performance.now();
}

/** Writing tasks queued their files; Yeoman's conflict check and commit come next. */
export function writingDone(): void {
  const p = probe();
  if (p) p.lastWriting = performance.now();
}

/** The end tasks begin: the files are on disk. */
export function endStarted(): void {
  const p = probe();
  if (p && p.firstEnd === undefined) p.firstEnd = performance.now();
}

/** Runs `work` (sync or async) and adds its time to `phase`. */
export function timed<T>(phase: Phase, work: () => T): T {
  const p = probe();
  if (!p) return work();
  const start = performance.now();
  const add = () => {
    p.spent[phase] += performance.now() - start;
  };
  const result = work();
  if (result instanceof Promise) return result.finally(add) as T;
  add();
  return result;
}
