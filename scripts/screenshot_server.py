"""What the README screenshot scripts share: a throw-away notice server with demo data and one
admin, and Debian's Chromium signed in to its admin page (Playwright, 1280x800, Korean).

Used by scripts/admin_screenshots.py and scripts/reach_screenshots.py.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from server_stub.zone import HOME_ZONE_NAME  # noqa: E402 - after the repo is on the path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--lang=ko-KR"]
USER, PASSWORD = "pr.admin", "screenshot-password"
DEPARTMENTS = ["기획예산과", "총무과", "자치행정과", "민원지적과", "건설과", "복지정책과"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli(data_dir: Path, *args: str, stdin: str | None = None) -> str:
    """Run ``notice-server ARGS --data-dir DATA_DIR``; its stdout."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "server_stub", *args, "--data-dir",
                           str(data_dir)], input=stdin, text=True, check=True, env=env,
                          cwd=ROOT, capture_output=True).stdout


def wait_healthy(base: str, proc: subprocess.Popen) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit("server exited early")
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise SystemExit("server did not start")


@contextlib.contextmanager
def demo_server(prefix: str, prepare=None) -> Iterator[tuple[str, Path]]:
    """(base URL, data dir) of a server with the demo notices and the admin USER.

    ``prepare(data_dir)`` runs before the server starts (e.g. to make an API token).
    """
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        data_dir = Path(tmp) / "data"
        cli(data_dir, "seed-demo")
        cli(data_dir, "user", "add", USER, "--role", "admin", "--password-stdin",
            stdin=PASSWORD + "\n")
        if prepare is not None:
            prepare(data_dir)
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "server_stub", "serve", "--port", str(port),
             "--data-dir", str(data_dir), "--log-level", "warning"],
            env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_healthy(base, proc)
            yield base, data_dir
        finally:
            proc.terminate()
            proc.wait(15)


def signed_in_page(pw, base: str, **context_options):
    """(browser, page): Chromium signed in as USER, on the notice list."""
    # Headless Chromium formats date pickers by the process locale, not the page's.
    env = dict(os.environ, LANG="ko_KR.UTF-8", LANGUAGE="ko")
    browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS,
                                 env=env)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ko-KR",
                                  timezone_id=HOME_ZONE_NAME, **context_options)
    page = context.new_page()
    page.goto(base + "/admin/login")
    page.fill("#username", USER)
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/admin/notices")
    return browser, page
