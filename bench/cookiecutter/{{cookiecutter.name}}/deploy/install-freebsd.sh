#!/usr/bin/env bash
# Installs Apache httpd 2.4 + mod_wsgi for Python {{cookiecutter.python_version}} on FreeBSD and serves {{cookiecutter.name}} from /var/www/{{cookiecutter.name}}.
# Usage: bash deploy/install-freebsd.sh [--dry-run] [--system-site-packages]   (as root; `pkg install -y bash` first)
#   --dry-run               print every command that would change the system, run none
#   --system-site-packages  let the venv see the system's py311-* packages (passed to create-venv.sh)
# Safe to run again: each step checks first; Apache is restarted (full stop and start, after a
# passing config check) only when something changed or it is not running.
# MODWSGI_ROOT (tests only): a folder standing in for / for etc/os-release and usr/local/etc/apache24.
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
    *) echo "install-freebsd.sh: unknown argument '$arg' (allowed: --dry-run, --system-site-packages, --help)" >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*"; }
fail() { printf 'install-freebsd.sh: %s\n' "$*" >&2; exit 1; }
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

# The mod_wsgi package is built for one Python: ap24-pyXY-mod_wsgi, from pythonVersion.
PACKAGES=('apache24' 'ap24-py311-mod_wsgi')
APACHE_ETC="${ROOT}/usr/local/etc/apache24"
SITE_CONF="${APACHE_ETC}/Includes/${NAME}.conf"
MODULE_CONF="${APACHE_ETC}/modules.d/270_mod_wsgi.conf"
MODULE_LINE='LoadModule wsgi_module libexec/apache24/mod_wsgi.so'

if [ "$(uname -s)" != FreeBSD ] && ! os_is freebsd; then
  fail "this machine is $(os_name), not FreeBSD; use the install script for your platform in deploy/"
fi
command -v pkg >/dev/null 2>&1 || fail "pkg is not on PATH; this script needs FreeBSD's package manager"
require_root

say "packages: ${PACKAGES[*]}"
missing=()
for package in "${PACKAGES[@]}"; do
  pkg info -e "$package" || missing+=("$package")
done
if [ "${{ '{#' }}missing[@]}" -gt 0 ]; then
  run pkg install -y "${missing[@]}"
  changed=1
fi

say "account: ${SERVICE_USER}:${SERVICE_GROUP}"
if ! pw groupshow "$SERVICE_GROUP" >/dev/null 2>&1; then
  run pw groupadd "$SERVICE_GROUP"
fi
if ! pw usershow "$SERVICE_USER" >/dev/null 2>&1; then
  run pw useradd "$SERVICE_USER" -g "$SERVICE_GROUP" -d "$DEPLOY_PATH" -s /usr/sbin/nologin
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
    echo "install-freebsd.sh: put the previous ${SITE_CONF} back" >&2
  elif [ "$SITE_NEW" = 1 ]; then
    if declare -F disable_site >/dev/null; then disable_site; fi
    rm -f "$SITE_CONF"
    echo "install-freebsd.sh: removed the new ${SITE_CONF}" >&2
  fi
  fail "Apache's config check failed (see above), so Apache was not restarted and keeps the config it runs with; fix deploy/apache/${NAME}.conf and run this script again"
}

write_line() { printf '%s\n' "$2" >"$1"; }
say "module and site: ${MODULE_CONF}, ${SITE_CONF}"
if ! grep -qxF "$MODULE_LINE" "$MODULE_CONF" 2>/dev/null; then
  run write_line "$MODULE_CONF" "$MODULE_LINE"
  changed=1
fi
install_site
check_config service apache24 configtest

# rc.d's restart is a full stop and start, not a graceful reload: mod_wsgi's
# daemons and any C extensions they loaded start afresh with the new config.
if [ "$changed" = 1 ] || ! service apache24 status >/dev/null 2>&1; then
  say "restart apache24 (stop, then start)"
  run sysrc apache24_enable=YES
  run service apache24 restart
else
  say "nothing changed; Apache left running"
fi
say "done: "'http://{{cookiecutter.server_name}}/'
