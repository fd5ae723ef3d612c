#!/usr/bin/env bash
# Open the exported Office files in a real client: LibreOffice headless converts each
# report.docx / report.xlsx (and data/scores.xlsx) to PDF, pdftoppm turns the pages into
# PNGs to look at. LibreOffice is installed through apt-get only when this runs (it is
# large and slow, so this is not part of `make test`).
#
#   scripts/office_check.sh [SITE_DIR] [OUT_DIR]
#
# SITE_DIR: a built site (default: build the examples into a temporary folder with
# `jixiao build`); OUT_DIR (default office-check/): PDFs and PNGs, one folder per file.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null; then
  echo "office_check: installing LibreOffice (writer, calc) through apt-get"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    libreoffice-writer libreoffice-calc fonts-arphic-uming
fi

site=${1:-}
out=${2:-office-check}
if [ -z "$site" ]; then
  site=$(mktemp -d)/site
  .venv/bin/jixiao build content --out "$site" >/dev/null
fi
rm -rf "$out"
mkdir -p "$out"
profile=$(mktemp -d)  # a throw-away LibreOffice profile: no state from earlier runs
mapfile -t files < <(find "$site" \( -name 'report.docx' -o -name 'report.xlsx' -o -name 'scores.xlsx' \) | sort)
for file in "${files[@]}"; do
  rel=${file#"$site"/}
  name=${rel//\//_}
  dir="$out/${name%.*}-${name##*.}"
  mkdir -p "$dir"
  soffice -env:UserInstallation=file://"$profile" --headless --convert-to pdf \
    --outdir "$dir" "$file" >/dev/null 2>&1
  pdf="$dir/$(basename "${file%.*}").pdf"
  pdftoppm -r 50 -png "$pdf" "$dir/page"
  echo "$rel: $(find "$dir" -name 'page*.png' | wc -l) page(s) in $dir"
done
rm -rf "$profile"
