#!/usr/bin/env bash
# Installs Apache httpd 2.4 + mod_wsgi for Python {{cookiecutter.python_version}} from pkgsrc (NetBSD, SmartOS, illumos, ...)
# and serves {{cookiecutter.name}} from /var/www/{{cookiecutter.name}}.
# Usage: bash deploy/install-pkgsrc.sh [--dry-run] [--system-site-packages]   (as root; `pkgin -y install bash` first)
#   --dry-run               print every command that would change the system, run none
#   --system-site-packages  let the venv see pkgsrc's py311-* packages (passed to create-venv.sh)
# Safe to run again: each step checks first; Apache is restarted (full stop and start, after a
# passing config check) only when something changed.
# PKG_PREFIX: where pkgsrc lives (default: pkgin's LOCALBASE, e.g. /usr/pkg or /opt/local).
set -euo pipefail

NAME='{{cookiecutter.name}}'
DEPLOY_PATH='/var/www/{{cookiecutter.name}}'
VENV_PATH='/var/www/{{cookiecutter.name}}/venv'
SERVICE_USER='{{cookiecutter.name}}'
SERVICE_GROUP='{{cookiecutter.name}}'
PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Tests only: a folder that stands in for / (os-release and Apache's config are found under it).
ROOT=${MODWSGI_ROOT:-}
OS_RELEASE="${ROOT}/etc/os-release"

DRY_RUN=0
VENV_ARGS=()
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    --system-site-packages) VENV_ARGS+=("$arg") ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "install-pkgsrc.sh: unknown argument '$arg' (allowed: --dry-run, --system-site-packages, --help)" >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*"; }
fail() { printf 'install-pkgsrc.sh: %s\n' "$*" >&2; exit 1; }
# Every command that changes the system goes through run: --dry-run prints it instead.
run() {
  if [ "$DRY_RUN" = 1 ]; then printf '+'; printf ' %q' "$@"; printf '\n'; else "$@"; fi
}
# The ID and ID_LIKE words of os-release, one a line.
os_ids() {
  [ -r "$OS_RELEASE" ] || return 0
  sed -n -E 's/^(ID|ID_LIKE)=//p' "$OS_RELEASE" | tr -d '"' | tr ' ' '\n'
}
os_is() { os_ids | grep -qxE "$1"; }
os_name() {
  local id
  id=$(os_ids | head -n 1)
  printf '%s' "${id:-$(uname -s)}"
}
require_root() {
  if [ "$DRY_RUN" = 0 ] && [ "$(id -u)" -ne 0 ]; then fail "run as root (sudo bash $0), or with --dry-run to see the commands"; fi
}

changed=0

# pkgsrc's www/ap2-wsgi, built for Apache 2.4 and one Python: ap24-pyXY-wsgi, from pythonVersion.
PACKAGES=('apache' 'ap24-py311-wsgi')

if ! command -v pkgin >/dev/null 2>&1 || ! command -v pkg_info >/dev/null 2>&1; then
  fail "pkgsrc's pkgin and pkg_info are not on PATH on this $(os_name) machine; use the install script for your platform in deploy/"
fi
require_root
PREFIX=${PKG_PREFIX:-$(pkg_info -Q LOCALBASE pkgin 2>/dev/null || echo /usr/pkg)}
APACHECTL="${PREFIX}/sbin/apachectl"
HTTPD_CONF="${PREFIX}/etc/httpd/httpd.conf"
SITE_CONF="${PREFIX}/etc/httpd/${NAME}.conf"

say "packages: ${PACKAGES[*]}"
missing=()
for package in "${PACKAGES[@]}"; do
  pkg_info -e "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${{ '{#' }}missing[@]}" -gt 0 ]; then
  run pkgin -y install "${missing[@]}"
  changed=1
fi

say "account: ${SERVICE_USER}:${SERVICE_GROUP}"
if ! getent group "$SERVICE_GROUP" >/dev/null 2>&1 && ! grep -q "^${SERVICE_GROUP}:" /etc/group; then
  run groupadd "$SERVICE_GROUP"
fi
if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
  run useradd -g "$SERVICE_GROUP" -d "$DEPLOY_PATH" -s /sbin/nologin "$SERVICE_USER"
fi

