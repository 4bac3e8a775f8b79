// Answers for a production server: TLS, HSTS, request limits and mod_wsgi's
// daemon timeouts. Declared here, joined into the one answers table by answers.ts.
import type { AnswerSpec, Answers } from './answers.js';
import { POSIX_PATH_PATTERN, posixPathProblem } from './rules.js';

export const TLS_MODES = ['off', 'acme', 'certbot', 'files'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** Names no public CA issues for: no dot, or a suffix reserved for local or test use. */
export const LOCAL_NAME = /^[^.]+$|\.(test|internal|localhost|local|lan|home\.arpa|invalid|example)$/i;
const LETS_ENCRYPT = 'https://acme-v02.api.letsencrypt.org/directory';
const EMAIL_PATTERN = '^[A-Za-z0-9._%+-]{1,64}@(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$';
const CA_URL_PATTERN = '^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?$';
const LOCALE_PATTERN = '^[A-Za-z]{1,8}(_[A-Z]{2})?\\.(UTF-8|utf8)$';
const SERVER = ['app', 'apache'] as const;

const optionalPath = (value: string) => (value === '' ? undefined : posixPathProblem(value));

/** An integer answer from `min` to `max`: its kind, schema, default and the texts said of them. */
export function integerRange(min: number, max: number, defaultValue: number, texts: { suffix?: string; defaultText?: string } = {}) {
  return {
    kind: 'integer' as const,
    allowed: `an integer from ${min} to ${max}${texts.suffix ?? ''}`,
    defaultText: texts.defaultText ?? String(defaultValue),
    schema: { type: 'integer', minimum: min, maximum: max },
    default: () => defaultValue,
  };
}

/** A true-or-false answer defaulting to true. */
export const switchOnByDefault = () => ({
  kind: 'boolean' as const,
  allowed: 'true or false',
  defaultText: 'true',
  schema: { type: 'boolean' },
  default: () => true,
});

/** The TLS modes that get their certificate from a CA (and so need its contact and terms). */
const fromCa = (a: Partial<Answers>) => a.tls === 'acme' || a.tls === 'certbot';
const filesTls = (a: Partial<Answers>) => a.tls === 'files';

/** One mod_wsgi daemon setting in seconds (or a count): 0 leaves it unset. */
function daemonSetting(key: keyof Answers, option: string, defaultValue: number, why: string, max = 86400): AnswerSpec {
  return {
    key, usedBy: SERVER, optional: 'quiet',
    message: `mod_wsgi ${option} (0: not set)`,
    description: `WSGIDaemonProcess ${option}=: ${why}`,
    ...integerRange(0, max, defaultValue, { suffix: ' (0 leaves it unset)' }),
  };
}

/** A certificate or key file the operator provides for tls: files; default /etc/ssl/NAME/FILE. */
function certificatePath(key: keyof Answers, message: string, description: string, file: string): AnswerSpec {
  return {
    key, kind: 'string', usedBy: SERVER, optional: 'ask',
    askWhen: filesTls,
    message, description,
    allowed: 'an absolute POSIX path',
    defaultText: `/etc/ssl/NAME/${file}`,
    schema: { type: 'string', pattern: POSIX_PATH_PATTERN, maxLength: 1024 },
    default: (a) => `/etc/ssl/${a.name}/${file}`,
    check: posixPathProblem as AnswerSpec['check'],
  };
}

export const PRODUCTION_ANSWERS: readonly AnswerSpec[] = [
  {
    key: 'tls', kind: 'choice', usedBy: SERVER, optional: 'ask', choices: TLS_MODES,
    message: 'HTTPS: acme (Apache\'s mod_md gets certificates), certbot, files (your own certificate) or off (localhost and .test names: no public CA issues for them)',
    description: 'off: plain HTTP; acme: mod_md (MDomain) obtains and renews the certificate; certbot: the install script runs certbot certonly --webroot; files: certFile/keyFile you provide. With TLS on, HTTP redirects to HTTPS.',
    allowed: TLS_MODES.join(', '),
    choiceHelp: {
      off: 'plain HTTP only (localhost and .test names)',
      acme: "Apache's mod_md gets and renews the certificate",
      certbot: 'the install script runs certbot certonly --webroot',
      files: 'your own certificate (certFile, keyFile)',
    },
    defaultText: 'acme for a public serverName; off for localhost and .test, .internal, .local, .example, ... names',
    schema: { type: 'string', enum: [...TLS_MODES] },
    default: (a) => (LOCAL_NAME.test(a.serverName ?? 'localhost') ? 'off' : 'acme'),
  },
  {
    key: 'httpsPort', usedBy: SERVER, optional: 'quiet',
    message: 'Port of the HTTPS virtual host',
    description: 'Port of the TLS virtual host (tls not off).',
    ...integerRange(1, 65535, 443, { suffix: ', not port' }),
  },
  {
    key: 'acmeEmail', kind: 'string', usedBy: SERVER, optional: 'ask',
    askWhen: fromCa,
    message: 'Contact e-mail for the certificate authority (expiry notices)',
    description: 'MDContactEmail (acme) or certbot -m (certbot).',
    allowed: 'an e-mail address such as admin@example.org',
    defaultText: 'webmaster@SERVERNAME',
    schema: { type: 'string', pattern: EMAIL_PATTERN },
    default: (a) => `webmaster@${a.serverName ?? 'localhost'}`,
  },
  {
    key: 'acmeCaUrl', kind: 'string', usedBy: SERVER, optional: 'quiet',
    message: 'ACME directory URL of the certificate authority (Let\'s Encrypt; its staging URL or a private CA for tests)',
    description: 'MDCertificateAuthority (acme) or certbot --server (certbot).',
    allowed: 'an https:// URL (host, optional port, path of letters, digits and . _ ~ % / -)',
    defaultText: LETS_ENCRYPT,
    schema: { type: 'string', pattern: CA_URL_PATTERN, maxLength: 500 },
    default: () => LETS_ENCRYPT,
  },
  {
    key: 'acmeTermsAgreed', usedBy: SERVER, optional: 'ask',
    askWhen: fromCa,
    message: 'Accept the certificate authority\'s terms of service (needed for acme and certbot)?',
    description: 'MDCertificateAgreement accepted (acme) or certbot --agree-tos (certbot); false refuses tls acme and certbot.',
    ...switchOnByDefault(),
  },
  certificatePath('certFile', 'Certificate file on the server (tls: files; with its chain, leaf first)', 'SSLCertificateFile for tls: files.', 'fullchain.pem'),
  certificatePath('keyFile', 'Private key file on the server (tls: files)', 'SSLCertificateKeyFile for tls: files.', 'privkey.pem'),
  {
    key: 'chainFile', kind: 'string', usedBy: SERVER, optional: 'ask',
    askWhen: filesTls,
    message: 'Separate chain file (tls: files; empty when certFile holds the chain)',
    description: 'SSLCertificateChainFile for tls: files, for a chain kept apart; "" when certFile holds the chain (Apache 2.4.8 and later read it from there).',
    allowed: 'empty, or an absolute POSIX path',
    defaultText: '""',
    schema: { anyOf: [{ type: 'string', const: '' }, { type: 'string', pattern: POSIX_PATH_PATTERN, maxLength: 1024 }] },
    default: () => '',
    check: optionalPath,
  },
  {
    key: 'hstsMaxAge', usedBy: SERVER, optional: 'quiet',
    message: 'HSTS max-age in seconds (0: no HSTS header; start short, raise it once HTTPS is known good)',
    description: 'Strict-Transport-Security max-age on HTTPS responses; 0 sends none. Start at 300, then a week, a month, a year.',
    ...integerRange(0, 63072000, 300, { suffix: ' (two years)' }),
  },
  {
    key: 'limitRequestBody', usedBy: SERVER, optional: 'quiet',
    message: 'Largest request body Apache accepts, in bytes (0: no limit)',
    description: 'LimitRequestBody of the virtual host: larger uploads get 413 before they reach Python.',
    ...integerRange(0, 2147483647, 10485760, { defaultText: '10485760 (10 MiB)' }),
  },
  daemonSetting('requestTimeout', 'request-timeout', 60, 'a request running longer gets the daemon process restarted, so a stuck request cannot hold a thread for ever (the client gets a gateway error).'),
  daemonSetting('queueTimeout', 'queue-timeout', 45, 'a request waiting longer for a free daemon thread gets 503 at once instead of piling up behind a backlog.'),
  daemonSetting('socketTimeout', 'socket-timeout', 60, 'bound on reads and writes between Apache and the daemon (instead of Apache\'s Timeout of 300 s).'),
  daemonSetting('connectTimeout', 'connect-timeout', 15, 'how long Apache tries to connect to the daemon socket before giving up.'),
  daemonSetting('startupTimeout', 'startup-timeout', 15, 'a daemon process whose app fails to load is restarted after this, instead of failing each request.'),
  daemonSetting('gracefulTimeout', 'graceful-timeout', 15, 'time for requests in flight to finish when a process restarts (maximum-requests, touched .wsgi).'),
  daemonSetting('shutdownTimeout', 'shutdown-timeout', 5, 'time a process has to exit before it is killed.'),
  daemonSetting('deadlockTimeout', 'deadlock-timeout', 60, 'a process whose Python holds the GIL this long is restarted.'),
  daemonSetting('inactivityTimeout', 'inactivity-timeout', 0, 'restart a process idle this long, to give memory back (0: never).'),
  daemonSetting('maximumRequests', 'maximum-requests', 0, 'restart a process after this many requests, against slow leaks (0: never).', 10_000_000),
  {
    key: 'headerBufferSize', usedBy: SERVER, optional: 'quiet',
    message: 'mod_wsgi header-buffer-size in bytes',
    description: 'WSGIDaemonProcess header-buffer-size=: room for the response headers the app sends (large cookies, CSP).',
    ...integerRange(8192, 1048576, 32768),
  },
  {
    key: 'locale', kind: 'string', usedBy: SERVER, optional: 'quiet',
    message: 'Locale of the daemon processes (lang= and locale=; must exist on the server)',
    description: 'WSGIDaemonProcess lang= and locale=: the text encoding Python uses for file names and output. C.UTF-8 exists on every listed platform without locale packages.',
    allowed: 'a UTF-8 locale name such as C.UTF-8 or en_US.UTF-8',
    defaultText: 'C.UTF-8',
    schema: { type: 'string', pattern: LOCALE_PATTERN },
    default: () => 'C.UTF-8',
  },
];

/** logDir must be writable into the chosen platforms' rotation files (logrotate, newsyslog). */
export function rotationProblems(a: Answers): string[] {
  if (a.logDir === '') return [];
  const problems: string[] = [];
  if (a.platforms.includes('freebsd') && /[\s#]/.test(a.logDir)) {
    problems.push(`logDir: ${JSON.stringify(a.logDir)} has a blank or "#", which FreeBSD's newsyslog.conf cannot hold (platforms has freebsd); choose a folder without them`);
  }
  if (a.platforms.some((p) => p === 'debian' || p === 'rhel' || p === 'opensuse') && /["\\{}]/.test(a.logDir)) {
    problems.push(`logDir: ${JSON.stringify(a.logDir)} has a quote, backslash or brace, which a logrotate file cannot hold; choose a folder without them`);
  }
  return problems;
}

/** Rules joining the TLS answers with others; each message names both fields. */
export function tlsProblems(a: Answers): string[] {
  const problems: string[] = [];
  if (a.tls === 'off') return problems;
  if (a.httpsPort === a.port) problems.push(`httpsPort: ${a.httpsPort} is also port; HTTP and HTTPS need two ports, e.g. port: 80, httpsPort: 443`);
  if (fromCa(a) && !a.acmeTermsAgreed) {
    problems.push(`acmeTermsAgreed: false, but tls: "${a.tls}" needs the CA's terms accepted; read them at ${a.acmeCaUrl} and set acmeTermsAgreed: true, or choose tls: "files" or "off"`);
  }
  if (fromCa(a) && !/\./.test(a.serverName)) {
    problems.push(`tls: "${a.tls}" needs a serverName with a dot (a CA cannot validate ${JSON.stringify(a.serverName)}); use tls: "off" or "files" for it`);
  }
  if (a.tls === 'acme' && a.apacheVersion === '2.2') {
    problems.push('tls: "acme" needs Apache 2.4.30 or later (mod_md); apacheVersion "2.2" has none: choose tls: "certbot" or "files"');
  }
  return problems;
}

