// One line per file: the generator's report (plan.ts) says what happened to each
// file, so Yeoman's own per-file status lines would list every file twice.
type StatusLog = Record<string, unknown>;

/** The conflicter's status words that repeat the report; `conflict` stays, it comes with the diff and the question. */
const REPEATED = ['create', 'force', 'identical', 'skip'] as const;

export function quietFileStatus(adapter: { log: unknown }): void {
  const log = adapter.log as StatusLog;
  if (log.modwsgiQuiet) return;
  for (const word of REPEATED) if (typeof log[word] === 'function') log[word] = () => log;
  log.modwsgiQuiet = true;
}
