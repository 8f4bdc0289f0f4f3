#!/usr/bin/env bash
# Builds notice-ticker_<version>_amd64.deb from the PyInstaller onedir.
#
#   packaging/linux/build_deb.sh [--onedir DIR] [--out DIR] [--version X.Y.Z]
#                                [--feed-url URL]... [--audience NAME[,NAME]] [--lock KEY[,KEY]]
#
# --feed-url (repeatable) and --audience preset /etc/xdg/notice-ticker/ticker.toml, the site
# config file (a dpkg conffile: local edits survive upgrades). --lock adds `locked = [...]`.
# Needs dpkg-deb and a Python 3 (for the TOML quoting: $PYTHON, else the project's .venv,
# else python3); no root or fakeroot needed.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ONEDIR="$ROOT/dist/notice-ticker"
OUT="$ROOT/dist"
VERSION=""
FEEDS=()
AUDIENCE=""
LOCK=""
while [ $# -gt 0 ]; do
    case "$1" in
        --onedir) ONEDIR="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --version) VERSION="$2"; shift 2 ;;
        --feed-url) FEEDS+=("$2"); shift 2 ;;
        --audience) AUDIENCE="$2"; shift 2 ;;
        --lock) LOCK="$2"; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "build_deb.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -x "$ONEDIR/notice-ticker" ] || { echo "no onedir at $ONEDIR (run scripts/build_onedir.sh)" >&2; exit 1; }
if [ -z "$VERSION" ]; then
    VERSION="$(sed -n 's/^__version__ *= *"\(.*\)"/\1/p' "$ROOT/ticker/__init__.py")"
fi
for url in "${FEEDS[@]}"; do
    case "$url" in http://*|https://*) ;; *) echo "--feed-url must be http(s): $url" >&2; exit 2 ;; esac
done

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
    if [ -x "$ROOT/.venv/bin/python" ]; then PY="$ROOT/.venv/bin/python"; else PY=python3; fi
fi

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
PKG="$STAGE/pkg"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
    "$PKG/usr/share/icons/hicolor/scalable/apps" "$PKG/usr/share/icons/hicolor/256x256/apps" \
    "$PKG/etc/xdg/autostart" "$PKG/etc/xdg/notice-ticker" "$PKG/usr/share/doc/notice-ticker"
cp -a "$ONEDIR" "$PKG/opt/notice-ticker"

cat > "$PKG/usr/bin/notice-ticker" <<'SH'
#!/bin/sh
exec /opt/notice-ticker/notice-ticker "$@"
SH
chmod 755 "$PKG/usr/bin/notice-ticker"

ICONS="$ROOT/resources/icons"
[ -f "$ICONS/notice-ticker.svg" ] && install -m 644 "$ICONS/notice-ticker.svg" "$PKG/usr/share/icons/hicolor/scalable/apps/"
[ -f "$ICONS/notice-ticker.png" ] && install -m 644 "$ICONS/notice-ticker.png" "$PKG/usr/share/icons/hicolor/256x256/apps/"

desktop_entry() {  # $1 = extra lines
    cat <<DESK
[Desktop Entry]
Type=Application
Version=1.0
Name=Notice Ticker
Name[ko]=시정 알림 티커
GenericName=Notice ticker
GenericName[ko]=공지 알림 띠
Comment=City notices scrolling at the bottom of the screen
Comment[ko]=시정 소식을 화면 아래에 흘려 보여 줍니다
Exec=/usr/bin/notice-ticker
Icon=notice-ticker
Terminal=false
Categories=Office;Network;
StartupNotify=false
$1
DESK
}
desktop_entry "" > "$PKG/usr/share/applications/notice-ticker.desktop"
# System-wide autostart; a user turns it off with a Hidden=true copy in ~/.config/autostart
# (the settings dialog does that through ticker.desktop.autostart).
# --from-autostart: the bar exits at once for a user whose own `autostart` setting is off.
desktop_entry "X-GNOME-Autostart-enabled=true
X-GNOME-Autostart-Delay=5
NoDisplay=true" | sed 's|^Exec=/usr/bin/notice-ticker$|Exec=/usr/bin/notice-ticker --from-autostart|' \
    > "$PKG/etc/xdg/autostart/notice-ticker.desktop"

CONF="$PKG/etc/xdg/notice-ticker/ticker.toml"
"$PY" - "$CONF" "$ROOT/resources/ticker.toml" "$AUDIENCE" "$LOCK" "${FEEDS[@]}" <<'PY'
import json, sys
conf, template, audience, lock, *feeds = sys.argv[1:]
def toml_list(values):  # JSON strings are valid TOML basic strings
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"
def split(text):
    return [v.strip() for v in text.split(",") if v.strip()]
# the package installs a system-wide autostart entry; the site default must agree, or the
# bar's first start would hide that entry for the user (autostart defaults to false)
preset = ["autostart = true"]
if feeds:
    preset.append(f"feeds = {toml_list(feeds)}")
if split(audience):
    preset.append(f"audience = {toml_list(split(audience))}")
if split(lock):
    preset.append(f"locked = {toml_list(split(lock))}")
with open(template, encoding="utf-8") as f:
    body = f.read()
head = ("# 패키지 빌드 때 지정한 값 / preset when the package was built (build_deb.sh)\n"
        + "\n".join(preset) + "\n\n")
with open(conf, "w", encoding="utf-8") as f:
    f.write(head + body)
PY
chmod 644 "$CONF"

cat > "$PKG/DEBIAN/conffiles" <<'CF'
/etc/xdg/notice-ticker/ticker.toml
/etc/xdg/autostart/notice-ticker.desktop
CF

INSTALLED_KB="$(du -sk "$PKG" | cut -f1)"
cat > "$PKG/DEBIAN/control" <<CTL
Package: notice-ticker
Version: $VERSION
Architecture: amd64
Maintainer: Notice Ticker maintainers <notice-ticker@localhost>
Installed-Size: $INSTALLED_KB
Depends: libc6 (>= 2.31), libstdc++6, libxcb1, libx11-6, libx11-xcb1, libgl1, libegl1,
 libfontconfig1, libfreetype6, libglib2.0-0, libdbus-1-3, libgssapi-krb5-2, libexpat1,
 zlib1g, libzstd1, libbrotli1, libpng16-16, tzdata
Recommends: fonts-noto-cjk
Section: x11
Priority: optional
Homepage: https://example.invalid/notice-ticker
Description: city notice ticker bar for staff desktops (시정 알림 티커)
 A calm, always-visible bar at the bottom of the screen that scrolls the city's
 events, new projects and major issues from a notice feed. The site configuration
 (feed URL, audience, locked keys) is /etc/xdg/notice-ticker/ticker.toml.
CTL

cat > "$PKG/DEBIAN/postinst" <<'SH'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
exit 0
SH
cat > "$PKG/DEBIAN/postrm" <<'SH'
#!/bin/sh
set -e
if [ "$1" = purge ]; then
    rmdir /etc/xdg/notice-ticker 2>/dev/null || true
fi
if [ "$1" = remove ] || [ "$1" = purge ]; then
    command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
fi
exit 0
SH
chmod 755 "$PKG/DEBIAN/postinst" "$PKG/DEBIAN/postrm"
printf 'Notice Ticker %s\nSee docs/deploy.md in the source tree.\n' "$VERSION" \
    > "$PKG/usr/share/doc/notice-ticker/README"

mkdir -p "$OUT"
DEB="$OUT/notice-ticker_${VERSION}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$PKG" "$DEB" >/dev/null
echo "$DEB ($(du -k "$DEB" | cut -f1) KiB)"
