# Sourced by the other scripts: finds a Python 3.11+ interpreter and prepares a venv.
# 3.12+ is preferred (what the suite is developed and measured on); 3.11 (Debian 12's python3)
# works too: pyproject pins a PySide6 release for it without the drawPixmap refcount bug of
# 6.12.0 (tests/ticker/ui/bar/test_paint_soak.py runs under both in CI).
set -euo pipefail

NOTICE_MIN_PYTHON="3.11"

python_version_of() {  # python_version_of CMD -> "3.11" (nothing and status 1 if it does not run)
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null
}

version_at_least() {  # version_at_least 3.12 3.11 -> true
    local have="$1" want="$2"
    [ "${have%%.*}" -gt "${want%%.*}" ] ||
        { [ "${have%%.*}" -eq "${want%%.*}" ] && [ "${have#*.}" -ge "${want#*.}" ]; }
}

find_python() {  # find_python [MIN] -> path of the first suitable interpreter
    local min="${1:-$NOTICE_MIN_PYTHON}" c v path
    # NOTICE_PYTHON wins; then 3.12/3.13+ (preferred), then 3.11, then plain python3.
    for c in "${NOTICE_PYTHON:-}" \
             python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3 \
             python3.13 python3.14 python3.15 "$HOME"/.pyenv/versions/3.1[3-9]*/bin/python3 \
             python3.11 "$HOME"/.pyenv/versions/3.11*/bin/python3 python3; do
        [ -n "$c" ] || continue
        path="$(command -v "$c" 2>/dev/null)" || { [ -x "$c" ] && path="$c"; } || continue
        v="$(python_version_of "$path")" || continue
        if version_at_least "$v" "$min"; then echo "$path"; return 0; fi
    done
    {
        echo "error: Python $min or newer is needed (파이썬 $min 이상이 필요합니다)."
        echo "  Debian/Ubuntu: sudo apt install python3 python3-venv"
        echo "  or point NOTICE_PYTHON=/path/to/python3.11 at one you have."
    } >&2
    return 1
}

find_python_exact() {  # find_python_exact 3.11 -> an interpreter of exactly that version
    local want="$1" c path
    for c in "python$want" "$HOME"/.pyenv/versions/"$want"*/bin/python3 python3; do
        path="$(command -v "$c" 2>/dev/null)" || { [ -x "$c" ] && path="$c"; } || continue
        [ "$(python_version_of "$path")" = "$want" ] && { echo "$path"; return 0; }
    done
    return 1
}

ensure_venv_module() {  # ensure_venv_module PYTHON: Debian splits venv/ensurepip into python3-venv
    local py="$1" v pkg
    "$py" -c 'import venv, ensurepip' 2>/dev/null && return 0
    v="$(python_version_of "$py")"
    pkg="python3-venv"
    [ "$py" = /usr/bin/python3 ] || [ "$py" = /usr/bin/python3."${v#*.}" ] && pkg="python${v}-venv python3-venv"
    echo "$py cannot create a virtual environment (venv/ensurepip missing): installing $pkg" >&2
    # shellcheck disable=SC2086  # pkg is a list of package names
    bash "$(dirname "${BASH_SOURCE[0]}")/system-deps.sh" --packages $pkg
    "$py" -c 'import venv, ensurepip' 2>/dev/null
}

ensure_venv() {  # ensure_venv EXTRAS [VENV_DIR [PYTHON]]
    local root venv py
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    venv="${2:-$root/.venv}"
    py="${3:-}"
    if [ -n "$py" ] && [ -x "$venv/bin/python" ] &&
       [ "$(python_version_of "$venv/bin/python")" != "$(python_version_of "$py")" ]; then
        rm -rf "$venv"  # asked for another Python than the venv has
    fi
    if [ ! -x "$venv/bin/python" ] ||
       ! version_at_least "$(python_version_of "$venv/bin/python" || echo 0.0)" "$NOTICE_MIN_PYTHON"; then
        py="${py:-$(find_python)}"
        ensure_venv_module "$py"
        rm -rf "$venv"
        "$py" -m venv "$venv"
    fi
    # setuptools too: a 3.11 venv starts with one too old for pyproject's license field, and
    # the wheel test builds without isolation.
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip "setuptools>=77"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -e "$root[$1]"
}
