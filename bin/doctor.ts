// `modwsgi doctor [ARGS]`: runs the project's generated deploy/doctor with python3, arguments passed through.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** deploy/doctor in `from` or the nearest folder above it that has one. */
export function findDoctor(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const doctor = join(dir, 'deploy', 'doctor');
    if (existsSync(doctor)) return doctor;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The doctor's own exit code (0 nothing failed, 1 a check failed, 2 bad usage); 2 when there is none. */
export function runDoctor(args: string[], cwd = process.cwd()): number {
  const doctor = findDoctor(cwd);
  if (!doctor) {
    console.error(`modwsgi doctor: no deploy/doctor in ${cwd} or any folder above it; write it with: modwsgi apache`);
    return 2;
  }
  const result = spawnSync('python3', [doctor, ...args], { stdio: 'inherit' });
  if (result.error) {
    console.error(`modwsgi doctor: cannot run python3 ${doctor}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}
