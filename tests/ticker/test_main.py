"""The command line: flags from the declaration, --version without Qt, --demo, second launch."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from ticker import __version__
from ticker.__main__ import EXIT_DEMO_UNAVAILABLE, build_parser, cli_values, plain_x11_transfers
from ticker.settings import SETTINGS

REPO = Path(__file__).resolve().parents[2]


def run_python(code: str, env=None, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO, env=env or os.environ.copy())


def test_version_prints_and_never_loads_qt():
    result = run_python(
        "import sys\nfrom ticker.__main__ import main\nrc = main(['--version'])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
        "sys.exit(rc)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"notice-ticker {__version__}"


def _write_toml(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_autostart_launch_exits_at_once_when_this_user_turned_it_off(fresh_dirs):
    from ticker.settings_files import default_paths

    paths = default_paths()
    _write_toml(paths.site_file, "autostart = true\n")  # what the .deb / installer write
    _write_toml(paths.user_file, "autostart = false\n")  # the settings dialog, toggled off
    result = run_python(
        "import sys\nfrom ticker.__main__ import main\nrc = main(['--from-autostart'])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
        "sys.exit(rc)")
    assert result.returncode == 0, result.stderr


def test_autostart_follows_the_layers(fresh_dirs, tmp_path):
    from ticker.__main__ import autostart_wanted
    from ticker.settings_files import default_paths

    paths = default_paths()
    assert not autostart_wanted(None, {})  # nothing installed it: no log-in start
    _write_toml(paths.site_file, "autostart = true\n")
    assert autostart_wanted(None, {})
    _write_toml(paths.user_file, "autostart = false\n")
    assert not autostart_wanted(None, {})
    _write_toml(paths.site_file, 'autostart = true\nlocked = ["autostart"]\n')
    assert autostart_wanted(None, {})  # IT locked it on: the user's file cannot turn it off


@pytest.mark.parametrize("platform, preset, during", [
    ("linux", None, "1"),  # glide strip: no MIT-SHM round trip per frame
    ("linux", "0", "0"),  # IT's own choice stays
    ("win32", None, None),
])
def test_mitshm_is_off_while_qt_starts_and_not_inherited(monkeypatch, platform, preset, during):
    monkeypatch.setattr(sys, "platform", platform)
    environ = {} if preset is None else {"QT_XCB_NO_MITSHM": preset}
    with plain_x11_transfers(environ):
        assert environ.get("QT_XCB_NO_MITSHM") == during
    # A browser opened from the bar must not inherit our choice; IT's own one stays.
    assert environ.get("QT_XCB_NO_MITSHM") == preset


def test_module_entry_point_version():
    result = subprocess.run([sys.executable, "-m", "ticker", "--version"], capture_output=True,
                            text=True, timeout=60, cwd=REPO)
    assert result.returncode == 0
    assert result.stdout.strip() == f"notice-ticker {__version__}"


def test_every_cli_setting_has_a_flag():
    text = build_parser().format_help()
    for flag in ("--feed", "--config", "--version", "--demo"):
        assert flag in text
    for setting in SETTINGS:
        if setting.cli:
            assert setting.flag in text, setting.flag


def test_flags_become_setting_values(tmp_path):
    ns = build_parser().parse_args([
        "--feed", "http://a.example/feed.json", "--feed", "https://b.example/rss",
        "--poll-interval", "30", "--no-allow-quit", "--position", "top",
        "--config", str(tmp_path / "x.toml")])
    values = cli_values(ns)
    assert values["feeds"] == ["http://a.example/feed.json", "https://b.example/rss"]
    assert values["poll_interval"] == 30 and values["allow_quit"] is False
    assert values["position"] == "top"
    assert ns.config == tmp_path / "x.toml"
    assert "speed" not in values  # flags left out do not override the files


def test_bad_flag_value_is_a_usage_error():
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["--poll-interval", "soon"])
    assert exc.value.code == 2


def test_demo_without_server_extra_says_how_to_install(tmp_path):
    env = {**os.environ, "NOTICE_TICKER_INSTANCE": str(tmp_path / "i.sock")}
    # Simulate an install without the [server] extra: the server package cannot be imported.
    result = run_python(
        "import sys\nsys.modules['server_stub.embedded'] = None\n"
        "from ticker.__main__ import main\nsys.exit(main(['--demo']))", env=env)
    assert result.returncode == EXIT_DEMO_UNAVAILABLE
    assert "notice-ticker[server]" in result.stderr
    assert "Traceback" not in result.stderr


_SPAWNED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _no_process_left_behind():
    yield
    while _SPAWNED:
        proc = _SPAWNED.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def _spawn(args, env):
    proc = subprocess.Popen([sys.executable, "-m", "ticker", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    _SPAWNED.append(proc)
    proc.lines = queue.Queue()
    threading.Thread(target=lambda: [proc.lines.put(line.rstrip("\n")) for line in proc.stdout],
                     daemon=True).start()
    return proc


def _read_until(proc, pattern, timeout=60.0):
    """Read stdout lines until one matches; returns (match, lines read)."""
    deadline, lines = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        try:
            line = proc.lines.get(timeout=0.2)
        except queue.Empty:
            if proc.poll() is not None and proc.lines.empty():
                break
            continue
        lines.append(line)
        found = re.search(pattern, line)
        if found:
            return found, lines
    return None, lines


@pytest.fixture
def ticker_env(tmp_path):
    env = {**os.environ, "NOTICE_TICKER_INSTANCE": str(tmp_path / "ticker.sock"),
           "NOTICE_TICKER_BENCH": "1", "PYTHONUNBUFFERED": "1"}
    return env


def test_demo_serves_seeded_notices_and_prints_the_admin_page(ticker_env):
    proc = _spawn(["--demo"], ticker_env)
    try:
        found, lines = _read_until(proc, r"(http://127\.0\.0\.1:\d+/admin\S*)")
        assert found, lines
        admin_url = found.group(1)
        sign_in, lines2 = _read_until(proc, r"demo sign-in: (\S+) / (\S+)")
        assert sign_in and sign_in.group(1) and sign_in.group(2)
        assert requests.get(admin_url, timeout=5).status_code in (200, 303, 302, 401)
        feed_url = admin_url.split("/admin")[0] + "/feed.json"
        items = requests.get(feed_url, timeout=5).json()["items"]
        assert items, "the demo feed has notices"
        shown, _ = _read_until(proc, r"on_bar (\S+)")  # the bar shows them
        assert shown and shown.group(1) in {i["id"] for i in items}
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)
    assert proc.returncode == 0


class _CountingFeed(BaseHTTPRequestHandler):
    """A plain JSON Feed server (no long-poll) that counts the GET requests it answers."""

    hits: list[float] = []
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "시정 알림",
                       "items": [{"id": "n1", "title": "덕진구 공지", "content_text": ""}]},
                      ensure_ascii=False).encode()

    def do_GET(self):  # noqa: N802
        type(self).hits.append(time.monotonic())
        self.send_response(200)
        self.send_header("Content-Type", "application/feed+json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def counting_feed():
    _CountingFeed.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CountingFeed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.json", _CountingFeed.hits
    server.shutdown()
    server.server_close()
    thread.join(10)


def _wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_second_launch_asks_the_first_to_refresh_and_exits_zero(ticker_env, counting_feed):
    url, hits = counting_feed
    # A poll interval of an hour: any second request soon after start is the refresh.
    args = ["--feed", url, "--startup-jitter", "0", "--poll-interval", "3600"]
    first = _spawn(args, ticker_env)
    try:
        started, lines = _read_until(first, r"first_frame", timeout=60)
        assert started, lines
        assert _wait_for(lambda: len(hits) >= 1, 60), "the first instance never fetched"
        time.sleep(0.5)  # let that first fetch settle: nothing else is due for an hour
        before = len(hits)
        second = _spawn(args, ticker_env)
        assert second.wait(60) == 0
        said, _ = _read_until(second, "already running", timeout=5)
        assert said
        # The first instance fetches again because it was told to (not by its schedule).
        assert _wait_for(lambda: len(hits) > before, 30), "the first instance did not refresh"
        assert first.poll() is None  # the first keeps running
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(30)
    assert first.returncode == 0
    log_dir = Path(os.environ["XDG_STATE_HOME"]) / "notice-ticker" / "log"
    log_text = (log_dir / "notice-ticker.log").read_text(encoding="utf-8")
    assert "command from another launch: refresh" in log_text


SIGINT_BEFORE_EXEC = """
import os, signal, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ticker.__main__ import _install_sigint
app = QApplication(sys.argv)
_install_sigint(app)
os.kill(os.getpid(), signal.SIGINT)
time.sleep(0.05)  # the Python-level handler runs here, before the event loop exists
QTimer.singleShot(5000, lambda: app.exit(7))
sys.exit(app.exec())
"""


def test_ctrl_c_before_the_event_loop_starts_still_quits():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", SIGINT_BEFORE_EXEC], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