say "project: ${DEPLOY_PATH}"
# The source tree's own venvs, VCS data, caches and instance folder never go to the server.
project_files() {
  local venv=venv
  case "$VENV_PATH" in "$DEPLOY_PATH"/*) venv=${VENV_PATH#"$DEPLOY_PATH"/} ;; esac
  (cd "$PROJECT_DIR" && find . \( -path ./.git -o -path ./.venv -o -path ./venv -o -path "./$venv" -o -path ./instance \
    -o -name __pycache__ \) -prune -o -type f -print)
}
project_differs() {
  local file
  while IFS= read -r file; do
    cmp -s "$PROJECT_DIR/$file" "$DEPLOY_PATH/$file" || return 0
  done < <(project_files)
  return 1
}
copy_project() {
  mkdir -p "$DEPLOY_PATH"
  project_files | (cd "$PROJECT_DIR" && tar -cf - -T -) | tar -C "$DEPLOY_PATH" -xpf -
}
write_secret_config() {
  (umask 027 && printf 'SECRET_KEY = "%s"\n' "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" >"$1")
  chgrp "$SERVICE_GROUP" "$1"
}
# shellcheck disable=SC2034 # read by the SELinux step of install-rhel.sh
project_changed=0
if [ "$PROJECT_DIR" != "$DEPLOY_PATH" ] && project_differs; then
  run copy_project
  # shellcheck disable=SC2034
  project_changed=1
  changed=1
fi
if [ ! -x "$VENV_PATH/bin/python" ]; then
  run bash "$DEPLOY_PATH/deploy/create-venv.sh" ${VENV_ARGS[@]+"${VENV_ARGS[@]}"}
fi
if [ ! -f "$DEPLOY_PATH/instance/config.py" ]; then
  run install -d -o root -g "$SERVICE_GROUP" -m 0750 "$DEPLOY_PATH/instance"
  run write_secret_config "$DEPLOY_PATH/instance/config.py"
fi

# A failed config check puts the previous vhost back, so the running Apache's config stays valid.
SITE_BACKUP=""
SITE_NEW=0
install_site() {
  if cmp -s "$DEPLOY_PATH/deploy/apache/${NAME}.conf" "$SITE_CONF"; then return 0; fi
  if [ -f "$SITE_CONF" ]; then
    SITE_BACKUP=$(mktemp)
    cp -p "$SITE_CONF" "$SITE_BACKUP"
  else
    SITE_NEW=1
  fi
  run install -m 0644 "$DEPLOY_PATH/deploy/apache/${NAME}.conf" "$SITE_CONF"
  changed=1
}
# Usage: check_config COMMAND...; on failure restores the previous vhost and stops the script.
check_config() {
  say "config check: $*"
  if [ "$DRY_RUN" = 1 ]; then run "$@"; return 0; fi
  if "$@"; then rm -f "$SITE_BACKUP"; return 0; fi
  if [ -n "$SITE_BACKUP" ]; then
    cp -p "$SITE_BACKUP" "$SITE_CONF" && rm -f "$SITE_BACKUP"
    echo "install-pkgsrc.sh: put the previous ${SITE_CONF} back" >&2
  elif [ "$SITE_NEW" = 1 ]; then
    if declare -F disable_site >/dev/null; then disable_site; fi
    rm -f "$SITE_CONF"
    echo "install-pkgsrc.sh: removed the new ${SITE_CONF}" >&2
  fi
  fail "Apache's config check failed (see above), so Apache was not restarted and keeps the config it runs with; fix deploy/apache/${NAME}.conf and run this script again"
}

append_line() { printf '%s\n' "$2" >>"$1"; }
say "module and site: ${HTTPD_CONF}, ${SITE_CONF}"
install_site
for line in "LoadModule wsgi_module lib/httpd/mod_wsgi.so" "Include etc/httpd/${NAME}.conf"; do
  if ! grep -qxF "$line" "$HTTPD_CONF" 2>/dev/null; then
    run append_line "$HTTPD_CONF" "$line"
    changed=1
  fi
done
check_config "$APACHECTL" configtest

# A full stop and start, not a graceful reload: mod_wsgi's daemons and any C
# extensions they loaded start afresh with the new config.
if [ "$changed" = 1 ]; then
  say "restart apache (stop, then start)"
  if command -v svcadm >/dev/null 2>&1; then
    run svcadm enable apache
    run svcadm restart apache
  elif [ -x /etc/rc.d/apache ]; then
    run /etc/rc.d/apache restart
  else
    # apachectl stop returns before the old server has let go of its port: wait for its pid.
    pid_file=$("${PREFIX}/sbin/httpd" -t -D DUMP_RUN_CFG 2>/dev/null | sed -n 's/^PidFile: "\(.*\)"$/\1/p' || true)
    old_pid=$(cat "${pid_file:-/nonexistent}" 2>/dev/null || true)
    run "$APACHECTL" stop || true
    if [ "$DRY_RUN" = 0 ] && [ -n "$old_pid" ]; then
      for _ in $(seq 150); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.1; done
    fi
    run "$APACHECTL" start
  fi
else
  say "nothing changed; Apache left running"
fi
say "done: "'http://{{cookiecutter.server_name}}/'
