# Sourced by the other scripts: finds a Python 3.12+ interpreter and prepares .venv.
# Python 3.11 is refused on purpose: PySide6 6.12.0 aborts there after a few thousand
# drawPixmap calls ("none_dealloc").
set -euo pipefail

find_python() {
    local c v
    # 3.12 first: it is what the suite is developed and measured on.
    for c in "${NOTICE_PYTHON:-}" python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3 \
             /root/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3.12 /usr/bin/python3.12 \
             python3.13 "$HOME"/.pyenv/versions/3.13*/bin/python3 /usr/bin/python3.1[3-9] python3; do
        [ -n "$c" ] || continue
        command -v "$c" >/dev/null 2>&1 || [ -x "$c" ] || continue
        v=$("$c" -c 'import sys; print(int(sys.version_info >= (3, 12)))' 2>/dev/null) || continue
        if [ "$v" = 1 ]; then command -v "$c" 2>/dev/null || echo "$c"; return 0; fi
    done
    echo "error: Python 3.12 or newer is needed (set NOTICE_PYTHON=/path/to/python3.12)" >&2
    return 1
}

ensure_venv() {  # ensure_venv EXTRAS
    local root py
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    if [ ! -x "$root/.venv/bin/python" ] || ! "$root/.venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
        py="$(find_python)"
        rm -rf "$root/.venv"
        "$py" -m venv "$root/.venv"
    fi
    "$root/.venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$root/.venv/bin/python" -m pip install -q --disable-pip-version-check -e "$root[$1]"
}
