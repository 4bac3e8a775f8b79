#!/usr/bin/env bash
# Installs Apache httpd 2.4 + mod_wsgi for Python auto on FreeBSD and deploys {{cookiecutter.name}} as a new release under /var/www/{{cookiecutter.name}}/releases.
# Usage: bash deploy/install-freebsd.sh [--dry-run] [--system-site-packages] [--force] [--rollback | --status]   (as root; `pkg install -y bash` first)
#   --dry-run               print every command that would change the system, run none
#   --system-site-packages  let the venv see the system's pyauto-* packages (passed to create-venv.sh)
#   --force                 replace a live vhost that was edited by hand (the edited file is kept)
#   --rollback              go back to the release before the live one
#   --status                list the releases and which one is live
# Safe to run again: the same code is not deployed twice. A new release is checked (it imports)
# before /var/www/{{cookiecutter.name}}/current is switched to it, and the site's health URL after; when that fails
# the previous release is switched back, with the Apache config it ran with. New code restarts
# only this app's daemon processes; a changed vhost, a graceful restart; a newly installed module,
# a full stop and start.
# MODWSGI_ROOT (tests only): a folder standing in for / for etc/os-release and usr/local/etc/apache24.
set -euo pipefail

# A root umask of 077 would make every file unreadable to Apache and the daemon.
umask 022
NAME='{{cookiecutter.name}}'
DEPLOY_PATH='/var/www/{{cookiecutter.name}}'
VENV_PATH='/var/www/{{cookiecutter.name}}/venv'
SERVICE_USER='{{cookiecutter.name}}'
SERVICE_GROUP='{{cookiecutter.name}}'
PYTHON_VERSION='auto'
SOURCE_DIR=''
KEEP_RELEASES=5
SCRIPT='install-freebsd.sh'
PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Tests only: a folder that stands in for / (os-release and Apache's config are found under it).
ROOT=${MODWSGI_ROOT:-}
OS_RELEASE="${ROOT}/etc/os-release"

DRY_RUN=0
VENV_ARGS=()
ACTION=deploy
FORCE=0
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    --system-site-packages) VENV_ARGS+=("$arg") ;;
    --rollback) ACTION=rollback ;;
    --status) ACTION=status ;;
    --force) FORCE=1 ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "install-freebsd.sh: unknown argument '$arg' (allowed: --dry-run, --system-site-packages, --rollback, --status, --force, --help)" >&2; exit 2 ;;
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

# SHA-256 of stdin, as hex: each platform has its own tool.
hash_stdin() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum | cut -c1-64
  elif command -v sha256 >/dev/null 2>&1; then sha256 -q
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 | cut -c1-64
  else digest -a sha256
  fi
}

# Accounts this script made; any other existing account is checked before it runs the app.
ACCOUNTS_RECORD="${DEPLOY_PATH}/.created-accounts"
record_account() { mkdir -p "$DEPLOY_PATH"; printf '%s\n' "$1" >>"$ACCOUNTS_RECORD"; }
made_account() { grep -qxF "$1" "$ACCOUNTS_RECORD" 2>/dev/null; }
# Usage: check_existing_account PASSWD-LINE. Refuses root and accounts people log in with; warns otherwise.
check_existing_account() {
  local uid shell
  uid=$(printf '%s\n' "$1" | cut -d: -f3)
  shell=$(printf '%s\n' "$1" | awk -F: '{ print $NF }')
  if [ "$uid" = 0 ]; then fail "the account ${SERVICE_USER} has uid 0; the app never runs as root: choose another user answer"; fi
  case "$shell" in
    */nologin | */false | "") ;;
    *) fail "the account ${SERVICE_USER} exists, was not made by this script and has the login shell ${shell}: the app would act as whoever logs in with it; choose another user answer, or set its shell to nologin" ;;
  esac
  say "warning: the existing account ${SERVICE_USER} was not made by this script; the app will run as it"
}

