// From what detect.ts found in a repository to what a run does with it: the
// defaults it offers, the problem when no single app was found, the messages it
// prints, and (with consent only) the source with app.run() moved under a guard.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from './answers.js';
import { describeCandidate, explainSymlink, type AppCandidate, type Detection } from './detect.js';
import type { ChoicesOf } from './prompts.js';
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

  /** The app a package name points at; without a name, the only app found. */
  candidateFor(pkg?: string): AppCandidate | undefined {
    if (pkg !== undefined) return this.candidates.find((c) => c.package === pkg);
    return this.candidates.length === 1 ? this.candidates[0] : undefined;
  }

  /** Defaults read from the repository, given the answers so far (they beat the model's own). */
  defaults(earlier: Partial<Answers>): Partial<Answers> {
    // An existing app may have no /health route; its root page is the health URL.
    const found: Partial<Answers> = { healthUrl: '/' };
    const name = this.detection.metadata.name;
    if (name && NAME_PATTERN.test(name)) found.name = name;
    const app = this.candidateFor(earlier.package);
    if (app) {
      found.package = app.package;
      found.appStyle = app.appStyle;
      found.sourceDir = app.sourceDir;
      // A single module has no package static folder for Apache to serve; Flask serves static/ itself.
      if (app.kind === 'module') found.staticUrl = '';
    }
    return found;
  }

  /** Why the package cannot be defaulted: no app, or several. Undefined when exactly one was found. */
  ambiguity(): string | undefined {
    const where = this.detection.root;
    if (this.candidates.length === 1) return undefined;
    if (this.candidates.length === 0) {
      return (
        `package: no Flask app found in ${where} (looked for a package or module, flat or in src/, that defines create_app() ` +
        'or a module-level app = Flask(...)); give the package with --package NAME (and --app-style factory|singleton)'
      );
    }
    return (
      `package: found ${this.candidates.length} Flask apps in ${where}: ${this.candidates.map(describeCandidate).join('; ')}; ` +
      `choose one with --package NAME (allowed: ${this.candidates.map((c) => c.package).join(', ')})`
    );
  }

  /** Said before the package question when no single app was found. */
  askIntro(): string {
    return (this.ambiguity() ?? '').replace(/^package: /, '').replace(/; (choose one|give the package) with .*$/, '');
  }

  /** The apps found, as the choices of the package question (free text when there are none). */
  packageChoices(): ChoicesOf {
    if (this.candidates.length < 2) return {};
    return { package: this.candidates.map((c) => ({ name: describeCandidate(c), value: c.package })) };
  }

  /** What was found, worth telling the user. */
  findings(givenPackage?: string): string[] {
    const lines: string[] = [];
    const app = this.candidateFor(givenPackage);
    if (app) lines.push(`found the Flask app: ${describeCandidate(app)}`);
    else if (givenPackage !== undefined && this.candidates.length > 0) {
      lines.push(`warning: no Flask app found for package ${givenPackage}; found: ${this.candidates.map(describeCandidate).join('; ')}`);
    }
    if (this.detection.metadata.source) lines.push(`read project names from ${this.detection.metadata.source}`);
    lines.push(...this.detection.notes.map((note) => `note: ${note}`));
    lines.push(...this.detection.symlinks.map((link) => `warning: ${explainSymlink(link)}`));
    return lines;
  }

  /** One message per unguarded app.run(): where, and why it breaks under mod_wsgi. */
  runCallWarnings(): string[] {
    return this.detection.runCalls.map(
      ({ file, line }) =>
        `warning: ${file}:${line.start}: ${line.source} runs when the module is imported. mod_wsgi imports it, so it would start ` +
        "Flask's development server inside Apache and requests would hang. It belongs under " +
        '`if __name__ == "__main__":` (--fix moves it there)',
    );
  }

  /** The files with every unguarded call moved under the guard, and calls that must be moved by hand. */
  fixedSources(): { fixes: SourceFix[]; byHand: string[] } {
    const byFile = new Map<string, Detection['runCalls']>();
    for (const call of this.detection.runCalls) byFile.set(call.file, [...(byFile.get(call.file) ?? []), call]);
    const fixes: SourceFix[] = [];
    const byHand: string[] = [];
    for (const [file, calls] of byFile) {
      let source: string | undefined = readFileSync(join(this.detection.root, file), 'utf8');
      const moved: number[] = [];
      // Bottom up, so the line numbers of the calls above stay right.
      for (const { line } of [...calls].sort((a, b) => b.line.start - a.line.start)) {
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
