#!/usr/bin/env bash
# Debian/Ubuntu packages the test suite needs: a virtual X server, a window manager,
# Korean fonts, Chromium for the admin page tests, the tools the benchmarks compare with, and
# PostgreSQL (the server tests start a throw-away cluster with its initdb/pg_ctl).
set -euo pipefail
PKGS=(xvfb xauth openbox x11-utils x11-xserver-utils xdotool fonts-noto-cjk
      chromium chromium-driver nginx-light tickr wrk dpkg-dev fakeroot
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxcb-shape0 libxcb-randr0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxcb-sync1
      libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3
      xserver-xorg-core xserver-xorg-video-dummy openssl systemd
      tzdata libgssapi-krb5-2 libx11-xcb1 libglib2.0-0 libfreetype6 libpng16-16
      postgresql)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