changed=0
# Set when a package or module was installed: only then is Apache stopped and started.
module_installed=0

# The mod_wsgi package is built for one Python: ap24-pyXY-mod_wsgi, from pythonVersion.
PACKAGES=('apache24' 'ap24-py311-mod_wsgi')
APACHE_ETC="${ROOT}/usr/local/etc/apache24"
SITE_CONF="${APACHE_ETC}/Includes/${NAME}.conf"
MODULE_CONF="${APACHE_ETC}/modules.d/270_mod_wsgi.conf"
MODULE_LINE='LoadModule wsgi_module libexec/apache24/mod_wsgi.so'
MODWSGI_SO=("${ROOT}/usr/local/libexec/apache24/mod_wsgi.so")
PYTHON_DIRS=()

apache_running() { service apache24 status >/dev/null 2>&1; }
apache_graceful() { service apache24 graceful; }
# rc.d's restart is a full stop and start: mod_wsgi's daemons and any C extensions they loaded start afresh.
apache_restart() { sysrc apache24_enable=YES && service apache24 restart; }
# Prints "MAJOR.MINOR PATH": the Python the installed mod_wsgi module is built for (the libpython
# it links; pythonVersion when no module is found) and that interpreter in a system folder (never
# a per-user one such as pyenv's); PATH is empty when there is none. PYTHON=... picks the interpreter.
modwsgi_python() {
  local so version="" dir
  for so in "${MODWSGI_SO[@]}"; do
    if [ -f "$so" ]; then
      version=$(LC_ALL=C grep -m 1 -aoE 'libpython3\.[0-9]+' "$so" | sed -n '1s/^libpython//p')
      if [ -n "$version" ]; then break; fi
    fi
  done
  version=${version:-$PYTHON_VERSION}
  if [ -n "${PYTHON:-}" ]; then printf '%s %s\n' "$version" "$PYTHON"; return 0; fi
  for dir in /usr/bin /usr/local/bin ${PYTHON_DIRS[@]+"${PYTHON_DIRS[@]}"}; do
    if [ -x "$dir/python$version" ]; then printf '%s %s\n' "$version" "$dir/python$version"; return 0; fi
  done
  printf '%s \n' "$version"
}
# The module file modwsgi_python read, for messages.
modwsgi_module() {
  local so
  for so in "${MODWSGI_SO[@]}"; do if [ -f "$so" ]; then printf '%s' "$so"; return 0; fi; done
  printf 'no mod_wsgi module yet (pythonVersion %s)' "$PYTHON_VERSION"
}
# MAJOR.MINOR of the Python at $1.
python_version_of() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])'; }

# Sets VENV_PYTHON to the interpreter the venvs are built with, refusing any other Python.
choose_python() {
  local version path found
  read -r version path < <(modwsgi_python)
  # The answer names packages and the venv's interpreter: a server whose mod_wsgi runs another Python is refused.
  if [ "$PYTHON_VERSION" != auto ] && [ "$version" != "$PYTHON_VERSION" ]; then
    fail "mod_wsgi ($(modwsgi_module)) is built for Python ${version}, but this script was generated with pythonVersion ${PYTHON_VERSION}; generate it again with --python-version ${version} (or auto, which takes the server's)"
  fi
  if [ -z "$path" ]; then
    fail "mod_wsgi ($(modwsgi_module)) is built for Python ${version}, but there is no python${version} in /usr/bin or /usr/local/bin; install it, or set PYTHON=/path/to/python${version}"
  fi
  found=$(python_version_of "$path") || fail "cannot run ${path}"
  if [ "$found" != "$version" ]; then
    fail "PYTHON=${path} is Python ${found}, but mod_wsgi ($(modwsgi_module)) is built for Python ${version}; unset PYTHON or point it at python${version}"
  fi
  VENV_PYTHON=$path
  VENV_PYTHON_VERSION=$version
}

