// The precise rules behind the answers model (answers.ts): each check returns
// why a value is refused, in words, or undefined. The JSON Schema patterns say
// the same for editors; these say which part of the value is wrong.
import pythonNames from './python-names.json' with { type: 'json' };

const HOST_LABEL = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
export const HOST_PATTERN = `^(?=.{1,253}$)${HOST_LABEL}(\\.${HOST_LABEL})*$`;
// Account names as useradd, pw and Windows accept in common: lower case, may not start with a digit or "-".
export const ACCOUNT_PATTERN = '^[a-z_][a-z0-9_-]{0,31}$';
export const NAME_PATTERN = '^[A-Za-z0-9]([A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$';
export const PACKAGE_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';
export const PYTHON_VERSION_PATTERN = '^3\\.(9|[1-9][0-9])$';
// Coarse versions of the path rules below, for the exported JSON Schema.
export const POSIX_PATH_PATTERN = '^(?!.*\\$\\{)(?!.*//)(?!.*/\\.\\.?(/|$))/[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029*?\\[\\]]*$';
export const WINDOWS_PATH_PATTERN =
  '^(?!.*[\\\\/]{2})(?!.*[\\\\/]\\.\\.?([\\\\/]|$))[A-Za-z]:[\\\\/](?!.*\\$\\{)[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029<>|?*":\\[\\]]*$';
export const STATIC_URL_PATTERN = '^(|(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+)$';
export const HEALTH_URL_PATTERN = '^/([A-Za-z0-9_~-][A-Za-z0-9._~-]*(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*/?)?$';

/** Account names that are uid 0 or gid 0 somewhere (FreeBSD's toor, the BSDs' wheel). */
export const REFUSED_USERS = ['root', 'toor'];
export const REFUSED_GROUPS = ['root', 'wheel'];
/** URL paths the generated app answers itself; an Alias there would hide them. */
export const APP_ROUTES = ['/health'];

const hex = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
// C0, DEL, C1 and the Unicode line separators: a config line, a shell line or a comment could end there.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// With the u flag a surrogate pair is one code point, so this finds only unpaired halves (not UTF-8 encodable).
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** Problems every text answer shares: broken Unicode and control characters. */
export function textProblem(value: string): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'is not valid Unicode text (a lone surrogate)';
  const control = CONTROL.exec(value);
  if (control) return `contains the control character ${hex(control[0])}`;
  return undefined;
}

function segmentProblem(segments: string[]): string | undefined {
  if (segments.includes('..')) return 'has a ".." segment';
  if (segments.includes('.')) return 'has a "." segment';
  if (segments.slice(0, -1).includes('')) return 'has an empty segment ("//")';
  return undefined;
}

/** An absolute POSIX path as Apache, the shell and Python all read it the same way. */
export function posixPathProblem(value: string): string | undefined {
  const text = textProblem(value);
  if (text) return text;
  if (!value.startsWith('/')) return 'is not an absolute path (it must start with "/")';
  const segments = segmentProblem(value.slice(1).split('/'));
  if (segments) return segments;
  if (value.includes('${')) return 'contains "${", which Apache would expand as a variable';
  const wildcard = /[*?[\]]/.exec(value);
  if (wildcard) return `contains "${wildcard[0]}", which Apache's <Directory> would read as a wildcard`;
  return undefined;
}

/** logDir: "" keeps the server's logs; "/" is not a folder for them. */
export function logDirProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (/^\/+$/.test(value)) return 'is the root folder; give a folder below it, or "" for the server\'s own logs';
  return posixPathProblem(value);
}

