#!/usr/bin/env bash
# The Debian packages the test suite uses: a real Apache + mod_wsgi, Debian's
# Flask and pytest for the generated projects, virtualenv, shellcheck, Ansible and ansible-lint.
# Installs the missing ones when run as root; otherwise says what to install.
set -euo pipefail

PACKAGES=(apache2 libapache2-mod-wsgi-py3 python3 python3-flask python3-pytest python3-venv virtualenv shellcheck procps passwd tmux pebble openssl logrotate
  flit python3-flask-sqlalchemy python3-flask-login python3-dotenv python3-coverage ansible ansible-lint git)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "the tests need these Debian packages: ${missing[*]}" >&2
  echo "install them as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing test packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