# Config files this run changed, each followed by its backup ("" when the file is new).
EDITED=()
SITE_NEW=0
site_changed=0
# Call before changing a config file: a failed check puts it back.
remember_edit() {
  local backup=""
  if [ -e "$1" ]; then backup=$(mktemp); cp -p "$1" "$backup"; fi
  EDITED+=("$1" "$backup")
}
undo_edits() {
  local i
  for ((i = ${{ '{#' }}EDITED[@]} - 2; i >= 0; i -= 2)); do
    if [ -n "${EDITED[i + 1]}" ]; then
      cp -p "${EDITED[i + 1]}" "${EDITED[i]}" && rm -f "${EDITED[i + 1]}"
      echo "${SCRIPT}: put the previous ${EDITED[i]} back" >&2
    else
      rm -f "${EDITED[i]}"
      echo "${SCRIPT}: removed the new ${EDITED[i]}" >&2
    fi
  done
  EDITED=()
}
forget_edits() {
  local i
  for ((i = 1; i < ${{ '{#' }}EDITED[@]}; i += 2)); do rm -f "${EDITED[i]}"; done
  EDITED=()
}
append_line() { remember_edit "$1"; printf '%s\n' "$2" >>"$1"; }
write_line() { remember_edit "$1"; printf '%s\n' "$2" >"$1"; }
put_site() { remember_edit "$SITE_CONF"; install -m 0644 "$1" "$SITE_CONF"; }

install_site() {
  local source="${PROJECT_DIR}/deploy/apache/${NAME}.conf" backup
  if cmp -s "$source" "$SITE_CONF"; then return 0; fi
  if [ -f "$SITE_CONF" ]; then
    # A live vhost that differs from what this script installed was edited by hand (e.g. by certbot).
    if [ ! -f "$SITE_RECORD" ] || [ "$(hash_stdin <"$SITE_CONF")" != "$(cat "$SITE_RECORD")" ]; then
      backup="${SITE_CONF}.modwsgi-backup-$(date -u +%Y%m%dT%H%M%SZ)"
      if [ -f "$SITE_RECORD" ] && [ "$FORCE" = 0 ]; then
        fail "${SITE_CONF} was edited since this script installed it; carry the edits into deploy/apache/${NAME}.conf, or run again with --force to replace it (the edited file is kept as ${SITE_CONF}.modwsgi-backup-TIME); nothing was changed"
      fi
      run cp -p "$SITE_CONF" "$backup"
      say "kept the edited ${SITE_CONF} as ${backup}"
    fi
  else
    SITE_NEW=1
  fi
  run put_site "$source"
  site_changed=1
  changed=1
}
# Records the live vhost as installed by this script (a later run tells a hand edit by its hash).
record_site() { if [ -f "$SITE_CONF" ]; then hash_stdin <"$SITE_CONF" >"$SITE_RECORD"; fi; }
# Usage: check_config COMMAND...; on failure undoes this run's config edits and its new release, and stops.
# On success the edits stay undoable: a release that then fails its health check takes them back.
check_config() {
  say "config check: $*"
  if [ "$DRY_RUN" = 1 ]; then run "$@"; return 0; fi
  if "$@"; then
    if [ "$site_changed" = 1 ] || [ ! -f "$SITE_RECORD" ]; then remember_edit "$SITE_RECORD"; record_site; fi
    return 0
  fi
  if [ "$SITE_NEW" = 1 ] && declare -F disable_site >/dev/null; then disable_site; fi
  undo_edits
  if [ -n "${NEW:-}" ]; then rm -rf "${RELEASES:?}/${NEW}"; fi
  fail "Apache's config check failed (see above), so Apache was not restarted and keeps the config it runs with, and the live release is unchanged; fix deploy/apache/${NAME}.conf and run this script again"
}

