#!/usr/bin/env bash
# Creates the virtualenv {{cookiecutter.name}}.wsgi runs in (/var/www/{{cookiecutter.name}}/venv) and installs what the project declares:
# its requirements file, and the project itself where it is installable (pyproject.toml, setup.py, setup.cfg).
# Usage: bash deploy/create-venv.sh [--venv DIR] [--python PATH] [--system-site-packages] [--offline] [--no-install] [--print-inputs]
#   --venv DIR              build the venv in DIR instead of /var/www/{{cookiecutter.name}}/venv
#   --python PATH           the interpreter to build with (default: $PYTHON, pythonauto, python3)
#   --system-site-packages  let the venv see the system's Python packages (e.g. Debian's python3-flask); builds use them too
#   --offline               no package index: only what this machine has; version pins are relaxed to the installed versions
#   --no-install            create the venv only
#   --print-inputs          print the project files that decide the venv's packages, one per line, and exit
set -euo pipefail

VENV_PATH='/var/www/{{cookiecutter.name}}/venv'
PYTHON_VERSION='auto'
# The .wsgi file runs bin/activate_this.py: only virtualenv creates it ('python -m venv' does not).
MAKER=virtualenv
PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Requirement files in the order they are looked for; the first one found is installed.
REQUIREMENT_FILES=(requirements.txt requirements/prod.txt requirements/production.txt requirements-prod.txt requirements/base.txt requirements/common.txt)

usage() { echo "create-venv.sh: $1 (allowed: --venv DIR, --python PATH, --system-site-packages, --offline, --no-install, --print-inputs)" >&2; exit 2; }

VENV_ARGS=()
INSTALL=1
OFFLINE=0
SYSTEM=0
PRINT_INPUTS=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --venv) [ "$#" -ge 2 ] || usage "--venv needs a folder"; VENV_PATH=$2; shift ;;
    --python) [ "$#" -ge 2 ] || usage "--python needs an interpreter"; PYTHON=$2; shift ;;
    --system-site-packages) VENV_ARGS+=("$1"); SYSTEM=1 ;;
    --offline) OFFLINE=1 ;;
    --no-install) INSTALL=0 ;;
    --print-inputs) PRINT_INPUTS=1 ;;
    -h | --help) sed -n '2,11p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) usage "unknown argument '$1'" ;;
  esac
  shift
done

requirements_file() {
  local file
  for file in "${REQUIREMENT_FILES[@]}"; do
    if [ -f "$PROJECT_DIR/$file" ]; then echo "$file"; return 0; fi
  done
  return 1
}

# pip can build and install the project itself.
installable() {
  [ -f "$PROJECT_DIR/setup.py" ] || [ -f "$PROJECT_DIR/setup.cfg" ] ||
    { [ -f "$PROJECT_DIR/pyproject.toml" ] && grep -qE '^\[(build-system|project|tool\.poetry)\]' "$PROJECT_DIR/pyproject.toml"; }
}

# The requirement file and every file it includes with -r/-c, project-relative.
requirement_inputs() {
  local file=$1 line dir
  dir=$(dirname "$file")
  echo "$file"
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      -r\ * | -c\ * | --requirement\ * | --constraint\ *)
        line=${line#* }
        requirement_inputs "$dir/${line# }" ;;
    esac
  done <"$PROJECT_DIR/$file"
}

print_inputs() {
  local req file
  if req=$(requirements_file); then requirement_inputs "$req" | sed 's#^\./##'; fi
  if installable; then
    for file in pyproject.toml setup.py setup.cfg; do [ -f "$PROJECT_DIR/$file" ] && echo "$file"; done
  fi
  return 0
}

if [ "$PRINT_INPUTS" = 1 ]; then
  print_inputs
  exit 0
fi

if [ -z "${PYTHON:-}" ]; then
  PYTHON=$(command -v "python${PYTHON_VERSION}" || command -v python3 || true)
fi
if [ -z "$PYTHON" ]; then
  echo "create-venv.sh: no python${PYTHON_VERSION} or python3 on PATH; install Python ${PYTHON_VERSION} or pass --python PATH" >&2
  exit 1
fi
found=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
# auto: the install script finds the Python of the installed mod_wsgi and passes it as PYTHON.
if [ "$PYTHON_VERSION" != auto ] && [ "$found" != "$PYTHON_VERSION" ]; then
  echo "create-venv.sh: warning: $PYTHON is Python $found, but mod_wsgi was declared built for $PYTHON_VERSION (pythonVersion); mod_wsgi must run the Python it was built for" >&2
fi

if [ -x "$VENV_PATH/bin/python" ]; then
  echo "==> $VENV_PATH exists; keeping it"
