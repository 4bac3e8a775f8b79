#!/usr/bin/env bash
# Installs Apache httpd + mod_wsgi on RHEL, Fedora, CentOS Stream, Rocky or Alma Linux and serves {{cookiecutter.name}} from /var/www/{{cookiecutter.name}}.
# Usage: sudo bash deploy/install-rhel.sh [--dry-run] [--system-site-packages]
#   --dry-run               print every command that would change the system, run none
#   --system-site-packages  let the venv see the system's python3-* packages (passed to create-venv.sh)
# Safe to run again: each step checks first; httpd is restarted (full stop and start, after a
# passing config check) only when something changed or it is not running.
# MODWSGI_ROOT (tests only): a folder standing in for / for etc/os-release and etc/httpd.
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
    *) echo "install-rhel.sh: unknown argument '$arg' (allowed: --dry-run, --system-site-packages, --help)" >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*"; }
fail() { printf 'install-rhel.sh: %s\n' "$*" >&2; exit 1; }
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

PORT=80
SITE_CONF="${ROOT}/etc/httpd/conf.d/${NAME}.conf"
PACKAGES=('httpd' 'python3-mod_wsgi')
# semanage reads regular expressions: the paths' own ".", "+", "(" ... must match only themselves.
DEPLOY_PATH_PATTERN='/var/www/{{cookiecutter.name}}(/.*)?'
VENV_PATH_PATTERN='/var/www/{{cookiecutter.name}}/venv(/.*)?'

if ! os_is 'rhel|fedora|centos|rocky|almalinux|ol'; then
  fail "this machine is $(os_name), not RHEL, Fedora or a rebuild of them (by ${OS_RELEASE}); use the install script for your platform in deploy/"
fi
# dnf where there is one, yum on older releases.
if command -v dnf >/dev/null 2>&1; then PKG=dnf; elif command -v yum >/dev/null 2>&1; then PKG=yum; else fail "neither dnf nor yum is on PATH"; fi
require_root

say "packages: ${PACKAGES[*]} (${PKG})"
missing=()
for package in "${PACKAGES[@]}"; do
  rpm -q "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${{ '{#' }}missing[@]}" -gt 0 ]; then
  run "$PKG" install -y "${missing[@]}"
  changed=1
fi

say "account: ${SERVICE_USER}:${SERVICE_GROUP}"
if ! getent group "$SERVICE_GROUP" >/dev/null; then
  run groupadd --system "$SERVICE_GROUP"
fi
if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
  run useradd --system --gid "$SERVICE_GROUP" --home-dir "$DEPLOY_PATH" --no-create-home --shell /sbin/nologin "$SERVICE_USER"
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

# SELinux: httpd may only read files labelled for it, and bind to http_port_t ports.
if command -v getenforce >/dev/null 2>&1 && [ "$(getenforce)" = Enforcing ]; then
  say "SELinux: label ${DEPLOY_PATH} and ${VENV_PATH} httpd_sys_content_t, allow port ${PORT}"
  relabel=$project_changed
  for pattern in "$DEPLOY_PATH_PATTERN" "$VENV_PATH_PATTERN"; do
    if ! semanage fcontext -l 2>/dev/null | grep -qF "$pattern"; then
      run semanage fcontext -a -t httpd_sys_content_t "$pattern"
      relabel=1
    fi
  done
  if [ "$relabel" = 1 ]; then
    run restorecon -R "$DEPLOY_PATH" "$VENV_PATH"
  fi
  if ! semanage port -l 2>/dev/null | grep -E '^http_port_t' | grep -qw "$PORT"; then
    run semanage port -a -t http_port_t -p tcp "$PORT"
  fi
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
    echo "install-rhel.sh: put the previous ${SITE_CONF} back" >&2
  elif [ "$SITE_NEW" = 1 ]; then
    if declare -F disable_site >/dev/null; then disable_site; fi
    rm -f "$SITE_CONF"
    echo "install-rhel.sh: removed the new ${SITE_CONF}" >&2
  fi
  fail "Apache's config check failed (see above), so Apache was not restarted and keeps the config it runs with; fix deploy/apache/${NAME}.conf and run this script again"
}

say "site: ${SITE_CONF}"
install_site
check_config apachectl configtest

# A full stop and start, not a graceful reload: mod_wsgi's daemons and any C
# extensions they loaded start afresh with the new config.
if [ "$changed" = 1 ] || ! systemctl is-active --quiet httpd; then
  say "restart httpd (stop, then start)"
  run systemctl enable httpd
  run systemctl restart httpd
else
  say "nothing changed; httpd left running"
fi
say "done: "'http://{{cookiecutter.server_name}}/'