RELEASES="${DEPLOY_PATH}/releases"
CURRENT="${DEPLOY_PATH}/current"
SHARED="${DEPLOY_PATH}/shared"
VENVS="${DEPLOY_PATH}/venvs"
# Where Flask looks for the instance folder in a release (next to the package): a link to the shared one.
INSTANCE_LINK=${SOURCE_DIR:+${SOURCE_DIR}/}instance
# Other folders the app writes (found in its code): shared across releases, owned by the service.
WRITABLE_DIRS=()
SITE_RECORD="${DEPLOY_PATH}/.installed-site.sha256"

# The live release's id, or nothing.
live_release() { if [ -L "$CURRENT" ]; then basename "$(readlink "$CURRENT")"; fi; }
# Release ids, oldest first (ids sort by time).
release_ids() { if [ -d "$RELEASES" ]; then find "$RELEASES" -mindepth 1 -maxdepth 1 -type d ! -name '.*' -exec basename {} \; | LC_ALL=C sort; fi; }
# A value recorded in a release's .release file.
release_fact() { sed -n "s/^$2=//p" "${RELEASES}/$1/.release" 2>/dev/null || true; }

# The project's files, NUL-separated: what git tracks or would track (.gitignore applies), else every file.
listed_files() {
  if command -v git >/dev/null 2>&1 && git -C "$PROJECT_DIR" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$PROJECT_DIR" ls-files -z --cached --others --exclude-standard
  elif command -v git >/dev/null 2>&1; then
    local index
    index=$(mktemp -d)
    git init -q --bare "$index"
    git --git-dir="$index" --work-tree="$PROJECT_DIR" ls-files -z --others --exclude-standard
    rm -rf "$index"
  else
    (cd "$PROJECT_DIR" && find . -type f -print0)
  fi
}
# What goes to the server: regular files only, never tests, caches, venvs, VCS data, the
# generator's record or instance folders (secrets live in the shared one).
deploy_files() {
  local file venv=venv
  case "$VENV_PATH" in "$PROJECT_DIR"/*) venv=${VENV_PATH#"$PROJECT_DIR"/} ;; esac
  while IFS= read -r -d '' file; do
    file=${file#./}
    case "$file" in
      .git/* | */.git/* | .yo-rc.json | tests/* | test/* | instance/* | "$INSTANCE_LINK"/* | .venv/* | venv/* | "$venv"/* \
        | __pycache__/* | */__pycache__/* | *.pyc | *.pyo | .pytest_cache/* | .mypy_cache/* | .ruff_cache/* | .tox/* | .nox/* \
        | node_modules/* | *.egg-info/* | releases/* | shared/* | venvs/* | current) continue ;;
    esac
    for shared in ${WRITABLE_DIRS[@]+"${WRITABLE_DIRS[@]}"}; do
      case "$file" in "$shared"/*) continue 2 ;; esac
    done
    if [ -f "$PROJECT_DIR/$file" ] && [ ! -L "$PROJECT_DIR/$file" ]; then printf '%s\0' "$file"; fi
  done < <(listed_files)
}
# One hash of every deployed file's name, mode and content: equal hashes, same code.
code_hash() {
  local file
  while IFS= read -r -d '' file; do
    printf '%s\0' "$file"
    if [ -x "$PROJECT_DIR/$file" ]; then printf 'x'; fi
    wc -c <"$PROJECT_DIR/$file"
    cat "$PROJECT_DIR/$file"
  done < <(deploy_files) | hash_stdin
}
# The venv's name: a hash of the interpreter, the venv options and the files create-venv.sh says decide it.
venv_hash() {
  local file
  {
    printf '%s\0%s\0%s\0' "$VENV_PYTHON" "$VENV_PYTHON_VERSION" "${VENV_ARGS[*]-}"
    cat "$PROJECT_DIR/deploy/create-venv.sh"
    while IFS= read -r file; do
      printf '%s\0' "$file"
      cat "$PROJECT_DIR/$file" 2>/dev/null || true
    done < <(bash "$PROJECT_DIR/deploy/create-venv.sh" --print-inputs)
  } | hash_stdin | cut -c1-16
}

# Copies the deployed files into a new release folder, owned by root and not writable by the service.
stage_release() {
  local dir=$1 tar_list=(--null -T -)
  if tar --version 2>/dev/null | grep -q GNU; then tar_list=(--null --verbatim-files-from -T -); fi
  mkdir -p "$RELEASES"
  mkdir "$dir"
  deploy_files | (cd "$PROJECT_DIR" && tar -cf - "${tar_list[@]}") | tar -C "$dir" -xf - --no-same-owner
  chown -R 0:0 "$dir"
  chmod -R u+rwX,go+rX,go-w "$dir"
  mkdir -p "$(dirname "$dir/$INSTANCE_LINK")"
  ln -s "${SHARED}/instance" "$dir/$INSTANCE_LINK"
  for shared in ${WRITABLE_DIRS[@]+"${WRITABLE_DIRS[@]}"}; do
    mkdir -p "$(dirname "$dir/$shared")"
    ln -s "${SHARED}/${shared}" "$dir/$shared"
  done
  ln -s "${VENVS}/${VENV_HASH}" "$dir/.release-venv"
  printf 'code=%s\nvenv=%s\npython=%s\n' "$CODE_HASH" "$VENV_HASH" "$VENV_PYTHON" >"$dir/.release"
}
# Builds the venv for VENV_HASH once; a half-built one (no .complete) is built again.
ensure_venv() {
  local dir="${VENVS}/${VENV_HASH}"
  if [ -f "$dir/.complete" ]; then return 0; fi
  rm -rf "$dir"
  mkdir -p "$VENVS"
  if ! bash "$1/deploy/create-venv.sh" --venv "$dir" --python "$VENV_PYTHON" ${VENV_ARGS[@]+"${VENV_ARGS[@]}"}; then
    rm -rf "$dir" "$1"
    fail "could not build the venv ${dir} (see above); the live release is unchanged"
  fi
  chown -R 0:0 "$dir"
  chmod -R u+rwX,go+rX,go-w "$dir"
  touch "$dir/.complete"
}
# Writes the secret with its final owner and mode from the start, then renames it into place.
write_secret_config() {
  local tmp
  tmp="$(dirname "$1")/.config.py.$$"
  install -m 0640 -o root -g "$SERVICE_GROUP" /dev/null "$tmp"
  printf 'SECRET_KEY = "%s"\n' "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" >"$tmp"
  mv -f "$tmp" "$1"
}
# The shared instance folder is the service's; its secret is root's, readable by the group (repaired each run).
ensure_shared() {
  if [ ! -d "$SHARED" ]; then install -d -m 0755 "$SHARED"; fi
  if [ "$(owner_mode "${SHARED}/instance" 2>/dev/null)" != "${SERVICE_USER}:${SERVICE_GROUP} 750" ]; then
    install -d -o "$SERVICE_USER" -g "$SERVICE_GROUP" -m 0750 "${SHARED}/instance"
  fi
  for shared in ${WRITABLE_DIRS[@]+"${WRITABLE_DIRS[@]}"}; do
    if [ "$(owner_mode "${SHARED}/${shared}" 2>/dev/null)" != "${SERVICE_USER}:${SERVICE_GROUP} 750" ]; then
      install -d -o "$SERVICE_USER" -g "$SERVICE_GROUP" -m 0750 "${SHARED}/${shared}"
      say "writable folder: ${SHARED}/${shared} (linked into each release)"
    fi
  done
  if [ ! -f "${SHARED}/instance/config.py" ]; then
    write_secret_config "${SHARED}/instance/config.py"
  elif [ "$(owner_mode "${SHARED}/instance/config.py")" != "root:${SERVICE_GROUP} 640" ]; then
    chown "root:${SERVICE_GROUP}" "${SHARED}/instance/config.py"
    chmod 0640 "${SHARED}/instance/config.py"
  fi
}
# "owner:group mode" of a file (GNU stat, else BSD stat).
owner_mode() { stat -c '%U:%G %a' "$1" 2>/dev/null || stat -f '%Su:%Sg %Lp' "$1"; }

# Every check is the doctor's (deploy/doctor, generated with this script): a release runs its own copy.
doctor() {
  local release=$1
  shift
  if [ ! -f "${release}/deploy/doctor" ]; then
    fail "${release}/deploy/doctor is missing, so the release cannot be checked; generate it with 'modwsgi apache' and deploy again"
  fi
  "$VENV_PYTHON" "${release}/deploy/doctor" "$@"
}
check_before_switch() {
  doctor "$1" --only import --release "$1" --venv "${VENVS}/$(release_fact "$(basename "$1")" venv)" --timeout 30
}
# A few tries: a daemon restarting after the switch may take a moment to answer.
check_after_switch() {
  local try out
  for try in 1 2 3; do
    if out=$(doctor "$CURRENT" --only health --timeout 10 2>&1); then printf '%s\n' "$out"; return 0; fi
    if [ "$try" != 3 ]; then sleep 1; fi
  done
  printf '%s\n' "$out" >&2
  return 1
}

# Points current (and the venvPath link) at release $1 by renaming a new link over the old one.
switch_to() {
  local link="${DEPLOY_PATH}/.current.$$"
  ln -s "releases/$1" "$link"
  if mv --version 2>/dev/null | grep -q GNU; then mv -T "$link" "$CURRENT"; else mv -h -f "$link" "$CURRENT"; fi
  if [ ! -L "$VENV_PATH" ]; then
    # A venv left by an install without releases: kept aside, no longer used.
    if [ -e "$VENV_PATH" ]; then mv "$VENV_PATH" "${VENV_PATH}.before-releases"; fi
    mkdir -p "$(dirname "$VENV_PATH")"
    ln -s "${CURRENT}/.release-venv" "$VENV_PATH"
  fi
}
# The least restart that serves the change: a module installed or Apache down, stop and start;
# a changed vhost, a graceful restart; new code only, this app's daemon processes.
reload_app() {
  if [ "$module_installed" = 1 ] || ! apache_running; then
    say "restart Apache (stop, then start): a module was installed or Apache was not running"
    run apache_restart
  elif [ "$site_changed" = 1 ]; then
    say "graceful restart of Apache: the vhost changed"
    run apache_graceful
  else
    say "restart ${NAME}'s daemon processes (touch ${CURRENT}/${NAME}.wsgi, WSGIScriptReloading On)"
    run touch "${CURRENT}/${NAME}.wsgi"
  fi
}
# Keeps the newest KEEP_RELEASES releases (never the live one) and the venvs they use.
prune_releases() {
  local id live count keep used venv
  live=$(live_release)
  count=$(release_ids | wc -l)
  keep=$KEEP_RELEASES
  for id in $(release_ids); do
    if [ "$count" -le "$keep" ]; then break; fi
    if [ "$id" != "$live" ]; then rm -rf "${RELEASES:?}/${id}"; say "removed the old release ${id}"; fi
    count=$((count - 1))
  done
  used=$(for id in $(release_ids); do release_fact "$id" venv; done)
  if [ ! -d "$VENVS" ]; then return 0; fi
  for venv in "$VENVS"/*/; do
    venv=$(basename "$venv")
    if ! printf '%s\n' "$used" | grep -qxF "$venv"; then rm -rf "${VENVS:?}/${venv}"; fi
  done
}