elif [ "$MAKER" = virtualenv ]; then
  if ! command -v virtualenv >/dev/null 2>&1 && ! "$PYTHON" -m virtualenv --version >/dev/null 2>&1; then
    echo "create-venv.sh: virtualenv is not installed; it is needed because only virtualenv writes bin/activate_this.py (Debian/Ubuntu: apt-get install virtualenv; elsewhere: pip install virtualenv)" >&2
    exit 1
  fi
  echo "==> virtualenv $VENV_PATH"
  if command -v virtualenv >/dev/null 2>&1; then
    virtualenv --quiet --python "$PYTHON" ${VENV_ARGS[@]+"${VENV_ARGS[@]}"} "$VENV_PATH"
  else
    "$PYTHON" -m virtualenv --quiet ${VENV_ARGS[@]+"${VENV_ARGS[@]}"} "$VENV_PATH"
  fi
else
  echo "==> $PYTHON -m venv $VENV_PATH"
  "$PYTHON" -m venv ${VENV_ARGS[@]+"${VENV_ARGS[@]}"} "$VENV_PATH"
fi

if [ ! -f "$VENV_PATH/bin/activate_this.py" ]; then
  echo "create-venv.sh: $VENV_PATH/bin/activate_this.py is missing (was the venv made by 'python -m venv'?); remove $VENV_PATH and run this script again" >&2
  exit 1
fi

PIP=("$VENV_PATH/bin/python" -m pip --disable-pip-version-check install --quiet)
# The system's packages are visible: build the project with its setuptools/flit/poetry-core, not a downloaded copy.
if [ "$SYSTEM" = 1 ] || [ "$OFFLINE" = 1 ]; then PIP+=(--no-build-isolation); fi
if [ "$OFFLINE" = 1 ]; then PIP+=(--no-index); fi

# Requirement lines on stdin -> the same requirements without version pins (name, extras, marker).
relax_pins() {
  "$VENV_PATH/bin/python" -c '
import re, sys
for raw in sys.stdin:
    line = raw.split(" #")[0].strip()
    match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?)[^;]*(;.*)?$", line)
    if line and not line.startswith("-") and match:
        print(match.group(1) + (match.group(3) or ""))
'
}

# A requirements file, -r includes expanded, as plain requirement lines.
requirement_lines() {
  local file=$1 line dir
  dir=$(dirname "$file")
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      -r\ * | --requirement\ *) line=${line#* }; requirement_lines "$dir/${line# }" ;;
      -* | \#* | '') ;;
      *) echo "$line" ;;
    esac
  done <"$file"
}

# The project's own dependencies (Requires-Dist), read from the metadata pip builds, without extras-only ones.
project_requirements() {
  "${PIP[@]}" --dry-run --no-deps --ignore-installed --report - "$PROJECT_DIR" 2>/dev/null | "$VENV_PATH/bin/python" -c '
import json, sys
for item in json.load(sys.stdin).get("install", []):
    for requirement in item.get("metadata", {}).get("requires_dist", []) or []:
        if "extra ==" not in requirement.replace("extra==", "extra =="):
            print(requirement)
'
}

install_lines() {
  local -a lines=()
  mapfile -t lines
  [ "${{ '{#' }}lines[@]}" -gt 0 ] || return 0
  if [ "$OFFLINE" = 1 ]; then
    echo "==> offline: installing ${lines[*]} as this machine has them (version pins relaxed)"
  fi
  "${PIP[@]}" "${lines[@]}"
}

if [ "$INSTALL" = 1 ]; then
  if req=$(requirements_file); then
    echo "==> pip install -r $req"
    if [ "$OFFLINE" = 1 ]; then
      requirement_lines "$PROJECT_DIR/$req" | relax_pins | install_lines
    else
      "${PIP[@]}" -r "$PROJECT_DIR/$req"
    fi
    if installable; then
      # The project itself too, without its dependencies: code may read its own version (importlib.metadata).
      echo "==> pip install --no-deps $PROJECT_DIR"
      "${PIP[@]}" --no-deps "$PROJECT_DIR" || echo "create-venv.sh: warning: the project itself did not install (its requirements did); code that reads its own version will fail" >&2
    fi
  elif installable; then
    echo "==> pip install $PROJECT_DIR"
    if [ "$OFFLINE" = 1 ]; then
      project_requirements | relax_pins | install_lines
      "${PIP[@]}" --no-deps "$PROJECT_DIR"
    else
      "${PIP[@]}" "$PROJECT_DIR"
    fi
  else
    echo "==> the project declares no dependencies (no ${REQUIREMENT_FILES[*]}, nothing pip can install); installing nothing"
  fi
fi
echo "==> ready: $VENV_PATH"
