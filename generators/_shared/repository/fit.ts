// From what detect.ts found in a repository to what a run does with it: the
// defaults it offers, the ranked choices, the problem when two candidates tie,
// the messages it prints, and (with consent only) app.run() moved under a guard.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../answers.js';
import type { RepositoryFacts } from '../context.js';
import { flaskAppOf, parseFlaskApp } from '../flask-app.js';
import type { ChoicesOf } from '../prompts.js';
import {
  bestCandidate, describeCandidate, explainSymlink, importedFiles, runCallsIn, staticFolderOf, writableDirsOf,
  type AppCandidate, type Detection, type RunCall,
} from './detect.js';
import { guardRunCall } from './python-scan.js';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface SourceFix {
  path: string;
  contents: string;
  note: string;
}

export class RepositoryFit {
  constructor(readonly detection: Detection) {}

  get candidates(): AppCandidate[] {
    return this.detection.candidates;
  }

  /** The app the given answers point at (flaskApp, else package/appStyle); without them, the best-supported one. */
  candidateFor(given: Partial<Answers> = {}): AppCandidate | undefined {
    if (given.flaskApp !== undefined) return this.candidates.find((c) => c.flaskApp === given.flaskApp);
    if (given.package !== undefined) {
      const mine = this.candidates.filter((c) => c.package === given.package && (given.appStyle === undefined || c.appStyle === given.appStyle));
      return mine[0];
    }
    return bestCandidate(this.candidates);
  }

  /** Defaults read from the repository, given the answers so far (they beat the model's own). */
  defaults(earlier: Partial<Answers>): Partial<Answers> {
    // An existing app may have no /health route; its root page is the health URL.
    const found: Partial<Answers> = { healthUrl: '/' };
    const name = this.detection.metadata.name;
    if (name && NAME_PATTERN.test(name)) found.name = name;
    const app = this.candidateFor(earlier);
    if (app) {
      found.package = app.package;
      found.appStyle = app.appStyle;
      found.sourceDir = app.sourceDir;
      found.flaskApp = app.flaskApp;
      if (this.facts(earlier).staticFolder === null) found.staticUrl = '';
    } else if (earlier.package !== undefined && earlier.flaskApp === undefined) {
      found.flaskApp = flaskAppOf(earlier.package, earlier.appStyle);
    }
    return found;
  }

  /** The static and writable folders of the app the answers point at (context.ts). */
  facts(answers: Partial<Answers>): RepositoryFacts {
    const app = this.candidateFor(answers);
    if (!app) return {};
    const root = this.detection.root;
    return { staticFolder: staticFolderOf(root, app), writableDirs: writableDirsOf(root, importedFiles(root, app), app) };
  }

  /** Why flaskApp cannot be defaulted: no app, or a tie. Undefined when one is best supported. */
  ambiguity(): string | undefined {
    const where = this.detection.root;
    if (bestCandidate(this.candidates)) return undefined;
    if (this.candidates.length === 0) {
      return (
        `flaskApp: no Flask app found in ${where} (looked for FLASK_APP, gunicorn/waitress/uwsgi/flask --app commands, root scripts, ` +
        'packages and modules, flat or in src/, that define create_app() or a module-level Flask() object); ' +
        "give it with --flask-app MODULE:NAME or --flask-app 'MODULE:create_app()'"
      );
    }
    const top = this.candidates.filter((c) => c.score === this.candidates[0].score);
    return (
      `flaskApp: found ${top.length} equally supported Flask apps in ${where}: ${top.map(describeCandidate).join('; ')}; ` +
      `choose one with --flask-app (allowed: ${top.map((c) => c.flaskApp).join(', ')})`
    );
  }

  /** Said before the question when no single app is best supported. */
  askIntro(): string {
    return (this.ambiguity() ?? '').replace(/^flaskApp: /, '').replace(/; (choose one|give it) with .*$/, '');
  }

  /** Every candidate, best first, with its reasons, as the choices of the flaskApp question. */
  choices(): ChoicesOf {
    if (this.candidates.length < 2) return {};
    return { flaskApp: this.candidates.map((c) => ({ name: describeCandidate(c), value: c.flaskApp })) };
  }

  /** What was found, worth telling the user: the choice and why, the runners-up, notes. */
  findings(given: Partial<Answers>): string[] {
    const lines: string[] = [];
    const app = this.candidateFor(given);
    if (app) {
      lines.push(`found the Flask app: ${app.flaskApp}, because ${app.reasons.map((r) => r.text).join('; ')}`);
      for (const other of this.candidates.filter((c) => c !== app)) lines.push(`  not chosen: ${describeCandidate(other)}`);
    } else if ((given.flaskApp ?? given.package) !== undefined && this.candidates.length > 0) {
      lines.push(`warning: no Flask app found for ${given.flaskApp ?? `package ${given.package}`}; found: ${this.candidates.map(describeCandidate).join('; ')}`);
    }
    if (this.detection.metadata.source) lines.push(`read project names from ${this.detection.metadata.source}`);
    lines.push(...this.detection.notes.map((note) => `note: ${note}`));
    lines.push(...this.detection.symlinks.map((link) => `warning: ${explainSymlink(link)}`));
    return lines;
  }

  /** Unguarded runs in what the .wsgi imports for these answers. */
  runCalls(answers: Answers): RunCall[] {
    const root = this.detection.root;
    const app = this.candidateFor(answers);
    const module = parseFlaskApp(answers.flaskApp).module;
    const entry = app ?? { file: `${answers.sourceDir ? `${answers.sourceDir}/` : ''}${module.split('.').join('/')}.py`, package: answers.package, sourceDir: answers.sourceDir, kind: 'package' as const };
    return runCallsIn(root, importedFiles(root, entry));
  }

  /** One message per unguarded run: where, and why it breaks under mod_wsgi. */
  runCallWarnings(calls: RunCall[]): string[] {
    return calls.map(
      ({ file, line }) =>
        `${file}:${line.start}: ${line.source} runs when the module is imported` +
        (line.via ? ` (it calls ${line.via.name}(), which runs app.run() at line ${line.via.line})` : '') +
        ". mod_wsgi imports it, so it would start Flask's development server inside Apache and requests would hang. It belongs under " +
        '`if __name__ == "__main__":` (--fix moves it there)',
    );
  }

  /** The files with every unguarded call moved under the guard, and calls that must be moved by hand. */
  fixedSources(calls: RunCall[]): { fixes: SourceFix[]; byHand: string[] } {
    const byFile = new Map<string, RunCall[]>();
    for (const call of calls) byFile.set(call.file, [...(byFile.get(call.file) ?? []), call]);
    const fixes: SourceFix[] = [];
    const byHand: string[] = [];
    for (const [file, fileCalls] of byFile) {
      let source: string | undefined = readFileSync(join(this.detection.root, file), 'utf8');
      const moved: number[] = [];
      // Bottom up, so the line numbers of the calls above stay right.
      for (const { line } of [...fileCalls].sort((a, b) => b.line.start - a.line.start)) {
        const next: string | undefined = guardRunCall(source!, line);
        if (next === undefined) byHand.push(`${file}:${line.start}: ${line.source} (a multi-line string or a one-line block: move it by hand)`);
        else {
          source = next;
          moved.push(line.start);
        }
      }
      if (moved.length > 0) fixes.push({ path: file, contents: source!, note: `app.run() at line ${moved.sort((a, b) => a - b).join(', ')} moved under if __name__ == "__main__":` });
    }
    return { fixes, byHand };
  }
}
