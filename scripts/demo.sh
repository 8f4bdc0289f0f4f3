#!/usr/bin/env bash
# Installs the client and the server into .venv and runs the bar with an embedded,
# demo-seeded notice server. Prints the admin page URL and a demo sign-in.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_python.sh
ensure_venv server
exec .venv/bin/notice-ticker --demo "$@"
