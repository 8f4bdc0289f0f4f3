"""--demo: the data dir is said at start, and --demo --reset starts from fresh sample notices.

The bar runs as a real subprocess (under the test's X server) with XDG_DATA_HOME pointing
at a temporary folder, so the demo's data dir is the test's own.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from ticker.demo import DemoUnavailable, reset_demo_dir

REPO = Path(__file__).resolve().parents[2]


class _Bar:
    """``python -m ticker ARGS`` with its stdout read line by line on a thread."""

    def __init__(self, args: list[str], env: dict) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "ticker", *args], cwd=REPO, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 60.0) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"no line matching {pattern!r}; got {self.seen}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        return self.proc.returncode


@pytest.fixture
def demo_env(tmp_path):
    return {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "NOTICE_TICKER_INSTANCE": str(tmp_path / "ticker.sock"), "PYTHONUNBUFFERED": "1",
            "NOTICE_TICKER_BENCH": "1"}


def _run_demo(env: dict, *extra: str, publish: str | None = None) -> tuple[str, list[str]]:
    """Start the demo, optionally publish one notice through the API, read the feed, stop.

    Returns (the data dir line's path, the feed's titles).
    """
    bar = _Bar(["--demo", *extra], env)
    try:
        data_dir = bar.wait_for(r"demo data dir: (\S+)").group(1)
        first = bar.seen[0]
        assert "demo data dir" in first, f"the data dir is the first thing said: {bar.seen}"
        admin = bar.wait_for(r"(http://127\.0\.0\.1:\d+)/admin").group(1)
        if publish:
            token = subprocess.run(
                [sys.executable, "-m", "server_stub", "--data-dir", data_dir, "token", "create",
                 "demo-test"], capture_output=True, text=True, timeout=60, cwd=REPO, env=env,
                check=True).stdout.strip().splitlines()[-1]
            created = requests.post(f"{admin}/api/v1/notices", timeout=10,
                                    headers={"Authorization": f"Bearer {token}"},
                                    json={"title": publish, "ends_at": "2099-01-01T00:00:00+09:00"})
            assert created.status_code == 201, created.text
        titles = [item["title"] for item in requests.get(f"{admin}/feed.json", timeout=10)
                  .json()["items"]]
        # The bar shows them (bench mode prints it), so its event loop runs: a Ctrl+C that
        # came before app.exec() would be lost (app.quit() does nothing then).
        bar.wait_for(r"on_bar \S+")
    finally:
        assert bar.stop() == 0, bar.seen
    return data_dir, titles


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_demo_says_its_data_dir_and_reset_starts_from_fresh_sample_notices(demo_env, tmp_path):
    data_dir, titles = _run_demo(demo_env, publish="데모에서 올린 공지")
    assert Path(data_dir) == tmp_path / "data" / "notice-ticker" / "demo-server"
    assert (Path(data_dir) / "notices.db").exists()
    assert "데모에서 올린 공지" in titles
    samples = set(titles) - {"데모에서 올린 공지"}
    assert samples, "the sample notices are there too"

    _, kept = _run_demo(demo_env)  # a normal start keeps what was published
    assert "데모에서 올린 공지" in kept

    bar_dir, fresh = _run_demo(demo_env, "--reset")
    assert bar_dir == data_dir
    assert "데모에서 올린 공지" not in fresh
    assert set(fresh) == samples


def test_reset_without_demo_is_a_usage_error(demo_env):
    result = subprocess.run([sys.executable, "-m", "ticker", "--reset"], capture_output=True,
                            text=True, timeout=60, cwd=REPO, env=demo_env)
    assert result.returncode == 2
    assert "--reset" in result.stderr and "--demo" in result.stderr
    assert "Traceback" not in result.stderr


def test_reset_removes_only_a_demo_folder(tmp_path):
    demo = tmp_path / "demo-server"
    demo.mkdir()
    for name in ("notices.db", "notices.db-wal", "notices.db-shm"):
        (demo / name).write_bytes(b"x")
    reset_demo_dir(demo)
    assert not demo.exists()
    reset_demo_dir(demo)  # nothing there: nothing to do

    other = tmp_path / "someone-elses"
    other.mkdir()
    (other / "notices.db").write_bytes(b"x")
    (other / "thesis.odt").write_bytes(b"keep me")
    with pytest.raises(DemoUnavailable):
        reset_demo_dir(other)
    assert (other / "thesis.odt").read_bytes() == b"keep me"
