// Runs a generated deploy/doctor the way an operator does (python3, no Node on its side),
// pointed at a private Apache through its test-only environment overrides.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DOCTOR_FILES } from '../../generators/_shared/doctor.js';
import { APACHE_BIN, type PrivateApache } from './apache.js';

export interface CheckResult {
  name: string;
  group: string;
  status: 'PASS' | 'WARN' | 'FAIL' | 'SKIP';
  saw: string;
  fix: string;
  details: Array<{ text: string; fix?: string; cause?: string }>;
}

export interface DoctorRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Parsed when --json was given. */
  checks: CheckResult[];
}

/** The environment that points the doctor at `apache` instead of the system's Apache. */
export const privateApacheEnv = (apache: PrivateApache): Record<string, string> => ({
  MODWSGI_APACHECTL: `${APACHE_BIN} -f ${apache.conf}`,
  MODWSGI_ERROR_LOG: apache.errorLog,
});

export function runDoctor(project: string, args: string[], env: Record<string, string> = {}, timeoutMs = 90_000): DoctorRun {
  const result = spawnSync('python3', [join(project, 'deploy', 'doctor'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    timeout: timeoutMs,
  });
  let checks: CheckResult[] = [];
  if (args.includes('--json') && result.status !== 2) {
    checks = (JSON.parse(result.stdout) as { checks: CheckResult[] }).checks;
  }
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, checks };
}

export function checkOf(run: DoctorRun, name: string): CheckResult {
  const found = run.checks.find((check) => check.name === name);
  assert.ok(found, `no check ${name} in:\n${run.stdout}${run.stderr}`);
  return found;
}

/** Names of the checks with `status`, sorted. */
export const withStatus = (run: DoctorRun, status: CheckResult['status']) =>
  run.checks.filter((check) => check.status === status).map((check) => check.name).sort();

/** The whole report, for assertion messages. */
export const shown = (run: DoctorRun) => run.checks.map((c) => `${c.status} ${c.name}: ${c.saw}${c.fix ? `\n  fix: ${c.fix}` : ''}`).join('\n') || run.stdout + run.stderr;

/** The files the apache sub-generator writes for the doctor, as output paths, in write order. */
export const DOCTOR_PATHS: string[] = DOCTOR_FILES.map((spec) => spec.template!.replace(/\.ejs$/, ''));