/** A Windows path that Apache and Python read unchanged, and Apache's <Directory> as no wildcard. */
export function windowsPathProblem(value: string): string | undefined {
  const text = textProblem(value);
  if (text) return text;
  if (!/^[A-Za-z]:[\\/]/.test(value)) return 'is not an absolute Windows path (it must start with a drive, e.g. C:/)';
  const segments = segmentProblem(value.slice(3).split(/[\\/]/));
  if (segments) return segments;
  const bad = /[<>|?*":]/.exec(value.slice(2));
  if (bad) return `contains "${bad[0]}", which Windows does not allow in a path`;
  const wildcard = /[[\]]/.exec(value);
  if (wildcard) return `contains "${wildcard[0]}", which Apache's <Directory> would read as a wildcard`;
  if (value.includes('${')) return 'contains "${", which Apache would expand as a variable';
  return undefined;
}

function accountProblem(value: string, refused: string[], what: 'user' | 'group'): string | undefined {
  if (refused.includes(value)) {
    return `is refused: the daemon must never run as ${what} '${value}' (${what === 'user' ? 'uid' : 'gid'} 0 on some platforms)`;
  }
  if (/^#?\d+$/.test(value)) return `is a numeric id; give the ${what}'s name (never root or 0)`;
  if (value.length > 32) return 'is longer than 32 characters';
  if (!new RegExp(ACCOUNT_PATTERN).test(value)) return `is not a ${what} name that useradd, pw and Windows all accept`;
  return undefined;
}
export const userProblem = (value: string) => accountProblem(value, REFUSED_USERS, 'user');
export const groupProblem = (value: string) => accountProblem(value, REFUSED_GROUPS, 'group');

/** Why a Python package name would break imports, or undefined when it is fine. */
export function packageNameProblem(name: string): string | undefined {
  if (!new RegExp(PACKAGE_PATTERN).test(name)) return 'is not a Python identifier of a-z, A-Z, 0-9 and _ (at most 64, not starting with a digit)';
  if (pythonNames.keywords.includes(name)) return 'is a Python keyword';
  if (name.startsWith('__')) return 'starts with "__", which Python reserves for its own names';
  if (pythonNames.stdlib.includes(name)) return `would shadow the standard library module '${name}'`;
  if (pythonNames.flask.includes(name)) return `would shadow the installed module '${name}'`;
  if (pythonNames.project.includes(name)) return `is taken by a generated file or folder ('${name}')`;
  return undefined;
}
export const FORBIDDEN_PACKAGES = new Set<string>([
  ...pythonNames.keywords,
  ...pythonNames.stdlib,
  ...pythonNames.flask,
  ...pythonNames.project,
]);

/** The URL prefix Apache serves the static folder at. */
export function staticUrlProblem(value: string): string | undefined {
  if (value === '') return undefined;
  const text = textProblem(value);
  if (text) return text;
  if (!value.startsWith('/')) return 'does not start with "/"';
  if (value === '/') return 'is the whole site; the app is served at "/"';
  if (value.endsWith('/')) return 'ends with "/" (Apache\'s Alias would then not match the folder itself)';
  const segments = segmentProblem(value.slice(1).split('/'));
  if (segments) return segments;
  if (value.split('/').some((segment) => segment.startsWith('.'))) return 'has a segment starting with "."';
  const bad = /[^A-Za-z0-9._~/-]/u.exec(value);
  if (bad) return `contains "${bad[0]}"; a URL prefix here is letters, digits, "/", ".", "_", "-" and "~"`;
  const route = APP_ROUTES.find((r) => value === r || value.startsWith(`${r}/`));
  if (route) return `would hide the app's own ${route} route behind the static folder`;
  return undefined;
}

/** The URL path the health check GETs through Apache. */
export function healthUrlProblem(value: string): string | undefined {
  const text = textProblem(value);
  if (text) return text;
  if (!value.startsWith('/')) return 'does not start with "/"';
  const segments = segmentProblem(value.slice(1).replace(/\/$/, '').split('/'));
  if (segments && value !== '/') return segments;
  if (value.split('/').some((segment) => segment.startsWith('.'))) return 'has a segment starting with "."';
  const bad = /[^A-Za-z0-9._~/-]/u.exec(value);
  if (bad) return `contains "${bad[0]}"; a URL path here is letters, digits, "/", ".", "_", "-" and "~" (no query)`;
  return undefined;
}

export function hostProblem(value: string): string | undefined {
  return textProblem(value) ?? (new RegExp(HOST_PATTERN).test(value) ? undefined : 'is not a DNS host name');
}
