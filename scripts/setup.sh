#!/usr/bin/env bash
# Set up everything jixiao needs on a Debian machine; fast and safe to re-run.
#  - Debian packages (Chromium, TrueType CJK fonts, poppler-utils) through apt-get when absent
#  - a virtual environment in .venv from pyproject.toml, reinstalled only when it changes
# Nothing is downloaded from anywhere but Debian and PyPI (no `playwright install`).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei poppler-utils qpdf)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

PY=${PYTHON:-python3}
stamp=.venv/.jixiao-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  echo "$want" > "$stamp"
fi

# Bytecode for jixiao's own modules (pip compiles installed packages, not an editable
# checkout). Where PYTHONDONTWRITEBYTECODE is set, as on this machine, Python would
# otherwise compile every module from source at each start: 0.1 s of every command.
# Up-to-date files are skipped.
.venv/bin/python -m compileall -q builder
