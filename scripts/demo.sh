#!/usr/bin/env bash
# Installs the client and the server into .venv and runs the bar with an embedded,
# demo-seeded notice server. Prints the admin page URL and a demo sign-in.
# First the system libraries the bar needs (Qt's xcb plugin, the Korean font) are installed
# when missing (as root, or with sudo); without either the exact command is printed and the
# script stops. Extra arguments go to notice-ticker (e.g. --reset for fresh sample notices).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_python.sh
if [ "$(uname -s)" = Linux ] && command -v dpkg-query >/dev/null 2>&1; then
    bash scripts/system-deps.sh --runtime || exit $?
fi
ensure_venv server
exec .venv/bin/notice-ticker --demo "$@"
