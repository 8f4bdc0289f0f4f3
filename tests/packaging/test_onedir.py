"""The PyInstaller onedir: it builds here, answers --version, and shows a real docked bar."""

from __future__ import annotations

import subprocess

import pytest

from tests.packaging.conftest import stop, wait_for_bar
from ticker import __version__

pytestmark = pytest.mark.slow


def test_version(onedir):
    result = subprocess.run([str(onedir.exe), "--version"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert __version__ in result.stdout


def test_bundle_is_trimmed(onedir):
    files = [p.relative_to(onedir.onedir).as_posix() for p in onedir.onedir.rglob("*")]
    joined = "\n".join(files)
    for unwanted in ("QtQml", "QtQuick", "WebEngine", "Qt6Pdf", "libgtk-3", "server_stub",
                     "fastapi", "uvicorn", "sqlalchemy", "psycopg", "alembic",
                     "platforms/libqwayland",
                     "platforms/libqeglfs", "qmltooling"):
        assert unwanted not in joined, unwanted
    for wanted in ("platforms/libqxcb.so", "platforms/libqoffscreen.so",
                   "imageformats/libqsvg.so", "imageformats/libqico.so",
                   "resources/i18n/ticker_en.qm", "resources/ticker.toml",
                   "resources/icons/notice-ticker.png"):
        assert any(f.endswith(wanted) for f in files), wanted
    assert "_sqlite3" in joined  # the reach queue keeps receipts in SQLite
    dangling = [p for p in onedir.onedir.rglob("*") if p.is_symlink() and not p.exists()]
    assert not dangling, dangling
    translations = [f for f in files if "/translations/" in f]
    assert all(("_ko." in f or "_en." in f) for f in translations), translations
    print(f"\n[figures] bundle {onedir.size_mb():.1f} MB (goal <= 120 MB)")


def test_built_binary_shows_a_docked_bar(onedir, x_session, live_server):
    proc = subprocess.Popen(
        [str(onedir.exe), "--feed", live_server.url("/feed.json")], env=x_session.env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        bars = wait_for_bar(x_session, proc)
        x, y, w, h = x_session.root_rect(bars[0])
        assert (x, w) == (0, 1920) and y + h == 1080
        strut = x_session.prop(bars[0], "_NET_WM_STRUT_PARTIAL")
        assert strut[3] == h and strut[11] == 1919
    finally:
        output = stop(proc)
    assert "Traceback" not in output, output
