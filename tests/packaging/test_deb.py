"""The .deb: build with presets, install with dpkg, start the bar under Xvfb, remove, purge."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import tomllib
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT, stop, wait_for_bar
from tests.ticker.desktop.xsession import wait_for
from ticker import __version__

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb (Debian-based)"),
]

SITE_CONF = Path("/etc/xdg/notice-ticker/ticker.toml")
AUTOSTART = Path("/etc/xdg/autostart/notice-ticker.desktop")


def dpkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["dpkg", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def package_state() -> str:
    r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "notice-ticker"],
                       capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else "not-installed"


@pytest.fixture(scope="module")
def deb(onedir, tmp_path_factory):
    out = tmp_path_factory.mktemp("deb")
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "linux" / "build_deb.sh"), "--onedir", str(onedir.onedir),
         "--out", str(out), "--feed-url", "http://127.0.0.1:1/placeholder.json",
         "--audience", "총무과, 민원과"],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    path = out / f"notice-ticker_{__version__}_amd64.deb"
    assert path.is_file()
    print(f"\n[figures] .deb {path.stat().st_size / 1e6:.1f} MB")
    return path


def test_deb_metadata_and_contents(deb):
    info = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True).stdout
    assert "Package: notice-ticker" in info and f"Version: {__version__}" in info
    assert "Architecture: amd64" in info
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True).stdout
    for path in ("./opt/notice-ticker/notice-ticker", "./usr/bin/notice-ticker",
                 "./usr/share/applications/notice-ticker.desktop",
                 "./usr/share/icons/hicolor/256x256/apps/notice-ticker.png",
                 "./etc/xdg/autostart/notice-ticker.desktop",
                 "./etc/xdg/notice-ticker/ticker.toml"):
        assert path in listing, path
    conffiles = subprocess.run(["dpkg-deb", "-I", str(deb), "conffiles"], capture_output=True,
                               text=True).stdout.split()
    assert "/etc/xdg/notice-ticker/ticker.toml" in conffiles


def test_build_rejects_a_non_http_feed(onedir, tmp_path):
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "linux" / "build_deb.sh"), "--onedir", str(onedir.onedir),
         "--out", str(tmp_path), "--feed-url", "file:///etc/passwd"], capture_output=True, text=True)
    assert result.returncode == 2 and "http" in result.stderr
    assert not list(tmp_path.glob("*.deb"))


@pytest.mark.skipif(os.geteuid() != 0, reason="dpkg -i needs root (CI runs the suite as root)")
def test_install_start_remove_purge(deb, x_session, live_server, fresh_dirs, tmp_path):
    if package_state().startswith("install ok"):
        pytest.skip("notice-ticker is already installed on this machine; not touching it")
    # The conffile from the package points at a placeholder; the admin edits it on site.
    started = time.monotonic()
    result = dpkg("-i", str(deb))
    try:
        assert result.returncode == 0, result.stderr
        installed_s = time.monotonic() - started
        assert package_state() == "install ok installed"
        assert os.access("/usr/bin/notice-ticker", os.X_OK)
        assert AUTOSTART.is_file() and "Exec=/usr/bin/notice-ticker --from-autostart\n" in AUTOSTART.read_text()
        conf = tomllib.loads(SITE_CONF.read_text(encoding="utf-8"))
        assert conf["feeds"] == ["http://127.0.0.1:1/placeholder.json"]
        assert conf["audience"] == ["총무과", "민원과"]
        assert conf["autostart"] is True

        # IT edits the conffile to point at the real server
        text = SITE_CONF.read_text(encoding="utf-8").replace(
            "http://127.0.0.1:1/placeholder.json", live_server.url("/feed.json"))
        SITE_CONF.write_text(text, encoding="utf-8")

        version = subprocess.run(["/usr/bin/notice-ticker", "--version"], capture_output=True,
                                 text=True, timeout=60)
        assert __version__ in version.stdout

        env = {**x_session.env, "XDG_CONFIG_DIRS": "/etc/xdg"}  # read the package's site file
        env.pop("PYTHONPATH", None)
        launch = time.monotonic()
        proc = subprocess.Popen(["/usr/bin/notice-ticker"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        try:
            bars = wait_for_bar(x_session, proc)
            first_bar_s = time.monotonic() - launch
            x, y, w, h = x_session.root_rect(bars[0])
            assert y + h == 1080 and w == 1920
            # it polls the feed from the site file: the feed cache appears in the user's cache
            cache = fresh_dirs["cache"] / "notice-ticker"
            wait_for(lambda: cache.is_dir() and any(p.is_file() for p in cache.rglob("*")),
                     timeout=30, what="the feed from the preset URL to be cached")
            # the site file says autostart = true: the package's entry stays active for the user
            assert not (fresh_dirs["config"] / "autostart" / "notice-ticker.desktop").exists()
        finally:
            output = stop(proc)
        assert "Traceback" not in output, output

        # a user who turned autostart off: the package's log-in entry starts nothing for them
        user_conf = fresh_dirs["config"] / "notice-ticker" / "ticker.toml"
        user_conf.parent.mkdir(parents=True, exist_ok=True)
        user_conf.write_text("autostart = false\n", encoding="utf-8")
        quiet = subprocess.run(["/usr/bin/notice-ticker", "--from-autostart"], env=env,
                               capture_output=True, text=True, timeout=60)
        assert quiet.returncode == 0, quiet.stderr
        print(f"\n[figures] dpkg -i {installed_s:.1f} s, start to first bar {first_bar_s:.1f} s, "
              f"install to first bar {installed_s + first_bar_s:.1f} s")

        result = dpkg("-r", "notice-ticker")
        assert result.returncode == 0, result.stderr
        assert not Path("/opt/notice-ticker").exists()
        assert not Path("/usr/bin/notice-ticker").exists()
        assert not Path("/usr/share/applications/notice-ticker.desktop").exists()
        assert SITE_CONF.is_file(), "a removed (not purged) package keeps its conffile"
        assert package_state().startswith("deinstall ok config-files")
        result = dpkg("--purge", "notice-ticker")
        assert result.returncode == 0, result.stderr
        assert not SITE_CONF.exists() and not SITE_CONF.parent.exists()
        assert not AUTOSTART.exists()
        assert package_state() == "not-installed"
    finally:
        if package_state() != "not-installed":
            dpkg("--purge", "notice-ticker")
