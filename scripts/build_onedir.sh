#!/usr/bin/env bash
# Builds the trimmed PyInstaller onedir dist/notice-ticker/ from build_installer.spec.
# Usage: scripts/build_onedir.sh [--distpath DIR] [--workpath DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-$PWD/.venv/bin/python}"
DIST="dist"; WORK="build/pyinstaller"
while [ $# -gt 0 ]; do
    case "$1" in
        --distpath) DIST="$2"; shift 2 ;;
        --workpath) WORK="$2"; shift 2 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" build_installer.spec
echo "built $DIST/notice-ticker in $(( $(date +%s) - start )) s," \
     "$(du -sm "$DIST/notice-ticker" | cut -f1) MB"