if [ "$(uname -s)" != FreeBSD ] && ! os_is freebsd; then
  fail "this machine is $(os_name), not FreeBSD; use the install script for your platform in deploy/"
fi
command -v pkg >/dev/null 2>&1 || fail "pkg is not on PATH; this script needs FreeBSD's package manager"
if [ "$ACTION" = status ]; then
  live=$(live_release)
  if [ -z "$(release_ids)" ]; then echo "no releases under ${RELEASES}"; exit 0; fi
  for id in $(release_ids); do
    mark=' '
    if [ "$id" = "$live" ]; then mark='*'; fi
    printf '%s %s  venv %s\n' "$mark" "$id" "$(release_fact "$id" venv)"
  done
  echo "(* live: ${CURRENT} -> releases/${live:-none})"
  exit 0
fi
if [ "$ACTION" = rollback ]; then
  require_root
  choose_python
  live=$(live_release)
  previous=$(release_ids | sed -n "/^${live}\$/{x;p;q;};h" )
  if [ -z "$live" ] || [ -z "$previous" ]; then
    fail "no release before ${live:-(none)} to go back to; see --status"
  fi
  say "rollback: ${CURRENT} -> releases/${previous} (leaving ${live})"
  run switch_to "$previous"
  reload_app
  if [ "$DRY_RUN" = 0 ] && ! check_after_switch; then
    fail "releases/${previous} is live again but failed the health check (above); releases/${live} is kept"
  fi
  run rm -rf "${RELEASES:?}/${live}"
  say "done: releases/${previous} is live"
  exit 0
