#!/usr/bin/env bash
# Installs Apache httpd + mod_wsgi on Debian or Ubuntu and serves {{cookiecutter.name}} from /var/www/{{cookiecutter.name}}.
# Usage: sudo bash deploy/install-debian.sh [--dry-run] [--system-site-packages]
#   --dry-run               print every command that would change the system, run none
#   --system-site-packages  let the venv see Debian's python3-* packages (passed to create-venv.sh)
# Safe to run again: each step checks first; Apache is restarted (full stop and start, after a
# passing config check) only when something changed or it is not running.
# MODWSGI_ROOT (tests only): read etc/os-release under this folder instead of /.
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
    *) echo "install-debian.sh: unknown argument '$arg' (allowed: --dry-run, --system-site-packages, --help)" >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*"; }
fail() { printf 'install-debian.sh: %s\n' "$*" >&2; exit 1; }
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

SITE_CONF="/etc/apache2/sites-available/${NAME}.conf"
MODULES=(wsgi)

if ! os_is 'debian|ubuntu'; then
  fail "this machine is $(os_name), not Debian or Ubuntu (by ${OS_RELEASE}); use the install script for your platform in deploy/"
fi
command -v apt-get >/dev/null 2>&1 || fail "apt-get is not on PATH; this script needs Debian's or Ubuntu's package manager"
require_root

PACKAGES=('apache2' 'libapache2-mod-wsgi-py3')
say "packages: ${PACKAGES[*]}"
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${{ '{#' }}missing[@]}" -gt 0 ]; then
  run apt-get update
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  changed=1
fi

say "account: ${SERVICE_USER}:${SERVICE_GROUP}"
if ! getent group "$SERVICE_GROUP" >/dev/null; then
  run groupadd --system "$SERVICE_GROUP"
fi
if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
  run useradd --system --gid "$SERVICE_GROUP" --home-dir "$DEPLOY_PATH" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
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
    echo "install-debian.sh: put the previous ${SITE_CONF} back" >&2
  elif [ "$SITE_NEW" = 1 ]; then
    if declare -F disable_site >/dev/null; then disable_site; fi
    rm -f "$SITE_CONF"
    echo "install-debian.sh: removed the new ${SITE_CONF}" >&2
  fi
  fail "Apache's config check failed (see above), so Apache was not restarted and keeps the config it runs with; fix deploy/apache/${NAME}.conf and run this script again"
}

say "site: ${SITE_CONF}"
install_site
for module in "${MODULES[@]}"; do
  if [ ! -e "/etc/apache2/mods-enabled/${module}.load" ]; then
    run a2enmod -q "$module"
    changed=1
  fi
done
disable_site() { a2dissite -q "$NAME"; }
if [ ! -e "/etc/apache2/sites-enabled/${NAME}.conf" ]; then
  run a2ensite -q "$NAME"
  changed=1
fi

check_config apache2ctl configtest

# Apache's pid file, as apache2ctl sets it (envvars reads unset variables).
PID_FILE=$(
  set +u
  # shellcheck source=/dev/null
  . /etc/apache2/envvars && printf '%s' "${APACHE_PID_FILE:-/var/run/apache2/apache2.pid}"
)
apache_pid() { cat "$PID_FILE" 2>/dev/null || true; }
apache_running() { local pid; pid=$(apache_pid); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

# A full stop and start, not a graceful reload: mod_wsgi's daemons and any C
# extensions they loaded start afresh with the new config.
if [ "$changed" = 1 ] || ! apache_running; then
  say "restart apache2 (stop, then start)"
  if [ -d /run/systemd/system ]; then
    run systemctl restart apache2
  else
    if apache_running; then
      old_pid=$(apache_pid)
      run apache2ctl stop
      # The pid file goes before the port is free: wait for the old parent itself to exit.
      if [ "$DRY_RUN" = 0 ]; then
        for _ in $(seq 150); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.1; done
      fi
    fi
    run apache2ctl start
  fi
else
  say "nothing changed; Apache left running"
fi
say "done: "'http://{{cookiecutter.server_name}}/'
