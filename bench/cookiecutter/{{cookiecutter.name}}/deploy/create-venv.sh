#!/usr/bin/env bash
# Creates the virtualenv {{cookiecutter.name}}.wsgi runs in, at /var/www/{{cookiecutter.name}}/venv, and installs requirements.txt into it.
# Usage: bash deploy/create-venv.sh [--system-site-packages] [--no-install]
#   --system-site-packages  let the venv see the system's Python packages (e.g. Debian's python3-flask)
#   --no-install            create the venv only; skip pip install -r requirements.txt
# Environment: PYTHON=/path/to/python3.X to pick the interpreter; it must be the Python mod_wsgi was built for.
set -euo pipefail

VENV_PATH='/var/www/{{cookiecutter.name}}/venv'
PYTHON_VERSION='{{cookiecutter.python_version}}'
# The .wsgi file runs bin/activate_this.py: only virtualenv creates it ('python -m venv' does not).
MAKER=virtualenv
PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

VENV_ARGS=()
INSTALL=1
for arg in "$@"; do
  case "$arg" in
    --system-site-packages) VENV_ARGS+=("$arg") ;;
    --no-install) INSTALL=0 ;;
    -h | --help) sed -n '2,6p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "create-venv.sh: unknown argument '$arg' (allowed: --system-site-packages, --no-install)" >&2; exit 2 ;;
  esac
done

if [ -z "${PYTHON:-}" ]; then
  PYTHON=$(command -v "python${PYTHON_VERSION}" || command -v python3 || true)
fi
if [ -z "$PYTHON" ]; then
  echo "create-venv.sh: no python${PYTHON_VERSION} or python3 on PATH; install Python ${PYTHON_VERSION} or set PYTHON=" >&2
  exit 1
fi
found=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ "$found" != "$PYTHON_VERSION" ]; then
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
    virtualenv --quiet --python "$PYTHON" "${VENV_ARGS[@]}" "$VENV_PATH"
  else
    "$PYTHON" -m virtualenv --quiet "${VENV_ARGS[@]}" "$VENV_PATH"
  fi
else
  echo "==> $PYTHON -m venv $VENV_PATH"
  "$PYTHON" -m venv "${VENV_ARGS[@]}" "$VENV_PATH"
fi

if [ ! -f "$VENV_PATH/bin/activate_this.py" ]; then
  echo "create-venv.sh: $VENV_PATH/bin/activate_this.py is missing (was the venv made by 'python -m venv'?); remove $VENV_PATH and run this script again" >&2
  exit 1
fi

if [ "$INSTALL" = 1 ]; then
  echo "==> pip install -r requirements.txt"
  "$VENV_PATH/bin/python" -m pip install --quiet -r "$PROJECT_DIR/requirements.txt"
fi
echo "==> ready: $VENV_PATH"
