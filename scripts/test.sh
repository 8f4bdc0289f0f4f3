#!/usr/bin/env bash
# Installs everything the suite needs (system packages, .venv) and runs the whole test suite
# under a virtual X server. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_python.sh
bash scripts/system-deps.sh
ensure_venv "test,build"
export PATH="$PWD/.venv/bin:$PATH"
export QT_QPA_PLATFORM=xcb
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"; chmod 700 "$XDG_RUNTIME_DIR"
lint-imports
xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" python -m pytest "$@"