fi

require_root

say "packages: ${PACKAGES[*]}"
missing=()
for package in "${PACKAGES[@]}"; do
  pkg info -e "$package" || missing+=("$package")
done
if [ "${{ '{#' }}missing[@]}" -gt 0 ]; then
  run pkg install -y "${missing[@]}"
  module_installed=1
fi

say "account: ${SERVICE_USER}:${SERVICE_GROUP}"
if ! pw groupshow "$SERVICE_GROUP" >/dev/null 2>&1; then
  run pw groupadd "$SERVICE_GROUP"
fi
if ! pw usershow "$SERVICE_USER" >/dev/null 2>&1; then
  run pw useradd "$SERVICE_USER" -g "$SERVICE_GROUP" -d "$DEPLOY_PATH" -s /usr/sbin/nologin
  run record_account "$SERVICE_USER"
elif ! made_account "$SERVICE_USER"; then
  check_existing_account "$(pw usershow "$SERVICE_USER" || true)"
fi

if [ "$ACTION" = deploy ]; then
  say "release: ${RELEASES} (keeping ${KEEP_RELEASES})"
  choose_python
  CODE_HASH=$(code_hash)
  VENV_HASH=$(venv_hash)
  LIVE=$(live_release)
  NEW=""
  if [ -n "$LIVE" ] && [ "$(release_fact "$LIVE" code)" = "$CODE_HASH" ] && [ "$(release_fact "$LIVE" venv)" = "$VENV_HASH" ]; then
    say "code and dependencies as in the live release ${LIVE}"
  else
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    NEW=$stamp
    for n in 2 3 4 5 6 7 8 9; do if [ -e "${RELEASES}/${NEW}" ]; then NEW="${stamp}-${n}"; fi; done
    run ensure_shared
    run stage_release "${RELEASES}/${NEW}"
    say "venv: ${VENVS}/${VENV_HASH} (Python ${VENV_PYTHON_VERSION}, ${VENV_PYTHON})"
    run ensure_venv "${RELEASES}/${NEW}"
    say "check before the switch: release ${NEW} imports"
    if [ "$DRY_RUN" = 1 ]; then
      run check_before_switch "${RELEASES}/${NEW}"
    elif ! check_before_switch "${RELEASES}/${NEW}"; then
      rm -rf "${RELEASES:?}/${NEW}"
      fail "release ${NEW} failed the check before the switch (above), so it was removed; the live release ${LIVE:-(none)} is unchanged"
    fi
  fi
  # The secret's owner and mode are repaired even when nothing else changes.
  if [ -z "$NEW" ] && [ "$DRY_RUN" = 0 ]; then ensure_shared; fi
