// Stand-ins for the package managers and system tools of platforms other than
// this Debian machine. Each stub is a small bash script on PATH that appends
// its command line (quoted like the scripts' --dry-run output) to a calls log
// and keeps just enough state (packages, accounts, running services) for a
// second run to see what the first one did.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HEADER = `#!/usr/bin/env bash
set -u
S="$STUB_STATE"
{ printf '%s' "$(basename "$0")"; printf ' %q' "$@"; printf '\\n'; } >>"$S/calls"
has() { [ -f "$S/$1" ] && grep -qxF -- "$2" "$S/$1"; }
add() { printf '%s\\n' "$2" >>"$S/$1"; }
words() { for w in "$@"; do case "$w" in -*|install) ;; *) printf '%s\\n' "$w" ;; esac; done; }
`;

const installer = 'if [ "${1:-}" = install ] || [ "${2:-}" = install ] || [ "${3:-}" = install ]; then words "$@" >>"$S/packages"; fi';
const configtest = (status: string) => `
case "$*" in
  *configtest*) if [ "\${STUB_CONFIGTEST:-0}" = 0 ]; then echo "Syntax OK"; else echo "AH00526: Syntax error (stub)" >&2; exit 1; fi ;;
  *status*) ${status} ;;
  *start*|*restart*) touch "$S/running" ;;
  *stop*) rm -f "$S/running" ;;
esac`;

/** Body of each stub, after HEADER. */
export const STUBS: Record<string, string> = {
  rpm: '[ "$1" = -q ] && has packages "$2"',
  dnf: installer,
  yum: installer,
  zypper: installer,
  pkgin: installer,
  pkg: 'case "$1" in info) has packages "$3" ;; install) words "$@" >>"$S/packages" ;; esac',
  pkg_info: 'case "$1" in -e) has packages "$2" ;; -Q) printf "%s\\n" "$STUB_PREFIX" ;; esac',
  // passwd lines carry STUB_SHELL (default nologin): an account people log in with when set to a shell.
  getent: 'case "$1" in group) has groups "$2" ;; passwd) has users "$2" && printf "%s:x:1500:1500::/home/%s:%s\\n" "$2" "$2" "${STUB_SHELL:-/sbin/nologin}" ;; *) exit 2 ;; esac',
  id: 'if [ "$#" = 1 ] && [ "$1" = -u ]; then echo 0; else has users "${!#}" && echo 1500; fi',
  groupadd: 'add groups "${!#}"',
  useradd: 'add users "${!#}"',
  pw: 'case "$1" in groupshow) has groups "$2" ;; usershow) has users "$2" ;; groupadd) add groups "$2" ;; useradd) add users "$2" ;; esac',
  getenforce: 'echo "${STUB_SELINUX:-Enforcing}"',
  semanage: `case "$1 $2" in
  "fcontext -l") cat "$S/fcontexts" 2>/dev/null ;;
  "fcontext -a") add fcontexts "\${!#}" ;;
  "port -l") printf 'http_port_t                    tcp      %s80, 81, 443, 488, 8008, 8009, 8443, 9000\\n' "$(tr '\\n' ',' <"$S/ports" 2>/dev/null | sed 's/,/, /g')" ;;
  "port -a") add ports "\${!#}" ;;
esac`,
  restorecon: 'true',
  systemctl: 'case "$1" in is-active) [ -f "$S/running" ] ;; restart|start) touch "$S/running" ;; stop) rm -f "$S/running" ;; esac',
  apachectl: configtest('[ -f "$S/running" ]'),
  service: configtest('[ -f "$S/running" ]'),
  sysrc: 'true',
  a2enmod: 'if [ "$1" = -q ]; then has modules "$2"; else add modules "$1"; fi',
  // Real files, but the stub accounts do not exist here: owner and group are dropped.
  install: 'args=(); while [ "$#" -gt 0 ]; do case "$1" in -o|-g) shift 2 ;; *) args+=("$1"); shift ;; esac; done; exec /usr/bin/install "${args[@]}"',
  chgrp: 'true',
  chown: 'true',
};

/** The commands each platform's script uses that this machine lacks or must not run. */
export const PLATFORM_STUBS = {
  rhel: ['rpm', 'dnf', 'getent', 'id', 'groupadd', 'useradd', 'getenforce', 'semanage', 'restorecon', 'systemctl', 'apachectl', 'install', 'chgrp', 'chown'],
  opensuse: ['rpm', 'zypper', 'getent', 'id', 'groupadd', 'useradd', 'a2enmod', 'systemctl', 'apachectl', 'install', 'chgrp', 'chown'],
  freebsd: ['pkg', 'pw', 'id', 'service', 'sysrc', 'install', 'chgrp', 'chown'],
  pkgsrc: ['pkgin', 'pkg_info', 'getent', 'id', 'groupadd', 'useradd', 'install', 'chgrp', 'chown'],
} as const;

export interface StubWorld {
  bin: string;
  state: string;
  env: NodeJS.ProcessEnv;
}

/** Writes the stubs into `root`/bin and returns the environment that puts them first on PATH. */
export function makeStubWorld(root: string, names: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): StubWorld {
  const bin = join(root, 'bin');
  const state = join(root, 'state');
  mkdirSync(bin, { recursive: true });
  mkdirSync(state, { recursive: true });
  for (const name of names) writeStub(join(bin, name), STUBS[name]);
  return { bin, state, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, STUB_STATE: state, ...extraEnv } };
}

export function writeStub(path: string, body: string): void {
  writeFileSync(path, `${HEADER}${body}\n`);
  chmodSync(path, 0o755);
}

/** The stub calls recorded so far, one command line each; the log is emptied. */
export function takeCalls(world: StubWorld): string[] {
  const log = join(world.state, 'calls');
  if (!existsSync(log)) return [];
  const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  writeFileSync(log, '');
  return calls;
}

/** Calls that only ask about the system; every other call acts (changes it, or checks Apache's config). */
const QUERY = /^(rpm -q|getent |id |getenforce|semanage (fcontext|port) -l|systemctl is-active|pkg info|pkg_info|pw (user|group)show|a2enmod -q|service \S+ status)/;
export const actions = (calls: string[]) => calls.filter((call) => !QUERY.test(call));
