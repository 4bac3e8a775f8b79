// Folders a module creates, uploads into or logs into, named from its own folder:
//   basedir = os.path.abspath(os.path.dirname(__file__))     (or dirname(dirname(...)): the folder above)
//   os.makedirs(os.path.join(basedir, 'uploads'))   /  UPLOAD_FOLDER = os.path.join(basedir, 'uploads')
//   RotatingFileHandler(os.path.join(basedir, 'logs/app.log'))
//   BASE_DIR = Path(__file__).resolve().parent       /  (BASE_DIR / 'media').mkdir(parents=True)
// Only literal folder names are taken; anything computed is left alone.

const FOLDER = String.raw`['"]([A-Za-z0-9_][\w.-]*(?:/[\w.-]+)*)['"]`;
const NAME = String.raw`[A-Za-z_]\w*`;
/** Names of settings and variables that hold a folder the app writes. */
const WRITTEN_KEY = /UPLOAD|MEDIA|DATA_DIR|CACHE|LOG|SESSION_FILE/i;
const LOG_HANDLER = String.raw`\b(?:Timed)?(?:Rotating)?FileHandler\(\s*`;

/** How many folders above the module's own folder `expression` is (0: its own), or undefined. */
export function levelsAboveModule(expression: string): number | undefined {
  let text = expression.replace(/\s+/g, '');
  const pathlib = /^(?:pathlib\.)?Path\(__file__\)(?:\.resolve\(\)|\.absolute\(\))?((?:\.parent)+)$/.exec(text);
  if (pathlib) return pathlib[1].length / '.parent'.length - 1;
  let dirnames = 0;
  for (;;) {
    const wrapped = /^os\.path\.(abspath|realpath|dirname)\((.*)\)$/.exec(text);
    if (!wrapped) break;
    if (wrapped[1] === 'dirname') dirnames++;
    text = wrapped[2];
  }
  return text === '__file__' && dirnames > 0 ? dirnames - 1 : undefined;
}

const safe = (folder: string) => !folder.split('/').includes('..');

/** Folders, relative to the module's own folder ('../x' for one above it), that it writes. */
export function foldersWrittenBeside(source: string): string[] {
  // Names bound to the module's folder (or one above it).
  const bases = new Map<string, number>();
  for (const match of source.matchAll(new RegExp(String.raw`^[ \t]*(${NAME})\s*=\s*(.+?)\s*$`, 'gm'))) {
    if (!/__file__/.test(match[2])) continue;
    const levels = levelsAboveModule(match[2]);
    if (levels !== undefined) bases.set(match[1], levels);
  }
  if (bases.size === 0) return [];
  const baseName = `(${[...bases.keys()].join('|')})`;
  // Groups: base name and folder, for os.path.join(base, 'x') or base / 'x'.
  const under = String.raw`(?:os\s*\.\s*path\s*\.\s*join\(\s*${baseName}\s*,\s*${FOLDER}\s*\)|${baseName}\s*/\s*${FOLDER})`;
  const resolve = (match: RegExpMatchArray, at: number) => {
    const [joinBase, joinFolder, slashBase, slashFolder] = match.slice(at, at + 4);
    const base = joinBase ?? slashBase;
    const folder = joinFolder ?? slashFolder;
    return base && folder && safe(folder) ? `${'../'.repeat(bases.get(base)!)}${folder}` : undefined;
  };
  const found: string[] = [];
  const add = (folder: string | undefined) => {
    if (folder && !found.includes(folder)) found.push(folder);
  };
  const named = new Map<string, string>();
  for (const match of source.matchAll(new RegExp(String.raw`^[ \t]*(${NAME})\s*=\s*\(?\s*${under}\s*\)?\s*$`, 'gm'))) {
    const folder = resolve(match, 2);
    if (!folder) continue;
    named.set(match[1], folder);
    if (WRITTEN_KEY.test(match[1])) add(folder);
  }
  // app.config['UPLOAD_FOLDER'] = os.path.join(basedir, 'uploads')
  for (const match of source.matchAll(new RegExp(String.raw`\[\s*['"](\w+)['"]\s*\]\s*=\s*${under}`, 'g'))) {
    if (WRITTEN_KEY.test(match[1])) add(resolve(match, 2));
  }
  // os.makedirs(...) / os.mkdir(...) / (base / 'x').mkdir()
  for (const match of source.matchAll(new RegExp(String.raw`\bos\s*\.\s*(?:makedirs|mkdir)\(\s*${under}`, 'g'))) add(resolve(match, 1));
  for (const match of source.matchAll(new RegExp(String.raw`\(\s*${under}\s*\)\s*\.\s*mkdir\(`, 'g'))) add(resolve(match, 1));
  for (const [name, folder] of named) {
    if (new RegExp(String.raw`\bos\s*\.\s*(?:makedirs|mkdir)\(\s*${name}\b|\b${name}\s*\.\s*mkdir\(`).test(source)) add(folder);
  }
  // A log file's folder: RotatingFileHandler(os.path.join(basedir, 'logs/app.log'))
  for (const match of source.matchAll(new RegExp(LOG_HANDLER + under, 'g'))) {
    const file = resolve(match, 1);
    if (file && file.includes('/')) add(file.slice(0, file.lastIndexOf('/')));
  }
  return found;
}