fi

say "module and site: ${MODULE_CONF}, ${SITE_CONF}"
if ! grep -qxF "$MODULE_LINE" "$MODULE_CONF" 2>/dev/null; then
  run write_line "$MODULE_CONF" "$MODULE_LINE"
  module_installed=1
fi
install_site
# Shared by every site generator-modwsgi writes on this server: server-wide settings, one file per
# port (its Listen and a default host refusing unknown names), the modules TLS and the security
# headers need. The same files from another site are identical.
SHARED_PACKAGES=()
SHARED_MODULES=('headers')
say "shared: ${SHARED_MODULES[*]:-no} modules, server settings, ports 80"
missing_shared=()
for package in "${SHARED_PACKAGES[@]}"; do
  pkg info -e "$package" >/dev/null 2>&1 || missing_shared+=("$package")
done
if [ "${{ '{#' }}missing_shared[@]}" -gt 0 ]; then
  run pkg install -y "${missing_shared[@]}"
  module_installed=1
fi
# LoadModule lines of our own, each guarded: a module already loaded elsewhere is left as it is.
SHARED_MODULE_FILE="${APACHE_ETC}/modules.d/260_modwsgi_tls.conf"
SHARED_MODULE_LINES='<IfModule !headers_module>
    LoadModule headers_module libexec/apache24/mod_headers.so
