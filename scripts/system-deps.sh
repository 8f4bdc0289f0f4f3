#!/usr/bin/env bash
# Debian/Ubuntu packages, installed with apt-get when missing.
#
#   system-deps.sh              what the whole test suite needs (scripts/test.sh, CI), including
#                               PostgreSQL (the server tests start a throw-away cluster)
#   system-deps.sh --runtime    only what the bar needs to run (scripts/demo.sh): Qt's xcb
#                               platform plugin libraries and the Korean font
#   system-deps.sh --packages P...   exactly these packages (e.g. python3-venv)
#   add --print to only list the missing packages
#
# As root it installs; otherwise with sudo when there is one. Without either it prints the
# exact command to run as root and exits with status 3, so the caller can stop there.
set -euo pipefail

RUNTIME_PKGS=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxcb-shape0 libxcb-randr0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxcb-sync1
      libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libx11-xcb1 libglib2.0-0
      libfreetype6 libpng16-16 libgssapi-krb5-2 tzdata fonts-noto-cjk)
TEST_PKGS=("${RUNTIME_PKGS[@]}" xvfb xauth openbox x11-utils x11-xserver-utils xdotool
      chromium chromium-driver nginx-light tickr wrk dpkg-dev fakeroot
      xserver-xorg-core xserver-xorg-video-dummy openssl systemd postgresql)

PKGS=("${TEST_PKGS[@]}")
PRINT_ONLY=0
while [ $# -gt 0 ]; do
    case "$1" in
        --runtime) PKGS=("${RUNTIME_PKGS[@]}"); shift ;;
        --packages) shift; PKGS=()
                    for a in "$@"; do [ "$a" = --print ] && PRINT_ONLY=1 || PKGS+=("$a"); done
                    break ;;
        --print) PRINT_ONLY=1; shift ;;
        *) echo "usage: system-deps.sh [--runtime | --packages P...] [--print]" >&2; exit 2 ;;
    esac
done

missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0
if [ "$PRINT_ONLY" = 1 ]; then
    echo "${missing[*]}"
    exit 0
fi

install_cmd="apt-get install -y --no-install-recommends ${missing[*]}"
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
        echo "필요한 시스템 패키지를 설치합니다 (sudo) / installing system packages with sudo:" \
             "${missing[*]}" >&2
    else
        {
            echo "error: 필요한 시스템 패키지가 없습니다 / these system packages are missing:"
            echo "  ${missing[*]}"
            echo "관리자(root)로 다음을 실행한 뒤 다시 시도하세요 / run this as root, then try again:"
            echo "  apt-get update && $install_cmd"
        } >&2
        exit 3
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086  # install_cmd is a word list
$SUDO $install_cmd -q
