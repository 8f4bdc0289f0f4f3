"""Shared fixtures for the packaging tests: one PyInstaller onedir build per session."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.ticker.desktop.xsession import XSession, dock_windows_of, wait_for

ROOT = Path(__file__).resolve().parents[2]


class Build:
    def __init__(self, onedir: Path, seconds: float) -> None:
        self.onedir = onedir
        self.seconds = seconds
        self.exe = onedir / "notice-ticker"

    def size_mb(self) -> float:
        # PyInstaller links some libraries twice (symlinks): count each file once
        return sum(p.lstat().st_size for p in self.onedir.rglob("*")
                   if p.is_file() and not p.is_symlink()) / 1e6


@pytest.fixture(scope="session")
def onedir(tmp_path_factory) -> Build:
    """Builds dist/notice-ticker with build_installer.spec into a temporary directory."""
    if not shutil.which("bash"):
        pytest.skip("needs bash")
    base = tmp_path_factory.mktemp("pyinstaller")
    start = time.monotonic()
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "build_onedir.sh"), "--distpath", str(base / "dist"),
         "--workpath", str(base / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    build = Build(base / "dist" / "notice-ticker", time.monotonic() - start)
    print(f"\n[figures] onedir build {build.seconds:.0f} s, bundle {build.size_mb():.1f} MB")
    return build


def wait_for_bar(session: XSession, proc: subprocess.Popen, timeout: float = 30.0) -> list[int]:
    def check():
        if proc.poll() is not None:
            raise AssertionError(f"notice-ticker exited with {proc.returncode}")
        return dock_windows_of(session, proc.pid)
    return wait_for(check, timeout=timeout, interval=0.1, what="the bar window")


@pytest.fixture
def x_session():
    s = XSession()
    yield s
    s.close()


def stop(proc: subprocess.Popen) -> str:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.stdout.read() if proc.stdout else ""