</IfModule>
'
if [ "$(cat "$SHARED_MODULE_FILE" 2>/dev/null)"$'\n' != "$SHARED_MODULE_LINES" ]; then
  [ -d "$(dirname "$SHARED_MODULE_FILE")" ] || run mkdir -p "$(dirname "$SHARED_MODULE_FILE")"
  write_shared() { remember_edit "$1"; printf '%s' "$2" >"$1"; }
  run write_shared "$SHARED_MODULE_FILE" "$SHARED_MODULE_LINES"
  module_installed=1
fi
put_shared() { remember_edit "$2"; install -m 0644 "$1" "$2"; }
install_shared() {
  if cmp -s "$1" "$2"; then return 0; fi
  [ -d "$(dirname "$2")" ] || run mkdir -p "$(dirname "$2")"
  run put_shared "$1" "$2"
  site_changed=1
  changed=1
}
install_shared "$PROJECT_DIR"/'deploy/apache/modwsgi-server.conf' "${APACHE_ETC}/Includes/zz-modwsgi-server.conf"
install_shared "$PROJECT_DIR"/'deploy/apache/modwsgi-port-80.conf' "${APACHE_ETC}/Includes/00-modwsgi-port-80.conf"

check_config service apache24 configtest

if [ "$ACTION" = deploy ]; then
  PREVIOUS=$(live_release)
  if [ -n "$NEW" ]; then
    say "switch: ${CURRENT} -> releases/${NEW}"
    run switch_to "$NEW"
    changed=1
  fi
  if [ "$changed" = 1 ] || [ "$module_installed" = 1 ] || [ "$DRY_RUN" = 1 ] || ! apache_running; then
    reload_app
    say "health check through Apache"
    if [ "$DRY_RUN" = 1 ]; then
      run check_after_switch
    elif ! check_after_switch; then
      if [ -n "$NEW" ] && [ -n "$PREVIOUS" ]; then
        switch_to "$PREVIOUS"
        rm -rf "${RELEASES:?}/${NEW}"
        module_installed=0
        # The vhost, server files and record this run changed go back too: the earlier release runs with the config it ran with.
        site_changed=0
        config_back=""
        if [ "${{ '{#' }}EDITED[@]}" -gt 0 ]; then
          if [ "$SITE_NEW" = 1 ] && declare -F disable_site >/dev/null; then disable_site; fi
          undo_edits
          site_changed=1
          config_back=", with the Apache config it ran with,"
        fi
        reload_app
        fail "release ${NEW} failed the health check (above), so ${PREVIOUS} is live again${config_back} and its daemon processes were restarted"
      fi
      forget_edits
      fail "the site failed the health check (above) and there is no earlier release to go back to"
    fi
    run prune_releases
  else
    say "nothing changed; Apache left running"
  fi
fi
# The run's config edits are final now: drop their backups.
forget_edits

say "done: "'http://{{cookiecutter.server_name}}/'
